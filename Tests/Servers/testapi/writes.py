"""Writes through the API for the kinds that support them (core/v1 ConfigMaps, coordination.k8s.io/v1 Leases),
with kube-apiserver's semantics: create (POST), read-modify-write with optimistic concurrency (PUT), delete with
preconditions (DELETE), and JSON merge, strategic merge and JSON patches (PATCH).

What a real server does and this one mimics, per kind strategy (pkg/registry/.../strategy.go):
- ConfigMap: an update without `metadata.resourceVersion` is unconditional; PUT to a missing object is 404.
- Lease: an update must carry `metadata.resourceVersion` (422 otherwise); PUT to a missing object creates it.
- A stale resourceVersion is 409 Conflict ("the object has been modified; ..."), an existing name on create 409
  AlreadyExists, a write into a namespace that does not exist 404, a ConfigMap over 1 MiB 422 Invalid.
- Written objects get uid, creationTimestamp and the next resourceVersion of the served cluster, and watchers
  see ADDED/MODIFIED/DELETED events; an update that changes nothing writes nothing (no new version, no event).
- `dryRun=All` validates without storing; `fieldValidation=Strict` rejects unknown fields, `Warn` (the default)
  drops them with a `Warning` header. Finalizers delay a deletion until an update removes them.
"""

from __future__ import annotations

import copy
import datetime
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Callable

import apierrors
import objectschema
import patches
import protobody
import validation
from apierrors import APIError
from objectschema import BOOL, BYTES, INT32, MICRO_TIME, OBJECT_META, STRING, MapOf, Struct
from resources import Resource

MAX_REQUEST_BYTES = 3 * 1024 * 1024  # kube-apiserver --max-request-bytes default
MAX_STORED_BYTES = 1536 * 1024  # etcd --max-request-bytes default
GENERATE_NAME_ATTEMPTS = 8
_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # apimachinery's utilrand alphanumerics (no vowels, no 0/1/3)


@dataclass(frozen=True)
class Strategy:
    schema: Struct
    create_on_update: bool
    unconditional_update: bool
    validate: Callable[[dict], list]
    validate_update: Callable[[dict, dict], list]


def _kind_schema(go_type: str, fields: dict, omit_empty: set = frozenset()) -> Struct:
    return Struct(go_type, {"apiVersion": STRING, "kind": STRING, "metadata": OBJECT_META, **fields},
                  frozenset(omit_empty))


STRATEGIES: dict[tuple[str, str], Strategy] = {
    ("", "configmaps"): Strategy(
        _kind_schema("v1.ConfigMap", {"data": MapOf(STRING), "binaryData": MapOf(BYTES), "immutable": BOOL},
                     omit_empty={"data", "binaryData"}),
        create_on_update=False, unconditional_update=True,
        validate=validation.configmap_errors, validate_update=validation.configmap_update_errors),
    ("coordination.k8s.io", "leases"): Strategy(
        _kind_schema("v1.Lease", {"spec": Struct("v1.LeaseSpec", {
            "holderIdentity": STRING, "leaseDurationSeconds": INT32, "acquireTime": MICRO_TIME,
            "renewTime": MICRO_TIME, "leaseTransitions": INT32, "strategy": STRING, "preferredHolder": STRING})}),
        create_on_update=True, unconditional_update=False,
        validate=validation.lease_errors, validate_update=validation.lease_update_errors),
}


def writable(resource: Resource) -> bool:
    return resource.key in STRATEGIES


class Write:
    """One write request against the served cluster (`state`: server.ServerState)."""

    def __init__(self, state, target, params: dict, body: bytes, content_type: str):
        self.state = state
        self.resource: Resource = target.resource
        self.namespace: str = target.namespace
        self.name: str | None = target.name
        self.params = params
        self.body = body
        self.content_type = (content_type or "").split(";")[0].strip().lower()
        self.strategy = STRATEGIES[self.resource.key]
        self.warnings: list[str] = []
        self.dry_run = False

    # ------------------------------------------------------------------------------------------------ entry

    def run(self, method: str) -> tuple[int, bytes, dict]:
        """The status, body and extra headers of the answer; raises APIError for failures."""
        dry = self.params.get("dryRun", "")
        if dry not in ("", "All"):
            raise apierrors.bad_request(f'Invalid dryRun: "{dry}": supported values: "All"')
        self.dry_run = dry == "All"
        if method == "POST":
            if self.name is not None:
                raise APIError(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                                                        "resource", {})
            code, obj = self.create()
        elif self.name is None:
            raise APIError(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                                                    "resource", {})
        elif method == "PUT":
            code, obj = self.update()
        elif method == "PATCH":
            code, obj = self.patch()
        else:
            code, obj = self.delete()
        headers = {}
        if self.warnings:
            headers["Warning"] = ", ".join(f'299 - {json.dumps(w)}' for w in self.warnings)
        return code, json.dumps(obj, separators=(",", ":")).encode(), headers

    # ------------------------------------------------------------------------------------------------ verbs

    def create(self) -> tuple[int, dict]:
        obj = self.decoded_body()
        meta = obj["metadata"]
        if meta.get("resourceVersion"):
            raise apierrors.internal("resourceVersion should not be set on objects to be created")
        with self.state.snapshot_lock:
            self.require_namespace()
            generate = meta.get("generateName") if not meta.get("name") else None
            for _ in range(GENERATE_NAME_ATTEMPTS if generate else 1):
                if generate:
                    meta["name"] = generate[:58] + "".join(secrets.choice(_NAME_ALPHABET) for _ in range(5))
                name = meta.get("name", "")
                if self.current(name) is None:
                    break
            else:
                raise apierrors.already_exists(self.resource, meta["name"])
            self.fill_system_fields(meta)
            self.check(self.strategy.validate(obj), name)
            return 201, self.commit(name, obj, "ADDED")

    def update(self) -> tuple[int, dict]:
        obj = self.decoded_body()
        meta = obj["metadata"]
        if meta.get("name", "") != self.name:
            raise apierrors.bad_request(f"the name of the object ({meta.get('name', '')}) does not match the name "
                                        f"on the URL ({self.name})")
        with self.state.snapshot_lock:
            existing = self.current(self.name)
            if existing is None:
                if not self.strategy.create_on_update:
                    raise apierrors.not_found(self.resource, self.name)
                self.require_namespace()
                meta.pop("resourceVersion", None)
                self.fill_system_fields(meta)
                self.check(self.strategy.validate(obj), self.name)
                return 201, self.commit(self.name, obj, "ADDED")
            new_rv = self.resource_version(meta.get("resourceVersion", ""))
            existing_rv = existing["metadata"].get("resourceVersion", "")
            if new_rv == 0:
                if not self.strategy.unconditional_update:
                    error = apierrors.invalid_value("metadata.resourceVersion", 0, "must be specified for an update")
                    raise apierrors.invalid(self.resource.group, self.resource.plural, self.name, [error])
            elif str(new_rv) != existing_rv:
                raise apierrors.conflict(self.resource, self.name)
            return self.replace(existing, obj)

    def patch(self) -> tuple[int, dict]:
        if self.content_type not in patches.SUPPORTED:
            raise APIError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                                                        "accepted media types include: " + ", ".join(patches.SUPPORTED))
        with self.state.snapshot_lock:
            existing = self.current(self.name)
            if existing is None:
                raise apierrors.not_found(self.resource, self.name)
            try:
                patched = patches.apply(self.content_type, existing, self.body)
            except patches.PatchError as e:
                if e.bad_request:
                    raise apierrors.bad_request(str(e)) from None
                raise APIError(422, "Invalid", str(e)) from None
            obj = self.decode(patched)
            meta = obj["metadata"]
            if meta.get("name", "") != self.name:
                raise apierrors.bad_request(f"the name of the object ({meta.get('name', '')}) does not match the "
                                            f"name on the URL ({self.name})")
            given = meta.get("resourceVersion", "")
            # A patch carries the current version unless it sets one, which is then a precondition.
            if given and given != existing["metadata"].get("resourceVersion", ""):
                self.resource_version(given)
                raise apierrors.conflict(self.resource, self.name)
            return self.replace(existing, obj)

    def delete(self) -> tuple[int, dict]:
        options = self.delete_options()
        preconditions = options.get("preconditions") or {}
        if options.get("dryRun") == ["All"]:
            self.dry_run = True
        with self.state.snapshot_lock:
            existing = self.current(self.name)
            if existing is None:
                raise apierrors.not_found(self.resource, self.name)
            meta = existing["metadata"]
            for field, label in (("uid", "UID"), ("resourceVersion", "ResourceVersion")):
                wanted = preconditions.get(field)
                if wanted is not None and wanted != meta.get(field, ""):
                    key = f"/registry/{self.resource.plural}/{self.namespace}/{self.name}"
                    raise apierrors.conflict(self.resource, self.name,
                                             f"StorageError: invalid object, Code: 4, Key: {key}, ResourceVersion: "
                                             f"0, AdditionalErrorMsg: Precondition failed: {label} in precondition: "
                                             f"{wanted}, {label} in object meta: {meta.get(field, '')}")
            if meta.get("finalizers"):
                # Graceful deletion: the object stays, marked, until an update removes its finalizers.
                if meta.get("deletionTimestamp"):
                    return 200, existing
                marked = copy.deepcopy(existing)
                marked["metadata"]["deletionTimestamp"] = now_rfc3339()
                marked["metadata"]["deletionGracePeriodSeconds"] = 0
                return 200, self.commit(self.name, marked, "MODIFIED")
            self.commit(self.name, None, "DELETED", deleted=existing)
            return 200, self.success_status(existing)

    # ------------------------------------------------------------------------------------------------ steps

    def replace(self, existing: dict, obj: dict) -> tuple[int, dict]:
        """The update step PUT and PATCH share, from a checked resourceVersion on (the lock is held)."""
        meta = obj["metadata"]
        old_meta = existing["metadata"]
        meta["resourceVersion"] = old_meta.get("resourceVersion", "")
        meta.setdefault("namespace", self.namespace)
        if not meta.get("uid"):
            meta["uid"] = old_meta.get("uid", "")
        for key in ("creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"):
            if key in old_meta:
                meta[key] = old_meta[key]
            else:
                meta.pop(key, None)
        self.check(self.strategy.validate_update(obj, existing), self.name)
        if obj == existing:
            return 200, existing  # nothing changed: etcd is not written, no new resourceVersion, no event
        if old_meta.get("deletionTimestamp") and not meta.get("finalizers"):
            self.commit(self.name, None, "DELETED", deleted=obj)
            return 200, obj
        return 200, self.commit(self.name, obj, "MODIFIED")

    def commit(self, name: str, obj: dict | None, event: str, deleted: dict | None = None) -> dict:
        if self.dry_run:
            result = obj if obj is not None else deleted
            return result
        if obj is not None and len(json.dumps(obj, separators=(",", ":"))) > MAX_STORED_BYTES:
            raise apierrors.internal("etcdserver: request is too large")
        return self.state.commit_write(self.resource, self.namespace, name, obj, event, deleted=deleted)

    def current(self, name: str) -> dict | None:
        found = self.state.snapshot.collection(self.resource).get(self.namespace, name)
        return None if found is None else found.decoded()

    def require_namespace(self) -> None:
        namespaces = self.state.snapshot.registry.by_path[("", "v1", "namespaces")]
        if self.state.snapshot.collection(namespaces).get("", self.namespace) is None:
            raise apierrors.namespace_not_found(self.namespace)

    def fill_system_fields(self, meta: dict) -> None:
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = now_rfc3339()
        for key in ("deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion"):
            meta.pop(key, None)

    def check(self, errors: list, name: str) -> None:
        if errors:
            raise apierrors.invalid(self.resource.group, self.resource.kind, name, errors)

    def resource_version(self, text: str) -> int:
        if text == "":
            return 0
        if not text.isdigit():
            raise apierrors.bad_request(f'invalid resource version: "{text}"')
        return int(text)

    def success_status(self, deleted: dict) -> dict:
        meta = deleted["metadata"]
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                "details": apierrors.resource_details(self.resource.group, self.resource.plural, self.name,
                                                      meta.get("uid"))}

    # ------------------------------------------------------------------------------------------------ bodies

    def parsed_body(self, layout: str):
        """The body's JSON value; protobuf bodies (kubectl's typed clients send them) in their JSON form."""
        if self.content_type == protobody.CONTENT_TYPE:
            try:
                return protobody.decode(self.body, layout)
            except (protobody.ProtobufError, ValueError) as e:
                raise apierrors.bad_request(f"the object provided is unrecognized (must be of type {layout}): {e}")\
                    from None
        if self.content_type not in ("", "application/json", "*/*"):
            raise APIError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                                                        "accepted media types include: application/json, "
                                                        f"{protobody.CONTENT_TYPE}")
        return json.loads(self.body)

    def decoded_body(self) -> dict:
        try:
            value = self.parsed_body(self.resource.kind)
        except ValueError as e:
            raise apierrors.bad_request(f"the object provided is unrecognized (must be of type "
                                        f"{self.resource.kind}): couldn't get version/kind; json parse error: {e}")\
                from None
        if not isinstance(value, dict):
            raise apierrors.bad_request(f"the object provided is unrecognized (must be of type "
                                        f"{self.resource.kind}): cannot unmarshal {objectschema.json_type(value)} "
                                        f"into Go value of type struct")
        api_version, kind = value.get("apiVersion"), value.get("kind")
        if api_version and api_version != self.resource.group_version:
            raise apierrors.bad_request(f"the API version in the data ({api_version}) does not match the expected "
                                        f"API version ({self.resource.group_version})")
        if kind and kind != self.resource.kind:
            raise apierrors.bad_request(f"the object provided is unrecognized (must be of type "
                                        f"{self.resource.kind}): {kind}")
        obj = self.decode(value)
        meta = obj["metadata"]
        if meta.get("namespace") and meta["namespace"] != self.namespace:
            raise apierrors.bad_request("the namespace of the provided object does not match the namespace sent "
                                        "on the request")
        meta["namespace"] = self.namespace
        return obj

    def decode(self, value: dict) -> dict:
        """The object typed and pruned like the server's decoder, unknown fields handled per fieldValidation."""
        r = self.resource
        unknown: list[str] = []
        try:
            obj = objectschema.decode(value, self.strategy.schema, unknown)
        except objectschema.DecodeError as e:
            raise apierrors.bad_request(f'{r.kind} in version "{r.version}" cannot be handled as a {r.kind}: {e}')\
                from None
        mode = self.params.get("fieldValidation", "Warn") or "Warn"
        if mode not in ("Ignore", "Warn", "Strict"):
            raise apierrors.bad_request(f"fieldValidation must be one of Ignore, Warn or Strict, got {mode!r}")
        if unknown and mode == "Strict":
            raise apierrors.bad_request("strict decoding error: " + ", ".join(f'unknown field "{u}"'
                                                                              for u in unknown))
        if unknown and mode == "Warn":
            self.warnings += [f'unknown field "{u}"' for u in unknown]
        obj["apiVersion"] = r.group_version
        obj["kind"] = r.kind
        obj.setdefault("metadata", {})
        return obj

    def delete_options(self) -> dict:
        options: dict = {}
        if self.body.strip():
            try:
                options = self.parsed_body("DeleteOptions")
            except ValueError as e:
                raise apierrors.bad_request(f"error decoding DeleteOptions: {e}") from None
            if not isinstance(options, dict):
                raise apierrors.bad_request("error decoding DeleteOptions: expected a JSON object")
        if not isinstance(options.get("preconditions") or {}, dict):
            raise apierrors.bad_request("error decoding DeleteOptions: preconditions must be an object")
        return options


def now_rfc3339() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
