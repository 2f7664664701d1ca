"""Requests to the local Cognito's endpoint, drawn from botocore's input shapes for cognito-idp.

Each member is mostly of its modelled type (enums, the hints a test gives: its pool, client,
user and token) and sometimes of any other JSON type; required members are sometimes missing,
unknown members sometimes added, strings sometimes huge or odd unicode. Next to those: unknown
targets, non-JSON bodies, JSON that is no object, and content types that are not JSON 1.1.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import botocore.session
from botocore.model import Shape
from hypothesis import strategies as st

from django_cognito_challenge.testing import registry
from django_cognito_challenge.testing.server import JSON_11, TARGET_PREFIX

Hints = Mapping[str, Sequence[str]]
#: How deep a shape is followed before its members are left out (none of cognito-idp's nests
#: deeper than a handful of levels).
MAX_DEPTH = 5
#: Keys of AuthParameters and ChallengeResponses that the local Cognito reads.
PARAMETER_KEYS = (
    "USERNAME", "PASSWORD", "SRP_A", "SECRET_HASH", "DEVICE_KEY", "REFRESH_TOKEN",
    "PREFERRED_CHALLENGE", "CHALLENGE_NAME", "ANSWER", "NEW_PASSWORD", "SMS_MFA_CODE",
    "SOFTWARE_TOKEN_MFA_CODE", "EMAIL_OTP_CODE", "SMS_OTP_CODE", "CREDENTIAL", "TIMESTAMP",
    "PASSWORD_CLAIM_SIGNATURE", "PASSWORD_CLAIM_SECRET_BLOCK", "USER_ID_FOR_SRP", "EMAIL",
    "userAttributes.name", "DEVICE_GROUP_KEY",
)
ODD_TEXT = ("", " ", "\x00", "\u202e", "💥", "null", "{}", "[]", "-1", "1e400", "0" * 40,
            "Wed Dec 2 17:41:00 UTC 2026", "Wed Dec 02 17:41:00 UTC 2026")

any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=6,
)
_huge = st.builds(lambda char, count: char * count, st.sampled_from(["A", "é", "\x00", "7"]),
                  st.integers(min_value=129, max_value=140_000))


@cache
def service_model():
    return botocore.session.get_session().get_service_model("cognito-idp")


def mostly(right: st.SearchStrategy, wrong: st.SearchStrategy = any_json) -> st.SearchStrategy:
    """The right type seven times in eight: a request with no member of the wrong type must
    come often enough to reach past the type check."""
    return st.one_of(*[right] * 7, wrong)


def _string(shape: Shape, name: str, hints: Hints) -> st.SearchStrategy:
    # Real values most of the time: a request refused for its ClientId tests little else.
    known: list[st.SearchStrategy] = []
    if hints.get(name):
        known += [st.sampled_from(hints[name])] * 4
    if shape.enum:
        known += [st.sampled_from(shape.enum)] * 2
    return st.one_of(*known, st.text(max_size=30), st.sampled_from(ODD_TEXT), _huge)


def _structure(shape: Shape, hints: Hints, depth: int) -> st.SearchStrategy:
    members = {name: from_shape(member, hints, depth + 1, name)
               for name, member in shape.members.items()}
    required = {name: members[name] for name in shape.required_members}
    optional = {name: s for name, s in members.items() if name not in required}
    complete = st.fixed_dictionaries(required, optional=optional)
    return st.one_of(complete, complete, st.fixed_dictionaries({}, optional=members),
                     st.tuples(complete, st.dictionaries(st.text(max_size=12), any_json,
                                                         min_size=1, max_size=2))
                     .map(lambda pair: {**pair[1], **pair[0]}))


def from_shape(shape: Shape, hints: Hints, depth: int = 0, name: str = "") -> st.SearchStrategy:
    """Values for ``shape``: mostly its type; ``hints`` by member name give real values."""
    if depth > MAX_DEPTH or getattr(shape, "is_document_type", False):
        return any_json
    kind = shape.type_name
    if kind == "structure":
        right = _structure(shape, hints, depth)
    elif kind == "list":
        right = st.lists(from_shape(shape.member, hints, depth + 1), max_size=3)
    elif kind == "map":
        values = from_shape(shape.value, hints, depth + 1, "parameter")
        known = st.fixed_dictionaries({}, optional=dict.fromkeys(PARAMETER_KEYS, values))
        keys = st.sampled_from(PARAMETER_KEYS) | st.text(max_size=12)
        right = known | st.dictionaries(keys, values, max_size=5)
    elif kind == "string":
        right = _string(shape, name, hints)
    elif kind in ("integer", "long"):
        right = st.integers() | st.integers(min_value=-2, max_value=20)
    elif kind == "boolean":
        right = st.booleans()
    elif kind == "timestamp":
        right = st.integers(min_value=0, max_value=2**40) | st.floats(allow_nan=False)
    else:  # blob: base64 text
        right = st.text(alphabet="ABCxyz019+/=", max_size=40)
    return mostly(right)


@dataclass(frozen=True)
class WireRequest:
    """One HTTP request to the endpoint."""

    target: str | None
    body: bytes
    content_type: str | None = JSON_11

    def headers(self) -> dict[str, str]:
        sent = {"Content-Length": str(len(self.body))}
        if self.target is not None:
            sent["X-Amz-Target"] = self.target
        if self.content_type is not None:
            sent["Content-Type"] = self.content_type
        return sent


def _dumped(value) -> bytes:
    return json.dumps(value).encode()


def modelled_requests(hints: Hints, operations: Sequence[str] = ()
                      ) -> st.SearchStrategy[WireRequest]:
    """An operation's target with a body drawn from its input shape (any registered one when
    ``operations`` names none)."""
    model, built = service_model(), {}

    def for_operation(operation: str) -> st.SearchStrategy[WireRequest]:
        if operation not in built:
            body = from_shape(model.operation_model(operation).input_shape, hints)
            built[operation] = st.builds(WireRequest, st.just(TARGET_PREFIX + operation),
                                         body.map(_dumped))
        return built[operation]

    return st.sampled_from(operations or sorted(registry.operations())).flatmap(for_operation)


def other_requests(hints: Hints) -> st.SearchStrategy[WireRequest]:
    """Targets unknown or unregistered, bodies that are no JSON object, other content types."""
    registered = sorted(registry.operations())
    unanswered = sorted(set(service_model().operation_names) - set(registered))
    targets = st.one_of(
        st.sampled_from(registered).map(TARGET_PREFIX.__add__),
        st.sampled_from(unanswered).map(TARGET_PREFIX.__add__),
        st.text(alphabet="AWSCognitoIdentityProviderService.InitiateAuth/ \t", max_size=50),
        st.none(),
    )
    bodies = st.one_of(
        st.binary(max_size=64), st.text(max_size=40).map(str.encode),
        any_json.map(_dumped), st.just(b""), st.just(b"\xff\xfe{}"),
        st.just(b'{"ClientId": "\\ud800"}'), st.just(b"[" * 50_000),
        st.dictionaries(st.sampled_from(["ClientId", "AuthFlow", "AccessToken", "Username"]),
                        any_json | st.sampled_from([v for vs in hints.values() for v in vs]),
                        max_size=3).map(_dumped),
    )
    content_types = st.sampled_from([JSON_11, "application/json", "text/plain",
                                     "application/x-www-form-urlencoded", None])
    return st.builds(WireRequest, targets, bodies, content_types)
