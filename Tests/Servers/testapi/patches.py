"""The three PATCH formats kubectl and client-go send: JSON merge patch (RFC 7386), strategic merge patch, and
JSON patch (RFC 6902).

Strategic merge patch is applied as a merge patch plus its map directives (`$patch: replace|delete`,
`$retainKeys`, `$deleteFromPrimitiveList/...`, `$setElementOrder/...` ignored): for the writable kinds (ConfigMap,
Lease) every field is a map or a scalar, where the two formats agree. Lists are replaced whole.
"""

from __future__ import annotations

import copy
import json

MERGE = "application/merge-patch+json"
STRATEGIC = "application/strategic-merge-patch+json"
JSON_PATCH = "application/json-patch+json"
SUPPORTED = (JSON_PATCH, MERGE, STRATEGIC)

_DELETE = object()


class PatchError(ValueError):
    """The patch cannot be applied (422) or is malformed (400, `bad_request`)."""

    def __init__(self, message: str, bad_request: bool = False):
        super().__init__(message)
        self.bad_request = bad_request


def apply(content_type: str, target: dict, body: bytes) -> dict:
    try:
        patch = json.loads(body or b"null")
    except ValueError as e:
        raise PatchError(f"error decoding patch: {e}", bad_request=True) from None
    if content_type == JSON_PATCH:
        return json_patch(target, patch)
    if not isinstance(patch, dict):
        raise PatchError("error decoding patch: a merge patch must be a JSON object", bad_request=True)
    merged = merge_patch(copy.deepcopy(target), patch, strategic=content_type == STRATEGIC)
    return merged if isinstance(merged, dict) else {}


def merge_patch(target, patch, strategic: bool = False):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if strategic:
        directive = patch.get("$patch")
        if directive == "delete":
            return _DELETE
        if directive == "replace":
            return _without_directives(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if strategic and key.startswith("$"):
            if key.startswith("$deleteFromPrimitiveList/"):
                name = key.split("/", 1)[1]
                if isinstance(result.get(name), list) and isinstance(value, list):
                    result[name] = [v for v in result[name] if v not in value]
            continue
        if value is None:
            result.pop(key, None)
            continue
        merged = merge_patch(result.get(key), value, strategic)
        if merged is _DELETE:
            result.pop(key, None)
        else:
            result[key] = merged
    retain = patch.get("$retainKeys") if strategic else None
    if isinstance(retain, list):
        result = {k: v for k, v in result.items() if k in retain}
    return result


def _without_directives(value):
    if isinstance(value, dict):
        return {k: _without_directives(v) for k, v in value.items() if not k.startswith("$")}
    return copy.deepcopy(value)


def json_patch(target: dict, operations) -> dict:
    if not isinstance(operations, list):
        raise PatchError("error decoding patch: a JSON patch must be an array of operations", bad_request=True)
    doc = copy.deepcopy(target)
    for op in operations:
        if not isinstance(op, dict) or not isinstance(op.get("op"), str) or not isinstance(op.get("path"), str):
            raise PatchError("error decoding patch: every operation needs \"op\" and \"path\"", bad_request=True)
        kind, path = op["op"], op["path"]
        if kind in ("add", "replace", "test") and "value" not in op:
            raise PatchError(f"{kind} operation has no value", bad_request=True)
        if kind == "add":
            doc = _add(doc, path, copy.deepcopy(op["value"]))
        elif kind == "remove":
            doc, _ = _remove(doc, path)
        elif kind == "replace":
            doc, _ = _remove(doc, path, verb="replace")
            doc = _add(doc, path, copy.deepcopy(op["value"]))
        elif kind in ("move", "copy"):
            source = op.get("from")
            if not isinstance(source, str):
                raise PatchError(f"{kind} operation has no \"from\"", bad_request=True)
            value = _get(doc, source)
            if kind == "move":
                doc, value = _remove(doc, source, verb="move")
            doc = _add(doc, path, copy.deepcopy(value))
        elif kind == "test":
            if _get(doc, path) != op["value"]:
                raise PatchError(f"testing value {path} failed: test failed")
        else:
            raise PatchError(f"Unexpected kind: {kind}", bad_request=True)
    if not isinstance(doc, dict):
        raise PatchError("the patch does not leave an object")
    return doc


def _tokens(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer: {path!r}", bad_request=True)
    return [t.replace("~1", "/").replace("~0", "~") for t in path[1:].split("/")]


def _parent(doc, path: str, verb: str):
    tokens = _tokens(path)
    if not tokens:
        raise PatchError(f"{verb} operation does not apply: the whole document is not a member")
    node = doc
    for t in tokens[:-1]:
        node = _child(node, t, path, verb)
    return node, tokens[-1]


def _child(node, token: str, path: str, verb: str):
    if isinstance(node, dict) and token in node:
        return node[token]
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    raise PatchError(f"{verb} operation does not apply: doc is missing path: \"{path}\": missing value")


def _get(doc, path: str):
    node = doc
    for t in _tokens(path):
        node = _child(node, t, path, "get")
    return node


def _add(doc, path: str, value):
    if not _tokens(path):
        return value
    parent, last = _parent(doc, path, "add")
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        if last == "-":
            parent.append(value)
        elif last.isdigit() and int(last) <= len(parent):
            parent.insert(int(last), value)
        else:
            raise PatchError(f"add operation does not apply: doc is missing path: \"{path}\": missing value")
    else:
        raise PatchError(f"add operation does not apply: doc is missing path: \"{path}\": missing value")
    return doc


def _remove(doc, path: str, verb: str = "remove"):
    parent, last = _parent(doc, path, verb)
    if isinstance(parent, dict) and last in parent:
        return doc, parent.pop(last)
    if isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
        return doc, parent.pop(int(last))
    raise PatchError(f"{verb} operation does not apply: doc is missing path: \"{path}\": missing value")
