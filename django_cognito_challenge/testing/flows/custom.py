"""CUSTOM_AUTH, driven by Python callables in place of the three Lambda triggers.

Each trigger receives the Lambda event (a dict) and returns it with ``response`` filled in,
exactly as a Lambda function would: ``DefineAuthChallenge``, ``CreateAuthChallenge`` and
``VerifyAuthChallengeResponse`` in ``Pool.triggers``.
"""

from __future__ import annotations

from typing import Any

from .. import srp
from ..errors import ServiceError, invalid_parameter, not_authorized
from ..models import User
from . import triggers
from .common import Ctx, check_secret_hash, require
from .results import issue_tokens
from .srp_rounds import password_verifier_challenge


def start(ctx: Ctx, params: dict[str, str], request) -> dict[str, Any]:
    (username,) = require(params, "USERNAME")
    check_secret_hash(ctx.client, username, params.get("SECRET_HASH"))
    if "DefineAuthChallenge" not in ctx.pool.triggers:
        raise invalid_parameter("Custom auth lambda trigger is not configured for the user pool.")
    user = ctx.pool.find_user(username)
    state: dict[str, Any] = {
        "custom_history": [],
        "name_given": username,
        "device_key": params.get("DEVICE_KEY"),
        "auth_time": int(ctx.now),
        "client_metadata": request.get("ClientMetadata") or {},
    }
    if params.get("CHALLENGE_NAME") == "SRP_A":
        (srp_a,) = require(params, "SRP_A")
        big_a = srp.parse_srp_a(srp_a)
        if big_a is None:
            raise invalid_parameter("SRP_A is not a valid SRP public value")
        state["srp_a"] = f"{big_a:x}"
        state["custom_history"].append(_entry("SRP_A", True))
    return _next(ctx, user, state)


def after_password(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any]:
    history = [*state["custom_history"], _entry("PASSWORD_VERIFIER", True)]
    return _next(ctx, user, {**state, "custom_history": history})


def answer(ctx: Ctx, session, user: User | None, responses: dict[str, str]) -> dict[str, Any]:
    (given,) = require(responses, "ANSWER")
    state = session.state
    event = _event(ctx, "VerifyAuthChallengeResponse_Authentication", user, state)
    event["request"].update(
        privateChallengeParameters=state["private"], challengeAnswer=given,
    )
    event["response"] = {"answerCorrect": False}
    correct = bool(_run(ctx, "VerifyAuthChallengeResponse", event)["response"].get(
        "answerCorrect"))
    ctx.cognito.sessions.spend(session)
    entry = _entry("CUSTOM_CHALLENGE", correct, state.get("metadata"))
    return _next(ctx, user, {**state, "custom_history": [*state["custom_history"], entry]})


def _next(ctx: Ctx, user: User | None, state: dict[str, Any]) -> dict[str, Any]:
    event = _event(ctx, "DefineAuthChallenge_Authentication", user, state)
    event["response"] = {"challengeName": None, "issueTokens": False, "failAuthentication": False}
    decision = _run(ctx, "DefineAuthChallenge", event)["response"]
    if decision.get("failAuthentication") or (decision.get("issueTokens") and user is None):
        raise not_authorized("Incorrect username or password.")
    if decision.get("issueTokens"):
        return issue_tokens(ctx, user, state)
    challenge = decision.get("challengeName")
    if challenge == "PASSWORD_VERIFIER" and state.get("srp_a"):
        return password_verifier_challenge(
            ctx, user, state["name_given"], int(state["srp_a"], 16), state
        )
    if challenge == "CUSTOM_CHALLENGE":
        return _custom_challenge(ctx, user, state)
    raise ServiceError("InvalidLambdaResponseException",
                       "Invalid lambda response from DefineAuthChallenge.")


def _custom_challenge(ctx: Ctx, user: User | None, state: dict[str, Any]) -> dict[str, Any]:
    event = _event(ctx, "CreateAuthChallenge_Authentication", user, state)
    event["request"]["challengeName"] = "CUSTOM_CHALLENGE"
    event["response"] = {"publicChallengeParameters": {}, "privateChallengeParameters": {},
                         "challengeMetadata": None}
    created = _run(ctx, "CreateAuthChallenge", event)["response"]
    public = {str(k): str(v) for k, v in (created.get("publicChallengeParameters") or {}).items()}
    username = user.username if user is not None else state["name_given"]
    state = {**state, "private": created.get("privateChallengeParameters") or {},
             "metadata": created.get("challengeMetadata")}
    return ctx.challenge("CUSTOM_CHALLENGE", user, {**public, "USERNAME": username}, state)


def _event(ctx: Ctx, source: str, user: User | None, state: dict[str, Any]) -> dict[str, Any]:
    sent = triggers.event(ctx.cognito.region, ctx.pool, ctx.client.client_id, source,
                          user.username if user is not None else state["name_given"])
    sent["request"] = {
        "userAttributes": dict(user.attributes) if user is not None else {},
        "session": [dict(e) for e in state["custom_history"]],
        "clientMetadata": dict(state.get("client_metadata") or {}),
        "userNotFound": user is None,
    }
    return sent


def _run(ctx: Ctx, trigger: str, event: dict[str, Any]) -> dict[str, Any]:
    function = ctx.pool.triggers.get(trigger)
    if function is None:
        raise ServiceError("InvalidLambdaResponseException", f"{trigger} is not configured.")
    result = triggers.invoke(function, trigger, event)
    return result if isinstance(result, dict) else event


def _entry(name: str, result: bool, metadata: str | None = None) -> dict[str, Any]:
    return {"challengeName": name, "challengeResult": result, "challengeMetadata": metadata}
