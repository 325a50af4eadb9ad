/*
 * CPodScan: a simdjson On-Demand scanner for pages of a Kubernetes pod (or node) LIST, for the capacity scan only.
 *
 * It walks one page (`PodList`, or a kubectl `List` whose non-Pod items are skipped) and writes, per pod,
 * exactly the fields the capacity engine reads: metadata name/namespace/uid, spec.nodeName, containers and
 * initContainers (name, restartPolicy, resources.requests/limits), spec.overhead, pod-level spec.resources,
 * status.phase, status.resize and status.containerStatuses (name, resources.requests/limits: in-place resize),
 * plus the list's metadata. Everything else is skipped, except the fields the Swift model
 * type-checks (labels, ownerReferences, timestamps, volumes, env, envFrom, serviceAccountName), whose JSON
 * types are checked without keeping them, so that the same items are rejected as with JSONDecoder.
 *
 * Whenever the scanner is not certain to reproduce JSONDecoder exactly (a wrong JSON type, a quantity written
 * as a number, an escaped or duplicated key, ...) it does not guess: it marks the item (or the whole page)
 * for the reference decoder, and the Swift side decodes those bytes with JSONDecoder.
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

/** One `name: quantity` entry of a resource list. `value` is a symbol whose text may be the invalid marker. */
typedef struct cps_entry {
    cps_symbol name;
    cps_symbol value;
} cps_entry;

/** A container or init container. Entry ranges index `cps_page.entries`. */
typedef struct cps_container {
    /** 0 when absent or null (the Swift model then uses ""). */
    cps_symbol name;
    cps_symbol restart_policy;
    uint32_t requests_start, requests_count;
    uint32_t limits_start, limits_count;
} cps_container;

/** One `status.containerStatuses[]` entry: what in-place resize applied. Entry ranges index `cps_page.entries`. */
typedef struct cps_container_status {
    /** 0 when absent or null (the Swift model then uses ""). */
    cps_symbol name;
    /** `CPS_STATUS_HAS_RESOURCES` or 0. */
    uint32_t flags;
    uint32_t requests_start, requests_count;
    uint32_t limits_start, limits_count;
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
};

/** One pod item of the page, in item order. */
typedef struct cps_pod {
    /** Position in the page's `items` array, counting skipped items of other kinds. */
    uint32_t item_index;
    uint32_t flags;
    /** For `CPS_ITEM_REFERENCE` items: the item's JSON text; unused otherwise. */
    cps_text json;
    cps_text name;
    cps_text uid;
    cps_symbol namespace_;
    /** 0 when absent, null or empty (the model treats "" as unscheduled). */
    cps_symbol node_name;
    cps_symbol phase;
    /** `status.resize`; 0 when absent or null. */
    cps_symbol resize;
    /** Ranges of `cps_page.containers`, each in document order. */
    uint32_t containers_start, containers_count;
    uint32_t init_containers_start, init_containers_count;
    /** Range of `cps_page.container_statuses`, in document order. */
    uint32_t container_statuses_start, container_statuses_count;
    /** Ranges of `cps_page.entries`. */
    uint32_t overhead_start, overhead_count;
    uint32_t requests_start, requests_count;
    uint32_t limits_start, limits_count;
} cps_pod;

/** One `status.conditions[]` entry of a node. */
typedef struct cps_condition {
    cps_symbol type;
    cps_symbol status;
} cps_condition;

/** One node item of the page, in item order. */
typedef struct cps_node {
    uint32_t item_index;
    uint32_t flags;
    cps_text json;
    cps_text name;
    cps_text uid;
    cps_symbol namespace_;
    /** Ranges of `cps_page.entries` (labels as name/value pairs) and of `cps_page.conditions`. */
    uint32_t labels_start, labels_count;
    uint32_t capacity_start, capacity_count;
    uint32_t allocatable_start, allocatable_count;
    uint32_t conditions_start, conditions_count;
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
    /** Filled by `cps_scan_pod_page`. */
    const cps_pod *pods;
    size_t pod_count;
    const cps_container *containers;
    size_t container_count;
    const cps_container_status *container_statuses;
    size_t container_status_count;
    /** Filled by `cps_scan_node_page`. */
    const cps_node *nodes;
    size_t node_count;
    const cps_condition *conditions;
    size_t condition_count;
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
 * Scans one LIST page. `capacity - length` must be at least `cps_required_padding()` bytes of readable memory
 * after `json + length`. `validate_all` additionally checks the JSON syntax of the parts that are skipped
 * (annotations, managedFields...), which On-Demand otherwise only checks structurally. Results stay valid until
 * the next scan with this scanner, and point into both the scanner and `json`.
 */
void cps_scan_pod_page(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                       cps_page *out);

/**
 * Scans one page of a node LIST (`NodeList`, or a kubectl `List` whose non-Node items are skipped) for what the
 * capacity engine reads: metadata name/namespace/uid/labels, spec.unschedulable, status capacity, allocatable
 * and conditions. Same contract as `cps_scan_pod_page`.
 */
void cps_scan_node_page(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                        cps_page *out);

#ifdef __cplusplus
}
#endif

#endif
