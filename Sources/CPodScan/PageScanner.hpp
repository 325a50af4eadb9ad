// Walks one LIST page, or one object, with simdjson On-Demand and writes flat records for Swift.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "CPodScan.h"
#include "KeyTable.hpp"
#include "ScanOutcome.hpp"
#include "SymbolTable.hpp"

namespace cpodscan {

/// What a scan reads its items as.
enum class ItemKind { pod, node };

/// What the scanned document is.
enum class Document {
    /// A LIST page: `metadata` and `items`.
    page,
    /// One object (a GET response, a watch event's object), read as the only item.
    object,
};

/// Whether a JSON `null` may stand where an object is expected.
enum class Null {
    /// `null` means the field is not there (as absent does): nothing is read.
    allowed,
    /// `null`, like any other non-object, is for the reference decoder to judge (an array element, an item).
    refused,
};

/// The capacity scan's decoder. Objects are walked field by field in document order (JSON field order is not
/// guaranteed) through one walker and a key table per kind of object; the fields `CapacityPod` and
/// `CapacityNode` do not hold are skipped whatever their content.
///
/// The parsers, output vectors and symbol table are reused from page to page, so steady-state scans allocate
/// nothing once the largest page has been seen.
///
/// Member definitions: documents, lists and shared readers in PageScanner.cpp, the walkers in Walkers.hpp, pods
/// in PodFields.cpp, nodes in NodeFields.cpp.
class PageScanner {
public:
    /// Scans one document into `out`. May throw std::bad_alloc, nothing else.
    void scan(ItemKind kind, Document document, const char *json, size_t length, size_t capacity, bool validate_all,
              cps_page &out);

private:
    void reset_output(cps_page &out);
    void publish(cps_page &out) const;
    ScanOutcome scan_page(simdjson::ondemand::document &document, cps_page &out, const char *end);
    ScanOutcome scan_single(simdjson::ondemand::document &document);
    ScanOutcome scan_list_metadata(simdjson::ondemand::value &value, cps_page &out);
    ScanOutcome scan_items(simdjson::ondemand::value &value, cps_page &out, const char *end);
    ScanOutcome scan_item(simdjson::ondemand::value &value, uint32_t item_index, cps_page &out, const char *end);

    // PodFields.cpp
    ScanOutcome scan_pod(simdjson::ondemand::object &object, cps_pod &pod);
    ScanOutcome scan_pod_metadata(simdjson::ondemand::value &value, cps_pod &pod);
    ScanOutcome scan_pod_spec(simdjson::ondemand::value &value, cps_pod &pod);
    ScanOutcome scan_pod_status(simdjson::ondemand::value &value, cps_pod &pod);
    ScanOutcome scan_containers(simdjson::ondemand::value &value, cps_range &range);
    ScanOutcome scan_container(simdjson::ondemand::object &object, cps_container &container);
    ScanOutcome scan_container_status(simdjson::ondemand::object &object, cps_container_status &status);
    /// `resources` of a container or pod (`requests` and `limits`), or of a container status (`limits` null:
    /// only the requests applied are read). Sets `present` when it was an object.
    ScanOutcome scan_requirements(simdjson::ondemand::value &value, cps_range &requests, cps_range *limits,
                                  bool &present);

    // NodeFields.cpp
    ScanOutcome scan_node(simdjson::ondemand::object &object, cps_node &node);
    ScanOutcome scan_node_metadata(simdjson::ondemand::value &value, cps_node &node);
    ScanOutcome scan_node_spec(simdjson::ondemand::value &value, cps_node &node);
    ScanOutcome scan_node_status(simdjson::ondemand::value &value, cps_node &node);
    ScanOutcome scan_condition(simdjson::ondemand::object &object, bool &ready);
    ScanOutcome scan_labels(simdjson::ondemand::value &value, cps_range &range);

    // Walkers.hpp: the one way objects and arrays are walked.
    template <size_t N, typename OnField>
    ScanOutcome walk_fields(simdjson::ondemand::object &object, const KeyTable<N> &keys, OnField &&on_field);
    template <size_t N, typename OnField>
    ScanOutcome walk_fields(simdjson::ondemand::value &value, Null null, const KeyTable<N> &keys, OnField &&on_field,
                            bool *present = nullptr);
    template <typename OnElement>
    ScanOutcome walk_array(simdjson::ondemand::value &value, OnElement &&on_element);
    template <typename OnObject>
    ScanOutcome walk_objects(simdjson::ondemand::value &value, OnObject &&on_object);
    template <typename Record, typename ScanRecord>
    ScanOutcome scan_records(simdjson::ondemand::value &value, std::vector<Record> &records, cps_range &range,
                             ScanRecord &&scan_record);
    template <typename OnEntry>
    ScanOutcome walk_entries(simdjson::ondemand::value &value, cps_range &range, bool *present, OnEntry &&on_entry);

    // Shared readers (PageScanner.cpp).
    ScanOutcome open_object(simdjson::ondemand::value &value, Null null, simdjson::ondemand::object &object,
                            bool &present);
    ScanOutcome scan_resource_list(simdjson::ondemand::value &value, cps_range &range, bool *present = nullptr);
    ScanOutcome scan_quantity(simdjson::ondemand::value &value, cps_symbol &symbol);
    ScanOutcome check_kind(simdjson::ondemand::value &value, std::string_view wanted);
    ScanOutcome read_text(simdjson::ondemand::value &value, cps_text &text);
    ScanOutcome read_symbol(simdjson::ondemand::value &value, cps_symbol &symbol);
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
    std::vector<cps_entry> entries_;
    simdjson::error_code error_ = simdjson::SUCCESS;
};

}  // namespace cpodscan
