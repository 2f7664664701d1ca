"""A strict check of raw JSON replies against botocore's cognito-idp model.

botocore's parser drops members it does not know, so parse-then-validate would miss them;
this walks the JSON body as sent. Patterns must match the whole value. Patterns Python's
``re`` cannot compile (the ``\\p{L}`` classes) are compiled with the third-party ``regex``
module when it is installed, else skipped and listed in ``SKIPPED_PATTERNS``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from functools import cache
from typing import Any

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape

try:
    import regex as unicode_re
except ImportError:  # pragma: no cover - regex is optional
    unicode_re = None

SKIPPED_PATTERNS: dict[str, str] = {}


class WireTap:
    """Record each raw reply a boto3 client receives: (operation, HTTP status, JSON body)."""

    def __init__(self) -> None:
        self.replies: list[tuple[str, int, Any]] = []

    def attach(self, client: Any) -> Any:
        client.meta.events.register("after-call.cognito-idp", self._record)
        return client

    def _record(self, http_response: Any, model: OperationModel, **_: Any) -> None:
        content = http_response.content
        body = json.loads(content) if content else None  # an empty body is not "{}"
        self.replies.append((model.name, http_response.status_code, body))


@cache
def service_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("cognito-idp")


def operation_model(operation: str) -> OperationModel:
    return service_model().operation_model(operation)


def on_the_wire(body: dict[str, Any]) -> Any:
    """The body as JSON carries it (the server writes sets and tuples as arrays)."""
    return json.loads(json.dumps(body, default=_array))


def _array(value: Any) -> list[Any]:
    if isinstance(value, (set, frozenset)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def reply_problems(operation: str, body: Any) -> list[str]:
    """Every way ``body`` departs from the operation's output shape."""
    shape = operation_model(operation).output_shape
    if shape is None:
        return [] if body == {} else [f"{operation}: no output is modelled, got {body!r}"]
    return shape_problems(shape, body, operation)


def error_problems(operation: str, body: Any) -> list[str]:
    """Check an error body: a modelled ``__type`` and the error shape's members only."""
    if not isinstance(body, dict) or not isinstance(body.get("__type"), str):
        return [f"{operation}: error body without __type: {body!r}"]
    code = body["__type"]
    known = {shape.name: shape for shape in service_model().error_shapes}
    if code not in known:
        return [f"{operation}: {code} is not an error botocore knows for cognito-idp"]
    rest = {k: v for k, v in body.items() if k != "__type"}
    return shape_problems(known[code], rest, f"{operation}:{code}")


@cache
def compiled_pattern(shape_name: str, pattern: str) -> Any:
    """Compile with ``re``; fall back to ``regex`` for Unicode classes, else skip."""
    try:
        return re.compile(pattern)
    except re.error as error:
        if unicode_re is not None:
            return unicode_re.compile(pattern)
        SKIPPED_PATTERNS[shape_name] = f"{pattern} ({error})"
        return None


def shape_problems(shape: Shape, value: Any, path: str) -> list[str]:
    if shape.metadata.get("document"):
        return []
    check = _CHECKS.get(shape.type_name)
    if check is None:
        return [f"{path}: no check for {shape.type_name} ({shape.name})"]
    return check(shape, value, path)


def _structure(shape: Shape, value: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: {shape.name} must be an object, got {value!r}"]
    found = [f"{path}.{name}: not a member of {shape.name}"
             for name in sorted(value.keys() - shape.members.keys())]
    found += [f"{path}.{name}: required by {shape.name} but missing"
              for name in shape.required_members if name not in value]
    for name, member in shape.members.items():
        if name in value:
            found += shape_problems(member, value[name], f"{path}.{name}")
    return found


def _list(shape: Shape, value: Any, path: str) -> list[str]:
    if not isinstance(value, list):
        return [f"{path}: {shape.name} must be an array, got {value!r}"]
    found = _bounds(shape, len(value), path, "length")
    for index, item in enumerate(value):
        found += shape_problems(shape.member, item, f"{path}[{index}]")
    return found


def _map(shape: Shape, value: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: {shape.name} must be an object, got {value!r}"]
    found = _bounds(shape, len(value), path, "size")
    for key, item in value.items():
        found += shape_problems(shape.key, key, f"{path}{{key {key!r}}}")
        found += shape_problems(shape.value, item, f"{path}[{key!r}]")
    return found


def _string(shape: Shape, value: Any, path: str) -> list[str]:
    if not isinstance(value, str):
        return [f"{path}: {shape.name} must be a string, got {value!r}"]
    enum = shape.metadata.get("enum")
    if enum and value not in enum:
        return [f"{path}: {value!r} is not in the {shape.name} enum"]
    found = _bounds(shape, len(value), path, "length")
    pattern = shape.metadata.get("pattern")
    compiled = compiled_pattern(shape.name, pattern) if pattern is not None else None
    if compiled is not None and compiled.fullmatch(value) is None:
        found.append(f"{path}: {value!r} does not match {shape.name} pattern {pattern}")
    return found


def _integer(shape: Shape, value: Any, path: str) -> list[str]:
    if not isinstance(value, int) or isinstance(value, bool):
        return [f"{path}: {shape.name} must be an integer, got {value!r}"]
    return _bounds(shape, value, path, "value")


def _boolean(shape: Shape, value: Any, path: str) -> list[str]:
    return [] if isinstance(value, bool) else [f"{path}: {shape.name} must be a boolean"]


def _number(shape: Shape, value: Any, path: str) -> list[str]:
    """Timestamps on the JSON 1.1 wire are numbers: seconds since the epoch."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return []
    return [f"{path}: {shape.name} must be a number, got {value!r}"]


def _blob(shape: Shape, value: Any, path: str) -> list[str]:
    try:
        base64.b64decode(value, validate=True)
    except (TypeError, ValueError, binascii.Error):
        return [f"{path}: {shape.name} must be base64 text"]
    return []


def _bounds(shape: Shape, measure: int, path: str, what: str) -> list[str]:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and measure < low:
        return [f"{path}: {what} {measure} below {shape.name} min {low}"]
    if high is not None and measure > high:
        return [f"{path}: {what} {measure} above {shape.name} max {high}"]
    return []


_CHECKS = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "boolean": _boolean,
    "timestamp": _number,
    "float": _number,
    "double": _number,
    "blob": _blob,
}
