/*
 * CPodScan: a simdjson On-Demand scanner for the capacity scan's input: pages of a Kubernetes pod (or node) LIST,
 * or one pod (or node) object on its own (a GET response, a watch event's object).
 *
 * It reads exactly the fields of KubeModel's `CapacityPod` and `CapacityNode`, the narrow models the capacity
 * engine computes from, and skips everything else whatever its content:
 *   pod:  metadata name/namespace; spec nodeName, containers and initContainers (name, restartPolicy,
 *         resources.requests/limits), overhead, pod-level resources; status phase, resize, and
 *         containerStatuses (name, resources.requests: in-place resize);
 *   node: metadata name/labels; spec.unschedulable; status capacity, allocatable and conditions (type, status);
 * plus the list's metadata and each item's `kind` (a kubectl `List` mixes kinds; other kinds are left out).
 *
 * Whenever the scanner is not certain to reproduce JSONDecoder's result for those types exactly (a wrong JSON type
 * in a field it reads, a quantity written as a number, an escaped or repeated key, ...) it does not guess: it marks
 * the item (or the whole page) for the reference decoder, and the Swift side decodes those bytes with JSONDecoder.
 *
 * Output records are flat arrays owned by the scanner and valid until its next scan or its destruction.
 * Strings are either spans of the parser's unescaped-string buffer (`cps_text`) or interned symbols
 * (`cps_symbol`) whose table persists across pages so Swift converts each distinct name once.
 *
 * No C++ exception crosses this boundary.
 */
#ifndef CPODSCAN_H
#define CPODSCAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** UTF-8 bytes; `bytes == NULL` means the field was absent or JSON null. Not NUL-terminated. */
typedef struct cps_text {
    const char *bytes;
    size_t length;
} cps_text;

/** Index into the symbol table of the page; 0 means absent or null. */
typedef uint32_t cps_symbol;

/** A run of consecutive records in one of the page's arrays. */
typedef struct cps_range {
    uint32_t start;
    uint32_t count;
} cps_range;

/** One `name: quantity` entry of a resource list, or one `key: value` label. `value` is a symbol whose text
 *  may be the invalid-quantity marker. */
typedef struct cps_entry {
    cps_symbol name;
    cps_symbol value;
} cps_entry;

/** A container or init container. Ranges index `cps_page.entries`. */
typedef struct cps_container {
    /** 0 when absent or null (the Swift model then uses ""). */
    cps_symbol name;
    cps_symbol restart_policy;
    cps_range requests;
    cps_range limits;
} cps_container;

/** One `status.containerStatuses[]` entry: what in-place resize applied. */
typedef struct cps_container_status {
    /** 0 when absent or null (the Swift model then uses ""). */
    cps_symbol name;
    /** `CPS_STATUS_HAS_RESOURCES` or 0. */
    uint32_t flags;
    /** `resources.requests`, a range of `cps_page.entries` (the limits applied are not read). */
    cps_range requests;
} cps_container_status;

enum {
    /** The item must be decoded by the reference decoder from `json` (it may be rejected there). */
    CPS_ITEM_REFERENCE = 1u << 0,
    /** `spec.overhead` was an object (possibly empty). */
    CPS_POD_HAS_OVERHEAD = 1u << 1,
    /** `spec.resources` was an object (possibly empty). */
    CPS_POD_HAS_POD_RESOURCES = 1u << 2,
    /** `status.allocatable` was an object (possibly empty); absent or null is different (capacity applies). */
    CPS_NODE_HAS_ALLOCATABLE = 1u << 3,
    /** `spec.unschedulable` was true. */
    CPS_NODE_UNSCHEDULABLE = 1u << 4,
    /** A container status's `resources` was an object (possibly empty); absent or null means the spec applies. */
    CPS_STATUS_HAS_RESOURCES = 1u << 5,
    /** A `status.conditions[]` entry of type `Ready` had status `True`. */
    CPS_NODE_READY = 1u << 6,
};

/** One pod item of the page, in item order. */
typedef struct cps_pod {
    /** Position in the page's `items` array, counting skipped items of other kinds. */
    uint32_t item_index;
    uint32_t flags;
    /** For `CPS_ITEM_REFERENCE` items: the item's JSON text; unused otherwise. */
    cps_text json;
    cps_text name;
    cps_symbol namespace_;
    /** 0 when absent, null or empty (the model treats "" as unscheduled). */
    cps_symbol node_name;
    cps_symbol phase;
    /** `status.resize`; 0 when absent or null. */
    cps_symbol resize;
    /** Ranges of `cps_page.containers`, each in document order. */
    cps_range containers;
    cps_range init_containers;
    /** Range of `cps_page.container_statuses`, in document order. */
    cps_range container_statuses;
    /** Ranges of `cps_page.entries`. */
    cps_range overhead;
    cps_range requests;
    cps_range limits;
} cps_pod;

/** One node item of the page, in item order. */
typedef struct cps_node {
    uint32_t item_index;
    uint32_t flags;
    cps_text json;
    cps_text name;
    /** Ranges of `cps_page.entries`: labels as name/value pairs, and the two resource lists. */
    cps_range labels;
    cps_range capacity;
    cps_range allocatable;
} cps_node;

/** How a scan ended. */
typedef enum cps_status {
    /** The page was scanned; items needing the reference decoder are flagged individually. */
    CPS_STATUS_OK = 0,
    /** Page-level surprise (not an object, malformed metadata, escaped or duplicated top-level key, or any
     *  JSON error simdjson reported): decode the whole page with the reference decoder instead. */
    CPS_STATUS_REFERENCE_PAGE = 1,
    /** The scanner could not allocate memory. */
    CPS_STATUS_OUT_OF_MEMORY = 2,
} cps_status;

/** What `items` was at the top level. */
typedef enum cps_items_shape {
    CPS_ITEMS_ABSENT = 0,
    CPS_ITEMS_NULL = 1,
    CPS_ITEMS_ARRAY = 2,
    /** Present but neither an array nor null (JSONDecoder's KubeList then yields no items). */
    CPS_ITEMS_OTHER = 3,
} cps_items_shape;

/** The result of one scan. All pointers are owned by the scanner. */
typedef struct cps_page {
    cps_status status;
    /** simdjson's message when `status` is `CPS_STATUS_REFERENCE_PAGE` because of a JSON error, else NULL. */
    const char *json_error;
    cps_text continue_token;
    cps_text resource_version;
    int has_remaining_item_count;
    int64_t remaining_item_count;
    cps_items_shape items_shape;
    /** Items of another kind than the one scanned for (mixed kubectl `List`), not reported. */
    size_t skipped_item_count;
    /** Filled by the pod scans. */
    const cps_pod *pods;
    size_t pod_count;
    const cps_container *containers;
    size_t container_count;
    const cps_container_status *container_statuses;
    size_t container_status_count;
    /** Filled by the node scans. */
    const cps_node *nodes;
    size_t node_count;
    /** Resource list entries and node labels. */
    const cps_entry *entries;
    size_t entry_count;
    /** The symbol table: entry 0 is unused. It only grows during a generation; when `symbol_generation`
     *  changes, the table restarted from scratch and cached conversions must be dropped. */
    const cps_text *symbols;
    size_t symbol_count;
    uint64_t symbol_generation;
} cps_page;

typedef struct cps_scanner cps_scanner;

/** Bytes of readable memory the scanner needs after the last input byte (simdjson's SIMDJSON_PADDING). */
size_t cps_required_padding(void);

/** A new scanner, or NULL when out of memory. One scanner serves one thread at a time. */
cps_scanner *cps_scanner_create(void);

void cps_scanner_destroy(cps_scanner *scanner);

/**
 * Scans one page of a pod LIST (`PodList`, or a kubectl `List` whose non-Pod items are skipped).
 * `capacity - length` must be at least `cps_required_padding()` bytes of readable memory after `json + length`.
 * `validate_all` additionally checks the JSON syntax of the parts that are skipped (annotations,
 * managedFields...), which On-Demand otherwise only checks structurally. Results stay valid until the next scan
 * with this scanner, and point into both the scanner and `json`.
 */
void cps_scan_pod_page(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                       cps_page *out);

/** Scans one page of a node LIST (`NodeList`, or a kubectl `List` whose non-Node items are skipped). */
void cps_scan_node_page(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                        cps_page *out);

/**
 * Scans one pod object on its own (the document is the object, as in a GET response or a watch event's
 * `object`): the page then holds exactly one pod record, or has status `CPS_STATUS_REFERENCE_PAGE` when the
 * whole document is for the reference decoder. The object's `kind` is not checked. List fields stay empty.
 */
void cps_scan_pod_object(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                         cps_page *out);

/** Scans one node object on its own, as `cps_scan_pod_object` does for a pod. */
void cps_scan_node_object(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                          cps_page *out);

#ifdef __cplusplus
}
#endif

#endif
