// The node walk: what the capacity engine reads from a node, and the type checks the Swift model applies.
#include <string_view>

#include "PageScanner.hpp"
#include "RawKey.hpp"
#include "ScanMacros.hpp"

namespace cpodscan {

namespace ondemand = simdjson::ondemand;
using ondemand::json_type;

ScanOutcome PageScanner::scan_node(ondemand::value &value, cps_node &node) {
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
            Metadata metadata;
            CPS_CHECK(scan_object_metadata(field.value(), metadata, true));
            node.name = metadata.name;
            node.uid = metadata.uid;
            node.namespace_ = metadata.namespace_;
            node.labels_start = metadata.labels.start;
            node.labels_count = metadata.labels.count;
        } else if (key.text == "spec") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(scan_node_spec(field.value(), node));
        } else if (key.text == "status") {
            CPS_FIRST(seen, 2);
            CPS_CHECK(scan_node_status(field.value(), node));
        } else if (key.text == "kind") {
            CPS_FIRST(seen, 3);
            json_type kind_type;
            CPS_GET(field.value().type(), kind_type);
            if (kind_type != json_type::string) continue;
            std::string_view kind;
            CPS_GET(field.value().get_string(), kind);
            if (kind != "Node") return ScanOutcome::skip;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_node_spec(ondemand::value &value, cps_node &node) {
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
        if (key.text != "unschedulable") continue;
        CPS_FIRST(seen, 0);
        json_type type;
        CPS_GET(field.value().type(), type);
        if (type == json_type::null) {
            CPS_CHECK(check_null(field.value()));
            continue;
        }
        if (type != json_type::boolean) return ScanOutcome::reference;
        bool unschedulable = false;
        CPS_GET(field.value().get_bool(), unschedulable);
        if (unschedulable) node.flags |= CPS_NODE_UNSCHEDULABLE;
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_node_status(ondemand::value &value, cps_node &node) {
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
        if (key.text == "capacity" || key.text == "allocatable") {
            bool allocatable = key.text == "allocatable";
            CPS_FIRST(seen, allocatable ? 1 : 0);
            bool present;
            CPS_CHECK(object_or_null(field.value(), present));
            if (!present) continue;
            Range range;
            CPS_CHECK(scan_resource_list(field.value(), range));
            if (allocatable) {
                node.flags |= CPS_NODE_HAS_ALLOCATABLE;
                node.allocatable_start = range.start;
                node.allocatable_count = range.count;
            } else {
                node.capacity_start = range.start;
                node.capacity_count = range.count;
            }
        } else if (key.text == "conditions") {
            CPS_FIRST(seen, 2);
            Range range;
            CPS_CHECK(scan_conditions(field.value(), range));
            node.conditions_start = range.start;
            node.conditions_count = range.count;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_conditions(ondemand::value &value, Range &range) {
    json_type type;
    CPS_GET(value.type(), type);
    if (type == json_type::null) return check_null(value);
    if (type != json_type::array) return ScanOutcome::reference;
    ondemand::array array;
    CPS_GET(value.get_array(), array);
    range.start = static_cast<uint32_t>(conditions_.size());
    for (auto result : array) {
        ondemand::value element;
        CPS_GET(std::move(result), element);
        cps_condition condition{};
        CPS_CHECK(scan_condition(element, condition));
        conditions_.push_back(condition);
    }
    range.count = static_cast<uint32_t>(conditions_.size()) - range.start;
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_condition(ondemand::value &value, cps_condition &condition) {
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
        if (key.text == "type") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(read_symbol(field.value(), condition.type));
        } else if (key.text == "status") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(read_symbol(field.value(), condition.status));
        }
    }
    // Both are required (non-optional in NodeCondition): absent or null fails the node in JSONDecoder.
    return condition.type != 0 && condition.status != 0 ? ScanOutcome::ok : ScanOutcome::reference;
}

}  // namespace cpodscan
