"""Validation of written objects with kube-apiserver's rules and messages (pkg/apis/core/validation,
pkg/apis/coordination/validation, apimachinery's ValidateObjectMeta): names, labels, annotation and ConfigMap size
limits, ConfigMap keys and immutability, Lease durations.
"""

from __future__ import annotations

import base64
import re

from apierrors import FieldError, forbidden, invalid_value, required, too_long

MAX_CONFIG_SIZE = 1024 * 1024  # core.MaxSecretSize: data plus binaryData of a ConfigMap or Secret
MAX_ANNOTATIONS_SIZE = 256 * 1024  # TotalAnnotationSizeLimitB

_DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")

SUBDOMAIN_MESSAGE = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                     "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                     "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
NAME_PART_MESSAGE = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                     "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                     "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
LABEL_VALUE_MESSAGE = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
                       "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                       "'my_value',  or '12345', regex used for validation is "
                       "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
CONFIG_KEY_MESSAGE = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
                      "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")
IMMUTABLE_MESSAGE = "field is immutable when `immutable` is set"


def _pattern_errors(value: str, field: str, pattern: re.Pattern, message: str) -> list[FieldError]:
    """At most 253 characters matching `pattern`: the rule for subdomains and ConfigMap keys."""
    errors = []
    if len(value) > 253:
        errors.append(invalid_value(field, value, "must be no more than 253 characters"))
    if not pattern.match(value):
        errors.append(invalid_value(field, value, message))
    return errors


def subdomain_errors(value: str, field: str) -> list[FieldError]:
    return _pattern_errors(value, field, _DNS1123_SUBDOMAIN, SUBDOMAIN_MESSAGE)


def qualified_name_errors(key: str, field: str) -> list[FieldError]:
    prefix, slash, name = key.rpartition("/")
    errors = []
    if slash:
        if not prefix:
            errors.append(invalid_value(field, key, "prefix part must be non-empty"))
        else:
            errors += [invalid_value(field, key, "prefix part " + e.detail) for e in subdomain_errors(prefix, field)]
    if not name:
        errors.append(invalid_value(field, key, "name part must be non-empty"))
    elif len(name) > 63:
        errors.append(invalid_value(field, key, "name part must be no more than 63 characters"))
    elif not _QUALIFIED_NAME.match(name):
        errors.append(invalid_value(field, key, NAME_PART_MESSAGE))
    return errors


def object_meta_errors(meta: dict) -> list[FieldError]:
    errors = []
    name = meta.get("name", "")
    if not name:
        errors.append(required("metadata.name", "name or generateName is required"))
    else:
        errors += subdomain_errors(name, "metadata.name")
    for key, value in (meta.get("labels") or {}).items():
        errors += qualified_name_errors(key, "metadata.labels")
        if len(value) > 63:
            errors.append(invalid_value("metadata.labels", value, "must be no more than 63 characters"))
        elif not _LABEL_VALUE.match(value):
            errors.append(invalid_value("metadata.labels", value, LABEL_VALUE_MESSAGE))
    annotations = meta.get("annotations") or {}
    for key in annotations:
        errors += qualified_name_errors(key.lower(), "metadata.annotations")
    if sum(len(k) + len(v) for k, v in annotations.items()) > MAX_ANNOTATIONS_SIZE:
        errors.append(too_long("metadata.annotations", MAX_ANNOTATIONS_SIZE))
    return errors


def object_meta_update_errors(new: dict, old: dict) -> list[FieldError]:
    errors = []
    for key in ("name", "namespace", "uid"):
        if new.get(key, "") != old.get(key, ""):
            errors.append(invalid_value(f"metadata.{key}", new.get(key, ""), "field is immutable"))
    if old.get("deletionTimestamp") and set(new.get("finalizers") or []) - set(old.get("finalizers") or []):
        errors.append(forbidden("metadata.finalizers", "no new finalizers can be added if the object is being "
                                                       "deleted"))
    return errors


def configmap_errors(obj: dict) -> list[FieldError]:
    errors = object_meta_errors(obj.get("metadata") or {})
    data = obj.get("data") or {}
    binary = obj.get("binaryData") or {}
    total = 0
    for key, value in data.items():
        errors += _config_key_errors(key, f"data[{key}]")
        total += len(key) + len(value.encode("utf-8"))
    for key, value in binary.items():
        errors += _config_key_errors(key, f"binaryData[{key}]")
        if key in data:
            errors.append(invalid_value(f"binaryData[{key}]", key, "duplicate of key present in data"))
        total += len(key) + len(base64.b64decode(value))
    if total > MAX_CONFIG_SIZE:
        errors.append(too_long("[]", MAX_CONFIG_SIZE))  # field.NewPath(""): the whole object
    return errors


def _config_key_errors(key: str, field: str) -> list[FieldError]:
    errors = _pattern_errors(key, field, _CONFIG_KEY, CONFIG_KEY_MESSAGE)
    if key in (".", ".."):
        errors.append(invalid_value(field, key, f"must not be '{key}'"))
    if key.startswith(".."):
        errors.append(invalid_value(field, key, "must not start with '..'"))
    return errors


def configmap_update_errors(new: dict, old: dict) -> list[FieldError]:
    errors = object_meta_update_errors(new.get("metadata") or {}, old.get("metadata") or {})
    if old.get("immutable"):
        if not new.get("immutable"):
            errors.append(forbidden("immutable", IMMUTABLE_MESSAGE))
        if (new.get("data") or {}) != (old.get("data") or {}):
            errors.append(forbidden("data", IMMUTABLE_MESSAGE))
        if (new.get("binaryData") or {}) != (old.get("binaryData") or {}):
            errors.append(forbidden("binaryData", IMMUTABLE_MESSAGE))
    return errors + configmap_errors(new)


def lease_errors(obj: dict) -> list[FieldError]:
    errors = object_meta_errors(obj.get("metadata") or {})
    spec = obj.get("spec") or {}
    duration = spec.get("leaseDurationSeconds")
    if duration is not None and duration <= 0:
        errors.append(invalid_value("spec.leaseDurationSeconds", duration, "must be greater than 0"))
    transitions = spec.get("leaseTransitions")
    if transitions is not None and transitions < 0:
        errors.append(invalid_value("spec.leaseTransitions", transitions, "must be greater than or equal to 0"))
    return errors


def lease_update_errors(new: dict, old: dict) -> list[FieldError]:
    return object_meta_update_errors(new.get("metadata") or {}, old.get("metadata") or {}) + lease_errors(new)
