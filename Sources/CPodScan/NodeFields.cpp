// The node walk: the fields of KubeModel's CapacityNode, and nothing else.
#include <string_view>

#include "PageScanner.hpp"
#include "Walkers.hpp"

namespace cpodscan {

namespace ondemand = simdjson::ondemand;
using ondemand::json_type;
using simdjson::error_code;

namespace {

constexpr KeyTable node_keys{"metadata", "spec", "status", "kind"};
constexpr KeyTable node_metadata_keys{"name", "labels"};
constexpr KeyTable node_spec_keys{"unschedulable"};
constexpr KeyTable node_status_keys{"capacity", "allocatable", "conditions"};
constexpr KeyTable condition_keys{"type", "status"};

}  // namespace

ScanOutcome PageScanner::scan_node(ondemand::object &object, cps_node &node) {
    return walk_fields(object, node_keys, [&](size_t key, ondemand::value &value) {
        switch (key) {
        case node_keys.at("metadata"): return scan_node_metadata(value, node);
        case node_keys.at("spec"): return scan_node_spec(value, node);
        case node_keys.at("status"): return scan_node_status(value, node);
        case node_keys.at("kind"): return check_kind(value, "Node");
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_node_metadata(ondemand::value &value, cps_node &node) {
    return walk_fields(value, Null::allowed, node_metadata_keys, [&](size_t key, ondemand::value &field) {
        switch (key) {
        case node_metadata_keys.at("name"): return read_text(field, node.name);
        // Kept: node selectors filter on them.
        case node_metadata_keys.at("labels"): return scan_labels(field, node.labels);
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_labels(ondemand::value &value, cps_range &range) {
    return walk_entries(value, range, nullptr, [&](ondemand::value &label, cps_symbol &symbol) {
        json_type type;
        if (error_code error = label.type().get(type)) return fail(error);
        // `[String: String]`: a null or non-string value fails the whole object in JSONDecoder.
        if (type != json_type::string) return ScanOutcome::reference;
        return read_symbol(label, symbol);
    });
}

ScanOutcome PageScanner::scan_node_spec(ondemand::value &value, cps_node &node) {
    return walk_fields(value, Null::allowed, node_spec_keys, [&](size_t, ondemand::value &field) {
        json_type type;
        if (error_code error = field.type().get(type)) return fail(error);
        if (type == json_type::null) return check_null(field);
        if (type != json_type::boolean) return ScanOutcome::reference;
        bool unschedulable = false;
        if (error_code error = field.get_bool().get(unschedulable)) return fail(error);
        if (unschedulable) node.flags |= CPS_NODE_UNSCHEDULABLE;
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_node_status(ondemand::value &value, cps_node &node) {
    return walk_fields(value, Null::allowed, node_status_keys, [&](size_t key, ondemand::value &field) {
        switch (key) {
        case node_status_keys.at("capacity"): return scan_resource_list(field, node.capacity);
        case node_status_keys.at("allocatable"): {
            bool present = false;
            ScanOutcome outcome = scan_resource_list(field, node.allocatable, &present);
            if (present) node.flags |= CPS_NODE_HAS_ALLOCATABLE;
            return outcome;
        }
        case node_status_keys.at("conditions"): {
            bool ready = false;
            ScanOutcome outcome = walk_objects(
                field, [&](ondemand::object &condition) { return scan_condition(condition, ready); });
            if (ready) node.flags |= CPS_NODE_READY;
            return outcome;
        }
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_condition(ondemand::object &object, bool &ready) {
    cps_symbol type = 0, status = 0;
    ScanOutcome outcome = walk_fields(object, condition_keys, [&](size_t key, ondemand::value &field) {
        return read_symbol(field, key == condition_keys.at("type") ? type : status);
    });
    if (outcome != ScanOutcome::ok) return outcome;
    // Both are required (non-optional in NodeCondition): absent or null fails the node in JSONDecoder.
    if (type == 0 || status == 0) return ScanOutcome::reference;
    if (symbols_.text(type) == "Ready" && symbols_.text(status) == "True") ready = true;
    return ScanOutcome::ok;
}

}  // namespace cpodscan
