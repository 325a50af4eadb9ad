"""Faults injected on demand through the admin API (`POST /_test/faults`).

A fault matches requests by path prefix (and optionally method, query substring, or only requests that carry a
`continue` token) and fires `count` times (-1: until cleared); with `every: N` it fires on every Nth matching request
only and lets the others through (`{"on_continue": true, "every": 5, "count": -1}`: one continue page in five expires,
like a server that compacts often). What it does:
  status        answer with this HTTP status and a realistic `kind: Status` body instead of serving the request
  retry_after   seconds for the Retry-After header (429 and 503)
  delay         sleep this many seconds first (alone: a slow but otherwise normal response)
  drop_mid_body serve the normal response but close the connection after half of the body
  body          answer with this raw text instead (status defaults to 200): a malformed response
  message / reason / user   override the Status message, reason, or the user named in a 403
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass

_FIELDS = {"path_prefix", "method", "status", "count", "retry_after", "delay", "drop_mid_body", "on_continue",
           "message", "reason", "user", "query_contains", "body", "content_type", "every"}


class FaultError(ValueError):
    pass


@dataclass
class Fault:
    id: int
    path_prefix: str = "/"
    method: str | None = None
    status: int | None = None
    count: int = 1
    retry_after: float | None = None
    delay: float = 0.0
    drop_mid_body: bool = False
    on_continue: bool = False
    message: str | None = None
    reason: str | None = None
    user: str | None = None
    query_contains: str | None = None
    body: str | None = None
    content_type: str | None = None
    every: int = 1
    fired: int = 0
    matched: int = 0

    def matches(self, method: str, path: str, query: str, has_continue: bool) -> bool:
        if not path.startswith(self.path_prefix):
            return False
        if self.method and self.method.upper() != method:
            return False
        if self.on_continue and not has_continue:
            return False
        if self.query_contains and self.query_contains not in query:
            return False
        return True


class FaultSet:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next_id = 1

    def add(self, spec: dict) -> Fault:
        if not isinstance(spec, dict):
            raise FaultError("a fault is a JSON object")
        unknown = set(spec) - _FIELDS
        if unknown:
            raise FaultError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        try:
            fault = Fault(
                id=0,
                path_prefix=str(spec.get("path_prefix") or "/"),
                method=spec.get("method"),
                status=int(spec["status"]) if spec.get("status") is not None else None,
                count=int(spec.get("count", 1)),
                retry_after=float(spec["retry_after"]) if spec.get("retry_after") is not None else None,
                delay=float(spec.get("delay") or 0),
                drop_mid_body=bool(spec.get("drop_mid_body", False)),
                on_continue=bool(spec.get("on_continue", False)),
                message=spec.get("message"),
                reason=spec.get("reason"),
                user=spec.get("user"),
                query_contains=spec.get("query_contains"),
                body=spec.get("body"),
                content_type=spec.get("content_type"),
                every=int(spec.get("every", 1)),
            )
        except (TypeError, ValueError) as e:
            raise FaultError(f"invalid fault: {e}") from None
        if fault.status is None and fault.on_continue:
            fault.status = 410
        if fault.status is None and not (fault.delay or fault.drop_mid_body or fault.body is not None):
            raise FaultError("a fault needs at least one of status, delay, drop_mid_body or body")
        if fault.status is not None and not 100 <= fault.status <= 599:
            raise FaultError(f"invalid status {fault.status}")
        if fault.count == 0 or fault.count < -1:
            raise FaultError("count must be positive, or -1 for a fault that stays until cleared")
        if fault.every < 1:
            raise FaultError("every must be 1 or more")
        with self._lock:
            fault.id = self._next_id
            self._next_id += 1
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str, query: str, has_continue: bool) -> Fault | None:
        """The first matching fault, counted as fired (and removed when its count is used up)."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path, query, has_continue):
                    fault.matched += 1
                    if fault.matched % fault.every != 0:
                        continue
                    fault.fired += 1
                    if fault.count > 0:
                        fault.count -= 1
                        if fault.count == 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def describe(self) -> list[dict]:
        with self._lock:
            return [asdict(f) for f in self._faults]
