"""Field and label selectors with the Kubernetes API server's syntax and semantics.

Field selectors: terms joined by `,` (AND), each `key=value`, `key==value` or `key!=value`, with `\\`, `\\,` and
`\\=` escapes in values (k8s.io/apimachinery/pkg/fields). A missing field compares as the empty string.

Label selectors: requirements joined by `,` outside parentheses: `a=b`, `a==b`, `a!=b`, `a`, `!a`,
`a in (x,y)`, `a notin (x)`, `a>1`, `a<1` (k8s.io/apimachinery/pkg/labels).
"""

from __future__ import annotations

import re


class SelectorError(ValueError):
    pass


# ---------------------------------------------------------------------------------------------------- fields

def parse_field_selector(text: str) -> list[tuple[str, str, str]]:
    """Returns (field, op, value) terms where op is '=' or '!='."""
    terms = []
    if not text:
        return terms
    for raw in _split_unescaped(text, ","):
        raw = raw.strip()
        if not raw:
            continue
        field, op, value = _split_term(raw)
        terms.append((field.strip(), op, _unescape(value)))
    return terms


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def _split_term(term: str) -> tuple[str, str, str]:
    i = 0
    while i < len(term):
        ch = term[i]
        if ch == "\\":
            i += 2
            continue
        for op, norm in (("!=", "!="), ("==", "="), ("=", "=")):
            if term.startswith(op, i):
                return term[:i], norm, term[i + len(op):]
        i += 1
    raise SelectorError(f"invalid selector: '{term}'; can't understand '{term}'")


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            if i + 1 >= len(value) or value[i + 1] not in "\\,=":
                raise SelectorError(f"invalid field selector value: '{value}': invalid escape sequence")
            out.append(value[i + 1])
            i += 2
            continue
        if ch in ",=":
            raise SelectorError(f"invalid field selector value: '{value}': unescaped {ch!r}")
        out.append(ch)
        i += 1
    return "".join(out)


def field_matches(terms, lookup) -> bool:
    """`lookup(field) -> str` supplies the object's value for a field path."""
    for field, op, value in terms:
        actual = lookup(field)
        if (actual == value) != (op == "="):
            return False
    return True


def field_value(obj: dict, path: str) -> str:
    """Walks a dotted path through a decoded object; missing fields are ''."""
    cur = obj
    for part in path.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part)
        else:
            return ""
        if cur is None:
            return ""
    if isinstance(cur, bool):
        return "true" if cur else "false"
    if isinstance(cur, (dict, list)):
        return ""
    return str(cur)


# ---------------------------------------------------------------------------------------------------- labels

_SET_RE = re.compile(r"^(?P<key>[^\s!=<>(),]+)\s+(?P<op>in|notin)\s*\((?P<values>[^()]*)\)$")
_KEY_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_./-]*[A-Za-z0-9])?$")


def parse_label_selector(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Returns (key, op, values) with op in '=', '!=', 'in', 'notin', 'exists', '!', '>', '<'."""
    reqs = []
    if not text or not text.strip():
        return reqs
    for raw in _split_outside_parens(text):
        r = raw.strip()
        if not r:
            raise SelectorError(f"unable to parse requirement: found ',', expected: identifier in {text!r}")
        if r.startswith("!"):
            key = r[1:].strip()
            _check_key(key, text)
            reqs.append((key, "!", ()))
            continue
        m = _SET_RE.match(r)
        if m:
            key = m.group("key")
            _check_key(key, text)
            values = tuple(v.strip() for v in m.group("values").split(",") if v.strip())
            if m.group("op") == "in" and not values:
                raise SelectorError(f"unable to parse requirement: for 'in' operator, values set can't be empty")
            reqs.append((key, m.group("op"), values))
            continue
        for op, norm in (("!=", "!="), ("==", "="), ("=", "="), (">", ">"), ("<", "<")):
            idx = r.find(op)
            if idx > 0:
                key, value = r[:idx].strip(), r[idx + len(op):].strip()
                _check_key(key, text)
                if norm in (">", "<"):
                    try:
                        int(value)
                    except ValueError:
                        raise SelectorError(f"unable to parse requirement: for 'Gt', 'Lt' operators, "
                                            f"the value must be an integer") from None
                reqs.append((key, norm, (value,)))
                break
        else:
            _check_key(r, text)
            reqs.append((r, "exists", ()))
    return reqs


def _split_outside_parens(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    if depth != 0:
        raise SelectorError(f"unable to parse requirement: unbalanced parentheses in {text!r}")
    parts.append(text[start:])
    return parts


def _check_key(key: str, text: str) -> None:
    if not key or not _KEY_RE.match(key) or len(key) > 317:
        raise SelectorError(f"unable to parse requirement: invalid label key {key!r} in {text!r}")


def labels_match(reqs, labels: dict | None) -> bool:
    labels = labels or {}
    for key, op, values in reqs:
        present = key in labels
        value = labels.get(key)
        if op == "=":
            ok = present and value == values[0]
        elif op == "!=":
            ok = not present or value != values[0]
        elif op == "in":
            ok = present and value in values
        elif op == "notin":
            ok = not present or value not in values
        elif op == "exists":
            ok = present
        elif op == "!":
            ok = not present
        else:  # '>' and '<' need an integer label value
            try:
                ok = present and (int(value) > int(values[0]) if op == ">" else int(value) < int(values[0]))
            except (TypeError, ValueError):
                ok = False
        if not ok:
            return False
    return True
