// Walks one LIST page with simdjson On-Demand and writes flat records for Swift.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <simdjson.h>

#include "CPodScan.h"
#include "ModelShapes.hpp"
#include "ScanOutcome.hpp"
#include "SymbolTable.hpp"

namespace cpodscan {

/// What a page's items are scanned as.
enum class ItemKind { pod, node };

/// The capacity scan's page decoder. Objects are walked field by field in document order with a switch on
/// the key (JSON field order is not guaranteed); fields the capacity engine does not read are skipped, or
/// only type-checked when the Swift model would reject a wrong type there.
///
/// The parsers, output vectors and symbol table are reused from page to page, so steady-state scans allocate
/// nothing once the largest page has been seen.
///
/// Member definitions: page and list level in PageScanner.cpp, pods in PodFields.cpp, nodes in NodeFields.cpp.
class PageScanner {
public:
    /// Scans one page into `out`. May throw std::bad_alloc, nothing else.
    void scan(ItemKind kind, const char *json, size_t length, size_t capacity, bool validate_all, cps_page &out);

private:
    struct Range {
        uint32_t start = 0;
        uint32_t count = 0;
    };

    /// metadata fields shared by pods and nodes.
    struct Metadata {
        cps_text name{};
        cps_text uid{};
        cps_symbol namespace_ = 0;
        Range labels;
    };

    void reset_output(cps_page &out);
    void publish(cps_page &out) const;
    ScanOutcome scan_document(simdjson::ondemand::document &document, cps_page &out, const char *end);
    ScanOutcome scan_list_metadata(simdjson::ondemand::value &value, cps_page &out);
    ScanOutcome scan_items(simdjson::ondemand::value &value, cps_page &out, const char *end);
    ScanOutcome scan_object_metadata(simdjson::ondemand::value &value, Metadata &metadata, bool keep_labels);
    ScanOutcome scan_labels(simdjson::ondemand::value &value, Range &range);

    // PodFields.cpp
    ScanOutcome scan_pod(simdjson::ondemand::value &value, cps_pod &pod);
    ScanOutcome scan_pod_spec(simdjson::ondemand::value &value, cps_pod &pod);
    ScanOutcome scan_pod_status(simdjson::ondemand::value &value, cps_pod &pod);
    ScanOutcome scan_containers(simdjson::ondemand::value &value, Range &range);
    ScanOutcome scan_container(simdjson::ondemand::value &value, cps_container &container);
    ScanOutcome scan_container_statuses(simdjson::ondemand::value &value, Range &range);
    ScanOutcome scan_container_status(simdjson::ondemand::value &value, cps_container_status &status);
    ScanOutcome scan_requirements(simdjson::ondemand::value &value, Range &requests, Range &limits);

    // NodeFields.cpp
    ScanOutcome scan_node(simdjson::ondemand::value &value, cps_node &node);
    ScanOutcome scan_node_spec(simdjson::ondemand::value &value, cps_node &node);
    ScanOutcome scan_node_status(simdjson::ondemand::value &value, cps_node &node);
    ScanOutcome scan_conditions(simdjson::ondemand::value &value, Range &range);
    ScanOutcome scan_condition(simdjson::ondemand::value &value, cps_condition &condition);

    // Shared readers (PageScanner.cpp).
    ScanOutcome scan_resource_list(simdjson::ondemand::value &value, Range &range);
    ScanOutcome scan_quantity(simdjson::ondemand::value &value, cps_symbol &symbol);
    ScanOutcome check(simdjson::ondemand::value &value, const TypeShape &shape);
    ScanOutcome read_text(simdjson::ondemand::value &value, cps_text &text);
    ScanOutcome read_symbol(simdjson::ondemand::value &value, cps_symbol &symbol);
    ScanOutcome object_or_null(simdjson::ondemand::value &value, bool &is_object);
    ScanOutcome check_null(simdjson::ondemand::value &value);
    ScanOutcome fail(simdjson::error_code error) noexcept;

    simdjson::ondemand::parser parser_;
    /// Only used when the caller asks for full syntax validation.
    simdjson::dom::parser validator_;
    SymbolTable symbols_;
    ItemKind kind_ = ItemKind::pod;
    std::vector<cps_pod> pods_;
    std::vector<cps_container> containers_;
    std::vector<cps_container_status> container_statuses_;
    std::vector<cps_node> nodes_;
    std::vector<cps_condition> conditions_;
    std::vector<cps_entry> entries_;
    simdjson::error_code error_ = simdjson::SUCCESS;
};

}  // namespace cpodscan
