"""The served cluster: objects kept pre-serialized with a small index, and paged, filtered lists over them.

Every object is encoded once at load time; a list page is built by joining those bytes, so serving a page costs
little more than copying it. Each snapshot is immutable and replaced whole, which keeps concurrent readers safe
without locks.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import contextlib
import gc
import json
import re
import uuid
from typing import Iterable, Iterator

import kubeselectors
from resources import Registry, Resource

try:  # optional (Tests/Servers/requirements.txt): about twice as fast as json at loading big snapshots
    import orjson

    def loads(data):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            return json.loads(data)  # e.g. integers beyond 64 bits, which orjson refuses
except ImportError:  # pragma: no cover
    loads = json.loads

DEFAULT_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
SYNTHETIC_TIMESTAMP = "2024-01-01T00:00:00Z"

_WS = re.compile(r"[ \t\n\r]*")


class Obj:
    """One served object: its index fields and its compact JSON."""

    __slots__ = ("ns", "name", "node", "phase", "labels", "raw", "src")

    def __init__(self, ns: str, name: str, node: str, phase: str, labels: dict | None, raw: bytes,
                 src: bytes | None = None):
        self.ns = ns
        self.name = name
        self.node = node
        self.phase = phase
        self.labels = labels
        self.raw = raw
        # The bytes as given, when `raw` carries a resourceVersion rewritten by a change: snapshots are compared
        # on what they were given, so replacing a cluster with the same file changes nothing.
        self.src = src

    @classmethod
    def of(cls, item: dict, ns: str, name: str, raw: bytes | None = None) -> "Obj":
        """An object with its index fields taken from `item`; `raw` defaults to its compact JSON."""
        meta = item.get("metadata")
        spec = item.get("spec")
        status = item.get("status")
        node = spec.get("nodeName") or "" if isinstance(spec, dict) else ""
        phase = status.get("phase") or "" if isinstance(status, dict) else ""
        labels = meta.get("labels") if isinstance(meta, dict) else None
        if not isinstance(labels, dict):
            labels = None
        if raw is None:
            raw = json.dumps(item, separators=(",", ":")).encode("utf-8")
        return cls(ns, name, node, phase, labels, raw)

    @property
    def source(self) -> bytes:
        return self.raw if self.src is None else self.src

    def with_resource_version(self, rv: int) -> "Obj":
        obj = self.decoded()
        meta = obj.setdefault("metadata", {})
        meta["resourceVersion"] = str(rv)
        return Obj(self.ns, self.name, self.node, self.phase, self.labels,
                   json.dumps(obj, separators=(",", ":")).encode(), self.source)

    def decoded(self) -> dict:
        return loads(self.raw)

    def field(self, path: str) -> str:
        if path == "metadata.name":
            return self.name
        if path == "metadata.namespace":
            return self.ns
        if path == "spec.nodeName":
            return self.node
        if path == "status.phase":
            return self.phase
        return kubeselectors.field_value(self.decoded(), path)


class Collection:
    """All objects of one resource, sorted the way etcd returns them (by namespace, then name)."""

    def __init__(self, resource: Resource, objs: Iterable[Obj]):
        self.resource = resource
        self.items: list[Obj] = sorted(objs, key=lambda o: (o.ns, o.name))
        self.keys: dict[tuple[str, str], int] = {}
        self.ns_range: dict[str, tuple[int, int]] = {}
        self.node_index: dict[str, list[int]] = {}
        for i, o in enumerate(self.items):
            self.keys[(o.ns, o.name)] = i
            lo_hi = self.ns_range.get(o.ns)
            self.ns_range[o.ns] = (i if lo_hi is None else lo_hi[0], i + 1)
            if o.node:
                self.node_index.setdefault(o.node, []).append(i)

    def get(self, ns: str, name: str) -> Obj | None:
        i = self.keys.get((ns, name))
        return None if i is None else self.items[i]


class InvalidContinue(ValueError):
    pass


class ExpiredContinue(Exception):
    pass


class Page:
    __slots__ = ("items", "continue_token", "remaining")

    def __init__(self, items: list[Obj], continue_token: str | None, remaining: int | None):
        self.items = items
        self.continue_token = continue_token
        self.remaining = remaining


class Snapshot:
    def __init__(self, registry: Registry, collections: dict[tuple[str, str], Collection], rv: int):
        self.registry = registry
        self.collections = collections
        self.rv = rv

    def collection(self, resource: Resource) -> Collection:
        c = self.collections.get(resource.key)
        if c is None:
            c = Collection(resource, [])
            self.collections[resource.key] = c
        return c

    def with_object(self, resource: Resource, ns: str, name: str, obj: "Obj | None", rv: int) -> "Snapshot":
        """A new snapshot at `rv` in which (ns, name) is `obj` (None: deleted); every other collection is shared,
        so a write costs one collection's re-index, not the cluster's."""
        coll = self.collection(resource)
        items = [o for o in coll.items if (o.ns, o.name) != (ns, name)]
        if obj is not None:
            items.append(obj)
        collections = dict(self.collections)
        collections[resource.key] = Collection(resource, items)
        return Snapshot(self.registry, collections, rv)

    def counts(self) -> dict[str, int]:
        return {(f"{g}/{p}" if g else p): len(c.items) for (g, p), c in sorted(self.collections.items())
                if c.items}

    # ------------------------------------------------------------------------------------------------ lists

    def list_page(self, resource: Resource, namespace: str, field_terms, label_reqs, limit: int,
                  continue_token: str | None) -> Page:
        coll = self.collection(resource)
        start = self._decode_continue(continue_token, resource) if continue_token else 0
        if namespace:
            lo, hi = coll.ns_range.get(namespace, (0, 0))
        else:
            lo, hi = 0, len(coll.items)
        start = max(start, lo)

        node_value = next((v for f, op, v in field_terms if f == "spec.nodeName" and op == "="), None)
        name_value = next((v for f, op, v in field_terms if f == "metadata.name" and op == "="), None)
        if node_value:  # the index holds bound pods only; `spec.nodeName=` (unscheduled) scans
            positions = coll.node_index.get(node_value, [])
            a = bisect.bisect_left(positions, start)
            b = bisect.bisect_left(positions, hi)
            candidates: Iterable[int] = positions[a:b]
        elif name_value is not None and namespace:
            i = coll.keys.get((namespace, name_value))
            candidates = [i] if i is not None and start <= i < hi else []
        else:
            candidates = range(start, hi)

        items = coll.items
        filtered = bool(field_terms or label_reqs)
        selected: list[Obj] = []
        next_start = None
        for i in candidates:
            o = items[i]
            if field_terms and not kubeselectors.field_matches(field_terms, o.field):
                continue
            if label_reqs and not kubeselectors.labels_match(label_reqs, o.labels):
                continue
            if limit and len(selected) >= limit:
                next_start = i
                break
            selected.append(o)
        if next_start is None:
            return Page(selected, None, None)
        token = self._encode_continue(resource, next_start)
        return Page(selected, token, None if filtered else hi - next_start)

    def _encode_continue(self, resource: Resource, start: int) -> str:
        payload = json.dumps({"v": "meta.k8s.io/v1", "rv": self.rv, "start": start, "r": resource.plural},
                             separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(payload).rstrip(b"=").decode()

    @staticmethod
    def continue_version(token: str) -> int | None:
        """The list resourceVersion a continue token was issued at, None when it is not a valid token."""
        try:
            return int(json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))["rv"])
        except (binascii.Error, ValueError, KeyError, TypeError):
            return None

    def _decode_continue(self, token: str, resource: Resource) -> int:
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            rv, start, plural = int(data["rv"]), int(data["start"]), data["r"]
        except (binascii.Error, ValueError, KeyError, TypeError) as e:
            raise InvalidContinue(f"continue key is not valid: {e}") from None
        if plural != resource.plural or start < 0:
            raise InvalidContinue("continue key is not valid: it was issued for another resource")
        if rv != self.rv:
            raise ExpiredContinue()
        return start


# ---------------------------------------------------------------------------------------------------- loading

class SnapshotBuilder:
    """Collects items from one or more List documents, later files replacing earlier objects with the same key."""

    def __init__(self):
        self.registry = Registry()
        self.objs: dict[tuple[str, str], dict[tuple[str, str], Obj]] = {}
        self.resources: dict[tuple[str, str], Resource] = {}
        self.max_rv = 0

    @classmethod
    def from_snapshot(cls, snap: Snapshot) -> "SnapshotBuilder":
        """A builder holding a served snapshot's objects, to change a few of them."""
        b = cls()
        b.registry = Registry([r for r in snap.registry.resources if not r.builtin])
        for key, coll in snap.collections.items():
            if coll.items:
                b.resources[key] = coll.resource
                b.objs[key] = {(o.ns, o.name): o for o in coll.items}
        b.max_rv = snap.rv
        return b

    def delete(self, api_version: str, kind: str, namespace: str, name: str) -> bool:
        resource = self.registry.by_kind.get((api_version, kind)) or self.registry.by_group_kind.get(
            (api_version.rpartition("/")[0], kind))
        if resource is None:
            return False
        ns = (namespace or "default") if resource.namespaced else ""
        return self.objs.get(resource.key, {}).pop((ns, name), None) is not None

    def add_file(self, path: str) -> None:
        with open(path, "rb") as f:
            first = f.readline()
            header = _line_format_header(first)
            if header is not None:
                self._add_lines(f, header)
                return
            data = first + f.read()
        self.add_bytes(data)

    def add_bytes(self, data: bytes) -> None:
        newline = data.find(b"\n")
        header = _line_format_header(data[: newline + 1]) if newline >= 0 else None
        if header is not None:
            self._add_lines(_lines(data, newline + 1), header)
            return
        text = data.decode("utf-8")
        pending: list[dict] = []
        header_fields: dict = {}
        for kind, value, raw in _iter_document(text, header_fields):
            if kind == "item":
                if "kind" in value and "apiVersion" in value:
                    self._add(value, raw)
                else:
                    pending.append(value)
            else:  # the document itself is a single object
                self._add(value, None)
        defaults = _list_defaults(header_fields)
        for item in pending:
            self._add(_with_defaults(item, defaults), None)

    def add_item(self, item: dict) -> None:
        self._add(item, None)

    def _add_lines(self, lines: Iterator[bytes], header: dict) -> None:
        defaults = _list_defaults(header)
        for line in lines:
            line = line.rstrip()
            if line.endswith(b","):
                line = line[:-1]
            if not line:
                continue
            if line.startswith(b"]"):
                break
            item = loads(line)
            if "kind" in item and "apiVersion" in item:
                self._add(item, line)
            else:
                self._add(_with_defaults(item, defaults), None)

    def _add(self, item: dict, raw) -> None:
        if not isinstance(item, dict):
            return
        kind = item.get("kind") or ""
        api_version = item.get("apiVersion") or ""
        if not kind or not api_version:
            return
        if kind.endswith("List") and isinstance(item.get("items"), list):
            # A nested List (kubectl writes one per resource type in some modes).
            defaults = _list_defaults(item)
            for sub in item["items"]:
                self._add(_with_defaults(sub, defaults) if isinstance(sub, dict) else sub, None)
            return
        meta = item.get("metadata")
        if not isinstance(meta, dict):
            meta = {}
        ns = meta.get("namespace") or ""
        resource = self.registry.resolve_kind(api_version, kind, bool(ns))
        if not resource.namespaced:
            ns = ""
        elif not ns:
            ns = "default"
        name = meta.get("name") or ""
        rv = meta.get("resourceVersion")
        if isinstance(rv, str) and rv.isdigit():
            self.max_rv = max(self.max_rv, int(rv))
        if raw is None or (isinstance(raw, str) and "\n" in raw):
            raw = json.dumps(item, separators=(",", ":"))
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        self.resources[resource.key] = resource
        self.objs.setdefault(resource.key, {})[(ns, name)] = Obj.of(item, ns, name, raw)

    def build(self, previous_rv: int = 0) -> Snapshot:
        self._synthesize_namespaces()
        self._synthesize_node_leases()
        collections = {key: Collection(self.resources[key], objs.values()) for key, objs in self.objs.items()}
        rv = max(self.max_rv, previous_rv) + 1
        return Snapshot(self.registry, collections, rv)

    def _synthesize_namespaces(self) -> None:
        # A dump of pods alone still needs its namespaces for `kubectl get ns` and namespace lookups.
        wanted = set(DEFAULT_NAMESPACES)
        for key, objs in self.objs.items():
            if self.resources[key].namespaced:
                wanted.update(ns for ns, _ in objs)
        have = self.objs.get(("", "namespaces"), {})
        for ns in sorted(wanted):
            if ("", ns) in have:
                continue
            self._add({
                "apiVersion": "v1", "kind": "Namespace",
                "metadata": {"name": ns, "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, "namespace/" + ns)),
                             "resourceVersion": "1", "creationTimestamp": SYNTHETIC_TIMESTAMP,
                             "labels": {"kubernetes.io/metadata.name": ns}},
                "spec": {"finalizers": ["kubernetes"]},
                "status": {"phase": "Active"},
            }, None)


    def _synthesize_node_leases(self) -> None:
        # Every kubelet renews a Lease named after its node; `kubectl describe node` shows it.
        leases = self.objs.get(("coordination.k8s.io", "leases"), {})
        for node in list(self.objs.get(("", "nodes"), {}).values()):
            if ("kube-node-lease", node.name) in leases:
                continue
            decoded = node.decoded()
            conditions = (decoded.get("status") or {}).get("conditions") or []
            heartbeat = next((c.get("lastHeartbeatTime") for c in conditions if c.get("type") == "Ready"), None)
            renew = heartbeat or SYNTHETIC_TIMESTAMP
            if "." not in renew:
                renew = renew.replace("Z", ".000000Z")
            meta = decoded.get("metadata") or {}
            self._add({
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                "metadata": {"name": node.name, "namespace": "kube-node-lease",
                             "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, "lease/" + node.name)),
                             "resourceVersion": "1",
                             "creationTimestamp": meta.get("creationTimestamp") or SYNTHETIC_TIMESTAMP,
                             "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node.name,
                                                  "uid": meta.get("uid", "")}]},
                "spec": {"holderIdentity": node.name, "leaseDurationSeconds": 40, "renewTime": renew},
            }, None)


class Event:
    """A watch event: what happened to one object at one resourceVersion."""

    __slots__ = ("rv", "key", "type", "obj")

    def __init__(self, rv: int, key: tuple[str, str], type_: str, obj: Obj):
        self.rv = rv
        self.key = key
        self.type = type_
        self.obj = obj


def diff_snapshots(old: Snapshot, new: Snapshot) -> list[Event]:
    """The events that turn `old` into `new`, numbered from `new.rv`; changed objects in `new` get their event's
    resourceVersion (like the real server, a list and a watch agree on every object's version) and `new.rv`
    becomes the last event's."""
    events: list[Event] = []
    rv = new.rv
    for key in sorted(set(old.collections) | set(new.collections)):
        old_coll, new_coll = old.collections.get(key), new.collections.get(key)
        before = {(o.ns, o.name): o for o in old_coll.items} if old_coll else {}
        if new_coll is not None:
            for i, o in enumerate(new_coll.items):
                prev = before.pop((o.ns, o.name), None)
                if prev is not None and prev.source == o.source:
                    if prev is not o:
                        new_coll.items[i] = prev  # keep the version the clients already saw
                    continue
                changed = o.with_resource_version(rv)
                new_coll.items[i] = changed
                events.append(Event(rv, key, "ADDED" if prev is None else "MODIFIED", changed))
                rv += 1
        for prev in before.values():
            events.append(Event(rv, key, "DELETED", prev.with_resource_version(rv)))
            rv += 1
    new.rv = max(new.rv, rv - 1)
    return events


def load_snapshot(paths: list[str], previous_rv: int = 0) -> Snapshot:
    with gc_paused():
        b = SnapshotBuilder()
        for p in paths:
            b.add_file(p)
        return b.build(previous_rv)


def load_snapshot_bytes(data: bytes, previous_rv: int = 0) -> Snapshot:
    with gc_paused():
        b = SnapshotBuilder()
        if data.strip():
            b.add_bytes(data)
        return b.build(previous_rv)


@contextlib.contextmanager
def gc_paused():
    """Loading creates hundreds of thousands of long-lived objects: collecting while they pile up is wasted
    work, and freezing them afterwards keeps later collections from rescanning them on every request."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def _line_format_header(first_line: bytes) -> dict | None:
    """gencluster writes `{...,"items":[` then one compact item per line; such files load without a full parse."""
    line = first_line.strip()
    if not line.endswith(b'"items":['):
        return None
    try:
        header = json.loads(line + b"]}")
    except ValueError:
        return None
    return header if isinstance(header, dict) else None


def _lines(data: bytes, start: int) -> Iterator[bytes]:
    pos = start
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end < 0:
            end = len(data)
        yield data[pos:end]
        pos = end + 1


def _iter_document(text: str, header: dict):
    """Streams the items of a List document without decoding the whole tree at once.

    Yields ('item', dict, raw_text) for each entry of `items`; a document that is a single object is yielded as
    ('object', dict, None). Other top-level fields land in `header`.
    """
    dec = json.JSONDecoder()
    pos = _WS.match(text, 0).end()
    if pos >= len(text) or text[pos] != "{":
        raise ValueError("a snapshot must be a JSON object (a Kubernetes List)")
    pos += 1
    saw_items = False
    while True:
        pos = _WS.match(text, pos).end()
        if text[pos] == "}":
            break
        key, pos = dec.raw_decode(text, pos)
        pos = _WS.match(text, pos).end()
        if text[pos] != ":":
            raise ValueError(f"expected ':' at offset {pos}")
        pos = _WS.match(text, pos + 1).end()
        if key == "items" and text[pos] == "[":
            saw_items = True
            pos += 1
            while True:
                pos = _WS.match(text, pos).end()
                if text[pos] == "]":
                    pos += 1
                    break
                item, end = dec.raw_decode(text, pos)
                yield "item", item, text[pos:end]
                pos = _WS.match(text, end).end()
                if text[pos] == ",":
                    pos += 1
        else:
            value, pos = dec.raw_decode(text, pos)
            header[key] = value
        pos = _WS.match(text, pos).end()
        if text[pos] == ",":
            pos += 1
    kind = header.get("kind", "")
    if not saw_items and kind and not kind.endswith("List"):
        yield "object", dict(header), None


def _list_defaults(header: dict) -> tuple[str, str]:
    kind = header.get("kind") or ""
    api_version = header.get("apiVersion") or "v1"
    item_kind = kind[:-4] if kind.endswith("List") and kind != "List" else ""
    return api_version, item_kind


def _with_defaults(item: dict, defaults: tuple[str, str]) -> dict:
    api_version, kind = defaults
    if isinstance(item, dict):
        if kind and "kind" not in item:
            item["kind"] = kind
        if "apiVersion" not in item:
            item["apiVersion"] = api_version
    return item
