#include "util/Hash.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <fstream>
#include <stdexcept>
#include <vector>

namespace lathe {

ContentHash::ContentHash() : m_state(XXH3_createState())
{
    XXH3_128bits_reset(static_cast<XXH3_state_t*>(m_state));
}

ContentHash::~ContentHash()
{
    XXH3_freeState(static_cast<XXH3_state_t*>(m_state));
}

void ContentHash::add(std::string_view bytes)
{
    XXH3_128bits_update(static_cast<XXH3_state_t*>(m_state), bytes.data(), bytes.size());
}

void ContentHash::addField(std::string_view bytes)
{
    addInt(static_cast<std::int64_t>(bytes.size()));
    add(bytes);
}

void ContentHash::addInt(std::int64_t v)
{
    add(std::string_view(reinterpret_cast<const char*>(&v), sizeof v));
}

std::string ContentHash::hex() const
{
    const auto h = XXH3_128bits_digest(static_cast<XXH3_state_t*>(m_state));
    return fmt::format("{:016x}{:016x}", h.high64, h.low64);
}

std::string hashFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(fmt::format("{}: cannot open for hashing", path));
    ContentHash h;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h.add(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
    }
    return h.hex();
}

}  // namespace lathe
