#include "PageScanner.hpp"

#include <string_view>

#include "RawKey.hpp"
#include "ScanMacros.hpp"
#include "ShapeValidator.hpp"
#include "ValueSpan.hpp"

namespace cpodscan {

namespace ondemand = simdjson::ondemand;
using ondemand::json_type;
using simdjson::error_code;

namespace {

/// Stands in for a quantity that is neither a string nor a number, as `ResourceList.invalidValueMarker`.
constexpr std::string_view invalid_quantity_marker = "<not a quantity>";

/// Past this many symbols the table restarts at the next page (see SymbolTable::restart_if_larger_than).
constexpr size_t symbol_limit = 1u << 16;

}  // namespace

void PageScanner::scan(ItemKind kind, const char *json, size_t length, size_t capacity, bool validate_all,
                       cps_page &out) {
    reset_output(out);
    kind_ = kind;
    if (validate_all) {
        if (error_code error = validator_.parse(json, length, false).error()) {
            out.status = CPS_STATUS_REFERENCE_PAGE;
            out.json_error = simdjson::error_message(error);
            return;
        }
    }
    ondemand::document document;
    ScanOutcome outcome;
    if (error_code error = parser_.iterate(json, length, capacity).get(document)) {
        outcome = fail(error);
    } else {
        outcome = scan_document(document, out, json + length);
    }
    if (outcome == ScanOutcome::ok) {
        publish(out);
        return;
    }
    out.status = CPS_STATUS_REFERENCE_PAGE;
    if (outcome == ScanOutcome::fail) out.json_error = simdjson::error_message(error_);
}

void PageScanner::reset_output(cps_page &out) {
    out = cps_page{};
    error_ = simdjson::SUCCESS;
    pods_.clear();
    containers_.clear();
    container_statuses_.clear();
    nodes_.clear();
    conditions_.clear();
    entries_.clear();
    symbols_.restart_if_larger_than(symbol_limit);
}

void PageScanner::publish(cps_page &out) const {
    out.status = CPS_STATUS_OK;
    out.pods = pods_.data();
    out.pod_count = pods_.size();
    out.containers = containers_.data();
    out.container_count = containers_.size();
    out.container_statuses = container_statuses_.data();
    out.container_status_count = container_statuses_.size();
    out.nodes = nodes_.data();
    out.node_count = nodes_.size();
    out.conditions = conditions_.data();
    out.condition_count = conditions_.size();
    out.entries = entries_.data();
    out.entry_count = entries_.size();
    out.symbols = symbols_.entries().data();
    out.symbol_count = symbols_.entries().size();
    out.symbol_generation = symbols_.generation();
}

ScanOutcome PageScanner::fail(error_code error) noexcept {
    error_ = error;
    return ScanOutcome::fail;
}

ScanOutcome PageScanner::scan_document(ondemand::document &document, cps_page &out, const char *end) {
    json_type type;
    CPS_GET(document.type(), type);
    if (type != json_type::object) return ScanOutcome::reference;
    ondemand::object top;
    CPS_GET(document.get_object(), top);
    SeenKeys seen;
    for (auto result : top) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        if (key.text == "metadata") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(scan_list_metadata(field.value(), out));
        } else if (key.text == "items") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(scan_items(field.value(), out, end));
        }
    }
    // JSONDecoder rejects anything after the top-level value; at the end of input there is no location left.
    if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) return ScanOutcome::reference;
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_list_metadata(ondemand::value &value, cps_page &out) {
    bool is_object;
    CPS_CHECK(object_or_null(value, is_object));
    if (!is_object) return ScanOutcome::ok;
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    SeenKeys seen;
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        if (key.text == "continue") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(read_text(field.value(), out.continue_token));
        } else if (key.text == "resourceVersion") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(read_text(field.value(), out.resource_version));
        } else if (key.text == "remainingItemCount") {
            CPS_FIRST(seen, 2);
            json_type type;
            CPS_GET(field.value().type(), type);
            if (type == json_type::null) {
                CPS_CHECK(check_null(field.value()));
                continue;
            }
            // JSONDecoder also takes integral forms like 5.0 or 5e0: leave those to it.
            if (type != json_type::number || field.value().get_int64().get(out.remaining_item_count)) {
                return ScanOutcome::reference;
            }
            out.has_remaining_item_count = 1;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_items(ondemand::value &value, cps_page &out, const char *end) {
    json_type type;
    CPS_GET(value.type(), type);
    if (type == json_type::null) {
        CPS_CHECK(check_null(value));
        out.items_shape = CPS_ITEMS_NULL;
        return ScanOutcome::ok;
    }
    if (type != json_type::array) {
        out.items_shape = CPS_ITEMS_OTHER;
        return ScanOutcome::ok;
    }
    out.items_shape = CPS_ITEMS_ARRAY;
    ondemand::array array;
    CPS_GET(value.get_array(), array);
    uint32_t index = 0;
    for (auto result : array) {
        ondemand::value element;
        CPS_GET(std::move(result), element);
        std::string_view token = element.raw_json_token();
        size_t containers_mark = containers_.size(), statuses_mark = container_statuses_.size(),
               conditions_mark = conditions_.size(), entries_mark = entries_.size();
        uint32_t item_index = index++;
        ScanOutcome outcome;
        if (kind_ == ItemKind::pod) {
            cps_pod pod{};
            pod.item_index = item_index;
            outcome = scan_pod(element, pod);
            if (outcome == ScanOutcome::ok) pods_.push_back(pod);
        } else {
            cps_node node{};
            node.item_index = item_index;
            outcome = scan_node(element, node);
            if (outcome == ScanOutcome::ok) nodes_.push_back(node);
        }
        if (outcome == ScanOutcome::ok) continue;
        if (outcome == ScanOutcome::fail) return outcome;
        // Drop what an item of another kind, or one for the reference decoder, left in the shared vectors.
        containers_.resize(containers_mark);
        container_statuses_.resize(statuses_mark);
        conditions_.resize(conditions_mark);
        entries_.resize(entries_mark);
        if (outcome == ScanOutcome::skip) {
            ++out.skipped_item_count;
            continue;
        }
        std::string_view span = value_span(token.data(), end);
        cps_text json{span.data(), span.size()};
        if (kind_ == ItemKind::pod) {
            cps_pod pod{};
            pod.item_index = item_index;
            pod.flags = CPS_ITEM_REFERENCE;
            pod.json = json;
            pods_.push_back(pod);
        } else {
            cps_node node{};
            node.item_index = item_index;
            node.flags = CPS_ITEM_REFERENCE;
            node.json = json;
            nodes_.push_back(node);
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_object_metadata(ondemand::value &value, Metadata &metadata, bool keep_labels) {
    bool is_object;
    CPS_CHECK(object_or_null(value, is_object));
    if (!is_object) return ScanOutcome::ok;
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    SeenKeys seen;
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        if (key.text == "name") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(read_text(field.value(), metadata.name));
        } else if (key.text == "namespace") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(read_symbol(field.value(), metadata.namespace_));
        } else if (key.text == "uid") {
            CPS_FIRST(seen, 2);
            CPS_CHECK(read_text(field.value(), metadata.uid));
        } else if (key.text == "labels") {
            CPS_FIRST(seen, 3);
            CPS_CHECK(keep_labels ? scan_labels(field.value(), metadata.labels) : check(field.value(), shapes::string_map));
        } else if (key.text == "ownerReferences") {
            CPS_CHECK(check(field.value(), shapes::owner_references));
        } else if (key.text == "creationTimestamp" || key.text == "deletionTimestamp") {
            CPS_CHECK(check(field.value(), shapes::string));
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_labels(ondemand::value &value, Range &range) {
    bool is_object;
    CPS_CHECK(object_or_null(value, is_object));
    if (!is_object) return ScanOutcome::ok;
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    range.start = static_cast<uint32_t>(entries_.size());
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        std::string_view name;
        CPS_GET(field.unescaped_key(), name);
        cps_entry entry{symbols_.intern(name), 0};
        for (size_t i = range.start; i < entries_.size(); ++i) {
            if (entries_[i].name == entry.name) return ScanOutcome::reference;
        }
        json_type type;
        CPS_GET(field.value().type(), type);
        // `[String: String]`: a null or non-string value fails the whole object in JSONDecoder.
        if (type != json_type::string) return ScanOutcome::reference;
        CPS_CHECK(read_symbol(field.value(), entry.value));
        entries_.push_back(entry);
    }
    range.count = static_cast<uint32_t>(entries_.size()) - range.start;
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_resource_list(ondemand::value &value, Range &range) {
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    range.start = static_cast<uint32_t>(entries_.size());
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        std::string_view name;
        // Resource names are data, so they are unescaped rather than compared raw.
        CPS_GET(field.unescaped_key(), name);
        cps_entry entry{symbols_.intern(name), 0};
        for (size_t i = range.start; i < entries_.size(); ++i) {
            if (entries_[i].name == entry.name) return ScanOutcome::reference;
        }
        CPS_CHECK(scan_quantity(field.value(), entry.value));
        entries_.push_back(entry);
    }
    range.count = static_cast<uint32_t>(entries_.size()) - range.start;
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_quantity(ondemand::value &value, cps_symbol &symbol) {
    json_type type;
    CPS_GET(value.type(), type);
    switch (type) {
    case json_type::string: {
        std::string_view text;
        CPS_GET(value.get_string(), text);
        symbol = symbols_.intern(text);
        return ScanOutcome::ok;
    }
    case json_type::number:
        // The model renders numbers through Int64 or Double text; JSONDecoder stays the authority for that.
        return ScanOutcome::reference;
    case json_type::null:
        CPS_CHECK(check_null(value));
        break;
    case json_type::boolean: {
        bool ignored;
        CPS_GET(value.get_bool(), ignored);
        break;
    }
    default:
        break;
    }
    symbol = symbols_.intern(invalid_quantity_marker);
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::check(ondemand::value &value, const TypeShape &shape) {
    error_code error = simdjson::SUCCESS;
    ScanOutcome outcome = check_shape(value, shape, false, error);
    return outcome == ScanOutcome::fail ? fail(error) : outcome;
}

ScanOutcome PageScanner::read_text(ondemand::value &value, cps_text &text) {
    json_type type;
    CPS_GET(value.type(), type);
    if (type == json_type::null) {
        text = cps_text{};
        return check_null(value);
    }
    if (type != json_type::string) return ScanOutcome::reference;
    std::string_view view;
    CPS_GET(value.get_string(), view);
    // A non-null pointer marks presence, even for "" (whose view may carry no pointer of its own).
    text = cps_text{view.data() ? view.data() : "", view.size()};
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::read_symbol(ondemand::value &value, cps_symbol &symbol) {
    json_type type;
    CPS_GET(value.type(), type);
    if (type == json_type::null) {
        symbol = 0;
        return check_null(value);
    }
    if (type != json_type::string) return ScanOutcome::reference;
    std::string_view view;
    CPS_GET(value.get_string(), view);
    symbol = symbols_.intern(view);
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::object_or_null(ondemand::value &value, bool &is_object) {
    json_type type;
    CPS_GET(value.type(), type);
    is_object = type == json_type::object;
    if (type == json_type::null) return check_null(value);
    return is_object ? ScanOutcome::ok : ScanOutcome::reference;
}

ScanOutcome PageScanner::check_null(ondemand::value &value) {
    // type() only looks at the first byte; make sure the atom really is `null`.
    bool is_null = false;
    CPS_GET(value.is_null(), is_null);
    return is_null ? ScanOutcome::ok : fail(simdjson::N_ATOM_ERROR);
}

}  // namespace cpodscan
