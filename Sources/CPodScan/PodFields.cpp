// The pod walk: what the capacity engine reads from a pod, and the type checks the Swift model applies.
#include <string_view>

#include "PageScanner.hpp"
#include "RawKey.hpp"
#include "ScanMacros.hpp"

namespace cpodscan {

namespace ondemand = simdjson::ondemand;
using ondemand::json_type;

ScanOutcome PageScanner::scan_pod(ondemand::value &value, cps_pod &pod) {
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
            CPS_CHECK(scan_object_metadata(field.value(), metadata, false));
            pod.name = metadata.name;
            pod.uid = metadata.uid;
            pod.namespace_ = metadata.namespace_;
        } else if (key.text == "spec") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(scan_pod_spec(field.value(), pod));
        } else if (key.text == "status") {
            CPS_FIRST(seen, 2);
            CPS_CHECK(scan_pod_status(field.value(), pod));
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

ScanOutcome PageScanner::scan_pod_spec(ondemand::value &value, cps_pod &pod) {
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
        if (key.text == "containers") {
            CPS_FIRST(seen, 0);
            Range range;
            CPS_CHECK(scan_containers(field.value(), range));
            pod.containers_start = range.start;
            pod.containers_count = range.count;
        } else if (key.text == "initContainers") {
            CPS_FIRST(seen, 1);
            Range range;
            CPS_CHECK(scan_containers(field.value(), range));
            pod.init_containers_start = range.start;
            pod.init_containers_count = range.count;
        } else if (key.text == "nodeName") {
            CPS_FIRST(seen, 2);
            CPS_CHECK(read_symbol(field.value(), pod.node_name));
            // The model treats an empty node name as unscheduled.
            if (symbols_.entries()[pod.node_name].length == 0) pod.node_name = 0;
        } else if (key.text == "overhead") {
            CPS_FIRST(seen, 3);
            bool present;
            CPS_CHECK(object_or_null(field.value(), present));
            if (!present) continue;
            Range range;
            CPS_CHECK(scan_resource_list(field.value(), range));
            pod.flags |= CPS_POD_HAS_OVERHEAD;
            pod.overhead_start = range.start;
            pod.overhead_count = range.count;
        } else if (key.text == "resources") {
            CPS_FIRST(seen, 4);
            bool present;
            CPS_CHECK(object_or_null(field.value(), present));
            if (!present) continue;
            Range requests, limits;
            CPS_CHECK(scan_requirements(field.value(), requests, limits));
            pod.flags |= CPS_POD_HAS_POD_RESOURCES;
            pod.requests_start = requests.start;
            pod.requests_count = requests.count;
            pod.limits_start = limits.start;
            pod.limits_count = limits.count;
        } else if (key.text == "volumes") {
            CPS_CHECK(check(field.value(), shapes::volumes));
        } else if (key.text == "serviceAccountName") {
            CPS_CHECK(check(field.value(), shapes::string));
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_pod_status(ondemand::value &value, cps_pod &pod) {
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
            CPS_CHECK(read_symbol(field.value(), pod.phase));
        } else if (key.text == "resize") {
            CPS_FIRST(seen, 1);
            CPS_CHECK(read_symbol(field.value(), pod.resize));
        } else if (key.text == "containerStatuses") {
            // Read here rather than sent to JSONDecoder: from Kubernetes 1.33 every running pod carries them.
            CPS_FIRST(seen, 2);
            Range range;
            CPS_CHECK(scan_container_statuses(field.value(), range));
            pod.container_statuses_start = range.start;
            pod.container_statuses_count = range.count;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_container_statuses(ondemand::value &value, Range &range) {
    json_type type;
    CPS_GET(value.type(), type);
    if (type == json_type::null) return check_null(value);
    if (type != json_type::array) return ScanOutcome::reference;
    ondemand::array array;
    CPS_GET(value.get_array(), array);
    // As with containers: only this loop appends to `container_statuses_` while the list is read.
    range.start = static_cast<uint32_t>(container_statuses_.size());
    for (auto result : array) {
        ondemand::value element;
        CPS_GET(std::move(result), element);
        cps_container_status status{};
        CPS_CHECK(scan_container_status(element, status));
        container_statuses_.push_back(status);
    }
    range.count = static_cast<uint32_t>(container_statuses_.size()) - range.start;
    return ScanOutcome::ok;
}

ScanOutcome PageScanner::scan_container_status(ondemand::value &value, cps_container_status &status) {
    json_type type;
    CPS_GET(value.type(), type);
    // A null element is a type error for JSONDecoder's `[ContainerStatus]`: let it reject the item.
    if (type != json_type::object) return ScanOutcome::reference;
    ondemand::object object;
    CPS_GET(value.get_object(), object);
    SeenKeys seen;
    // state, lastState, image, allocatedResources...: not in the model, so skipped whatever their type.
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        if (key.text == "name") {
            CPS_FIRST(seen, 0);
            CPS_CHECK(read_symbol(field.value(), status.name));
        } else if (key.text == "resources") {
            CPS_FIRST(seen, 1);
            bool present;
            CPS_CHECK(object_or_null(field.value(), present));
            if (!present) continue;
            Range requests, limits;
            CPS_CHECK(scan_requirements(field.value(), requests, limits));
            status.flags |= CPS_STATUS_HAS_RESOURCES;
            status.requests_start = requests.start;
            status.requests_count = requests.count;
            status.limits_start = limits.start;
            status.limits_count = limits.count;
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
    for (auto result : object) {
        ondemand::field field;
        CPS_GET(std::move(result), field);
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
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
            CPS_CHECK(check(field.value(), shapes::env));
        } else if (key.text == "envFrom") {
            CPS_CHECK(check(field.value(), shapes::env_from));
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

}  // namespace cpodscan
