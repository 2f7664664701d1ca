"""A pool's attribute schema: the standard attributes, and the custom ones the pool declares.

Cognito refuses to write an attribute its pool's schema lacks. Custom attributes are declared
without their ``custom:`` prefix (``Pool.custom_attributes``), and written, read and described
with it (``custom:tenant``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .errors import ServiceError, invalid_parameter

CUSTOM_PREFIX = "custom:"

# The standard attributes of every user pool (Developer Guide, "Standard attributes"), and
# ``sub``, which Cognito sets and lists first.
STANDARD_ATTRIBUTES = frozenset({
    "address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name",
    "locale", "middle_name", "name", "nickname", "phone_number", "phone_number_verified",
    "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo", "sub",
})

# botocore's ``CustomAttributeNameType``: 1 to 20 characters, the name without its prefix.
CUSTOM_NAME_MAX = 20

# CreateUserPool's answer to ``"Required": true`` on a custom attribute (boto/boto3#2317).
REQUIRED_CUSTOM_REFUSED = "Required custom attributes are not supported currently."


class AttributeNotInSchema(ServiceError, ValueError):
    """InvalidParameterException for writing an attribute the pool's schema does not have.

    ``message`` is AWS's wording, as the wire carries it; ``str()`` adds how to fix a test.
    """

    def __init__(self, attribute: str) -> None:
        super().__init__("InvalidParameterException",
                         "Attributes did not conform to the schema: " + _problem(attribute))
        self.attribute = attribute

    def __str__(self) -> str:
        return f"{self.code}: {self.message.rstrip()} ({_hint(self.attribute)})"


def _problem(attribute: str) -> str:
    # An undeclared custom attribute, and any other unknown name, as real pools word them
    # (the sources are in testing/README.md).
    if attribute.startswith(CUSTOM_PREFIX):
        return f"Type for attribute {{{attribute}}} could not be determined"
    return f"{attribute}: Attribute does not exist in the schema.\n"


def _hint(attribute: str) -> str:
    if attribute.startswith(CUSTOM_PREFIX):
        name = attribute.removeprefix(CUSTOM_PREFIX)
        return (f"declare it first: configure_pool(custom_attributes=({name!r},)), or "
                f'"custom_attributes": {json.dumps([name])} in a seed\'s "pool"')
    return f"not a standard attribute; a custom one is written {CUSTOM_PREFIX}{attribute}"


def in_schema(custom_attributes: Iterable[str], attribute: str) -> bool:
    """Tell whether a pool declaring ``custom_attributes`` has ``attribute``."""
    if attribute.startswith(CUSTOM_PREFIX):
        return attribute.removeprefix(CUSTOM_PREFIX) in tuple(custom_attributes)
    return attribute in STANDARD_ATTRIBUTES


def check_attributes(custom_attributes: Iterable[str], attributes: Iterable[str]) -> None:
    """Refuse the first attribute, in the order given, that the schema does not have."""
    declared = tuple(custom_attributes)
    for attribute in attributes:
        if not in_schema(declared, attribute):
            raise AttributeNotInSchema(attribute)


def custom_names(names: Iterable[str]) -> tuple[str, ...]:
    """Validate names to declare as custom attributes (without ``custom:``) and return them."""
    if isinstance(names, str):
        raise TypeError("custom_attributes is a tuple of names, not one string")
    declared = tuple(names)
    for name in declared:
        if not isinstance(name, str) or not 1 <= len(name) <= CUSTOM_NAME_MAX:
            raise ValueError(f"custom attribute names are 1 to {CUSTOM_NAME_MAX} characters: "
                             f"{name!r}")
        if name.startswith(CUSTOM_PREFIX):
            raise ValueError(f"declare custom attributes without the {CUSTOM_PREFIX!r} prefix: "
                             f"{name.removeprefix(CUSTOM_PREFIX)!r}, not {name!r}")
    return declared


def from_create_request(schema: list[dict[str, Any]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split CreateUserPool's ``Schema`` into (required standard, custom) attribute names."""
    required, custom = [], []
    for entry in schema:
        name = entry.get("Name") or ""
        if name in STANDARD_ATTRIBUTES:
            if entry.get("Required"):
                required.append(name)
        elif entry.get("Required"):
            raise invalid_parameter(REQUIRED_CUSTOM_REFUSED)
        else:
            custom.append(name)
    return tuple(required), tuple(custom)


def described_custom(name: str) -> dict[str, Any]:
    """One custom attribute as DescribeUserPool lists it (every one is a mutable String here)."""
    return {"Name": CUSTOM_PREFIX + name, "AttributeDataType": "String",
            "DeveloperOnlyAttribute": False, "Mutable": True, "Required": False,
            "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}}
