// The C boundary: no C++ exception gets past these functions.
#include "CPodScan.h"

#include <new>

#include <simdjson.h>

#include "PageScanner.hpp"

struct cps_scanner {
    cpodscan::PageScanner scanner;
};

namespace {

void scan(cpodscan::ItemKind kind, cpodscan::Document document, cps_scanner *scanner, const char *json,
          size_t length, size_t capacity, int validate_all, cps_page *out) noexcept {
    try {
        scanner->scanner.scan(kind, document, json, length, capacity, validate_all != 0, *out);
    } catch (...) {
        // Only allocation can throw in the scanner; the page is then unusable.
        *out = cps_page{};
        out->status = CPS_STATUS_OUT_OF_MEMORY;
    }
}

}  // namespace

extern "C" {

size_t cps_required_padding(void) { return simdjson::SIMDJSON_PADDING; }

cps_scanner *cps_scanner_create(void) {
    try {
        return new cps_scanner();
    } catch (...) {
        return nullptr;
    }
}

void cps_scanner_destroy(cps_scanner *scanner) { delete scanner; }

void cps_scan_pod_page(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                       cps_page *out) {
    scan(cpodscan::ItemKind::pod, cpodscan::Document::page, scanner, json, length, capacity, validate_all, out);
}

void cps_scan_node_page(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                        cps_page *out) {
    scan(cpodscan::ItemKind::node, cpodscan::Document::page, scanner, json, length, capacity, validate_all, out);
}

void cps_scan_pod_object(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                         cps_page *out) {
    scan(cpodscan::ItemKind::pod, cpodscan::Document::object, scanner, json, length, capacity, validate_all, out);
}

void cps_scan_node_object(cps_scanner *scanner, const char *json, size_t length, size_t capacity, int validate_all,
                          cps_page *out) {
    scan(cpodscan::ItemKind::node, cpodscan::Document::object, scanner, json, length, capacity, validate_all, out);
}

}  // extern "C"
