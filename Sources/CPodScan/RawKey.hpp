// Object keys compared as raw JSON text, without unescaping them.
#pragma once

#include <string_view>

#include <simdjson.h>

namespace cpodscan {

/// A key's raw text between its quotes. `escaped` keys may unescape to a known name ("n\u0061me" is "name"
/// for JSONDecoder), so callers hand such objects to the reference decoder rather than misreading them.
struct RawKey {
    std::string_view text;
    bool escaped;
};

/// Keys are short and simdjson's first stage already proved the string is closed, so a plain scan to the
/// closing quote is both safe and cheaper than unescaping into the string buffer.
inline RawKey raw_key(const simdjson::ondemand::field &field) noexcept {
    const char *start = field.key().raw();
    const char *cursor = start;
    while (*cursor != '"') {
        if (*cursor == '\\') return {std::string_view(), true};
        ++cursor;
    }
    return {std::string_view(start, static_cast<size_t>(cursor - start)), false};
}

}  // namespace cpodscan
