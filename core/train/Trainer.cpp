#include "train/Trainer.h"

#include "compress/Adapters.h"
#include "data/DataError.h"
#include "data/Split.h"
#include "kernels/Cpu.h"
#include "kernels/FusedAdamW.h"
#include "kernels/Precision.h"
#include "kernels/Threads.h"
#include "model/FastText.h"
#include "model/ModelSize.h"
#include "store/RunStore.h"
#include "train/PretrainedEmbeddings.h"
#include "train/TrainingCache.h"
#include "util/AtomicFile.h"
#include "util/Hash.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <thread>
#include <unistd.h>

namespace lathe {

void setComputeThreads(int threads) { kernels::applyComputeThreads(threads); }

std::int64_t countParameters(const ModelConfig& config)
{
    auto c = config;
    c.vocabularySize = std::max(c.vocabularySize, 8);
    c.numClasses = std::max(c.numClasses, 2);
    return modelParameters(c);
}

Trainer::Trainer(const TrainRequest& request) : m_request(request), m_config(request.config) {}

void Trainer::prepare()
{
    if (!m_request.store)
        throw std::invalid_argument("training needs an experiment store");
    if (m_request.resumeRunId > 0)
        prepareResume();
    if (const auto problems = m_config.problems(); !problems.empty())
        throw UserError(joinLines(problems));
    m_threads = kernels::applyComputeThreads(m_config.train.threads);
    if (m_config.train.threads <= 0 && m_threads > 1) {
        m_tuner.emplace(ThreadTuner::Settings{m_threads});
        m_threads = kernels::applyComputeThreads(m_tuner->threads());
    }
    // A resumed run keeps the precision it trained in, whatever `auto` resolves to now.
    m_precision = m_resumed ? checkpointPrecision(*m_checkpoint) : kernels::resolvePrecision(m_config.train.precision);
    torch::manual_seed(m_config.train.seed);
    m_languageModel = isLanguageModel(m_config.model.family);
    m_pairs = isSequenceToSequence(m_config.model.family);
    if (m_config.train.teacherRun > 0)
        prepareTeacher();
    if (m_config.train.baseRun > 0 && !m_resumed)
        prepareBase();

    const auto options = loadOptions(m_config.data, m_config.model.family);
    if (m_config.data.follow) {
        if (m_request.cache)
            throw UserError(LATHE_TR("Training", "a study's trials cannot follow their data"));
        m_stream = std::make_unique<StreamFeed>(m_config, options, m_languageModel, m_streamState);
        m_data = std::make_shared<const TextDataset>(m_stream->initialData());
    } else {
        m_data = m_request.cache ? m_request.cache->dataset(m_config.data.path, options, m_request.listener)
                                 : std::make_shared<const TextDataset>(
                                       loadDataset(m_config.data.path, options, m_request.listener));
    }
    m_split = splitDataset(*m_data, {m_config.data.validationFraction, m_config.data.testFraction, m_config.train.seed});
    if (m_split.train.empty() || m_split.validation.empty())
        throw DataError(m_data->path, 0,
                        Message(LATHE_TR("Training", "too few examples (%1) to make both a training and a validation split"),
                                m_data->size()),
                        LATHE_TR("Training", "Add more examples or lower the validation fraction"));

    if (m_resumed) {
        if (!m_languageModel && m_data->classes != m_classes)
            throw DataError(m_data->path, 0, LATHE_TR("Training", "the dataset's classes differ from the ones this run was trained on"),
                            LATHE_TR("Training", "Resume with the run's original dataset"));
    } else {
        if (m_teacher) {
            // The student reads exactly the token ids the teacher was trained on.
            if (!m_languageModel && m_data->classes != m_teacher->classes)
                throw DataError(m_data->path, 0,
                                Message(LATHE_TR("Training", "the dataset's classes differ from those of teacher run %1"),
                                        m_config.train.teacherRun),
                                LATHE_TR("Training", "Distill on the dataset the teacher was trained on"));
            m_tokenizer = std::move(m_teacher->tokenizer);
            m_targetTokenizer = std::move(m_teacher->targetTokenizer);
        } else if (m_base) {
            if (!m_languageModel && !m_classifierFromLanguageModel && m_data->classes != m_base->classes)
                throw DataError(m_data->path, 0,
                                Message(LATHE_TR("Training", "the dataset's classes differ from those of base run %1"),
                                        m_config.train.baseRun),
                                LATHE_TR("Training", "Fine-tune on data with the base run's classes"));
            m_tokenizer = std::move(m_base->tokenizer);
            m_targetTokenizer = std::move(m_base->targetTokenizer);
        } else if (m_config.separateTargetTokenizer()) {
            // The sources' own vocabulary; the targets' is learned below.
            m_tokenizer = trainTokenizer(m_config.tokenizer, m_data->texts, m_split.train);
        } else {
            m_tokenizer = m_request.cache ? m_request.cache->tokenizer(m_config.tokenizer, m_data, m_split.train)
                                          : learnTokenizer(m_config.tokenizer, *m_data, m_split.train);
        }
        // Targets with a tokenizer of their own (not a teacher's or base's): learned from their texts.
        if (m_config.separateTargetTokenizer() && !m_targetTokenizer)
            m_targetTokenizer = trainTokenizer(m_config.targetTokenizer, m_data->targets, m_split.train);
        m_classes = m_data->classes;
        m_config.model.vocabularySize = m_tokenizer->vocabularySize();
        m_config.model.numClasses = m_languageModel ? 0 : static_cast<int>(m_classes.size());
        m_config.model.targetVocabularySize = m_targetTokenizer ? m_targetTokenizer->vocabularySize() : 0;
        // Refused before allocation, with what it needs, rather than LibTorch's allocator text.
        if (auto problem = memoryProblem(m_config, availableMemory()); !problem.empty())
            throw UserError(std::move(problem));
        m_model = buildModel(m_config.model);
        attachTokenizer(*m_model, *m_tokenizer);
        if (m_base) {
            // A from-scratch control keeps its random weights: only the architecture and the
            // tokenizer are the base's.
            if (!m_config.train.fromScratch)
                m_baseTensorsTaken = {copyMatchingParameters(*m_base->model, *m_model),
                                      static_cast<int>(m_model->parameters().size())};
            m_base.reset();
        }
        if (!m_config.model.pretrainedEmbeddings.empty()) {
            const auto vectors = loadWordVectors(m_config.model.pretrainedEmbeddings);
            m_embeddingCoverage = initializeEmbeddings(*m_model, *m_tokenizer, vectors);
        }
    }
    const int maxLen = m_config.model.maxLength;
    // A study worker's cache hands back the ids of the same split and length encoded before.
    const auto encode = [&](const std::vector<std::size_t>& indices) {
        if (m_targetTokenizer)
            return std::make_shared<const EncodedPart>(
                encodePart(*m_tokenizer, *m_data, indices, maxLen, false, m_targetTokenizer.get()));
        return m_request.cache ? m_request.cache->encoded(m_tokenizer, m_data, indices, maxLen, m_languageModel)
                               : std::make_shared<const EncodedPart>(
                                     encodePart(*m_tokenizer, *m_data, indices, maxLen, m_languageModel));
    };
    // --train-limit: a seeded random subset of the training split (the split is sorted by position
    // in the file, often grouped by class); the tokenizer above read all of it.
    m_train = encode(limitedTraining(m_split.train, m_config.data.trainLimit, m_config.train.seed));
    m_validation = encode(m_split.validation);
    if (m_pairs)
        warnAboutTargets();
    // LoRA: only the adapters train; the base stays as it was trained.
    m_trainable = m_config.model.loraRank > 0 ? freezeAllButAdapters(*m_model) : trainableParameterCount(*m_model);
    // A classifier made from a language model has a new head: it trains beside the adapters.
    // An encoder–decoder on a masked LM's trunk has a new decoder: it trains beside the adapters.
    const auto isNew = [this](const std::string& name) {
        if (m_classifierFromLanguageModel)
            return name.starts_with("head.");
        return m_encoderFromLanguageModel && (name.starts_with("target_") || name.starts_with("decoder_") ||
                                              name.starts_with("head."));
    };
    if (m_config.model.loraRank > 0 && (m_classifierFromLanguageModel || m_encoderFromLanguageModel))
        for (auto& item : m_model->named_parameters())
            if (isNew(item.key()) && !item.value().requires_grad()) {
                item.value().set_requires_grad(true);
                m_trainable += item.value().numel();
            }
    const auto batch = static_cast<std::int64_t>(m_config.train.batchSize);
    m_stepsPerEpoch = std::max<std::int64_t>(1, (static_cast<std::int64_t>(m_train->sequences.size()) + batch - 1) / batch);
    m_totalSteps = m_config.train.maxSteps > 0 ? m_config.train.maxSteps : m_stepsPerEpoch * m_config.train.epochs;
    if (m_stream) {
        // The epochs over the data there at the start, then whatever arrives, without an end in
        // steps unless --steps gives one.
        m_initialSteps = m_stepsPerEpoch * m_config.train.epochs;
        if (m_config.train.maxSteps <= 0)
            m_totalSteps = std::numeric_limits<std::int64_t>::max();
    }
    makeOptimizer();
    if (m_resumed)
        restoreOptimizer(*m_checkpoint, *m_optimizer);
    openRun();
}

void Trainer::prepareResume()
{
    auto* store = m_request.store;
    const auto run = store->run(m_request.resumeRunId);
    if (!run)
        throw UserError(Message(LATHE_TR("Training", "there is no run %1 in %2"), m_request.resumeRunId, store->path()));
    if (run->status == RunStatus::Running)
        throw UserError(Message(LATHE_TR("Training", "run %1 is still running"), run->id));
    const auto path = store->checkpointPath(run->id);
    m_checkpoint = std::make_unique<CheckpointContents>(loadCheckpoint(path));
    const auto steps = m_config.train.maxSteps;
    const auto idle = m_config.data.followIdle;
    m_config = m_checkpoint->config;
    // A resume may extend the run, or (following its data) say when to end idle; everything else
    // comes from the checkpoint.
    if (steps > m_config.train.maxSteps)
        m_config.train.maxSteps = steps;
    if (idle > 0)
        m_config.data.followIdle = idle;
    m_tokenizer = std::move(m_checkpoint->tokenizer);
    m_targetTokenizer = std::move(m_checkpoint->targetTokenizer);
    m_classes = m_checkpoint->classes;
    m_model = m_checkpoint->model;
    m_startStep = m_checkpoint->step;
    m_checkpointStep = m_startStep;
    m_streamState = checkpointStreamState(*m_checkpoint);
    m_resumed = true;
    // Whether its head is new (LoRA then trains it too), from the base's kind.
    if (m_config.train.baseRun > 0 && !isLanguageModel(m_config.model.family))
        if (const auto base = store->run(m_config.train.baseRun)) {
            const bool pairs = isSequenceToSequence(m_config.model.family);
            m_classifierFromLanguageModel = !pairs && base->kind == "language-model";
            m_encoderFromLanguageModel = pairs && base->kind == "language-model";
        }
}

namespace {
Message kindName(const std::string& kind)
{
    if (kind == "seq2seq")
        return LATHE_TR("Training", "encoder–decoder");
    return kind == "language-model" ? LATHE_TR("Training", "language model") : LATHE_TR("Training", "classifier");
}

// A finished run this one (a run of `family`) learns from (`role`: teacher or base): its
// checkpoint, refused when the run is missing, still training, or of another kind (classifier,
// language model, encoder–decoder), except a language model when `languageModelAllowed` (its
// trunk under a classifier, or a masked LM's under an encoder–decoder).
std::unique_ptr<CheckpointContents> openTrainedRun(RunStore& store, std::int64_t id, const Message& role,
                                                   const std::string& family, bool languageModelAllowed = false)
{
    const auto run = store.run(id);
    if (!run)
        throw UserError(Message(LATHE_TR("Training", "there is no %1 run %2 in %3"), role, id, store.path()));
    if (run->status == RunStatus::Running)
        throw UserError(Message(LATHE_TR("Training", "%1 run %2 is still training"), role, id));
    auto ck = std::make_unique<CheckpointContents>(loadCheckpoint(store.checkpointPath(id)));
    ck->archive.reset();
    const auto theirs = runKind(ck->config.model.family), ours = runKind(family);
    if (theirs != ours && !(languageModelAllowed && theirs == "language-model"))
        throw UserError(Message(LATHE_TR("Training", "%1 run %2 is a %3, but this run trains a %4: both must be of "
                                                            "one kind"),
                                role, id, kindName(theirs), kindName(ours)));
    return ck;
}
}  // namespace

void Trainer::prepareTeacher()
{
    const auto id = m_config.train.teacherRun;
    m_teacher = openTrainedRun(*m_request.store, id, LATHE_TR("Training", "teacher"), m_config.model.family);
    m_teacher->model->eval();
    if (m_teacher->config.model.family == "mlm" || m_config.model.family == "mlm")
        throw UserError(LATHE_TR("Training", "a masked language model can be neither teacher nor student: distillation "
                                             "reads next-token or class outputs"));
    const auto& t = m_teacher->config;
    if (m_config.model.maxLength > t.model.maxLength)
        throw UserError(Message(LATHE_TR("Training", "the student's sequence length %1 is longer than teacher run "
                                                            "%2's (%3); use at most %3"),
                                m_config.model.maxLength, id, t.model.maxLength));
    // Recorded as what the student really used.
    m_config.tokenizer = t.tokenizer;
    m_config.targetTokenizer = t.targetTokenizer;
}

void Trainer::prepareBase()
{
    // A classifier fine-tunes from a classifier or from a pretrained language model.
    // A classifier takes a language model's trunk; an encoder–decoder a masked LM's (its encoder).
    m_base = openTrainedRun(*m_request.store, m_config.train.baseRun, LATHE_TR("Training", "base"), m_config.model.family,
                            !m_languageModel);
    if (m_pairs && m_base->config.model.family != "mlm" && !isSequenceToSequence(m_base->config.model.family))
        throw UserError(Message(LATHE_TR("Training", "base run %1 is a %2: an encoder–decoder fine-tunes from an "
                                                     "encoder–decoder or takes a masked language model (mlm) as its "
                                                     "encoder"),
                                m_config.train.baseRun, m_base->config.model.family));
    if (m_pairs) {
        prepareEncoderDecoderBase();
        return;
    }
    m_classifierFromLanguageModel = !m_languageModel && isLanguageModel(m_base->config.model.family);
    // The model is the base run's (a language model's trunk under a new classifier head); only how
    // it is fine-tuned comes from this run's settings.
    const auto requested = m_config.model;
    m_config.model = m_classifierFromLanguageModel ? classifierFromLanguageModel(m_base->config.model)
                                                   : m_base->config.model;
    if (m_classifierFromLanguageModel)
        m_config.model.pooling = m_config.model.causal ? "mean" : requested.pooling;
    m_config.model.loraRank = requested.loraRank;
    m_config.model.loraAlpha = requested.loraAlpha;
    m_config.model.pretrainedEmbeddings.clear();
    m_config.tokenizer = m_base->config.tokenizer;
    if (const auto problems = m_config.problems(); !problems.empty())
        throw UserError(joinLines(problems));
}

void Trainer::warnAboutTargets()
{
    // From the training targets as encoded: a target tokenizer taken from a teacher or base may
    // not know the targets' symbols (the model would learn to write <unk>, at a deceptively low
    // loss), and a target cut at the sequence length has lost its <eos>.
    std::int64_t tokens = 0, unknown = 0, cut = 0;
    const auto seen = static_cast<std::int64_t>(m_train->targets.size());
    for (const auto& target : m_train->targets) {
        cut += target.back() != Tokenizer::kEos;
        for (std::size_t t = 1; t < target.size(); ++t) {
            ++tokens;
            unknown += target[t] == Tokenizer::kUnk;
        }
    }
    if (cut > 0 && m_request.listener)
        m_request.listener->onMessage(fmt::format(
            "{} of {} training targets are longer than the sequence length allows ({} tokens) and are cut without "
            "their end: the model cannot learn to finish them. Raise the sequence length",
            cut, seen, m_config.model.maxLength - 1));
    if (tokens > 0 && unknown * 10 > tokens && m_request.listener)
        m_request.listener->onMessage(fmt::format(
            "{:.0f}% of the target tokens are <unk> to the target tokenizer: the model will learn to write <unk>. "
            "Give the targets a tokenizer of their own (--target-tokenizer, the form's Target tokenizer), or raise the "
            "vocabulary cap",
            100.0 * static_cast<double>(unknown) / static_cast<double>(tokens)));
}

void Trainer::prepareEncoderDecoderBase()
{
    const auto requested = m_config;
    const auto& base = m_base->config;
    m_config.model = base.model;
    if (isSequenceToSequence(base.model.family)) {
        // The same encoder–decoder trained further, with its tokenizers.
        m_config.targetTokenizer = base.targetTokenizer;
    } else {
        m_encoderFromLanguageModel = true;
        // A masked LM's trunk (tokens, positions, blocks, norm: the encoder's names) under a new
        // decoder of the same size. The targets get a tokenizer of their own (of the base's kind
        // unless told otherwise): the base's learned the source text only, and would read unseen
        // target symbols (digits, phonemes) as <unk>.
        m_config.model.family = requested.model.family == "lstm-seq2seq" ? "seq2seq" : requested.model.family;
        m_config.model.tieEmbeddings = requested.model.tieEmbeddings;
        m_config.model.targetVocabularySize = 0;
        m_config.targetTokenizer = requested.targetTokenizer;
        if (m_config.targetTokenizer.kind.empty())
            m_config.targetTokenizer = base.tokenizer;
    }
    m_config.model.loraRank = requested.model.loraRank;
    m_config.model.loraAlpha = requested.model.loraAlpha;
    m_config.model.pretrainedEmbeddings.clear();
    m_config.tokenizer = base.tokenizer;
    if (const auto problems = m_config.problems(); !problems.empty())
        throw UserError(joinLines(problems));
}

void Trainer::makeOptimizer()
{
    const auto& t = m_config.train;
    // One parameter group per layer group when their rates differ or they unfreeze in turn;
    // else one group of every trainable parameter.
    std::vector<std::vector<torch::Tensor>> groups;
    if (t.layerLrDecay != 1.0 || t.unfreezeEvery > 0) {
        m_layerGroups = layerGroups(*m_model);
        groups = m_layerGroups;
        const auto n = groups.size();
        m_groupScales.assign(n, 1.0);
        // ULMFiT: η(l − 1) = η(l) / decay, the top group at the schedule's rate.
        for (std::size_t g = 0; g < n; ++g)
            m_groupScales[g] = std::pow(t.layerLrDecay, -static_cast<double>(n - 1 - g));
    } else {
        groups.emplace_back();
        for (const auto& p : m_model->parameters())
            if (p.requires_grad())
                groups.back().push_back(p);
    }
    const auto make = [&](auto options) {
        std::vector<torch::optim::OptimizerParamGroup> paramGroups;
        for (const auto& g : groups)
            paramGroups.emplace_back(g, std::make_unique<decltype(options)>(options));
        return paramGroups;
    };
    if (t.optimizer == "sgd")
        m_optimizer = std::make_unique<torch::optim::SGD>(
            make(torch::optim::SGDOptions(t.learningRate).momentum(t.momentum).weight_decay(t.weightDecay)),
            torch::optim::SGDOptions(t.learningRate));
    else if (t.optimizer == "adam")
        m_optimizer = std::make_unique<torch::optim::Adam>(make(torch::optim::AdamOptions(t.learningRate)));
    else
        m_optimizer = std::make_unique<kernels::FusedAdamW>(
            make(torch::optim::AdamWOptions(t.learningRate).weight_decay(t.weightDecay)));
}

void Trainer::unfreezeFor(std::int64_t step)
{
    const auto every = m_config.train.unfreezeEvery;
    if (every <= 0 || m_layerGroups.empty())
        return;
    const int n = static_cast<int>(m_layerGroups.size());
    const int unfrozen = static_cast<int>(std::min<std::int64_t>(n, 1 + step / every));
    if (unfrozen == m_unfrozenGroups)
        return;
    for (int g = 0; g < n; ++g)
        for (auto& p : m_layerGroups[static_cast<std::size_t>(g)])
            p.set_requires_grad(g >= n - unfrozen);
    if (m_unfrozenGroups >= 0)
        log("train/unfrozen_groups", step, unfrozen);
    m_unfrozenGroups = unfrozen;
}

void Trainer::openRun()
{
    auto* store = m_request.store;
    m_parameters = parameterCount(*m_model);
    if (m_resumed) {
        m_runId = m_request.resumeRunId;
        // Locked before it reads 'running' again: see RunStore::createRun.
        m_lock = store->lockRun(m_runId);
        // Its history past the checkpoint goes before it reads 'running' again, so a reader
        // that sees it running sees only rows that stay.
        store->truncateMetrics(m_runId, m_startStep);
        store->setRunning(m_runId);
    } else {
        RunRecord r;
        r.name = m_config.name.empty() ? fmt::format("{}-{}", m_config.model.family, m_config.tokenizer.kind) : m_config.name;
        r.kind = runKind(m_config.model.family);
        r.model = m_config.model.family;
        r.configJson = m_config.toJson();
        r.dataset = std::filesystem::absolute(m_data->path).string();
        r.datasetFingerprint = datasetFingerprint(*m_data, nlohmann::json::parse(m_config.toJson())["data"].dump());
        r.parameters = m_parameters;
        r.tags = m_request.tags;
        r.parentId = m_request.parentRunId;
        const auto tag = [&r](const char* t) { r.tags = r.tags.empty() ? t : r.tags + "," + t; };
        if (m_teacher) {
            r.parentId = r.parentId > 0 ? r.parentId : m_config.train.teacherRun;
            tag("distilled");
        }
        if (m_config.data.follow)
            tag("follow");
        if (m_config.train.baseRun > 0) {
            r.parentId = r.parentId > 0 ? r.parentId : m_config.train.baseRun;
            tag(m_config.train.fromScratch ? "from-scratch" : m_config.model.loraRank > 0 ? "lora" : "fine-tuned");
        }
        r.pid = ::getpid();
        m_runId = store->createRun(r, &m_lock);
    }
    if (m_baseTensorsTaken.second > 0 && m_request.listener)
        m_request.listener->onMessage(fmt::format(
            "fine-tuning {} weight tensors of {} from base run {}{}", m_baseTensorsTaken.first, m_baseTensorsTaken.second,
            m_config.train.baseRun, m_classifierFromLanguageModel ? " (a language model: the classifier head is new)" : ""));
    if (m_config.train.fromScratch && !m_resumed && m_request.listener)
        m_request.listener->onMessage(fmt::format(
            "training base run {}'s architecture and tokenizer from random weights: the from-scratch control of "
            "fine-tuning from it",
            m_config.train.baseRun));
    if (m_embeddingCoverage.vocabulary > 0) {
        log("init/embedding_coverage", 0, m_embeddingCoverage.share());
        if (m_request.listener)
            m_request.listener->onMessage(fmt::format(
                "initialized {} of {} token embeddings ({:.1f}%) from {}", m_embeddingCoverage.covered,
                m_embeddingCoverage.vocabulary, 100 * m_embeddingCoverage.share(), m_config.model.pretrainedEmbeddings));
    }
    m_checkpointPath = store->checkpointPath(m_runId);
    const auto tokenizerPath = store->runDirectory(m_runId) + "/tokenizer.json";
    if (!m_resumed) {
        writeFileAtomically(tokenizerPath, m_tokenizer->toJson());
        store->addArtifact({0, m_runId, "tokenizer", tokenizerPath, hashFile(tokenizerPath),
                            static_cast<std::int64_t>(std::filesystem::file_size(tokenizerPath)), 0});
        if (m_targetTokenizer) {
            const auto targetPath = store->runDirectory(m_runId) + "/target_tokenizer.json";
            writeFileAtomically(targetPath, m_targetTokenizer->toJson());
            store->addArtifact({0, m_runId, "target-tokenizer", targetPath, hashFile(targetPath),
                                static_cast<std::int64_t>(std::filesystem::file_size(targetPath)), 0});
        }
    }
}

double Trainer::learningRate(std::int64_t step) const
{
    const auto& t = m_config.train;
    // A followed stream has no end to decay towards: after warm-up the rate stays.
    if (m_stream)
        return step < t.warmupSteps ? t.learningRate * static_cast<double>(step + 1) / t.warmupSteps : t.learningRate;
    if (t.schedule == "slanted") {
        // Howard & Ruder (2018), eq. 3: cut_frac 0.1, ratio 32; warm-up does not apply.
        constexpr double kCutFraction = 0.1, kRatio = 32;
        const double total = std::max<double>(1.0, static_cast<double>(m_totalSteps));
        const double cut = std::max(1.0, std::floor(total * kCutFraction));
        const double s = static_cast<double>(step);
        const double p = s < cut ? s / cut : std::max(0.0, 1.0 - (s - cut) / std::max(1.0, total - cut));
        return t.learningRate * (1.0 + p * (kRatio - 1.0)) / kRatio;
    }
    if (step < t.warmupSteps)
        return t.learningRate * static_cast<double>(step + 1) / t.warmupSteps;
    const double span = std::max<double>(1.0, static_cast<double>(m_totalSteps - t.warmupSteps));
    const double progress = std::clamp(static_cast<double>(step - t.warmupSteps) / span, 0.0, 1.0);
    if (t.schedule == "cosine")
        return t.learningRate * 0.5 * (1.0 + std::cos(M_PI * progress));
    if (t.schedule == "linear")
        return t.learningRate * (1.0 - progress);
    return t.learningRate;
}

TrainOutcome train(const TrainRequest& request)
{
    Trainer trainer(request);
    trainer.prepare();
    return trainer.run();
}

}  // namespace lathe
