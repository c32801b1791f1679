#include "tokenize/VocabTokenizer.h"
#include "util/Utf8.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace lathe {

namespace {
const std::vector<std::string> kSpecials = {"<pad>", "<unk>", "<bos>", "<eos>"};

bool isCjk(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x3000 && c <= 0x303F) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
}

bool isWordChar(char32_t c)
{
    if (c < 0x80)
        return std::isalnum(static_cast<int>(c)) || c == '\'';
    return !isCjk(c) && c != 0xA0 && !(c >= 0x2000 && c <= 0x206F);
}
}  // namespace

std::vector<std::string> splitWords(std::string_view text)
{
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        if (!word.empty())
            out.push_back(std::move(word));
        word.clear();
    };
    for (char32_t c : utf8::decode(text)) {
        if (c < 0x80 && std::isspace(static_cast<int>(c))) {
            flush();
        } else if (isWordChar(c)) {
            utf8::append(word, c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c);
        } else {
            flush();
            if (!(c >= 0x2000 && c <= 0x200F) && c != 0xA0)
                out.push_back(utf8::encode(c));
        }
    }
    flush();
    return out;
}

namespace detail {

VocabTokenizer::VocabTokenizer(std::string kind, std::vector<std::string> vocabulary)
    : m_kind(std::move(kind)), m_pieces(std::move(vocabulary))
{
    for (std::size_t i = 0; i < m_pieces.size(); ++i)
        m_ids.emplace(m_pieces[i], static_cast<int>(i));
}

std::vector<std::string> VocabTokenizer::split(std::string_view text) const
{
    if (m_kind == "word")
        return splitWords(text);
    std::vector<std::string> out;
    for (char32_t c : utf8::decode(text))
        out.push_back(utf8::encode(c));
    return out;
}

std::vector<int> VocabTokenizer::encode(std::string_view text) const
{
    std::vector<int> ids;
    for (const auto& p : split(text)) {
        auto it = m_ids.find(p);
        ids.push_back(it == m_ids.end() ? kUnk : it->second);
    }
    return ids;
}

std::string VocabTokenizer::decode(const std::vector<int>& ids) const
{
    std::string out;
    for (int id : ids) {
        if (id == kPad || id == kBos || id == kEos)
            continue;
        if (m_kind == "word" && !out.empty())
            out += ' ';
        out += piece(id);
    }
    return out;
}

std::string VocabTokenizer::piece(int id) const
{
    if (id < 0 || id >= vocabularySize())
        return "<unk>";
    return m_pieces[static_cast<std::size_t>(id)];
}

std::string VocabTokenizer::toJson() const
{
    nlohmann::json j;
    j["kind"] = m_kind;
    j["vocabulary"] = m_pieces;
    return j.dump();
}

std::vector<std::string> VocabTokenizer::buildVocabulary(const std::string& kind, const TokenizerOptions& o,
                                                         const std::vector<std::string>& texts,
                                                         const std::vector<std::size_t>& indices)
{
    VocabTokenizer splitter(kind, {});
    std::unordered_map<std::string, std::size_t> counts;
    for (auto i : indices)
        for (auto& p : splitter.split(texts[i]))
            ++counts[p];
    std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
    // Most frequent first; ties broken by the piece itself so the vocabulary is deterministic.
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<std::string> vocab = kSpecials;
    for (const auto& [p, n] : sorted) {
        if (static_cast<int>(vocab.size()) >= o.vocabularyCap || static_cast<int>(n) < o.minFrequency)
            break;
        if (std::find(kSpecials.begin(), kSpecials.end(), p) == kSpecials.end())
            vocab.push_back(p);
    }
    return vocab;
}

}  // namespace detail

std::unique_ptr<Tokenizer> trainTokenizer(const TokenizerOptions& o, const std::vector<std::string>& texts,
                                          const std::vector<std::size_t>& indices)
{
    if (o.kind == "char" || o.kind == "word")
        return std::make_unique<detail::VocabTokenizer>(
            o.kind, detail::VocabTokenizer::buildVocabulary(o.kind, o, texts, indices));
    if (o.kind == "bpe" || o.kind == "unigram")
        return detail::trainSentencePiece(o, texts, indices);
    throw std::invalid_argument(fmt::format("unknown tokenizer '{}' (use char, word, bpe or unigram)", o.kind));
}

std::unique_ptr<Tokenizer> tokenizerFromJson(const std::string& json)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(fmt::format("the saved tokenizer is not valid JSON: {}", e.what()));
    }
    const auto kind = j.value("kind", std::string());
    if (kind == "char" || kind == "word") {
        auto vocabulary = j.at("vocabulary").get<std::vector<std::string>>();
        // Ids 0-3 are the special tokens every model's embedding has rows for: a vocabulary
        // without them would encode an unknown piece as an id past the table (found by fuzz_tokenizer).
        if (vocabulary.size() < kSpecials.size() ||
            !std::equal(kSpecials.begin(), kSpecials.end(), vocabulary.begin()))
            throw std::runtime_error(fmt::format("the saved {} tokenizer's vocabulary does not start with {}, {}, {}, {}",
                                                 kind, kSpecials[0], kSpecials[1], kSpecials[2], kSpecials[3]));
        return std::make_unique<detail::VocabTokenizer>(kind, std::move(vocabulary));
    }
    if (kind == "bpe" || kind == "unigram")
        return detail::sentencePieceFromModel(kind, j.at("model_hex").get<std::string>());
    throw std::runtime_error(fmt::format("the saved tokenizer has unknown kind '{}'", kind));
}

}  // namespace lathe
