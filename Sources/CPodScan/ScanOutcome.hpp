// How walking one JSON value ended.
#pragma once

namespace cpodscan {

enum class ScanOutcome {
    /// The value was read and matches what the Swift model accepts.
    ok,
    /// The value is legal JSON but the fast path cannot promise JSONDecoder's exact result for its item
    /// (wrong type, number quantity, escaped or repeated key...): hand the item to the reference decoder.
    reference,
    /// The item is of another kind than the one scanned for (a mixed kubectl `List`): leave it out.
    skip,
    /// simdjson reported an error; the iterator cannot be trusted any more, so the page goes to the reference decoder.
    fail,
};

}  // namespace cpodscan
