"""`kind: Status` errors with the reasons, messages and details the real API server sends.

The messages follow k8s.io/apimachinery/pkg/api/errors (NewNotFound, NewAlreadyExists, NewConflict, NewInvalid,
NewBadRequest) and pkg/util/validation/field (the `Too long: may not be more than N bytes` wording of v1.32), so
clients that match on reason, code or text see what a real cluster would answer.
"""

from __future__ import annotations

import json

from resources import Resource

OPTIMISTIC_LOCK_MESSAGE = ("the object has been modified; please apply your changes to the latest version and try "
                           "again")


class APIError(Exception):
    """An error answered with a `kind: Status` body."""

    def __init__(self, code: int, reason: str, message: str, details: dict | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.headers = headers or {}

    def body(self) -> bytes:
        status = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                  "message": self.message}
        if self.reason:  # errors the server did not classify have no reason (StatusReasonUnknown is "")
            status["reason"] = self.reason
        if self.details:
            status["details"] = self.details
        status["code"] = self.code
        return json.dumps(status, separators=(",", ":")).encode()


def not_found_path() -> APIError:
    return APIError(404, "NotFound", "the server could not find the requested resource", {})


def qualified_resource(resource: Resource) -> str:
    """`configmaps`, `leases.coordination.k8s.io`: how messages name a resource."""
    return resource.plural if not resource.group else f"{resource.plural}.{resource.group}"


def resource_details(group: str, plural: str, name: str, uid: str | None = None) -> dict:
    details: dict = {"name": name}
    if group:
        details["group"] = group
    details["kind"] = plural
    if uid:
        details["uid"] = uid
    return details


def not_found(resource: Resource, name: str) -> APIError:
    return APIError(404, "NotFound", f'{qualified_resource(resource)} "{name}" not found',
                    resource_details(resource.group, resource.plural, name))


def namespace_not_found(namespace: str) -> APIError:
    """What the NamespaceLifecycle admission plugin answers to a write into a namespace that does not exist."""
    return APIError(404, "NotFound", f'namespaces "{namespace}" not found',
                    resource_details("", "namespaces", namespace))


def already_exists(resource: Resource, name: str) -> APIError:
    return APIError(409, "AlreadyExists", f'{qualified_resource(resource)} "{name}" already exists',
                    resource_details(resource.group, resource.plural, name))


def conflict(resource: Resource, name: str, why: str = OPTIMISTIC_LOCK_MESSAGE) -> APIError:
    return APIError(409, "Conflict", f'Operation cannot be fulfilled on {qualified_resource(resource)} "{name}": '
                                     f'{why}', resource_details(resource.group, resource.plural, name))


def bad_request(message: str) -> APIError:
    return APIError(400, "BadRequest", message)


def internal(message: str) -> APIError:
    """An error the server did not turn into a typed Status: 500 without a reason, the bare message."""
    return APIError(500, "", message)


class FieldError:
    """One validation failure (k8s.io/apimachinery/pkg/util/validation/field.Error)."""

    TYPES = {"FieldValueInvalid": "Invalid value", "FieldValueRequired": "Required value",
             "FieldValueTooLong": "Too long", "FieldValueForbidden": "Forbidden",
             "FieldValueDuplicate": "Duplicate value"}

    def __init__(self, reason: str, field: str, detail: str = "", bad_value=None, show_value: bool = True):
        self.reason = reason
        self.field = field
        self.detail = detail
        self.bad_value = bad_value
        self.show_value = show_value

    def body(self) -> str:
        text = self.TYPES[self.reason]
        if self.reason in ("FieldValueInvalid", "FieldValueDuplicate") and self.show_value:
            text += f": {json.dumps(self.bad_value)}"  # Go prints strings with %q and numbers plainly
        if self.detail:
            text += f": {self.detail}"
        return text

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}"


def invalid_value(field: str, value, detail: str) -> FieldError:
    return FieldError("FieldValueInvalid", field, detail, value)


def required(field: str, detail: str = "") -> FieldError:
    return FieldError("FieldValueRequired", field, detail)


def too_long(field: str, limit: int) -> FieldError:
    return FieldError("FieldValueTooLong", field, f"may not be more than {limit} bytes")


def forbidden(field: str, detail: str) -> FieldError:
    return FieldError("FieldValueForbidden", field, detail)


def invalid(group: str, kind: str, name: str, errors: list[FieldError]) -> APIError:
    """422 Invalid: `ConfigMap "x" is invalid: []: Too long: ...`; several errors print as `[a, b]`."""
    qualified = kind if not group else f"{kind}.{group}"
    aggregate = str(errors[0]) if len(errors) == 1 else "[" + ", ".join(str(e) for e in errors) + "]"
    causes = [{"reason": e.reason, "message": e.body(), "field": e.field} for e in errors]
    details = {"name": name}
    if group:
        details["group"] = group
    details["kind"] = kind
    details["causes"] = causes
    return APIError(422, "Invalid", f'{qualified} "{name}" is invalid: {aggregate}', details)
