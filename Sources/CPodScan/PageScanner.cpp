// Documents, lists and the readers shared by pods and nodes.
#include "PageScanner.hpp"

#include <string_view>

#include "ValueSpan.hpp"
#include "Walkers.hpp"

namespace cpodscan {

namespace ondemand = simdjson::ondemand;
using ondemand::json_type;
using simdjson::error_code;

namespace {

/// Stands in for a quantity that is neither a string nor a number, as `ResourceList.invalidValueMarker`.
constexpr std::string_view invalid_quantity_marker = "<not a quantity>";

/// Past this many symbols the table restarts at the next page (see SymbolTable::restart_if_larger_than).
constexpr size_t symbol_limit = 1u << 16;

constexpr KeyTable list_keys{"metadata", "items"};
constexpr KeyTable list_metadata_keys{"continue", "resourceVersion", "remainingItemCount"};

/// The record of an item left to the reference decoder: its position and its JSON text, nothing read.
template <typename Record>
Record reference_record(uint32_t item_index, std::string_view json) {
    Record record{};
    record.item_index = item_index;
    record.flags = CPS_ITEM_REFERENCE;
    record.json = cps_text{json.data(), json.size()};
    return record;
}

}  // namespace

void PageScanner::scan(ItemKind kind, Document shape, const char *json, size_t length, size_t capacity,
                       bool validate_all, cps_page &out) {
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
        outcome = shape == Document::page ? scan_page(document, out, json + length) : scan_single(document);
        // JSONDecoder rejects anything after the top-level value; at the end of input there is no location left.
        if (outcome == ScanOutcome::ok && document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
            outcome = ScanOutcome::reference;
        }
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

ScanOutcome PageScanner::scan_page(ondemand::document &document, cps_page &out, const char *end) {
    json_type type;
    if (error_code error = document.type().get(type)) return fail(error);
    if (type != json_type::object) return ScanOutcome::reference;
    ondemand::object top;
    if (error_code error = document.get_object().get(top)) return fail(error);
    return walk_fields(top, list_keys, [&](size_t key, ondemand::value &value) {
        switch (key) {
        case list_keys.at("metadata"): return scan_list_metadata(value, out);
        case list_keys.at("items"): return scan_items(value, out, end);
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_single(ondemand::document &document) {
    json_type type;
    if (error_code error = document.type().get(type)) return fail(error);
    if (type != json_type::object) return ScanOutcome::reference;
    ondemand::object object;
    if (error_code error = document.get_object().get(object)) return fail(error);
    ScanOutcome outcome;
    if (kind_ == ItemKind::pod) {
        cps_pod pod{};
        outcome = scan_pod(object, pod);
        if (outcome == ScanOutcome::ok) pods_.push_back(pod);
    } else {
        cps_node node{};
        outcome = scan_node(object, node);
        if (outcome == ScanOutcome::ok) nodes_.push_back(node);
    }
    // A lone object's kind is not checked: JSONDecoder, which decodes it then, reads it as the wanted kind.
    return outcome == ScanOutcome::skip ? ScanOutcome::reference : outcome;
}

ScanOutcome PageScanner::scan_list_metadata(ondemand::value &value, cps_page &out) {
    return walk_fields(value, Null::allowed, list_metadata_keys, [&](size_t key, ondemand::value &field) {
        switch (key) {
        case list_metadata_keys.at("continue"): return read_text(field, out.continue_token);
        case list_metadata_keys.at("resourceVersion"): return read_text(field, out.resource_version);
        case list_metadata_keys.at("remainingItemCount"): {
            json_type type;
            if (error_code error = field.type().get(type)) return fail(error);
            if (type == json_type::null) return check_null(field);
            // JSONDecoder also takes integral forms like 5.0 or 5e0: leave those to it.
            if (type != json_type::number || field.get_int64().get(out.remaining_item_count)) {
                return ScanOutcome::reference;
            }
            out.has_remaining_item_count = 1;
            return ScanOutcome::ok;
        }
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_items(ondemand::value &value, cps_page &out, const char *end) {
    json_type type;
    if (error_code error = value.type().get(type)) return fail(error);
    if (type == json_type::null) {
        out.items_shape = CPS_ITEMS_NULL;
        return check_null(value);
    }
    if (type != json_type::array) {
        out.items_shape = CPS_ITEMS_OTHER;
        return ScanOutcome::ok;
    }
    out.items_shape = CPS_ITEMS_ARRAY;
    uint32_t index = 0;
    return walk_array(value, [&](ondemand::value &item) { return scan_item(item, index++, out, end); });
}

ScanOutcome PageScanner::scan_item(ondemand::value &value, uint32_t item_index, cps_page &out, const char *end) {
    std::string_view token = value.raw_json_token();
    size_t containers_mark = containers_.size(), statuses_mark = container_statuses_.size(),
           entries_mark = entries_.size();
    ondemand::object object;
    bool is_object = false;
    ScanOutcome outcome = open_object(value, Null::refused, object, is_object);
    if (outcome == ScanOutcome::ok && kind_ == ItemKind::pod) {
        cps_pod pod{};
        pod.item_index = item_index;
        outcome = scan_pod(object, pod);
        if (outcome == ScanOutcome::ok) pods_.push_back(pod);
    } else if (outcome == ScanOutcome::ok) {
        cps_node node{};
        node.item_index = item_index;
        outcome = scan_node(object, node);
        if (outcome == ScanOutcome::ok) nodes_.push_back(node);
    }
    if (outcome == ScanOutcome::ok || outcome == ScanOutcome::fail) return outcome;
    // Drop what an item of another kind, or one for the reference decoder, left in the shared vectors.
    containers_.resize(containers_mark);
    container_statuses_.resize(statuses_mark);
    entries_.resize(entries_mark);
    if (outcome == ScanOutcome::skip) {
        ++out.skipped_item_count;
        return ScanOutcome::ok;
    }
    std::string_view json = value_span(token.data(), end);
    if (kind_ == ItemKind::pod) {
        pods_.push_back(reference_record<cps_pod>(item_index, json));
    } else {
        nodes_.push_back(reference_record<cps_node>(item_index, json));
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::open_object(ondemand::value &value, Null null, ondemand::object &object, bool &present) {
    present = false;
    json_type type;
    if (error_code error = value.type().get(type)) return fail(error);
    if (type == json_type::null && null == Null::allowed) return check_null(value);
    if (type != json_type::object) return ScanOutcome::reference;
    if (error_code error = value.get_object().get(object)) return fail(error);
    present = true;
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_resource_list(ondemand::value &value, cps_range &range, bool *present) {
    return walk_entries(value, range, present,
                        [&](ondemand::value &quantity, cps_symbol &symbol) { return scan_quantity(quantity, symbol); });
}

ScanOutcome PageScanner::scan_quantity(ondemand::value &value, cps_symbol &symbol) {
    json_type type;
    if (error_code error = value.type().get(type)) return fail(error);
    switch (type) {
    case json_type::string: {
        std::string_view text;
        if (error_code error = value.get_string().get(text)) return fail(error);
        symbol = symbols_.intern(text);
        return ScanOutcome::ok;
    }
    case json_type::number:
        // The model renders numbers through Int64 or Double text; JSONDecoder stays the authority for that.
        return ScanOutcome::reference;
    case json_type::null: {
        ScanOutcome outcome = check_null(value);
        if (outcome != ScanOutcome::ok) return outcome;
        break;
    }
    case json_type::boolean: {
        bool ignored;
        if (error_code error = value.get_bool().get(ignored)) return fail(error);
        break;
    }
    default:
        // An object or array: skipped by the iteration, and a marker in its place.
        break;
    }
    symbol = symbols_.intern(invalid_quantity_marker);
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::check_kind(ondemand::value &value, std::string_view wanted) {
    // Typed lists omit their items' kind; in a kubectl `List` only the wanted kind is kept. A kind that is not
    // a string is ignored, as the Swift side's kind check ignores it.
    json_type type;
    if (error_code error = value.type().get(type)) return fail(error);
    if (type != json_type::string) return ScanOutcome::ok;
    std::string_view kind;
    if (error_code error = value.get_string().get(kind)) return fail(error);
    return kind == wanted ? ScanOutcome::ok : ScanOutcome::skip;
}

ScanOutcome PageScanner::read_text(ondemand::value &value, cps_text &text) {
    json_type type;
    if (error_code error = value.type().get(type)) return fail(error);
    if (type == json_type::null) {
        text = cps_text{};
        return check_null(value);
    }
    if (type != json_type::string) return ScanOutcome::reference;
    std::string_view view;
    if (error_code error = value.get_string().get(view)) return fail(error);
    // A non-null pointer marks presence, even for "" (whose view may carry no pointer of its own).
    text = cps_text{view.data() ? view.data() : "", view.size()};
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::read_symbol(ondemand::value &value, cps_symbol &symbol) {
    json_type type;
    if (error_code error = value.type().get(type)) return fail(error);
    if (type == json_type::null) {
        symbol = 0;
        return check_null(value);
    }
    if (type != json_type::string) return ScanOutcome::reference;
    std::string_view view;
    if (error_code error = value.get_string().get(view)) return fail(error);
    symbol = symbols_.intern(view);
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::check_null(ondemand::value &value) {
    // type() only looks at the first byte; make sure the atom really is `null`.
    bool is_null = false;
    if (error_code error = value.is_null().get(is_null)) return fail(error);
    return is_null ? ScanOutcome::ok : fail(simdjson::N_ATOM_ERROR);
}

}  // namespace cpodscan
