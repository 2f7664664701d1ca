"""Every reply of the local Cognito, across a broad scenario, matches botocore's model.

One module-scoped scenario drives every operation and every challenge the local Cognito
implements through boto3; the tests then check what it logged and what went over the wire.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from django_cognito_challenge.testing.backend import Call
from django_cognito_challenge.testing.fixture import LocalCognitoFixture
from django_cognito_challenge.testing.flows.answers import ACCEPTED_AFTER, ANSWERS
from django_cognito_challenge.testing.registry import operations

from .shape_check import (
    error_problems,
    on_the_wire,
    operation_model,
    reply_problems,
    service_model,
)
from .wire_scenario import STEPS, Run

# Names a client answers with but Cognito never asks for (USER_AUTH's direct answers).
ANSWER_ONLY = ACCEPTED_AFTER["SELECT_CHALLENGE"] - {"SELECT_CHALLENGE"}


@dataclass(frozen=True)
class Recorded:
    calls: list[Call]
    replies: list[tuple[str, int, Any]]
    outbox: list[dict[str, Any]]


@pytest.fixture(scope="module")
def scenario(local_cognito_server) -> Iterator[Recorded]:
    """Run every step once on its own pool; the tests below read what it recorded."""
    cognito = LocalCognitoFixture(local_cognito_server)
    run = Run(cognito)
    try:
        for step in STEPS:
            step(run)
        yield Recorded(list(cognito.calls), list(run.tap.replies), cognito.outbox())
    finally:
        for pool_id in run.extra_pools:
            cognito.backend.pools.pop(pool_id, None)
        cognito.close()


def test_the_scenario_calls_every_operation_the_local_cognito_implements(scenario):
    assert set(operations()) - {call.operation for call in scenario.calls} == set()


def test_every_successful_reply_matches_its_botocore_output_shape(scenario):
    answered = [call for call in scenario.calls if call.error is None]
    problems = [p for call in answered
                for p in reply_problems(call.operation, on_the_wire(call.response))]
    assert problems == []
    assert {call.operation for call in answered} == set(operations())


def test_the_call_log_holds_exactly_the_bodies_sent_on_the_wire(scenario):
    logged = [(c.operation, 200 if c.error is None else 400,
               on_the_wire(c.response) if c.error is None else c.error) for c in scenario.calls]
    wire = [(op, status, body if status == 200 else body["__type"])
            for op, status, body in scenario.replies]
    assert wire == logged


def test_every_challenge_the_local_cognito_can_issue_is_met_and_answered(scenario):
    issued = {c.response.get("ChallengeName") for c in scenario.calls} - {None}
    answered = {c.request.get("ChallengeName") for c in scenario.calls} - {None}
    assert issued == set(ANSWERS) - ANSWER_ONLY
    assert answered == set(ANSWERS)
    email_purposes = {m["purpose"] for m in scenario.outbox if m["medium"] == "EMAIL"}
    assert {"MFA", "SIGN_IN", "MFA_SETUP"} <= email_purposes


LISTS = ("ChallengeName", "AvailableChallenges", "MFAS_CAN_CHOOSE", "MFAS_CAN_SETUP")


def _names_sent(calls: list[Call]) -> dict[str, set[str]]:
    """Challenge names in replies: ChallengeName, AvailableChallenges and the MFA lists."""
    found: dict[str, set[str]] = {key: set() for key in LISTS}
    for reply in (call.response for call in calls):
        found["ChallengeName"].update(filter(None, [reply.get("ChallengeName")]))
        found["AvailableChallenges"].update(reply.get("AvailableChallenges", []))
        parameters = reply.get("ChallengeParameters") or {}
        for key in ("MFAS_CAN_CHOOSE", "MFAS_CAN_SETUP"):
            found[key].update(json.loads(parameters.get(key, "[]")))
    return found


def test_every_challenge_name_sent_is_in_the_modelled_enum(scenario):
    enum = set(service_model().shape_for("ChallengeNameType").enum)
    found = _names_sent(scenario.calls)
    assert [key for key in LISTS if not found[key]] == []
    assert {key: names - enum for key, names in found.items()} == {key: set() for key in LISTS}


def test_every_failure_in_the_scenario_is_a_modelled_error_of_its_operation(scenario):
    failed = [(op, body) for op, status, body in scenario.replies if status != 200]
    assert len(failed) >= 5
    problems = [p for op, body in failed for p in error_problems(op, body)]
    unmodelled = [(op, body["__type"]) for op, body in failed
                  if body["__type"] not in {s.name for s in operation_model(op).error_shapes}]
    assert (problems, unmodelled) == ([], [])
