"""Request bodies in Kubernetes protobuf (`application/vnd.kubernetes.protobuf`), turned into their JSON form.

kubectl's typed clients (`kubectl create configmap`, ...) send protobuf. A body is the magic `k8s\\0` followed by
a runtime.Unknown message (typeMeta, raw object bytes); the raw bytes are decoded with the field numbers of the
kinds that can be written (k8s.io/api generated.proto): ConfigMap, Lease and their ObjectMeta, and DeleteOptions.
"""

from __future__ import annotations

import base64
import datetime
import json

MAGIC = b"k8s\x00"
CONTENT_TYPE = "application/vnd.kubernetes.protobuf"
ZERO_TIME_SECONDS = -62135596800  # time.Time{}.Unix()


class ProtobufError(ValueError):
    pass


# Message layouts: field number -> (JSON name, type). Types: string, bytes, bool, int (signed varint), a nested
# layout name, "map<string,string>", "map<string,bytes>", "time", "microtime", "fieldsV1"; "[]" repeats.
LAYOUTS: dict[str, dict[int, tuple[str, str]]] = {
    "Unknown": {1: ("typeMeta", "TypeMeta"), 2: ("raw", "bytes"), 3: ("contentEncoding", "string"),
                4: ("contentType", "string")},
    "TypeMeta": {1: ("apiVersion", "string"), 2: ("kind", "string")},
    "ObjectMeta": {1: ("name", "string"), 2: ("generateName", "string"), 3: ("namespace", "string"),
                   4: ("selfLink", "string"), 5: ("uid", "string"), 6: ("resourceVersion", "string"),
                   7: ("generation", "int"), 8: ("creationTimestamp", "time"), 9: ("deletionTimestamp", "time"),
                   10: ("deletionGracePeriodSeconds", "int"), 11: ("labels", "map<string,string>"),
                   12: ("annotations", "map<string,string>"), 13: ("ownerReferences", "[]OwnerReference"),
                   14: ("finalizers", "[]string"), 17: ("managedFields", "[]ManagedFieldsEntry")},
    "OwnerReference": {1: ("kind", "string"), 3: ("name", "string"), 4: ("uid", "string"),
                       5: ("apiVersion", "string"), 6: ("controller", "bool"), 7: ("blockOwnerDeletion", "bool")},
    "ManagedFieldsEntry": {1: ("manager", "string"), 2: ("operation", "string"), 3: ("apiVersion", "string"),
                           4: ("time", "time"), 6: ("fieldsType", "string"), 7: ("fieldsV1", "fieldsV1"),
                           8: ("subresource", "string")},
    "ConfigMap": {1: ("metadata", "ObjectMeta"), 2: ("data", "map<string,string>"),
                  3: ("binaryData", "map<string,bytes>"), 4: ("immutable", "bool")},
    "Lease": {1: ("metadata", "ObjectMeta"), 2: ("spec", "LeaseSpec")},
    "LeaseSpec": {1: ("holderIdentity", "string"), 2: ("leaseDurationSeconds", "int"), 3: ("acquireTime", "microtime"),
                  4: ("renewTime", "microtime"), 5: ("leaseTransitions", "int"), 6: ("strategy", "string"),
                  7: ("preferredHolder", "string")},
    "DeleteOptions": {1: ("gracePeriodSeconds", "int"), 2: ("preconditions", "Preconditions"),
                      3: ("orphanDependents", "bool"), 4: ("propagationPolicy", "string"), 5: ("dryRun", "[]string")},
    "Preconditions": {1: ("uid", "string"), 2: ("resourceVersion", "string")},
}


def decode(body: bytes, kind: str) -> dict:
    """The JSON form of a protobuf-encoded object of `kind` (a LAYOUTS name). Raises ProtobufError."""
    if not body.startswith(MAGIC):
        raise ProtobufError("provided object is not a protobuf message: missing the k8s magic prefix")
    envelope = _message(body[len(MAGIC):], "Unknown")
    obj = _message(base64.b64decode(envelope.get("raw", "")), kind)
    type_meta = envelope.get("typeMeta") or {}
    for key in ("apiVersion", "kind"):
        if type_meta.get(key):
            obj[key] = type_meta[key]
    return obj


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ProtobufError("truncated or overlong varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _fields(data: bytes):
    """(field number, wire type, value) of each field: an int for varints, bytes for length-delimited ones."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 2:
            length, pos = _varint(data, pos)
            if pos + length > len(data):
                raise ProtobufError("truncated length-delimited field")
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = int.from_bytes(data[pos:pos + 8], "little"), pos + 8
        elif wire == 5:
            value, pos = int.from_bytes(data[pos:pos + 4], "little"), pos + 4
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
        yield number, wire, value


def _message(data: bytes, layout: str) -> dict:
    fields = LAYOUTS[layout]
    out: dict = {}
    for number, wire, value in _fields(data):
        if number not in fields:
            continue  # a field this server does not know: dropped, like an unknown JSON field
        name, kind = fields[number]
        repeated = kind.startswith("[]")
        kind = kind[2:] if repeated else kind
        if kind.startswith("map<"):
            entry = {k: v for k, _, v in _fields(value)}
            text = entry.get(2, b"")
            out.setdefault(name, {})[entry.get(1, b"").decode("utf-8")] = (
                base64.b64encode(text).decode() if kind.endswith("bytes>") else text.decode("utf-8"))
            continue
        decoded = _scalar(value, wire, kind)
        if decoded is None:
            continue
        if repeated:
            out.setdefault(name, []).append(decoded)
        else:
            out[name] = decoded
    return out


def _scalar(value, wire: int, kind: str):
    if kind == "string":
        return value.decode("utf-8")
    if kind == "bytes":
        return base64.b64encode(value).decode()
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return value - (1 << 64) if value >= 1 << 63 else value  # two's complement in a 64-bit varint
    if kind in ("time", "microtime"):
        parts = {n: v for n, _, v in _fields(value)}
        seconds = _scalar(parts.get(1, 0), 0, "int")
        if seconds == ZERO_TIME_SECONDS and not parts.get(2):
            return None  # Go's zero time.Time: null in JSON
        moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
        if kind == "microtime":
            moment += datetime.timedelta(microseconds=parts.get(2, 0) // 1000)
            return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind == "fieldsV1":
        raw = {n: v for n, _, v in _fields(value)}.get(1, b"{}")
        return json.loads(raw)
    if wire != 2:
        raise ProtobufError(f"expected a message for {kind}")
    return _message(value, kind)
