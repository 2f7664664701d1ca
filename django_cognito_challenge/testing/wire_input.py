"""A request's JSON checked against botocore's input shape before any operation reads it.

Cognito's front end answers a member of the wrong JSON type (a list where a string goes, a
string where a structure goes) with ``SerializationException`` and takes ``null`` for a member
not sent (AWS JSON 1.1); the operations then see only the types the model gives (BC). Lengths,
patterns and enums are left to the operations, as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import botocore.session

from .errors import ServiceError

#: The JSON type of each botocore type (a timestamp is epoch seconds, a blob base64 text).
JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "structure": dict, "map": dict, "list": list, "string": str, "blob": str,
    "boolean": bool, "integer": int, "long": int, "timestamp": (int, float),
    "double": (int, float), "float": (int, float),
}


@cache
def _service_model():
    return botocore.session.get_session().get_service_model("cognito-idp")


def checked(operation: str, request: dict[str, Any]) -> dict[str, Any]:
    """``request`` without its null members; ``SerializationException`` for a mistyped one.

    An operation the model lacks is passed through: dispatch refuses it by name.
    """
    model = _service_model()
    if operation not in model.operation_names:
        return request
    return _value(model.operation_model(operation).input_shape, request, operation)


def _value(shape: Any, value: Any, path: str) -> Any:
    if getattr(shape, "is_document_type", False):
        return value
    kind = shape.type_name
    # bool is an int to Python, not to JSON: true is no Integer, 1 is no Boolean.
    if isinstance(value, bool) != (kind == "boolean") or not isinstance(value, JSON_TYPES[kind]):
        raise ServiceError("SerializationException",
                           f"Unexpected {type(value).__name__} at {path}: expected {kind}")
    if kind == "structure":
        return {name: (_value(shape.members[name], member, f"{path}.{name}")
                       if name in shape.members else member)
                for name, member in value.items() if member is not None}
    if kind == "list":
        return [_value(shape.member, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if kind == "map":
        return {key: _value(shape.value, item, f"{path}.{key}") for key, item in value.items()}
    return value
