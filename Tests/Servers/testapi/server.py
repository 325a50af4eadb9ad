#!/usr/bin/env python3
"""A test Kubernetes API server: serves a snapshot (one or more `List` JSON files) over HTTPS on 127.0.0.1.

    python3 Tests/Servers/testapi/server.py --snapshot cluster.json --port 0 --state-dir DIR

It generates a CA, a server certificate (SANs 127.0.0.1 and localhost) and a client certificate (CN=test-user)
into DIR, accepts a bearer token, the client certificate, or basic auth, and writes DIR/ready.json and a
kubeconfig once it is listening. Faithful enough for kubectl 1.32: discovery, lists with paging and selectors,
single GETs, server-side Table printing, and `kind: Status` bodies for every error.

Test control lives under /_test/ on both the HTTPS port (no auth) and a plain-HTTP admin port: faults,
snapshot replacement, accepted tokens and the request log. See README.md beside this file.
"""

from __future__ import annotations

import argparse
import base64
import bisect
import collections
import datetime
import hmac
import json
import os
import re
import secrets
import select
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import apierrors  # noqa: E402
import certs  # noqa: E402
import kubeletstats  # noqa: E402
import kubeselectors  # noqa: E402
import metrics  # noqa: E402
import resources  # noqa: E402
import store  # noqa: E402
import tables  # noqa: E402
import usage  # noqa: E402
import writes  # noqa: E402
from apierrors import APIError, not_found_path  # noqa: E402
from faults import FaultError, FaultSet  # noqa: E402

KUBE_VERSION = {
    "major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53",
    "gitTreeState": "clean", "buildDate": "2024-12-11T17:57:06Z", "goVersion": "go1.23.3", "compiler": "gc",
    "platform": "linux/amd64",
}
WRITE_CHUNK = 1 << 20
JOIN_GROUP = 1000
LOG_LIMIT = 50_000
MAX_EVENTS = 200_000
LIST_HISTORY_LIMIT = 500
LIST_HISTORY_SECONDS = 300.0  # kube-apiserver compacts etcd every 5 minutes

EXPIRED_CONTINUE_MESSAGE = (
    "The provided continue parameter is too old to display a consistent list result. You can start a new list "
    "without the continue parameter, or use the continue token in this response to retrieve the remainder of the "
    "results. Continuing with the provided token results in an inconsistent list - objects that were created, "
    "modified, or deleted between the time the first chunk was returned and now may show up in the list.")


class ServerState:
    """Everything the request handlers share; the snapshot reference is swapped whole on replacement."""

    def __init__(self, snapshot: store.Snapshot, tokens: list[str], token_user: str, basic: tuple[str, str] | None,
                 ssl_context: ssl.SSLContext, bookmark_interval: float = 5.0):
        self.snapshot = snapshot
        self.snapshot_lock = threading.Lock()
        # Watch history: every change since start (bounded), and the oldest resourceVersion a watch may resume at.
        self.changes = threading.Condition()
        self.events: list[store.Event] = []
        self.event_rvs: list[int] = []
        self.watch_floor = snapshot.rv
        self.bookmark_interval = bookmark_interval
        self.faults = FaultSet()
        self.tokens = list(tokens)
        self.token_user = token_user
        self.basic = basic
        self.ssl_context = ssl_context
        self.log_lock = threading.Lock()
        self.log: collections.deque = collections.deque(maxlen=LOG_LIMIT)
        self.log_seq = 0
        self.port = 0
        # Snapshots replaced by API writes, by their resourceVersion: continue tokens issued on them stay valid.
        self.list_history: collections.OrderedDict = collections.OrderedDict()
        self.usage = usage.UsageSource()

    def record(self, entry: dict) -> None:
        with self.log_lock:
            self.log_seq += 1
            entry["seq"] = self.log_seq
            self.log.append(entry)

    def replace_snapshot(self, data: bytes) -> tuple[store.Snapshot, int]:
        with self.snapshot_lock:
            return self._apply(store.load_snapshot_bytes(data, previous_rv=self.snapshot.rv))

    def change_objects(self, upsert: list, delete: list) -> tuple[store.Snapshot, int]:
        """Adds, replaces and deletes single objects, keeping the rest of the served cluster."""
        with self.snapshot_lock:
            with store.gc_paused():
                builder = store.SnapshotBuilder.from_snapshot(self.snapshot)
                for item in upsert:
                    if not isinstance(item, dict) or not item.get("kind") or not item.get("apiVersion"):
                        raise ValueError("every upserted object needs apiVersion and kind")
                    builder.add_item(item)
                for ref in delete:
                    if not isinstance(ref, dict) or not builder.delete(ref.get("apiVersion", "v1"), ref.get("kind", ""),
                                                                       ref.get("namespace", ""), ref.get("name", "")):
                        raise ValueError(f"no such object to delete: {ref}")
                return self._apply(builder.build(previous_rv=self.snapshot.rv))

    def _apply(self, new: store.Snapshot) -> tuple[store.Snapshot, int]:
        old = self.snapshot
        events = store.diff_snapshots(old, new)
        if not events:
            new.rv = old.rv  # nothing changed: continue tokens stay valid
        else:
            self.list_history.clear()  # a control change is a compaction: older continue tokens expire
        self._publish(new, events)
        return new, len(events)

    def commit_write(self, resource, ns: str, name: str, item: dict | None, event_type: str,
                     deleted: dict | None = None) -> dict:
        """Stores one object written through the API (`item`, or None to delete `deleted`) at the next
        resourceVersion and tells watchers; returns the object as stored. The caller holds `snapshot_lock`."""
        old = self.snapshot
        rv = old.rv + 1
        stored = item if item is not None else deleted
        stored.setdefault("metadata", {})["resourceVersion"] = str(rv)
        obj = store.Obj.of(stored, ns, name)
        new = old.with_object(resource, ns, name, obj if item is not None else None, rv)
        # Like etcd, a write does not invalidate a paged list in progress: its continue token keeps reading the
        # snapshot it started on, until that is older than the compaction window.
        now = time.monotonic()
        self.list_history[old.rv] = (old, now)
        while self.list_history and (len(self.list_history) > LIST_HISTORY_LIMIT or
                                     now - next(iter(self.list_history.values()))[1] > LIST_HISTORY_SECONDS):
            self.list_history.popitem(last=False)
        self._publish(new, [store.Event(rv, resource.key, event_type, obj)])
        return stored

    def snapshot_for_continue(self, token: str | None) -> store.Snapshot:
        """The snapshot a continue token was issued on, if API writes happened since and it is still kept."""
        snap = self.snapshot
        if token:
            rv = store.Snapshot.continue_version(token)
            if rv is not None and rv != snap.rv:
                kept = self.list_history.get(rv)
                if kept is not None:
                    return kept[0]
        return snap

    def _publish(self, new: store.Snapshot, events: list) -> None:
        with self.changes:
            self.snapshot = new
            self.events.extend(events)
            self.event_rvs.extend(e.rv for e in events)
            excess = len(self.events) - MAX_EVENTS
            if excess > 0:
                self.watch_floor = self.events[excess - 1].rv
                del self.events[:excess]
                del self.event_rvs[:excess]
            self.changes.notify_all()


class RequestTarget:
    """What an API path names: a resource, optionally a namespace and an object name."""

    def __init__(self, resource=None, namespace: str = "", name: str | None = None, subresource: str | None = None):
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.subresource = subresource

    def display(self) -> str:
        r = self.resource
        return r.plural if not r.group else f"{r.plural}.{r.group}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kubecapwatch-testapi"
    sys_version = ""
    timeout = 300

    # ------------------------------------------------------------------------------------------------ plumbing

    def setup(self):
        if self.server.tls:
            self.request.settimeout(30)
            # The handshake runs here, in the connection's own thread, so a stuck client cannot block accept().
            self.request = self.server.state.ssl_context.wrap_socket(self.request, server_side=True)
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def log_message(self, fmt, *args):  # the request log replaces per-request stderr lines
        pass

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def discard_body(self, length: int, limit: int = 64 << 20) -> None:
        remaining = min(length, limit)
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                return
            remaining -= len(chunk)

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_bytes(self, code: int, parts, content_type: str = "application/json", headers: dict | None = None,
                   drop_mid_body: bool = False) -> int:
        """One response with Content-Length; small ones leave in a single write to avoid extra TLS records."""
        if isinstance(parts, (bytes, bytearray)):
            parts = [parts]
        total = sum(len(p) for p in parts)
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Status"
        lines = [f"HTTP/1.1 {code} {phrase}", f"Content-Type: {content_type}", f"Content-Length: {total}",
                 f"Date: {self.date_time_string()}", "Cache-Control: no-cache, private"]
        for k, v in (headers or {}).items():
            lines.append(f"{k}: {v}")
        if self.close_connection or drop_mid_body:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        limit = total // 2 if drop_mid_body else total
        if self.command == "HEAD":
            limit = 0
        buf, size, sent = [head], len(head), 0
        for p in parts:
            if sent >= limit:
                break
            if sent + len(p) > limit:
                p = p[: limit - sent]
            sent += len(p)
            if len(p) >= WRITE_CHUNK // 4:
                self.wfile.write(b"".join(buf))
                buf, size = [], 0
                self.wfile.write(p)
                continue
            buf.append(p)
            size += len(p)
            if size >= WRITE_CHUNK:
                self.wfile.write(b"".join(buf))
                buf, size = [], 0
        if buf:
            self.wfile.write(b"".join(buf))
        if drop_mid_body:
            self.close_connection = True
            try:
                self.wfile.flush()
                # No TLS close_notify: the client sees the connection end in the middle of the body.
                socket.socket.shutdown(self.request, socket.SHUT_RDWR)
            except OSError:
                pass
        return sent

    def send_json(self, code: int, obj, headers: dict | None = None) -> int:
        return self.send_bytes(code, json.dumps(obj, separators=(",", ":")).encode(), headers=headers)

    def send_error_status(self, err: APIError) -> int:
        return self.send_bytes(err.code, err.body(), headers=err.headers)

    # ------------------------------------------------------------------------------------------------ dispatch

    def dispatch(self, method: str) -> None:
        started = time.monotonic()
        split = urllib.parse.urlsplit(self.path)
        path, query = split.path or "/", split.query
        admin = path.startswith("/_test/") or path == "/_test"
        length = int(self.headers.get("Content-Length") or 0)
        if not admin and length > writes.MAX_REQUEST_BYTES:
            self.close_connection = True
            self.discard_body(length)  # so that the client, still sending, reads the answer
            self.send_error_status(APIError(413, "RequestEntityTooLarge",
                                            f"Request entity too large: limit is {writes.MAX_REQUEST_BYTES}", {}))
            return
        body = self.read_body() if method in ("POST", "PUT", "PATCH", "DELETE") else b""
        if admin:
            self.admin(method, path, query, body)
            return
        if not self.server.tls:
            self.send_error_status(not_found_path())
            return
        if path in ("/healthz", "/livez", "/readyz"):
            self.send_bytes(200, b"ok", content_type="text/plain; charset=utf-8")
            return

        state: ServerState = self.server.state
        params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        auth, user = self.authenticate()
        entry = {"time": time.time(), "method": method, "path": path, "query": query, "params": params,
                 "auth": auth, "user": user, "status": 0, "bytes": 0, "fault": None,
                 "table": self.wants_table() is not None, "duration_ms": 0.0}
        recorded = False
        try:
            if auth == "rejected" or auth == "none":
                raise APIError(401, "Unauthorized", "Unauthorized")
            fault = state.faults.take(method, path, query, bool(params.get("continue")))
            drop = False
            if fault is not None:
                entry["fault"] = fault.id
                if fault.delay:
                    time.sleep(fault.delay)
                if fault.body is not None:
                    entry["status"] = fault.status or 200
                    entry["bytes"] = self.send_bytes(entry["status"], fault.body.encode(),
                                                     content_type=fault.content_type or "application/json")
                    return
                if fault.status is not None:
                    raise self.fault_error(fault, method, path, params, user)
                drop = fault.drop_mid_body
            code, parts, *extra = self.api(method, path, params, body)
            entry["status"] = code
            if code == "watch":
                entry["status"] = 200
                state.record(entry)  # logged when it starts: a watch may stream for minutes
                recorded = True
                parts(entry, drop)
            else:
                headers = dict(extra[0]) if extra else {}
                content_type = headers.pop("Content-Type", "application/json")
                entry["bytes"] = self.send_bytes(code, parts, content_type=content_type, headers=headers,
                                                 drop_mid_body=drop)
        except APIError as err:
            entry["status"] = err.code
            entry["bytes"] = self.send_error_status(err)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, TimeoutError):
            entry["status"] = entry["status"] or 499
            self.close_connection = True
        finally:
            entry["duration_ms"] = round((time.monotonic() - started) * 1000, 3)
            if not recorded:
                state.record(entry)

    def authenticate(self) -> tuple[str, str | None]:
        """x509 first, like kube-apiserver's authenticator union: a valid certificate wins over a bad token."""
        state: ServerState = self.server.state
        cert = None
        try:
            cert = self.request.getpeercert()
        except (AttributeError, ValueError, ssl.SSLError):
            pass
        if cert:
            cn = next((v for rdn in cert.get("subject", ()) for k, v in rdn if k == "commonName"), "")
            return "cert", cn
        header = self.headers.get("Authorization") or ""
        scheme, _, credential = header.partition(" ")
        credential = credential.strip()
        if scheme.lower() == "bearer" and credential:
            if any(hmac.compare_digest(credential.encode(), t.encode()) for t in state.tokens):
                return "token", state.token_user
            return "rejected", None
        if scheme.lower() == "basic" and credential:
            try:
                user, _, password = base64.b64decode(credential).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return "rejected", None
            if state.basic and hmac.compare_digest(f"{user}:{password}".encode(),
                                                   f"{state.basic[0]}:{state.basic[1]}".encode()):
                return "basic", user
            return "rejected", None
        return "none", None

    def wants_table(self) -> str | None:
        """The Table version the Accept header asks for first, if any (kubectl get asks for v1, then v1beta1)."""
        for part in (self.headers.get("Accept") or "").split(","):
            fields = [f.strip() for f in part.split(";")]
            params = dict(f.split("=", 1) for f in fields[1:] if "=" in f)
            if params.get("as") == "Table" and params.get("g") == "meta.k8s.io":
                return params.get("v", "v1")
            if fields[0] in ("application/json", "*/*", "application/*"):
                return None
        return None

    # ------------------------------------------------------------------------------------------------ faults

    def fault_error(self, fault, method: str, path: str, params: dict, user: str | None) -> APIError:
        code = fault.status
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(int(fault.retry_after) if fault.retry_after == int(fault.retry_after)
                                         else fault.retry_after)
        target = None
        try:
            target = self.parse_target(path)
        except APIError:
            pass
        verb = "get" if target is not None and target.name else "list"
        if params.get("watch") in ("1", "true"):
            verb = "watch"
        if method != "GET":
            verb = {"POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}.get(method, verb)

        def status(reason, message, details=None):
            return APIError(code, fault.reason or reason, fault.message or message, details, headers)

        if code == 401:
            return status("Unauthorized", "Unauthorized")
        if code == 403:
            who = fault.user or user or "system:anonymous"
            if target is None or target.resource is None:
                return status("Forbidden", f'forbidden: User "{who}" cannot {verb.lower()} path "{path}"', {})
            r = target.resource
            scope = f'in the namespace "{target.namespace}"' if target.namespace else "at the cluster scope"
            details = {"kind": r.plural}
            if r.group:
                details["group"] = r.group
            if target.name:
                details["name"] = target.name
            named = f'{target.display()} "{target.name}"' if target.name else target.display()
            return status("Forbidden", f'{named} is forbidden: User "{who}" cannot {verb} resource "{r.plural}" '
                                       f'in API group "{r.group}" {scope}', details)
        if code == 404:
            if target is not None and target.resource is not None and target.name:
                return status("NotFound", f'{target.display()} "{target.name}" not found',
                              self.not_found_details(target))
            return status("NotFound", "the server could not find the requested resource", {})
        if code == 409:
            if target is not None and target.resource is not None and target.name:
                real = apierrors.conflict(target.resource, target.name)
                return status("Conflict", real.message, real.details)
            return status("Conflict", "Operation cannot be fulfilled: the object has been modified")
        if code == 410:
            if params.get("continue"):
                return status("Expired", EXPIRED_CONTINUE_MESSAGE)
            return status("Expired", "too old resource version: 1 (2)")
        if code == 429:
            retry = int(fault.retry_after) if fault.retry_after is not None else 1
            headers.setdefault("Retry-After", str(retry))
            return status("TooManyRequests", "Too many requests, please try again later.",
                          {"retryAfterSeconds": retry})
        if code == 500:
            return status("InternalError", "Internal error occurred: injected fault",
                          {"causes": [{"message": "injected fault"}]})
        if code == 503:
            return status("ServiceUnavailable", "the server is currently unable to handle the request")
        if code == 504:
            return status("Timeout", "Timeout: request did not complete within the allotted timeout")
        if code == 400:
            return status("BadRequest", "the server rejected our request for an unknown reason")
        return status("", f"injected status {code}")

    @staticmethod
    def not_found_details(target: RequestTarget) -> dict:
        details = {"name": target.name}
        if target.resource.group:
            details["group"] = target.resource.group
        details["kind"] = target.resource.plural
        return details

    # ------------------------------------------------------------------------------------------------ API

    def parse_target(self, path: str) -> RequestTarget | None:
        """None for discovery paths; raises a 404 Status for paths the server does not serve."""
        segs = [urllib.parse.unquote(s) for s in path.strip("/").split("/")] if path.strip("/") else []
        registry = self.server.state.snapshot.registry
        if not segs or segs[0] not in ("api", "apis") or len(segs) < 2:
            return None
        if segs[0] == "api":
            group, version, rest = "", segs[1], segs[2:]
            if version != "v1":
                raise not_found_path()
        else:
            if len(segs) < 3:
                return None
            group, version, rest = segs[1], segs[2], segs[3:]
        if not rest:
            return None
        namespace = ""
        if rest[0] == "namespaces" and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        resource = registry.by_path.get((group, version, rest[0]))
        if resource is None or len(rest) > 3 or (namespace and not resource.namespaced):
            raise not_found_path()
        name = rest[1] if len(rest) > 1 else None
        sub = rest[2] if len(rest) > 2 else None
        if sub is not None and sub != "status":
            raise not_found_path()
        if name is not None and resource.namespaced and not namespace:
            raise not_found_path()
        return RequestTarget(resource, namespace, name, sub)

    def api(self, method: str, path: str, params: dict, body: bytes = b""):
        state: ServerState = self.server.state
        snap = state.snapshot
        segs = [s for s in path.strip("/").split("/") if s]
        if method not in ("GET", "HEAD"):
            target = self.parse_target(path)
            if target is None or not writes.writable(target.resource) or target.subresource is not None:
                raise APIError(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                                                        "resource", {})
            if (target.namespace or "") == "" and target.resource.namespaced:
                raise APIError(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                                                        "resource", {})
            return writes.Write(state, target, params, body, self.headers.get("Content-Type") or "").run(method)
        if segs == ["version"]:
            return 200, json.dumps(KUBE_VERSION, indent=2).encode()
        if segs == ["api"]:
            return 200, json.dumps({
                "kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": f"127.0.0.1:{state.port}"}],
            }).encode()
        if segs == ["apis"]:
            return 200, json.dumps({"kind": "APIGroupList", "apiVersion": "v1",
                                    "groups": [self.group_doc(g, v) for g, v in snap.registry.groups().items()]
                                    }).encode()
        if len(segs) == 2 and segs[0] == "apis":
            versions = snap.registry.groups().get(segs[1])
            if versions is None:
                raise not_found_path()
            doc = self.group_doc(segs[1], versions)
            doc.update({"kind": "APIGroup", "apiVersion": "v1"})
            return 200, json.dumps(doc).encode()
        if (segs[:2] == ["api", "v1"] and len(segs) == 2) or (len(segs) == 3 and segs[0] == "apis"):
            group, version = ("", "v1") if segs[0] == "api" else (segs[1], segs[2])
            resources = snap.registry.resources_in(group, version)
            if not resources:
                raise not_found_path()
            return 200, json.dumps({"kind": "APIResourceList", "apiVersion": "v1",
                                    "groupVersion": f"{group}/{version}" if group else version,
                                    "resources": [r.discovery_entry() for r in resources]}).encode()

        if segs[:3] == ["api", "v1", "nodes"] and len(segs) >= 5 and segs[4] == "proxy":
            return self.node_proxy(snap, urllib.parse.unquote(segs[3]), "/".join(segs[5:]), params)
        target = self.parse_target(path)
        if target is None:
            raise not_found_path()
        if target.resource.group == "metrics.k8s.io":
            if target.subresource is not None:
                raise not_found_path()
            return 200, metrics.serve(state.usage.model(snap), target, params, now_utc())
        table_version = self.wants_table()
        if params.get("watch") in ("1", "true"):
            if target.name is not None:
                raise APIError(405, "MethodNotAllowed", "watch a single object with a metadata.name field "
                                                        "selector on its list", {})
            return "watch", lambda entry, drop: self.watch(target, params, table_version, entry, drop)
        coll = snap.collection(target.resource)
        if target.name is not None:
            obj = coll.get(target.namespace, target.name)
            if obj is None:
                raise APIError(404, "NotFound", f'{target.display()} "{target.name}" not found',
                               self.not_found_details(target))
            if table_version:
                rv = str(snap.rv)
                return 200, [tables.table_header(target.resource.plural, table_version, rv, None, None),
                             tables.table_row(target.resource.plural, obj.decoded(), now_utc(), table_version),
                             b"]}"]
            return 200, [obj.raw]
        return 200, self.list_body(state.snapshot_for_continue(params.get("continue")), target, params,
                                   table_version)

    def node_proxy(self, snap: store.Snapshot, node: str, kubelet_path: str, params: dict):
        """`/api/v1/nodes/NAME[:PORT]/proxy/...`: the kubelet's own API, answered as the kubelet would."""
        name = node.rsplit(":", 1)[0] if ":" in node else node
        nodes = snap.registry.by_path[("", "v1", "nodes")]
        if snap.collection(nodes).get("", name) is None:
            raise APIError(404, "NotFound", f'nodes "{name}" not found', self.not_found_details(
                RequestTarget(nodes, "", name)))
        model = self.server.state.usage.model(snap)
        if not model.nodes[name].reachable:
            raise APIError(503, "ServiceUnavailable", f"error trying to reach service: dial tcp {name}:10250: "
                                                      f"connect: no route to host")
        if kubelet_path == "stats/summary":
            return 200, kubeletstats.summary(model, name, now_utc(), params.get("only_cpu_and_memory") == "true")
        if kubelet_path in ("healthz", "healthz/ping"):
            return 200, b"ok", {"Content-Type": "text/plain; charset=utf-8"}
        return 404, b"404 page not found\n", {"Content-Type": "text/plain; charset=utf-8"}

    def watch(self, target: RequestTarget, params: dict, table_version: str | None, entry: dict,
              drop: bool) -> None:
        """Streams watch events (chunked JSON lines) until `timeoutSeconds`, like a real watch.

        `resourceVersion` unset or "0" starts with synthetic ADDED events for every matching object; a specific
        version resumes after it (410 Expired when it is older than the kept history); `sendInitialEvents=true`
        sends the ADDED events and then a BOOKMARK annotated `k8s.io/initial-events-end`. With
        `allowWatchBookmarks=true`, a BOOKMARK carries the current resourceVersion every `--bookmark-interval`
        seconds while nothing changes. A `drop_mid_body` fault closes the stream after the initial events.
        """
        state: ServerState = self.server.state
        resource = target.resource
        try:
            field_terms = kubeselectors.parse_field_selector(params.get("fieldSelector", ""))
            label_reqs = kubeselectors.parse_label_selector(params.get("labelSelector", ""))
            timeout = float(params.get("timeoutSeconds") or go_duration(params.get("timeout")) or 1800)
        except (kubeselectors.SelectorError, ValueError) as e:
            raise APIError(400, "BadRequest", str(e)) from None
        rv_param = params.get("resourceVersion", "")
        with state.changes:
            snap = state.snapshot
            if rv_param in ("", "0"):
                cursor, initial = snap.rv, True
            else:
                try:
                    cursor = int(rv_param)
                except ValueError:
                    raise APIError(400, "BadRequest", f"invalid resource version: {rv_param!r}") from None
                if cursor < state.watch_floor:
                    raise APIError(410, "Expired", f"too old resource version: {cursor} ({snap.rv})")
                initial = params.get("sendInitialEvents") == "true"
                if initial:
                    cursor = snap.rv
        bookmarks = params.get("allowWatchBookmarks") == "true"
        now = now_utc()
        columns_sent = False

        def matches(obj: store.Obj) -> bool:
            if target.namespace and obj.ns != target.namespace:
                return False
            if field_terms and not kubeselectors.field_matches(field_terms, obj.field):
                return False
            return not label_reqs or kubeselectors.labels_match(label_reqs, obj.labels)

        def event(kind: str, obj: store.Obj) -> bytes:
            nonlocal columns_sent
            if table_version:
                body = tables.table_row(resource.plural, obj.decoded(), now, table_version)
                head = {"kind": "Table", "apiVersion": f"meta.k8s.io/{table_version}",
                        "metadata": {"resourceVersion": str(cursor)}}
                if not columns_sent:
                    head["columnDefinitions"] = tables.columns_for(resource.plural)
                    columns_sent = True
                raw = json.dumps(head, separators=(",", ":"))[:-1].encode() + b',"rows":[' + body + b"]}"
            else:
                raw = obj.raw
            return b'{"type":"' + kind.encode() + b'","object":' + raw + b"}\n"

        def bookmark(rv: int, initial_end: bool = False) -> bytes:
            meta: dict = {"resourceVersion": str(rv)}
            if initial_end:
                meta["annotations"] = {"k8s.io/initial-events-end": "true"}
            return json.dumps({"type": "BOOKMARK", "object": {"kind": resource.kind,
                                                              "apiVersion": resource.group_version,
                                                              "metadata": meta}},
                              separators=(",", ":")).encode() + b"\n"

        def send(chunks: list[bytes]) -> None:
            data = b"".join(chunks)
            if data:
                self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
                entry["bytes"] += len(data)

        self.wfile.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                          f"Date: {self.date_time_string()}\r\nCache-Control: no-cache, private\r\n\r\n")
                         .encode("latin-1"))
        started = time.monotonic()
        deadline = started + timeout
        if initial:
            page = snap.list_page(resource, target.namespace, field_terms, label_reqs, 0, None)
            batch = []
            for obj in page.items:
                batch.append(event("ADDED", obj))
                if len(batch) >= 500:
                    send(batch)
                    batch = []
            if params.get("sendInitialEvents") == "true":
                batch.append(bookmark(cursor, initial_end=True))
            send(batch)
        if drop:
            self.close_connection = True
            self.wfile.flush()
            socket.socket.shutdown(self.request, socket.SHUT_RDWR)
            return
        last_sent = time.monotonic()
        while True:
            with state.changes:
                i = bisect.bisect_right(state.event_rvs, cursor)
                pending = state.events[i:]
                if not pending:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    wait = min(remaining, 1.0)  # wake up now and then to notice a client that left
                    if bookmarks:
                        wait = min(wait, max(0.0, last_sent + state.bookmark_interval - time.monotonic()))
                    state.changes.wait(wait)
                    i = bisect.bisect_right(state.event_rvs, cursor)
                    pending = state.events[i:]
                current_rv = state.snapshot.rv
            if not pending and self.client_gone():
                self.close_connection = True
                return
            if pending:
                now = now_utc()
                out = []
                for e in pending:
                    cursor = e.rv
                    if e.key == resource.key and matches(e.obj):
                        out.append(event(e.type, e.obj))
                send(out)
                if out:
                    last_sent = time.monotonic()
            elif bookmarks and time.monotonic() - last_sent >= state.bookmark_interval:
                cursor = max(cursor, current_rv)
                send([bookmark(cursor)])
                last_sent = time.monotonic()
        self.wfile.write(b"0\r\n\r\n")

    def client_gone(self) -> bool:
        """A watching client sends nothing; anything readable on its socket is a close (FIN or TLS alert)."""
        try:
            readable, _, _ = select.select([self.request], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    @staticmethod
    def group_doc(group: str, versions: list[str]) -> dict:
        vs = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
        return {"name": group, "versions": vs, "preferredVersion": vs[0]}

    def list_body(self, snap: store.Snapshot, target: RequestTarget, params: dict, table_version: str | None):
        try:
            limit = int(params.get("limit") or 0)
            if limit < 0:
                raise ValueError
        except ValueError:
            raise APIError(400, "BadRequest", f"invalid limit: {params.get('limit')!r}") from None
        try:
            field_terms = kubeselectors.parse_field_selector(params.get("fieldSelector", ""))
            label_reqs = kubeselectors.parse_label_selector(params.get("labelSelector", ""))
        except kubeselectors.SelectorError as e:
            raise APIError(400, "BadRequest", str(e)) from None
        try:
            page = snap.list_page(target.resource, target.namespace, field_terms, label_reqs, limit,
                                  params.get("continue") or None)
        except store.InvalidContinue as e:
            raise APIError(400, "BadRequest", str(e)) from None
        except store.ExpiredContinue:
            raise APIError(410, "Expired", EXPIRED_CONTINUE_MESSAGE) from None

        rv = str(snap.rv)
        if table_version:
            now = now_utc()
            plural = target.resource.plural
            rows = [tables.table_row(plural, o.decoded(), now, table_version) for o in page.items]
            head = tables.table_header(plural, table_version, rv, page.continue_token, page.remaining)
            return [head, b",".join(rows), b"]}"]

        meta = {"resourceVersion": rv}
        if page.continue_token:
            meta["continue"] = page.continue_token
        if page.remaining is not None:
            meta["remainingItemCount"] = page.remaining
        r = target.resource
        head = json.dumps({"kind": r.kind + "List", "apiVersion": r.group_version, "metadata": meta},
                          separators=(",", ":"))
        parts = [head[:-1].encode() + b',"items":[']
        raws = [o.raw for o in page.items]
        for i in range(0, len(raws), JOIN_GROUP):
            if i:
                parts.append(b",")
            parts.append(b",".join(raws[i:i + JOIN_GROUP]))
        parts.append(b"]}")
        return parts

    # ------------------------------------------------------------------------------------------------ admin

    def admin(self, method: str, path: str, query: str, body: bytes) -> None:
        state: ServerState = self.server.state
        route = path[len("/_test"):].rstrip("/") or "/"
        try:
            if route == "/health" and method == "GET":
                self.send_json(200, {"ok": True, "port": state.port})
            elif route == "/faults" and method == "POST":
                spec = json.loads(body or b"{}")
                specs = spec if isinstance(spec, list) else [spec]
                added = [state.faults.add(s) for s in specs]
                self.send_json(201, {"ids": [f.id for f in added]})
            elif route == "/faults" and method == "GET":
                self.send_json(200, {"faults": state.faults.describe()})
            elif route == "/faults" and method == "DELETE":
                state.faults.clear()
                self.send_json(200, {"ok": True})
            elif route == "/snapshot" and method == "PUT":
                snap, changes = state.replace_snapshot(body)
                self.send_json(200, {"resourceVersion": str(snap.rv), "changes": changes, "counts": snap.counts()})
            elif route == "/objects" and method == "POST":
                spec = json.loads(body or b"{}")
                if not isinstance(spec, dict):
                    raise ValueError('expected {"upsert": [objects], "delete": [{"apiVersion", "kind", ...}]}')
                snap, changes = state.change_objects(spec.get("upsert") or [], spec.get("delete") or [])
                self.send_json(200, {"resourceVersion": str(snap.rv), "changes": changes, "counts": snap.counts()})
            elif route == "/objects" and method == "GET":
                self.send_bytes(200, self.admin_object(dict(urllib.parse.parse_qsl(query))))
            elif route == "/metrics" and method == "POST":
                self.send_json(200, state.usage.set_metrics(json.loads(body or b"{}"), state.snapshot))
            elif route == "/metrics" and method == "DELETE":
                state.usage.clear_metrics()
                self.send_json(200, {"ok": True})
            elif route == "/volumestats" and method == "POST":
                self.send_json(200, state.usage.set_volumes(json.loads(body or b"{}")))
            elif route == "/volumestats" and method == "DELETE":
                state.usage.clear_volumes()
                self.send_json(200, {"ok": True})
            elif route == "/snapshot" and method == "GET":
                snap = state.snapshot
                self.send_json(200, {"resourceVersion": str(snap.rv), "counts": snap.counts()})
            elif route == "/requests" and method == "GET":
                params = dict(urllib.parse.parse_qsl(query))
                since = int(params.get("since", 0))
                with state.log_lock:
                    entries = [e for e in state.log if e["seq"] > since]
                self.send_json(200, {"requests": entries})
            elif route == "/requests" and method == "DELETE":
                with state.log_lock:
                    state.log.clear()
                self.send_json(200, {"ok": True})
            elif route == "/tokens" and method == "PUT":
                tokens = json.loads(body).get("tokens")
                if not isinstance(tokens, list) or not all(isinstance(t, str) and t for t in tokens):
                    raise FaultError("expected {\"tokens\": [\"...\"]}")
                state.tokens = list(tokens)
                self.send_json(200, {"count": len(tokens)})
            else:
                self.send_error_status(APIError(404, "NotFound", f"no admin endpoint {method} {path}", {}))
        except (ValueError, FaultError) as e:
            self.send_error_status(APIError(400, "BadRequest", str(e)))
        except APIError as e:
            self.send_error_status(e)


    def admin_object(self, ref: dict) -> bytes:
        """`GET /_test/objects?apiVersion=&kind=&namespace=&name=`: one served object as stored, or a 404 Status."""
        snap = self.server.state.snapshot
        api_version, kind = ref.get("apiVersion", "v1"), ref.get("kind", "")
        resource = snap.registry.by_kind.get((api_version, kind))
        if resource is None:
            raise ValueError(f"unknown kind {kind!r} in {api_version!r}")
        namespace = (ref.get("namespace") or "default") if resource.namespaced else ""
        obj = snap.collection(resource).get(namespace, ref.get("name", ""))
        if obj is None:
            raise apierrors.not_found(resource, ref.get("name", ""))
        return obj.raw


class TestServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address, state: ServerState, tls: bool):
        self.state = state
        self.tls = tls
        super().__init__(address, Handler)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ssl.SSLError, ConnectionError, TimeoutError, OSError)):
            return  # handshake failures and dropped clients are part of the tests
        super().handle_error(request, client_address)


def go_duration(text: str | None) -> float | None:
    """Seconds in a Go duration such as `30s`, `1m30s` or `250ms` (kubectl's `timeout` parameter)."""
    if not text:
        return None
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"invalid timeout: {text!r}")
    return sum(float(n) * units[u] for n, u in parts)


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


# ---------------------------------------------------------------------------------------------------- setup

def make_ssl_context(paths: certs.CertPaths) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(paths.server_cert, paths.server_key)
    ctx.load_verify_locations(paths.ca_cert)
    ctx.verify_mode = ssl.CERT_OPTIONAL  # like kube-apiserver: a client certificate is verified when offered
    ctx.set_alpn_protocols(["http/1.1"])  # no h2: clients fall back to HTTP/1.1
    return ctx


def yaml_str(s: str) -> str:
    return json.dumps(s)  # a JSON string is a valid double-quoted YAML scalar


def kubeconfig_text(server: str, paths: certs.CertPaths, token: str, basic: tuple[str, str],
                    embedded: bool) -> str:
    def data(path):
        with open(path, "rb") as f:
            return base64.b64encode(f.read()).decode()

    if embedded:
        ca = f"    certificate-authority-data: {data(paths.ca_cert)}"
        client = (f"    client-certificate-data: {data(paths.client_cert)}\n"
                  f"    client-key-data: {data(paths.client_key)}")
    else:
        ca = f"    certificate-authority: {yaml_str(paths.ca_cert)}"
        client = (f"    client-certificate: {yaml_str(paths.client_cert)}\n"
                  f"    client-key: {yaml_str(paths.client_key)}")
    return f"""apiVersion: v1
kind: Config
clusters:
- name: testapi
  cluster:
    server: {yaml_str(server)}
{ca}
contexts:
- name: test
  context:
    cluster: testapi
    user: token-user
- name: test-cert
  context:
    cluster: testapi
    user: cert-user
- name: test-basic
  context:
    cluster: testapi
    user: basic-user
current-context: test
users:
- name: token-user
  user:
    token: {yaml_str(token)}
- name: cert-user
  user:
{client}
- name: basic-user
  user:
    username: {yaml_str(basic[0])}
    password: {yaml_str(basic[1])}
preferences: {{}}
"""


def write_file(path: str, text: str, mode: int = 0o600) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def watch_stdin_eof() -> None:
    """Exit when the launching process goes away: it holds our stdin pipe, which then reaches EOF."""
    def run():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        os._exit(0)

    threading.Thread(target=run, name="stdin-eof", daemon=True).start()


def watch_parent() -> None:
    parent = os.getppid()

    def run():
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=run, name="parent-watch", daemon=True).start()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snapshot", action="append", default=[], metavar="FILE",
                    help="a Kubernetes List JSON file; repeat to merge several (later files win)")
    ap.add_argument("--port", type=int, default=0, help="HTTPS port on 127.0.0.1 (0: any free port)")
    ap.add_argument("--admin-port", type=int, default=0, help="plain-HTTP port for /_test/ (0: any free port)")
    ap.add_argument("--state-dir", required=True, help="where certificates, ready.json and kubeconfig go")
    ap.add_argument("--token", action="append", default=[],
                    help="an accepted bearer token (repeatable; default: one random token)")
    ap.add_argument("--token-user", default="test-user", help="the user name a valid token authenticates as")
    ap.add_argument("--client-cn", default="test-user", help="CN of the generated client certificate")
    ap.add_argument("--basic-user", default="admin")
    ap.add_argument("--basic-password", default=None, help="default: random")
    ap.add_argument("--bookmark-interval", type=float, default=5.0,
                    help="seconds between BOOKMARK events on an idle watch that allows them")
    ap.add_argument("--no-metrics-server", action="store_true",
                    help="serve no metrics.k8s.io, like a cluster without metrics-server")
    ap.add_argument("--exit-on-stdin-eof", action="store_true",
                    help="exit when stdin closes (the launcher holds a pipe to it)")
    ap.add_argument("--exit-with-parent", action="store_true", help="exit when the parent process exits")
    args = ap.parse_args(argv)

    if args.exit_on_stdin_eof:
        watch_stdin_eof()
    if args.exit_with_parent:
        watch_parent()

    resources.metrics_server = not args.no_metrics_server
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, exist_ok=True)
    paths = certs.ensure_certificates(state_dir, client_cn=args.client_cn)
    tokens = args.token or [secrets.token_urlsafe(32)]
    basic = (args.basic_user, args.basic_password or secrets.token_urlsafe(16))

    load_started = time.monotonic()
    snapshot = store.load_snapshot(args.snapshot)
    load_seconds = time.monotonic() - load_started

    state = ServerState(snapshot, tokens, args.token_user, basic, make_ssl_context(paths), args.bookmark_interval)
    api = TestServer(("127.0.0.1", args.port), state, tls=True)
    admin = TestServer(("127.0.0.1", args.admin_port), state, tls=False)
    state.port = api.server_address[1]
    admin_port = admin.server_address[1]
    server_url = f"https://127.0.0.1:{state.port}"

    token_file = os.path.join(state_dir, "token")
    write_file(token_file, tokens[0])
    kubeconfig = os.path.join(state_dir, "kubeconfig")
    write_file(kubeconfig, kubeconfig_text(server_url, paths, tokens[0], basic, embedded=False))
    kubeconfig_embedded = os.path.join(state_dir, "kubeconfig-embedded")
    write_file(kubeconfig_embedded, kubeconfig_text(server_url, paths, tokens[0], basic, embedded=True))

    for srv in (api, admin):
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()

    ready = {
        "pid": os.getpid(), "port": state.port, "server": server_url,
        "admin_port": admin_port, "admin_url": f"http://127.0.0.1:{admin_port}",
        "ca": paths.ca_cert, "token": tokens[0], "token_file": token_file, "token_user": args.token_user,
        "client_cert": paths.client_cert, "client_key": paths.client_key, "client_user": args.client_cn,
        "basic_user": basic[0], "basic_password": basic[1],
        "kubeconfig": kubeconfig, "kubeconfig_embedded": kubeconfig_embedded,
        "contexts": {"token": "test", "cert": "test-cert", "basic": "test-basic"},
        "state_dir": state_dir, "resource_version": str(snapshot.rv), "counts": snapshot.counts(),
        "load_seconds": round(load_seconds, 3),
    }
    write_file(os.path.join(state_dir, "ready.json"), json.dumps(ready, indent=2) + "\n")
    print(state.port, flush=True)
    print(f"testapi: serving {sum(snapshot.counts().values())} objects on {server_url} (admin "
          f"http://127.0.0.1:{admin_port}), loaded in {load_seconds:.2f}s", file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
