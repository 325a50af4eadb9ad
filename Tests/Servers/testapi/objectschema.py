"""Typed decoding of written objects, as the API server's JSON decoder does it.

A body is decoded into the kind's Go types: a value of the wrong JSON type fails the request with the decoder's
message (`ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct
field ConfigMap.data of type string`), fields the type does not have are dropped (and reported for
`fieldValidation=Strict|Warn`), and timestamps are normalised to the forms the server prints.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scalar:
    go_type: str  # for messages: string, int32, int64, bool, []uint8


@dataclass(frozen=True)
class Timestamp:
    go_type: str
    micro: bool  # metav1.MicroTime (RFC3339 with microseconds) rather than metav1.Time (seconds)


@dataclass(frozen=True)
class MapOf:
    value: object


@dataclass(frozen=True)
class ListOf:
    item: object


@dataclass(frozen=True)
class Struct:
    go_type: str  # v1.ObjectMeta
    fields: dict = field(default_factory=dict)
    omit_empty: frozenset = frozenset()  # `json:",omitempty"` fields: a zero value is not kept

    @property
    def short_name(self) -> str:
        return self.go_type.rpartition(".")[2]


STRING = Scalar("string")
INT32 = Scalar("int32")
INT64 = Scalar("int64")
BOOL = Scalar("bool")
BYTES = Scalar("[]uint8")  # base64 text in JSON
ANY = Scalar("any")  # kept as given (owner references, managed fields)
TIME = Timestamp("v1.Time", micro=False)
MICRO_TIME = Timestamp("v1.MicroTime", micro=True)

OBJECT_META = Struct("v1.ObjectMeta", {
    "name": STRING, "generateName": STRING, "namespace": STRING, "selfLink": STRING, "uid": STRING,
    "resourceVersion": STRING, "generation": INT64, "creationTimestamp": TIME, "deletionTimestamp": TIME,
    "deletionGracePeriodSeconds": INT64, "labels": MapOf(STRING), "annotations": MapOf(STRING),
    "ownerReferences": ListOf(ANY), "finalizers": ListOf(STRING), "managedFields": ListOf(ANY),
}, omit_empty=frozenset({"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
                         "labels", "annotations", "ownerReferences", "finalizers", "managedFields"}))

_INT_RANGES = {"int32": (-2 ** 31, 2 ** 31 - 1), "int64": (-2 ** 63, 2 ** 63 - 1)}


class DecodeError(ValueError):
    """The body cannot be decoded into the kind's type; the message is the Go decoder's."""


def json_type(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def decode(value: dict, schema: Struct, unknown: list[str]) -> dict:
    """`value` pruned to `schema`; unknown field paths are appended to `unknown`. Raises DecodeError."""
    return _struct(value, schema, "", unknown)


def _struct(value, schema: Struct, path: str, unknown: list[str]) -> dict:
    out = {}
    for key, item in value.items():
        sub = schema.fields.get(key)
        where = f"{path}.{key}" if path else key
        if sub is None:
            unknown.append(where)
            continue
        if item is None:
            continue  # null decodes to the zero value, which the server omits
        value = _value(item, sub, schema, where, unknown)
        if key in schema.omit_empty and value in ("", 0, {}, []) and value is not False:
            continue
        out[key] = value
    return out


def _mismatch(item, owner: Struct, path: str, go_type: str) -> DecodeError:
    return DecodeError(f"json: cannot unmarshal {json_type(item)} into Go struct field {owner.short_name}.{path} "
                       f"of type {go_type}")


def _value(item, schema, owner: Struct, path: str, unknown: list[str]):
    if isinstance(schema, Struct):
        if not isinstance(item, dict):
            raise _mismatch(item, owner, path, schema.go_type)
        return _struct(item, schema, path, unknown)
    if isinstance(schema, MapOf):
        if not isinstance(item, dict):
            raise _mismatch(item, owner, path, "map[string]" + _go_name(schema.value))
        return {k: _value(v, schema.value, owner, path, unknown) for k, v in item.items() if v is not None}
    if isinstance(schema, ListOf):
        if not isinstance(item, list):
            raise _mismatch(item, owner, path, "[]" + _go_name(schema.item))
        return [_value(v, schema.item, owner, path, unknown) for v in item]
    if isinstance(schema, Timestamp):
        if not isinstance(item, str):
            raise _mismatch(item, owner, path, "string")
        return normalize_time(item, schema.micro)
    return _scalar(item, schema, owner, path)


def _scalar(item, schema: Scalar, owner: Struct, path: str):
    t = schema.go_type
    if t == "any":
        return item
    if t in ("string", "[]uint8"):
        if not isinstance(item, str):
            raise _mismatch(item, owner, path, t)
        if t == "[]uint8":
            check_base64(item)
        return item
    if t == "bool":
        if not isinstance(item, bool):
            raise _mismatch(item, owner, path, t)
        return item
    lo, hi = _INT_RANGES[t]
    if isinstance(item, bool) or not isinstance(item, (int, float)):
        raise _mismatch(item, owner, path, t)
    if isinstance(item, float) and not item.is_integer() or not lo <= item <= hi:
        raise DecodeError(f"json: cannot unmarshal number {item} into Go struct field {owner.short_name}.{path} "
                          f"of type {t}")
    return int(item)


def _go_name(schema) -> str:
    if isinstance(schema, (Scalar, Struct)):
        return schema.go_type if schema.go_type != "any" else "interface {}"
    if isinstance(schema, Timestamp):
        return schema.go_type
    if isinstance(schema, MapOf):
        return "map[string]" + _go_name(schema.value)
    return "[]" + _go_name(schema.item)


def check_base64(text: str) -> None:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        position = next((i for i, c in enumerate(text) if not (c.isalnum() or c in "+/=")), len(text))
        raise DecodeError(f"illegal base64 data at input byte {position}") from None


def normalize_time(text: str, micro: bool) -> str:
    """RFC 3339 in UTC, as metav1.Time (seconds) or metav1.MicroTime (microseconds) marshal it."""
    layout = "2006-01-02T15:04:05.000000Z07:00" if micro else "2006-01-02T15:04:05Z07:00"
    try:
        moment = datetime.datetime.fromisoformat(text)
        if moment.tzinfo is None or "T" not in text:
            raise ValueError
    except ValueError:
        raise DecodeError(f'parsing time "{text}" as "{layout}": cannot parse "{text}" as "2006"') from None
    moment = moment.astimezone(datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if micro else "%Y-%m-%dT%H:%M:%SZ")
