// The one way the scanner walks JSON objects and arrays: every object it reads goes through `walk_fields` (or,
// for objects whose keys are data, `walk_entries`), every array through `walk_array`.
#pragma once

#include <utility>

#include "PageScanner.hpp"
#include "RawKey.hpp"

namespace cpodscan {

/// Calls `on_field(position, value)` for each field of `object` whose key `keys` lists, in document order, and
/// skips the others. The first outcome other than `ok` ends the walk and is returned.
template <size_t N, typename OnField>
ScanOutcome PageScanner::walk_fields(simdjson::ondemand::object &object, const KeyTable<N> &keys, OnField &&on_field) {
    SeenKeys seen;
    for (auto result : object) {
        simdjson::ondemand::field field;
        if (simdjson::error_code error = std::move(result).get(field)) return fail(error);
        RawKey key = raw_key(field);
        // "n\u0061me" is "name" to JSONDecoder: rather than unescape every key, such objects are left to it.
        if (key.escaped) return ScanOutcome::reference;
        size_t position = keys.find(key.text);
        if (position == N) continue;
        if (!seen.first(position)) return ScanOutcome::reference;
        ScanOutcome outcome = on_field(position, field.value());
        if (outcome != ScanOutcome::ok) return outcome;
    }
    return ScanOutcome::ok;
}

/// `walk_fields` on a value that should be an object; `null` decides what JSON null is. `present`, when given,
/// tells whether it was an object (an empty object counts, null does not).
template <size_t N, typename OnField>
ScanOutcome PageScanner::walk_fields(simdjson::ondemand::value &value, Null null, const KeyTable<N> &keys,
                                     OnField &&on_field, bool *present) {
    simdjson::ondemand::object object;
    bool is_object = false;
    ScanOutcome outcome = open_object(value, null, object, is_object);
    if (present != nullptr) *present = is_object;
    if (outcome != ScanOutcome::ok || !is_object) return outcome;
    return walk_fields(object, keys, std::forward<OnField>(on_field));
}

/// Calls `on_element(value)` for each element of an array; `null` is an array without elements, anything else
/// that is not an array is left to the reference decoder (a type error for JSONDecoder's arrays).
template <typename OnElement>
ScanOutcome PageScanner::walk_array(simdjson::ondemand::value &value, OnElement &&on_element) {
    simdjson::ondemand::json_type type;
    if (simdjson::error_code error = value.type().get(type)) return fail(error);
    if (type == simdjson::ondemand::json_type::null) return check_null(value);
    if (type != simdjson::ondemand::json_type::array) return ScanOutcome::reference;
    simdjson::ondemand::array array;
    if (simdjson::error_code error = value.get_array().get(array)) return fail(error);
    for (auto result : array) {
        simdjson::ondemand::value element;
        if (simdjson::error_code error = std::move(result).get(element)) return fail(error);
        ScanOutcome outcome = on_element(element);
        if (outcome != ScanOutcome::ok) return outcome;
    }
    return ScanOutcome::ok;
}

/// `walk_array` for arrays of objects: calls `on_object(object)` for each element. A null element, like any
/// element that is not an object, is a type error for JSONDecoder's `[Element]`: the reference decoder rejects it.
template <typename OnObject>
ScanOutcome PageScanner::walk_objects(simdjson::ondemand::value &value, OnObject &&on_object) {
    return walk_array(value, [&](simdjson::ondemand::value &element) {
        simdjson::ondemand::object object;
        bool is_object = false;
        ScanOutcome outcome = open_object(element, Null::refused, object, is_object);
        return outcome == ScanOutcome::ok ? on_object(object) : outcome;
    });
}

/// An array of objects read into consecutive records of `records` by `scan_record(object, record)`; `range`
/// says where they are. Only this loop appends to `records` while the array is read (what an element holds goes
/// to other vectors), so the records stay contiguous.
template <typename Record, typename ScanRecord>
ScanOutcome PageScanner::scan_records(simdjson::ondemand::value &value, std::vector<Record> &records,
                                      cps_range &range, ScanRecord &&scan_record) {
    range.start = static_cast<uint32_t>(records.size());
    ScanOutcome outcome = walk_objects(value, [&](simdjson::ondemand::object &object) {
        Record record{};
        ScanOutcome scanned = scan_record(object, record);
        if (scanned == ScanOutcome::ok) records.push_back(record);
        return scanned;
    });
    range.count = static_cast<uint32_t>(records.size()) - range.start;
    return outcome;
}

/// An object whose keys are data (a resource list, labels), or null: each entry's key is unescaped and interned,
/// its value read by `on_entry(value, symbol)`, and the entries appended to `entries_`. A key repeated after
/// unescaping leaves the object to the reference decoder.
template <typename OnEntry>
ScanOutcome PageScanner::walk_entries(simdjson::ondemand::value &value, cps_range &range, bool *present,
                                      OnEntry &&on_entry) {
    simdjson::ondemand::object object;
    bool is_object = false;
    ScanOutcome outcome = open_object(value, Null::allowed, object, is_object);
    if (present != nullptr) *present = is_object;
    if (outcome != ScanOutcome::ok || !is_object) return outcome;
    range.start = static_cast<uint32_t>(entries_.size());
    for (auto result : object) {
        simdjson::ondemand::field field;
        if (simdjson::error_code error = std::move(result).get(field)) return fail(error);
        std::string_view name;
        if (simdjson::error_code error = field.unescaped_key().get(name)) return fail(error);
        cps_entry entry{symbols_.intern(name), 0};
        for (size_t index = range.start; index < entries_.size(); ++index) {
            if (entries_[index].name == entry.name) return ScanOutcome::reference;
        }
        ScanOutcome read = on_entry(field.value(), entry.value);
        if (read != ScanOutcome::ok) return read;
        entries_.push_back(entry);
    }
    range.count = static_cast<uint32_t>(entries_.size()) - range.start;
    return ScanOutcome::ok;
}

}  // namespace cpodscan
