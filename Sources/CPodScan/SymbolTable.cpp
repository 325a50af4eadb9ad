#include "SymbolTable.hpp"

namespace cpodscan {

SymbolTable::SymbolTable() { reset(); }

cps_symbol SymbolTable::intern(std::string_view text) {
    auto found = index_.find(text);
    if (found != index_.end()) return found->second;
    const std::string &stored = storage_.emplace_back(text);
    auto symbol = static_cast<cps_symbol>(entries_.size());
    entries_.push_back(cps_text{stored.data(), stored.size()});
    index_.emplace(std::string_view(stored), symbol);
    return symbol;
}

void SymbolTable::restart_if_larger_than(size_t limit) {
    if (entries_.size() <= limit) return;
    reset();
    ++generation_;
}

void SymbolTable::reset() {
    index_.clear();
    storage_.clear();
    entries_.clear();
    // Symbol 0 stands for "absent" so that zero-initialised records mean "nothing there".
    entries_.push_back(cps_text{nullptr, 0});
}

}  // namespace cpodscan
