// Early returns for the scanner's member functions, which all return a ScanOutcome.
#pragma once

#include <cstdint>

namespace cpodscan {

/// JSONDecoder keeps the first of two equal keys; instead of mimicking that, a repeated key the fast path
/// reads sends the object to the reference decoder.
class SeenKeys {
public:
    bool first(unsigned bit) noexcept {
        uint32_t mask = 1u << bit;
        if (bits_ & mask) return false;
        bits_ |= mask;
        return true;
    }

private:
    uint32_t bits_ = 0;
};

}  // namespace cpodscan

/// Returns any outcome other than `ok`.
#define CPS_CHECK(expression)                                                                                          \
    do {                                                                                                               \
        ::cpodscan::ScanOutcome outcome_ = (expression);                                                               \
        if (outcome_ != ::cpodscan::ScanOutcome::ok) return outcome_;                                                  \
    } while (0)

/// Takes a simdjson result into `target`, or fails with its error.
#define CPS_GET(result, target)                                                                                        \
    do {                                                                                                               \
        if (::simdjson::error_code error_ = (result).get(target)) return fail(error_);                                 \
    } while (0)

/// Hands the object to the reference decoder when the key was already seen.
#define CPS_FIRST(seen, bit)                                                                                           \
    do {                                                                                                               \
        if (!(seen).first(bit)) return ::cpodscan::ScanOutcome::reference;                                             \
    } while (0)
