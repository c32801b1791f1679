#include "tokenize/VocabTokenizer.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <stdexcept>

namespace lathe::detail {

namespace {

// Feeds the training split to SentencePiece without writing a temporary corpus file.
class IndexedSentences : public sentencepiece::SentenceIterator {
public:
    IndexedSentences(const std::vector<std::string>& texts, const std::vector<std::size_t>& indices)
        : m_texts(texts), m_indices(indices) {}
    bool done() const override { return m_pos >= m_indices.size(); }
    void Next() override { ++m_pos; }
    const std::string& value() const override { return m_texts[m_indices[m_pos]]; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    const std::vector<std::string>& m_texts;
    const std::vector<std::size_t>& m_indices;
    std::size_t m_pos = 0;
};

// The model proto is binary; hex keeps the tokenizer file plain JSON.
std::string toHex(const std::string& bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string fromHex(const std::string& hex)
{
    if (hex.size() % 2)
        throw std::runtime_error("the saved subword model is truncated");
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    return out;
}

class SentencePieceTokenizer : public Tokenizer {
public:
    SentencePieceTokenizer(std::string kind, std::string model) : m_kind(std::move(kind)), m_model(std::move(model))
    {
        const auto status = m_sp.LoadFromSerializedProto(m_model);
        if (!status.ok())
            throw std::runtime_error(fmt::format("cannot load the subword model: {}", status.ToString()));
    }
    std::string kind() const override { return m_kind; }
    int vocabularySize() const override { return m_sp.GetPieceSize(); }
    std::vector<int> encode(std::string_view text) const override { return m_sp.EncodeAsIds(text); }
    std::string decode(const std::vector<int>& ids) const override
    {
        std::vector<int> kept;
        for (int id : ids)
            if (id > kEos && id < vocabularySize())
                kept.push_back(id);
        return m_sp.DecodeIds(kept);
    }
    std::string piece(int id) const override
    {
        return id >= 0 && id < vocabularySize() ? m_sp.IdToPiece(id) : std::string("<unk>");
    }
    std::string toJson() const override
    {
        nlohmann::json j;
        j["kind"] = m_kind;
        j["model_hex"] = toHex(m_model);
        return j.dump();
    }

private:
    std::string m_kind;
    std::string m_model;
    sentencepiece::SentencePieceProcessor m_sp;
};

}  // namespace

std::unique_ptr<Tokenizer> trainSentencePiece(const TokenizerOptions& o, const std::vector<std::string>& texts,
                                              const std::vector<std::size_t>& indices)
{
    const std::string kind = o.kind == "unigram" ? "unigram" : "bpe";
    IndexedSentences sentences(texts, indices);
    std::string model;
    const std::unordered_map<std::string, std::string> args = {
        {"model_type", kind},
        {"vocab_size", std::to_string(o.vocabularyCap)},
        // Small corpora cannot always fill the requested vocabulary; take what there is.
        {"hard_vocab_limit", "false"},
        {"character_coverage", "1.0"},
        {"pad_id", "0"}, {"unk_id", "1"}, {"bos_id", "2"}, {"eos_id", "3"},
        {"num_threads", "2"},
        {"minloglevel", "2"},
    };
    const auto status = sentencepiece::SentencePieceTrainer::Train(args, &sentences, &model);
    if (!status.ok())
        throw std::runtime_error(fmt::format("subword tokenizer training failed: {}", status.ToString()));
    return std::make_unique<SentencePieceTokenizer>(kind, model);
}

std::unique_ptr<Tokenizer> sentencePieceFromModel(const std::string& kind, const std::string& hex)
{
    return std::make_unique<SentencePieceTokenizer>(kind, fromHex(hex));
}

}  // namespace lathe::detail
