// Type-checks JSON the fast path skips but the Swift model decodes.
#pragma once

#include <simdjson.h>

#include "ModelShapes.hpp"
#include "ScanOutcome.hpp"

namespace cpodscan {

/// Checks that `value` has `type`'s shape without keeping anything, so that an item the Swift model would
/// reject (say a label whose value is a number) goes to the reference decoder instead of being accepted.
/// `as_element` is true for array elements, which the model never allows to be null.
/// Returns `ok`, `reference`, or `fail` with `error` set.
ScanOutcome check_shape(simdjson::ondemand::value &value, const TypeShape &type, bool as_element,
                        simdjson::error_code &error) noexcept;

}  // namespace cpodscan
