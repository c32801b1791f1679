#include "tokenize/VocabTokenizer.h"
#include "tokenize/spm_shim/SpmShim.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unistd.h>

namespace lathe::detail {

namespace {

// The SentencePiece module's entry points, resolved once.
struct SpmApi {
    decltype(&lathe_spm_train) train;
    decltype(&lathe_spm_load) load;
    decltype(&lathe_spm_unload) unload;
    decltype(&lathe_spm_size) size;
    decltype(&lathe_spm_encode) encode;
    decltype(&lathe_spm_decode) decode;
    decltype(&lathe_spm_piece) piece;
    decltype(&lathe_spm_free) release;
};

std::vector<std::string> moduleCandidates()
{
    std::vector<std::string> c;
    if (const char* env = std::getenv("LATHE_SPM_MODULE"); env && *env)
        c.push_back(env);
    c.push_back(LATHE_SPM_BUILD_PATH);
    char exe[4096] = {};
    if (::readlink("/proc/self/exe", exe, sizeof exe - 1) > 0)
        c.push_back((std::filesystem::path(exe).parent_path() / "../lib/lathe/liblathe_spm.so").string());
    c.push_back(LATHE_SPM_INSTALL_PATH);
    return c;
}

// GCC defines __SANITIZE_ADDRESS__ under ASan; clang (the fuzz targets) says so through __has_feature.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LATHE_CLANG_ASAN 1
#endif
#endif

void* openModule(const std::string& path)
{
#if defined(__SANITIZE_ADDRESS__) || defined(LATHE_CLANG_ASAN)
    // AddressSanitizer refuses RTLD_DEEPBIND (google/sanitizers#611); a link-map namespace of its
    // own keeps the module's protobuf away from LibTorch's just as well.
    return ::dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
#else
    return ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
}

const SpmApi& api()
{
    static SpmApi a{};
    static std::string error;
    static std::once_flag once;
    std::call_once(once, [] {
        void* h = nullptr;
        for (const auto& path : moduleCandidates())
            if (std::filesystem::exists(path) && (h = openModule(path)))
                break;
        if (!h) {
            error = "the subword tokenizer module liblathe_spm.so was not found next to Lathe; reinstall Lathe or set "
                    "LATHE_SPM_MODULE to its path";
            return;
        }
        a.train = reinterpret_cast<decltype(a.train)>(::dlsym(h, "lathe_spm_train"));
        a.load = reinterpret_cast<decltype(a.load)>(::dlsym(h, "lathe_spm_load"));
        a.unload = reinterpret_cast<decltype(a.unload)>(::dlsym(h, "lathe_spm_unload"));
        a.size = reinterpret_cast<decltype(a.size)>(::dlsym(h, "lathe_spm_size"));
        a.encode = reinterpret_cast<decltype(a.encode)>(::dlsym(h, "lathe_spm_encode"));
        a.decode = reinterpret_cast<decltype(a.decode)>(::dlsym(h, "lathe_spm_decode"));
        a.piece = reinterpret_cast<decltype(a.piece)>(::dlsym(h, "lathe_spm_piece"));
        a.release = reinterpret_cast<decltype(a.release)>(::dlsym(h, "lathe_spm_free"));
    });
    if (!a.train)
        throw std::runtime_error(error);
    return a;
}

std::string takeString(char* s)
{
    std::string out = s ? s : "";
    api().release(s);
    return out;
}

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
    if (hex.size() % 2 || hex.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw std::runtime_error("the saved subword model is damaged");
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    return out;
}

class SentencePieceTokenizer : public Tokenizer {
public:
    SentencePieceTokenizer(std::string kind, std::string model) : m_kind(std::move(kind)), m_model(std::move(model))
    {
        char* error = nullptr;
        m_sp = api().load(m_model.data(), m_model.size(), &error);
        if (!m_sp)
            throw std::runtime_error(fmt::format("cannot load the subword model: {}", takeString(error)));
        m_size = api().size(m_sp);
    }
    ~SentencePieceTokenizer() override { api().unload(m_sp); }
    std::string kind() const override { return m_kind; }
    int vocabularySize() const override { return m_size; }
    std::vector<int> encode(std::string_view text) const override
    {
        int* ids = nullptr;
        const auto n = api().encode(m_sp, text.data(), text.size(), &ids);
        std::vector<int> out(ids, ids + n);
        api().release(ids);
        return out;
    }
    std::string decode(const std::vector<int>& ids) const override
    {
        std::vector<int> kept;
        for (int id : ids)
            if (id > kEos && id < m_size)
                kept.push_back(id);
        return takeString(api().decode(m_sp, kept.data(), kept.size()));
    }
    std::string piece(int id) const override
    {
        return id >= 0 && id < m_size ? takeString(api().piece(m_sp, id)) : std::string("<unk>");
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
    void* m_sp = nullptr;
    int m_size = 0;
};

}  // namespace

std::unique_ptr<Tokenizer> trainSentencePiece(const TokenizerOptions& o, const std::vector<std::string>& texts,
                                              const std::vector<std::size_t>& indices)
{
    const std::string kind = o.kind == "unigram" ? "unigram" : "bpe";
    std::vector<const char*> ptrs;
    std::vector<std::size_t> lengths;
    for (auto i : indices) {
        ptrs.push_back(texts[i].data());
        lengths.push_back(texts[i].size());
    }
    char* model = nullptr;
    std::size_t modelLength = 0;
    char* error = nullptr;
    if (api().train(ptrs.data(), lengths.data(), ptrs.size(), kind.c_str(), o.vocabularyCap, &model, &modelLength,
                    &error) != 0)
        throw std::runtime_error(fmt::format("subword tokenizer training failed: {}", takeString(error)));
    std::string proto(model, modelLength);
    api().release(model);
    return std::make_unique<SentencePieceTokenizer>(kind, proto);
}

std::unique_ptr<Tokenizer> sentencePieceFromModel(const std::string& kind, const std::string& hex)
{
    return std::make_unique<SentencePieceTokenizer>(kind, fromHex(hex));
}

}  // namespace lathe::detail
