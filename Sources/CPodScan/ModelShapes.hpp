// The JSON shapes the Swift KubeModel accepts for the pod fields the fast path does not keep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cpodscan {

enum class Shape : uint8_t {
    string,
    boolean,
    /// An object whatever its values: a ResourceList, whose odd values the model keeps as a marker.
    any_object,
    /// An object of strings: labels (`[String: String]`).
    string_map,
    /// An object whose listed fields have the given shapes; other fields are ignored.
    object,
    /// An array whose elements have the `element` shape; null elements are rejected.
    array,
};

struct FieldShape;

struct TypeShape {
    Shape shape;
    const TypeShape *element;
    const FieldShape *fields;
    size_t field_count;
};

struct FieldShape {
    std::string_view key;
    const TypeShape *type;
};

// Mirrors of Sources/KubeModel: every field there is optional or defaulted, so a field may always be absent or
// null; only its JSON type matters. Keep in step with the model (a field added there must be added here, or
// items with a wrong type in it would be accepted by the fast path and rejected by JSONDecoder).
namespace shapes {

inline constexpr TypeShape string{Shape::string, nullptr, nullptr, 0};
inline constexpr TypeShape boolean{Shape::boolean, nullptr, nullptr, 0};
inline constexpr TypeShape resource_list{Shape::any_object, nullptr, nullptr, 0};
inline constexpr TypeShape string_map{Shape::string_map, nullptr, nullptr, 0};
inline constexpr TypeShape string_array{Shape::array, &string, nullptr, 0};

// Container.swift
inline constexpr FieldShape name_reference_fields[] = {{"name", &string}, {"optional", &boolean}};
inline constexpr TypeShape name_reference{Shape::object, nullptr, name_reference_fields, 2};
inline constexpr FieldShape key_selector_fields[] = {{"name", &string}, {"key", &string}, {"optional", &boolean}};
inline constexpr TypeShape key_selector{Shape::object, nullptr, key_selector_fields, 3};
inline constexpr FieldShape env_var_source_fields[] = {{"configMapKeyRef", &key_selector},
                                                       {"secretKeyRef", &key_selector}};
inline constexpr TypeShape env_var_source{Shape::object, nullptr, env_var_source_fields, 2};
inline constexpr FieldShape env_var_fields[] = {{"name", &string}, {"valueFrom", &env_var_source}};
inline constexpr TypeShape env_var{Shape::object, nullptr, env_var_fields, 2};
inline constexpr TypeShape env{Shape::array, &env_var, nullptr, 0};
inline constexpr FieldShape env_from_source_fields[] = {{"configMapRef", &name_reference},
                                                        {"secretRef", &name_reference}};
inline constexpr TypeShape env_from_source{Shape::object, nullptr, env_from_source_fields, 2};
inline constexpr TypeShape env_from{Shape::array, &env_from_source, nullptr, 0};

// ObjectMeta.swift
inline constexpr FieldShape owner_reference_fields[] = {
    {"apiVersion", &string}, {"kind", &string}, {"name", &string}, {"uid", &string}, {"controller", &boolean}};
inline constexpr TypeShape owner_reference{Shape::object, nullptr, owner_reference_fields, 5};
inline constexpr TypeShape owner_references{Shape::array, &owner_reference, nullptr, 0};

// Pod.swift, PersistentVolumeClaim.swift
inline constexpr FieldShape resource_requirements_fields[] = {{"requests", &resource_list},
                                                              {"limits", &resource_list}};
inline constexpr TypeShape resource_requirements{Shape::object, nullptr, resource_requirements_fields, 2};
inline constexpr FieldShape claim_spec_fields[] = {{"volumeName", &string},
                                                   {"storageClassName", &string},
                                                   {"accessModes", &string_array},
                                                   {"resources", &resource_requirements},
                                                   {"volumeMode", &string}};
inline constexpr TypeShape claim_spec{Shape::object, nullptr, claim_spec_fields, 5};

// Volume.swift
inline constexpr FieldShape claim_template_fields[] = {{"spec", &claim_spec}};
inline constexpr TypeShape claim_template{Shape::object, nullptr, claim_template_fields, 1};
inline constexpr FieldShape ephemeral_fields[] = {{"volumeClaimTemplate", &claim_template}};
inline constexpr TypeShape ephemeral{Shape::object, nullptr, ephemeral_fields, 1};
inline constexpr FieldShape claim_source_fields[] = {{"claimName", &string}, {"readOnly", &boolean}};
inline constexpr TypeShape claim_source{Shape::object, nullptr, claim_source_fields, 2};
inline constexpr FieldShape secret_source_fields[] = {{"secretName", &string}, {"optional", &boolean}};
inline constexpr TypeShape secret_source{Shape::object, nullptr, secret_source_fields, 2};
inline constexpr FieldShape projection_fields[] = {{"configMap", &name_reference}, {"secret", &name_reference}};
inline constexpr TypeShape projection{Shape::object, nullptr, projection_fields, 2};
inline constexpr TypeShape projections{Shape::array, &projection, nullptr, 0};
inline constexpr FieldShape projected_fields[] = {{"sources", &projections}};
inline constexpr TypeShape projected{Shape::object, nullptr, projected_fields, 1};
inline constexpr FieldShape volume_fields[] = {{"name", &string},         {"persistentVolumeClaim", &claim_source},
                                               {"ephemeral", &ephemeral}, {"configMap", &name_reference},
                                               {"secret", &secret_source}, {"projected", &projected}};
inline constexpr TypeShape volume{Shape::object, nullptr, volume_fields, 6};
inline constexpr TypeShape volumes{Shape::array, &volume, nullptr, 0};

}  // namespace shapes
}  // namespace cpodscan
