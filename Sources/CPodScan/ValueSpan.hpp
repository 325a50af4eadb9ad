// The extent of one JSON value in the input, for items handed to the reference decoder.
#pragma once

#include <cstddef>
#include <string_view>

namespace cpodscan {

/// The text of the JSON value starting at `start` (whose syntax simdjson's first stage has checked),
/// never reading at or beyond `end`. On-Demand cannot give back an item it has partly walked, so the rare
/// items that need JSONDecoder are delimited again here by matching brackets outside strings.
inline std::string_view value_span(const char *start, const char *end) noexcept {
    const char *cursor = start;
    if (cursor >= end) return {};
    if (*cursor == '"') {
        for (++cursor; cursor < end; ++cursor) {
            if (*cursor == '\\') { ++cursor; continue; }
            if (*cursor == '"') { ++cursor; break; }
        }
        return std::string_view(start, static_cast<size_t>(cursor - start));
    }
    if (*cursor != '{' && *cursor != '[') {
        while (cursor < end && *cursor != ',' && *cursor != ']' && *cursor != '}' && *cursor != ' ' &&
               *cursor != '\n' && *cursor != '\r' && *cursor != '\t') {
            ++cursor;
        }
        return std::string_view(start, static_cast<size_t>(cursor - start));
    }
    size_t depth = 0;
    bool in_string = false;
    for (; cursor < end; ++cursor) {
        char c = *cursor;
        if (in_string) {
            if (c == '\\') ++cursor;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') ++depth;
        else if ((c == '}' || c == ']') && --depth == 0) { ++cursor; break; }
    }
    return std::string_view(start, static_cast<size_t>(cursor - start));
}

}  // namespace cpodscan
