// Interned strings shared with Swift across pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "CPodScan.h"

namespace cpodscan {

/// Namespaces, node names, phases, container names, resource names and quantities repeat across thousands
/// of pods: interning them here lets Swift build each distinct String once and then share its storage,
/// instead of allocating one per pod.
class SymbolTable {
public:
    SymbolTable();

    /// The symbol for `text`, adding it when new. May throw std::bad_alloc (caught at the C boundary).
    cps_symbol intern(std::string_view text);

    /// Starts a new generation when the table has grown past `limit`, so a long-running watcher whose
    /// names churn (pods named by hash, quantities set by autoscalers) does not keep every name forever.
    void restart_if_larger_than(size_t limit);

    const std::vector<cps_text> &entries() const noexcept { return entries_; }

    /// The text of `symbol` ("" for 0, absent).
    std::string_view text(cps_symbol symbol) const noexcept {
        const cps_text &entry = entries_[symbol];
        return entry.bytes ? std::string_view(entry.bytes, entry.length) : std::string_view();
    }
    uint64_t generation() const noexcept { return generation_; }

private:
    void reset();

    std::unordered_map<std::string_view, cps_symbol> index_;
    /// A deque never moves its elements, so views into these strings stay valid while the table grows.
    std::deque<std::string> storage_;
    std::vector<cps_text> entries_;
    uint64_t generation_ = 0;
};

}  // namespace cpodscan
