"""The shape check itself is strict: it refuses replies and errors botocore would let through."""

from __future__ import annotations

import pytest

from . import shape_check
from .shape_check import (
    error_problems,
    reply_problems,
)

USER = {"Username": "ann", "UserAttributes": [{"Name": "sub", "Value": "1"}]}
BAD_REPLIES = {  # name: (operation, body, what the check must say)
    "unknown_member": ("GetUser", {**USER, "Extra": 1}, "GetUser.Extra: not a member"),
    "missing_required": ("GetUser", {"Username": "ann"}, "UserAttributes: required"),
    "null_member": ("AdminGetUser", {"Username": None}, "must be a string"),
    "unknown_challenge": ("InitiateAuth", {"ChallengeName": "MAGIC"}, "ChallengeNameType enum"),
    "boolean_as_integer": ("InitiateAuth", {"AuthenticationResult": {"ExpiresIn": True}},
                           "must be an integer"),
    "iso_timestamp": ("AdminGetUser", {"Username": "ann", "UserCreateDate": "2025-01-01"},
                      "must be a number"),
    "short_session": ("InitiateAuth", {"Session": "AYABe"}, "below SessionType min 20"),
    "number_in_a_string_map": ("InitiateAuth", {"ChallengeParameters": {"A": 1}},
                               "must be a string"),
    "device_key_pattern": ("ListDevices", {"Devices": [{"DeviceKey": "nounderscore"}]},
                           "does not match DeviceKeyType"),
    "list_below_min": ("DescribeUserPool", {"UserPool": {"SchemaAttributes": []}},
                       "below SchemaAttributesListType min 1"),
    "body_for_no_output": ("AdminAddUserToGroup", {"Done": True}, "no output is modelled"),
}


@pytest.mark.parametrize(("operation", "body", "said"), BAD_REPLIES.values(), ids=BAD_REPLIES)
def test_the_shape_check_refuses_a_reply_botocore_would_parse_anyway(operation, body, said):
    problems = reply_problems(operation, body)
    assert len(problems) == 1
    assert said in problems[0]


def test_the_shape_check_accepts_a_well_formed_reply():
    assert reply_problems("GetUser", USER) == []
    assert reply_problems("ForgetDevice", {}) == []


def test_unicode_class_patterns_are_checked_or_reported_as_skipped():
    problems = reply_problems("GetUser", {**USER, "Username": "two words"})
    if shape_check.unicode_re is None:
        assert problems == []
        assert "UsernameType" in shape_check.SKIPPED_PATTERNS
    else:
        assert problems == ["GetUser.Username: 'two words' does not match UsernameType "
                            "pattern [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+"]


@pytest.mark.parametrize(("body", "said"), [
    ({"message": "m"}, "without __type"),
    ({"__type": "MadeUpException", "message": "m"}, "not an error botocore knows"),
    ({"__type": "NotAuthorizedException", "message": "m", "Reason": "x"}, "not a member"),
])
def test_the_error_check_refuses_an_unmodelled_error_body(body, said):
    problems = error_problems("InitiateAuth", body)
    assert len(problems) == 1
    assert said in problems[0]
