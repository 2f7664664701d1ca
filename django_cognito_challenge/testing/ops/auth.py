"""InitiateAuth and RespondToAuthChallenge: the entry points of every sign-in."""

from __future__ import annotations

from typing import Any

from .. import srp
from ..errors import invalid_parameter
from ..flows import answers, custom, user_auth
from ..flows.common import Ctx, check_secret_hash, require, unknown_user_error
from ..flows.first_factor import check_password_then_continue
from ..flows.refresh_tokens import refresh_flow
from ..flows.srp_rounds import password_verifier_challenge, refuse_claim
from ..registry import operation

EXPLICIT_FLOW = {
    "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN": "ALLOW_REFRESH_TOKEN_AUTH",
    "CUSTOM_AUTH": "ALLOW_CUSTOM_AUTH",
    "USER_AUTH": "ALLOW_USER_AUTH",
}


@operation("InitiateAuth")
def initiate_auth(cognito, request: dict[str, Any]) -> dict[str, Any]:
    ctx = Ctx.for_client(cognito, request.get("ClientId"), initiating=True)
    flow = request.get("AuthFlow")
    starter = FLOWS.get(flow)
    if starter is None:
        raise invalid_parameter("Initiate Auth method not supported.")
    if not ctx.client.allows(EXPLICIT_FLOW[flow]):
        raise invalid_parameter(f"{flow} flow not enabled for this client")
    return starter(ctx, request.get("AuthParameters") or {}, request)


@operation("RespondToAuthChallenge")
def respond_to_auth_challenge(cognito, request: dict[str, Any]) -> dict[str, Any]:
    ctx = Ctx.for_client(cognito, request.get("ClientId"))
    name = request.get("ChallengeName")
    answer = answers.ANSWERS.get(name)
    if answer is None:
        raise invalid_parameter(f"Invalid challenge name {name} for RespondToAuthChallenge")
    responses = request.get("ChallengeResponses") or {}
    token = request.get("Session") or _session_from_answer(ctx, name, responses)
    session = cognito.sessions.open(token, client_id=ctx.client.client_id, now=ctx.now)
    if name not in answers.ACCEPTED_AFTER.get(session.challenge, {session.challenge}):
        raise invalid_parameter(f"Invalid challenge name {name}: the session is for "
                                f"{session.challenge}")
    user = answers.session_user(ctx, session, responses)
    session.state = {**session.state, "client_metadata": request.get("ClientMetadata") or {},
                     **_device_named(name, responses)}
    return answer(ctx, session, user, responses)


def _device_named(challenge: str, responses: dict[str, str]) -> dict[str, str]:
    """The device an answer names before the device step, as the state's ``device_key``.

    "Include a DEVICE_KEY for device authentication" (botocore's RespondToAuthChallenge):
    Amplify JS names it first in PASSWORD_VERIFIER's answer, never in InitiateAuth
    (handlePasswordVerifierChallenge.ts), and in MFA answers since amplify-js#14626. The
    device steps check their own.
    """
    key = responses.get("DEVICE_KEY")
    if not key or challenge in answers.DEVICE_STEPS:
        return {}
    return {"device_key": key}


def _session_from_answer(ctx: Ctx, name: str, responses: dict[str, str]) -> str | None:
    """Find the round an answer without ``Session`` belongs to, as Cognito does."""
    sessions = ctx.cognito.sessions
    client_id = ctx.client.client_id
    if name in ("PASSWORD_VERIFIER", "DEVICE_PASSWORD_VERIFIER"):
        block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK")
        token = block and sessions.find_round(client_id, name, srp_block=block)
        if not token:  # a SECRET_BLOCK of no round: refused like a wrong one (ministack#1758)
            raise refuse_claim()
        return token
    if name == "DEVICE_SRP_AUTH":
        user = ctx.pool.find_user(responses.get("USERNAME") or "")
        key = responses.get("DEVICE_KEY")
        return user and key and sessions.find_round(
            client_id, name, username=user.username, device_key=key)
    return None


def _password_auth(ctx: Ctx, params: dict[str, str], request) -> dict[str, Any]:
    username, password = require(params, "USERNAME", "PASSWORD")
    check_secret_hash(ctx.client, username, params.get("SECRET_HASH"))
    user = ctx.pool.find_user(username)
    if user is None:
        raise unknown_user_error(ctx)
    return check_password_then_continue(ctx, user, password, _start_state(ctx, params))


def _srp_auth(ctx: Ctx, params: dict[str, str], request) -> dict[str, Any]:
    username, srp_a = require(params, "USERNAME", "SRP_A")
    check_secret_hash(ctx.client, username, params.get("SECRET_HASH"))
    big_a = srp.parse_srp_a(srp_a)
    if big_a is None:
        raise invalid_parameter("SRP_A is not a valid SRP public value")
    user = ctx.pool.find_user(username)
    if user is None and ctx.client.prevent_user_existence_errors != "ENABLED":
        raise unknown_user_error(ctx)
    return password_verifier_challenge(ctx, user, username, big_a, _start_state(ctx, params))


def _start_state(ctx: Ctx, params: dict[str, str]) -> dict[str, Any]:
    return {"device_key": params.get("DEVICE_KEY"), "auth_time": int(ctx.now)}


FLOWS = {
    "USER_PASSWORD_AUTH": _password_auth,
    "USER_SRP_AUTH": _srp_auth,
    "REFRESH_TOKEN_AUTH": refresh_flow,
    "REFRESH_TOKEN": refresh_flow,
    "CUSTOM_AUTH": custom.start,
    "USER_AUTH": user_auth.start,
}
