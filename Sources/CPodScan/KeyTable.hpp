// The keys of one kind of JSON object the scanner reads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace cpodscan {

/// The keys the scanner reads in one kind of object; every other key is skipped. A field handler receives the
/// position of its key and switches on it with `case table.at("name"):`, which does not compile when "name" is
/// not in the table, so a table and its handler cannot drift apart.
template <size_t N>
struct KeyTable {
    static_assert(N <= 32, "SeenKeys records at most 32 keys");

    std::array<std::string_view, N> names;

    /// Where `text` is in the table, or N when the scanner does not read that key.
    constexpr size_t find(std::string_view text) const noexcept {
        for (size_t index = 0; index < N; ++index) {
            if (names[index] == text) return index;
        }
        return N;
    }

    /// Where `text` is in the table, which must list it; in a constant expression a missing key is a compile error.
    constexpr size_t at(std::string_view text) const {
        return find(text) < N ? find(text) : throw std::logic_error("key not in the table");
    }
};

template <typename... Names>
KeyTable(Names...) -> KeyTable<sizeof...(Names)>;

/// Which keys of a table one object has shown so far. JSONDecoder keeps the first of two equal keys; rather
/// than mimicking that, an object repeating a key the scanner reads goes to the reference decoder.
class SeenKeys {
public:
    /// False when the key at `index` was already seen.
    bool first(size_t index) noexcept {
        uint32_t mask = uint32_t{1} << index;
        if (bits_ & mask) return false;
        bits_ |= mask;
        return true;
    }

private:
    uint32_t bits_ = 0;
};

}  // namespace cpodscan
