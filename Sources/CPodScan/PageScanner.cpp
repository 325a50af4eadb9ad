#include "PageScanner.hpp"

#include <string_view>

#include "ModelShapes.hpp"
#include "RawKey.hpp"
#include "ShapeValidator.hpp"
#include "ValueSpan.hpp"

namespace cpodscan {

namespace ondemand = simdjson::ondemand;
using ondemand::json_type;
using simdjson::error_code;

namespace {

/// JSONDecoder keeps the first of two equal keys; instead of mimicking that, a repeated key the fast path
/// reads sends the object to the reference decoder.
class SeenKeys {
public:
    bool first(unsigned bit) noexcept {
        uint32_t mask = 1u << bit;
        if (bits_ & mask) return false;
        bits_ |= mask;
        return true;
    }

private:
    uint32_t bits_ = 0;
};

/// Stands in for a quantity that is neither a string nor a number, as `ResourceList.invalidValueMarker`.
constexpr std::string_view invalid_quantity_marker = "<not a quantity>";

/// Past this many symbols the table restarts at the next page (see SymbolTable::restart_if_larger_than).
constexpr size_t symbol_limit = 1u << 16;

#define CPS_CHECK(expression)                                                                                          \
    do {                                                                                                               \
        ScanOutcome outcome_ = (expression);                                                                           \
        if (outcome_ != ScanOutcome::ok) return outcome_;                                                              \
    } while (0)

#define CPS_GET(result, target)                                                                                        \
    do {                                                                                                               \
        if (error_code error_ = (result).get(target)) return fail(error_);                                             \
    } while (0)

#define CPS_FIRST(seen, bit)                                                                                           \
    do {                                                                                                               \
        if (!(seen).first(bit)) return ScanOutcome::reference;                                                         \
    } while (0)

}  // namespace

void PageScanner::scan(const char *json, size_t length, size_t capacity, bool validate_all, cps_page &out) {
    reset_output(out);
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
    items_.clear();
    containers_.clear();
    entries_.clear();
    symbols_.restart_if_larger_than(symbol_limit);
}

void PageScanner::publish(cps_page &out) const {
    out.status = CPS_STATUS_OK;
    out.items = items_.data();
    out.item_count = items_.size();
    out.containers = containers_.data();
    out.container_count = containers_.size();
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
        size_t containers_mark = containers_.size(), entries_mark = entries_.size();
        cps_item item{};
        item.item_index = index++;
        ScanOutcome outcome = scan_item(element, item);
        if (outcome == ScanOutcome::fail) return outcome;
        if (outcome == ScanOutcome::ok) {
            items_.push_back(item);
            continue;
        }
        // Drop what a non-Pod item or an item for the reference decoder left in the shared vectors.
        containers_.resize(containers_mark);
        entries_.resize(entries_mark);
        if (outcome == ScanOutcome::skip) {
            ++out.skipped_item_count;
            continue;
        }
        cps_item reference{};
        reference.item_index = item.item_index;
        reference.flags = CPS_ITEM_REFERENCE;
        std::string_view span = value_span(token.data(), end);
        reference.json = cps_text{span.data(), span.size()};
        items_.push_back(reference);
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_item(ondemand::value &value, cps_item &item) {
    json_type type;
    CPS_GET(value.type(), type);
    if (type != json_type::object) return ScanOutcome::reference;
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    SeenKeys seen;
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        if (key.text == "metadata") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(scan_metadata(field.value(), item));
        } else if (key.text == "spec") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(scan_spec(field.value(), item));
        } else if (key.text == "status") {
            CPS_FIRST(seen, 2);
            CPS_CHECK(scan_status(field.value(), item));
        } else if (key.text == "kind") {
            CPS_FIRST(seen, 3);
            // Typed lists omit the items' kind; in a kubectl `List` only Pods are kept. A kind that is not a
            // string is ignored, as `KubeList<Pod>` ignores it.
            json_type kind_type;
            CPS_GET(field.value().type(), kind_type);
            if (kind_type != json_type::string) continue;
            std::string_view kind;
            CPS_GET(field.value().get_string(), kind);
            if (kind != "Pod") return ScanOutcome::skip;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_metadata(ondemand::value &value, cps_item &item) {
    bool is_object;
    CPS_CHECK(object_or_null(value, is_object));
    if (!is_object) return ScanOutcome::ok;
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    SeenKeys seen;
    error_code error = simdjson::SUCCESS;
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        const TypeShape *checked = nullptr;
        if (key.text == "name") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(read_text(field.value(), item.name));
        } else if (key.text == "namespace") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(read_symbol(field.value(), item.namespace_));
        } else if (key.text == "uid") {
            CPS_FIRST(seen, 2);
            CPS_CHECK(read_text(field.value(), item.uid));
        } else if (key.text == "labels") {
            checked = &shapes::string_map;
        } else if (key.text == "ownerReferences") {
            checked = &shapes::owner_references;
        } else if (key.text == "creationTimestamp" || key.text == "deletionTimestamp") {
            checked = &shapes::string;
        }
        if (checked) {
            ScanOutcome outcome = check_shape(field.value(), *checked, false, error);
            if (outcome == ScanOutcome::fail) return fail(error);
            if (outcome != ScanOutcome::ok) return outcome;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_spec(ondemand::value &value, cps_item &item) {
    bool is_object;
    CPS_CHECK(object_or_null(value, is_object));
    if (!is_object) return ScanOutcome::ok;
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    SeenKeys seen;
    error_code error = simdjson::SUCCESS;
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        const TypeShape *checked = nullptr;
        if (key.text == "containers") {
            CPS_FIRST(seen, 0);
            Range range;
            CPS_CHECK(scan_containers(field.value(), range));
            item.containers_start = range.start;
            item.containers_count = range.count;
        } else if (key.text == "initContainers") {
            CPS_FIRST(seen, 1);
            Range range;
            CPS_CHECK(scan_containers(field.value(), range));
            item.init_containers_start = range.start;
            item.init_containers_count = range.count;
        } else if (key.text == "nodeName") {
            CPS_FIRST(seen, 2);
            CPS_CHECK(read_symbol(field.value(), item.node_name));
            // The model treats an empty node name as unscheduled.
            if (symbols_.entries()[item.node_name].length == 0) item.node_name = 0;
        } else if (key.text == "overhead") {
            CPS_FIRST(seen, 3);
            bool present;
            CPS_CHECK(object_or_null(field.value(), present));
            if (!present) continue;
            Range range;
            CPS_CHECK(scan_resource_list(field.value(), range));
            item.flags |= CPS_ITEM_HAS_OVERHEAD;
            item.overhead_start = range.start;
            item.overhead_count = range.count;
        } else if (key.text == "resources") {
            CPS_FIRST(seen, 4);
            bool present;
            CPS_CHECK(object_or_null(field.value(), present));
            if (!present) continue;
            Range requests, limits;
            CPS_CHECK(scan_requirements(field.value(), requests, limits));
            item.flags |= CPS_ITEM_HAS_POD_RESOURCES;
            item.requests_start = requests.start;
            item.requests_count = requests.count;
            item.limits_start = limits.start;
            item.limits_count = limits.count;
        } else if (key.text == "volumes") {
            checked = &shapes::volumes;
        } else if (key.text == "serviceAccountName") {
            checked = &shapes::string;
        }
        if (checked) {
            ScanOutcome outcome = check_shape(field.value(), *checked, false, error);
            if (outcome == ScanOutcome::fail) return fail(error);
            if (outcome != ScanOutcome::ok) return outcome;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_status(ondemand::value &value, cps_item &item) {
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
        if (key.text == "phase") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(read_symbol(field.value(), item.phase));
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_containers(ondemand::value &value, Range &range) {
    json_type type;
    CPS_GET(value.type(), type);
    if (type == json_type::null) return check_null(value);
    if (type != json_type::array) return ScanOutcome::reference;
    ondemand::array array;
    CPS_GET(value.get_array(), array);
    // Only this loop appends to `containers_` while the list is read (a container's quantities go to
    // `entries_`), so the list's records stay contiguous.
    range.start = static_cast<uint32_t>(containers_.size());
    for (auto result : array) {
        ondemand::value element;
        CPS_GET(std::move(result), element);
        cps_container container{};
        CPS_CHECK(scan_container(element, container));
        containers_.push_back(container);
    }
    range.count = static_cast<uint32_t>(containers_.size()) - range.start;
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_container(ondemand::value &value, cps_container &container) {
    json_type type;
    CPS_GET(value.type(), type);
    if (type != json_type::object) return ScanOutcome::reference;
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    SeenKeys seen;
    error_code error = simdjson::SUCCESS;
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        const TypeShape *checked = nullptr;
        if (key.text == "name") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(read_symbol(field.value(), container.name));
        } else if (key.text == "resources") {
            CPS_FIRST(seen, 1);
            bool present;
            CPS_CHECK(object_or_null(field.value(), present));
            if (!present) continue;
            Range requests, limits;
            CPS_CHECK(scan_requirements(field.value(), requests, limits));
            container.requests_start = requests.start;
            container.requests_count = requests.count;
            container.limits_start = limits.start;
            container.limits_count = limits.count;
        } else if (key.text == "restartPolicy") {
            CPS_FIRST(seen, 2);
            CPS_CHECK(read_symbol(field.value(), container.restart_policy));
        } else if (key.text == "env") {
            checked = &shapes::env;
        } else if (key.text == "envFrom") {
            checked = &shapes::env_from;
        }
        if (checked) {
            ScanOutcome outcome = check_shape(field.value(), *checked, false, error);
            if (outcome == ScanOutcome::fail) return fail(error);
            if (outcome != ScanOutcome::ok) return outcome;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_requirements(ondemand::value &value, Range &requests, Range &limits) {
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    SeenKeys seen;
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        Range *target = nullptr;
        if (key.text == "requests") {
            CPS_FIRST(seen, 0);
            target = &requests;
        } else if (key.text == "limits") {
            CPS_FIRST(seen, 1);
            target = &limits;
        } else {
            continue;
        }
        bool present;
        CPS_CHECK(object_or_null(field.value(), present));
        if (present) CPS_CHECK(scan_resource_list(field.value(), *target));
    }
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
