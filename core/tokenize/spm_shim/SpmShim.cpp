#include "SpmShim.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

char* copy(const std::string& s)
{
    auto* p = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

class Sentences : public sentencepiece::SentenceIterator {
public:
    Sentences(const char* const* texts, const std::size_t* lengths, std::size_t count)
        : m_texts(texts), m_lengths(lengths), m_count(count) { load(); }
    bool done() const override { return m_pos >= m_count; }
    void Next() override { ++m_pos; load(); }
    const std::string& value() const override { return m_current; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    void load() { if (m_pos < m_count) m_current.assign(m_texts[m_pos], m_lengths[m_pos]); }
    const char* const* m_texts;
    const std::size_t* m_lengths;
    std::size_t m_count;
    std::size_t m_pos = 0;
    std::string m_current;
};

}  // namespace

extern "C" {

int lathe_spm_train(const char* const* texts, const std::size_t* lengths, std::size_t count, const char* modelType,
                    int vocabularySize, char** model, std::size_t* modelLength, char** error)
{
    Sentences sentences(texts, lengths, count);
    std::string proto;
    const std::unordered_map<std::string, std::string> args = {
        {"model_type", modelType},
        {"vocab_size", std::to_string(vocabularySize)},
        // Small corpora cannot always fill the requested vocabulary; take what there is.
        {"hard_vocab_limit", "false"},
        {"character_coverage", "1.0"},
        {"pad_id", "0"}, {"unk_id", "1"}, {"bos_id", "2"}, {"eos_id", "3"},
        {"num_threads", "2"},
        {"minloglevel", "2"},
    };
    const auto status = sentencepiece::SentencePieceTrainer::Train(args, &sentences, &proto);
    if (!status.ok()) {
        *error = copy(status.ToString());
        return 1;
    }
    *model = static_cast<char*>(std::malloc(proto.size()));
    std::memcpy(*model, proto.data(), proto.size());
    *modelLength = proto.size();
    return 0;
}

void* lathe_spm_load(const char* model, std::size_t length, char** error)
{
    auto* sp = new sentencepiece::SentencePieceProcessor();
    const auto status = sp->LoadFromSerializedProto(std::string(model, length));
    if (!status.ok()) {
        *error = copy(status.ToString());
        delete sp;
        return nullptr;
    }
    return sp;
}

void lathe_spm_unload(void* p) { delete static_cast<sentencepiece::SentencePieceProcessor*>(p); }

int lathe_spm_size(const void* p) { return static_cast<const sentencepiece::SentencePieceProcessor*>(p)->GetPieceSize(); }

std::size_t lathe_spm_encode(const void* p, const char* text, std::size_t length, int** ids)
{
    const auto v = static_cast<const sentencepiece::SentencePieceProcessor*>(p)->EncodeAsIds(std::string(text, length));
    *ids = static_cast<int*>(std::malloc(sizeof(int) * (v.empty() ? 1 : v.size())));
    std::memcpy(*ids, v.data(), sizeof(int) * v.size());
    return v.size();
}

char* lathe_spm_decode(const void* p, const int* ids, std::size_t count)
{
    return copy(static_cast<const sentencepiece::SentencePieceProcessor*>(p)->DecodeIds(std::vector<int>(ids, ids + count)));
}

char* lathe_spm_piece(const void* p, int id)
{
    return copy(static_cast<const sentencepiece::SentencePieceProcessor*>(p)->IdToPiece(id));
}

void lathe_spm_free(void* buffer) { std::free(buffer); }

}  // extern "C"
