#include "ShapeValidator.hpp"

#include "RawKey.hpp"

namespace cpodscan {

namespace ondemand = simdjson::ondemand;
using simdjson::error_code;
using ondemand::json_type;

namespace {

/// JSONDecoder only notices a bad escape sequence when it decodes the string; rather than unescaping every
/// checked string, strings with escapes go to the reference decoder, which decides.
bool has_escape(ondemand::value &value) noexcept {
    std::string_view token = value.raw_json_token();
    return token.find('\\') != std::string_view::npos;
}

ScanOutcome check_fields(ondemand::value &value, const TypeShape &type, error_code &error) noexcept {
    ondemand::object object;
    if ((error = value.get_object().get(object))) return ScanOutcome::fail;
    for (auto result : object) {
        ondemand::field field;
        if ((error = std::move(result).get(field))) return ScanOutcome::fail;
        RawKey key = raw_key(field);
        if (key.escaped) return ScanOutcome::reference;
        for (size_t i = 0; i < type.field_count; ++i) {
            if (type.fields[i].key != key.text) continue;
            ScanOutcome outcome = check_shape(field.value(), *type.fields[i].type, false, error);
            if (outcome != ScanOutcome::ok) return outcome;
            break;
        }
    }
    return ScanOutcome::ok;
}

ScanOutcome check_elements(ondemand::value &value, const TypeShape &type, error_code &error) noexcept {
    ondemand::array array;
    if ((error = value.get_array().get(array))) return ScanOutcome::fail;
    for (auto result : array) {
        ondemand::value element;
        if ((error = std::move(result).get(element))) return ScanOutcome::fail;
        ScanOutcome outcome = check_shape(element, *type.element, true, error);
        if (outcome != ScanOutcome::ok) return outcome;
    }
    return ScanOutcome::ok;
}

ScanOutcome check_string_values(ondemand::value &value, error_code &error) noexcept {
    ondemand::object object;
    if ((error = value.get_object().get(object))) return ScanOutcome::fail;
    for (auto result : object) {
        ondemand::field field;
        if ((error = std::move(result).get(field))) return ScanOutcome::fail;
        if (raw_key(field).escaped) return ScanOutcome::reference;
        json_type type;
        if ((error = field.value().type().get(type))) return ScanOutcome::fail;
        if (type != json_type::string || has_escape(field.value())) return ScanOutcome::reference;
    }
    return ScanOutcome::ok;
}

/// JSONDecoder reads the keys of every object it decodes, even a ResourceList whose values it tolerates.
ScanOutcome check_keys(ondemand::value &value, error_code &error) noexcept {
    ondemand::object object;
    if ((error = value.get_object().get(object))) return ScanOutcome::fail;
    for (auto result : object) {
        ondemand::field field;
        if ((error = std::move(result).get(field))) return ScanOutcome::fail;
        if (raw_key(field).escaped) return ScanOutcome::reference;
    }
    return ScanOutcome::ok;
}

}  // namespace

ScanOutcome check_shape(ondemand::value &value, const TypeShape &type, bool as_element, error_code &error) noexcept {
    json_type found;
    if ((error = value.type().get(found))) return ScanOutcome::fail;
    if (found == json_type::null) {
        bool is_null = false;
        if ((error = value.is_null().get(is_null))) return ScanOutcome::fail;
        if (!is_null) return (error = simdjson::N_ATOM_ERROR), ScanOutcome::fail;
        return as_element ? ScanOutcome::reference : ScanOutcome::ok;
    }
    switch (type.shape) {
    case Shape::string:
        return found == json_type::string && !has_escape(value) ? ScanOutcome::ok : ScanOutcome::reference;
    case Shape::boolean: {
        if (found != json_type::boolean) return ScanOutcome::reference;
        bool ignored;
        if ((error = value.get_bool().get(ignored))) return ScanOutcome::fail;
        return ScanOutcome::ok;
    }
    case Shape::any_object:
        return found == json_type::object ? check_keys(value, error) : ScanOutcome::reference;
    case Shape::string_map:
        return found == json_type::object ? check_string_values(value, error) : ScanOutcome::reference;
    case Shape::object:
        return found == json_type::object ? check_fields(value, type, error) : ScanOutcome::reference;
    case Shape::array:
        return found == json_type::array ? check_elements(value, type, error) : ScanOutcome::reference;
    }
    return ScanOutcome::reference;
}

}  // namespace cpodscan
