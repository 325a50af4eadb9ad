// The pod walk: the fields of KubeModel's CapacityPod, and nothing else.
#include <string_view>

#include "PageScanner.hpp"
#include "Walkers.hpp"

namespace cpodscan {

namespace ondemand = simdjson::ondemand;

namespace {

constexpr KeyTable pod_keys{"metadata", "spec", "status", "kind"};
constexpr KeyTable pod_metadata_keys{"name", "namespace"};
constexpr KeyTable pod_spec_keys{"containers", "initContainers", "nodeName", "overhead", "resources"};
constexpr KeyTable pod_status_keys{"phase", "resize", "containerStatuses"};
constexpr KeyTable container_keys{"name", "restartPolicy", "resources"};
constexpr KeyTable container_status_keys{"name", "resources"};
constexpr KeyTable requirements_keys{"requests", "limits"};
/// A container status's `resources`: kubectl counts the requests applied, never the limits.
constexpr KeyTable applied_requirements_keys{"requests"};

}  // namespace

ScanOutcome PageScanner::scan_pod(ondemand::object &object, cps_pod &pod) {
    return walk_fields(object, pod_keys, [&](size_t key, ondemand::value &value) {
        switch (key) {
        case pod_keys.at("metadata"): return scan_pod_metadata(value, pod);
        case pod_keys.at("spec"): return scan_pod_spec(value, pod);
        case pod_keys.at("status"): return scan_pod_status(value, pod);
        case pod_keys.at("kind"): return check_kind(value, "Pod");
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_pod_metadata(ondemand::value &value, cps_pod &pod) {
    return walk_fields(value, Null::allowed, pod_metadata_keys, [&](size_t key, ondemand::value &field) {
        switch (key) {
        case pod_metadata_keys.at("name"): return read_text(field, pod.name);
        case pod_metadata_keys.at("namespace"): return read_symbol(field, pod.namespace_);
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_pod_spec(ondemand::value &value, cps_pod &pod) {
    return walk_fields(value, Null::allowed, pod_spec_keys, [&](size_t key, ondemand::value &field) {
        switch (key) {
        case pod_spec_keys.at("containers"): return scan_containers(field, pod.containers);
        case pod_spec_keys.at("initContainers"): return scan_containers(field, pod.init_containers);
        case pod_spec_keys.at("nodeName"): {
            ScanOutcome outcome = read_symbol(field, pod.node_name);
            // The model treats an empty node name as unscheduled.
            if (symbols_.text(pod.node_name).empty()) pod.node_name = 0;
            return outcome;
        }
        case pod_spec_keys.at("overhead"): {
            bool present = false;
            ScanOutcome outcome = scan_resource_list(field, pod.overhead, &present);
            if (present) pod.flags |= CPS_POD_HAS_OVERHEAD;
            return outcome;
        }
        case pod_spec_keys.at("resources"): {
            bool present = false;
            ScanOutcome outcome = scan_requirements(field, pod.requests, &pod.limits, present);
            if (present) pod.flags |= CPS_POD_HAS_POD_RESOURCES;
            return outcome;
        }
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_pod_status(ondemand::value &value, cps_pod &pod) {
    return walk_fields(value, Null::allowed, pod_status_keys, [&](size_t key, ondemand::value &field) {
        switch (key) {
        case pod_status_keys.at("phase"): return read_symbol(field, pod.phase);
        case pod_status_keys.at("resize"): return read_symbol(field, pod.resize);
        case pod_status_keys.at("containerStatuses"):
            // Read here rather than sent to JSONDecoder: from Kubernetes 1.33 every running pod carries them.
            return scan_records(field, container_statuses_, pod.container_statuses,
                                [&](ondemand::object &object, cps_container_status &status) {
                                    return scan_container_status(object, status);
                                });
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_containers(ondemand::value &value, cps_range &range) {
    return scan_records(value, containers_, range, [&](ondemand::object &object, cps_container &container) {
        return scan_container(object, container);
    });
}

ScanOutcome PageScanner::scan_container(ondemand::object &object, cps_container &container) {
    return walk_fields(object, container_keys, [&](size_t key, ondemand::value &field) {
        switch (key) {
        case container_keys.at("name"): return read_symbol(field, container.name);
        case container_keys.at("restartPolicy"): return read_symbol(field, container.restart_policy);
        case container_keys.at("resources"): {
            bool present = false;
            return scan_requirements(field, container.requests, &container.limits, present);
        }
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_container_status(ondemand::object &object, cps_container_status &status) {
    // state, lastState, image, allocatedResources...: not in the model, so skipped whatever their type.
    return walk_fields(object, container_status_keys, [&](size_t key, ondemand::value &field) {
        switch (key) {
        case container_status_keys.at("name"): return read_symbol(field, status.name);
        case container_status_keys.at("resources"): {
            bool present = false;
            ScanOutcome outcome = scan_requirements(field, status.requests, nullptr, present);
            if (present) status.flags |= CPS_STATUS_HAS_RESOURCES;
            return outcome;
        }
        }
        return ScanOutcome::ok;
    });
}

ScanOutcome PageScanner::scan_requirements(ondemand::value &value, cps_range &requests, cps_range *limits,
                                           bool &present) {
    if (limits == nullptr) {
        return walk_fields(
            value, Null::allowed, applied_requirements_keys,
            [&](size_t, ondemand::value &field) { return scan_resource_list(field, requests); }, &present);
    }
    return walk_fields(
        value, Null::allowed, requirements_keys,
        [&](size_t key, ondemand::value &field) {
            return scan_resource_list(field, key == requirements_keys.at("requests") ? requests : *limits);
        },
        &present);
}

}  // namespace cpodscan
