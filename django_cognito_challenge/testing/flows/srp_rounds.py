"""Issuing and checking SRP rounds: PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
import uuid
from typing import Any

from .. import srp
from ..errors import invalid_parameter, not_authorized
from ..models import User
from ..sessions import AuthSession
from .common import Ctx

# PASSWORD_VERIFIER "must be answered within a few seconds"; the local Cognito allows 60.
ANSWER_WINDOW_SECONDS = 60
TIMESTAMP_SKEW_SECONDS = 300
# AWS's own words for a TIMESTAMP it cannot parse (amazon-cognito-identity-js#683).
TIMESTAMP_FORMAT_MESSAGE = "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."


def password_verifier_challenge(
    ctx: Ctx, user: User | None, name_given: str, big_a: int, state: dict[str, Any]
) -> dict[str, Any]:
    """Start a PASSWORD_VERIFIER round; unknown users get a consistent decoy."""
    if user is not None and user.has_password:
        user_id, salt_hex, verifier = user.username, user.srp_salt_hex, user.srp_verifier
    else:
        user_id, salt_hex, verifier = _decoy(ctx, name_given)
        state = {**state, "decoy": name_given if user is None else None}
    round_ = _start_round(big_a, verifier)
    parameters = {
        "SALT": salt_hex,
        "SECRET_BLOCK": round_["secret_block"],
        "SRP_B": round_["big_b"],
        "USERNAME": user_id,
        "USER_ID_FOR_SRP": user_id,
    }
    state = {**state, "srp": round_, "srp_block": round_["secret_block"]}
    reply = _short_lived(ctx, "PASSWORD_VERIFIER", user, parameters, state)
    # AWS sends no Session with PASSWORD_VERIFIER (pycognito#78 shows the reply): the answer
    # is matched to its round by the SECRET_BLOCK it echoes.
    del reply["Session"]
    return reply


def device_verifier_challenge(
    ctx: Ctx, user: User, big_a: int, verifier: int, salt_hex: str, state: dict[str, Any]
) -> dict[str, Any]:
    round_ = _start_round(big_a, verifier)
    parameters = {
        "SALT": salt_hex,
        "SECRET_BLOCK": round_["secret_block"],
        "SRP_B": round_["big_b"],
        "USERNAME": user.username,
    }
    return _short_lived(ctx, "DEVICE_PASSWORD_VERIFIER", user, parameters,
                        {**state, "srp": round_, "srp_block": round_["secret_block"]})


def claim_is_valid(
    ctx: Ctx, session: AuthSession, responses: dict[str, str], *, realm: str, user_id: str,
    verifier: int,
) -> bool:
    """Check PASSWORD_CLAIM_SIGNATURE, the echoed SECRET_BLOCK and the TIMESTAMP.

    The signature is checked over the TIMESTAMP's canonical rendering, so a zero-padded day or
    a wrong weekday fails as a wrong password does, as measured on AWS (ministack#1758).
    """
    round_ = session.state["srp"]
    if responses.get("PASSWORD_CLAIM_SECRET_BLOCK") != round_["secret_block"]:
        return False
    moment = require_timestamp(responses)
    if not _is_current(moment, ctx.now):
        return False
    server = srp.ServerChallenge(int(round_["small_b"], 16), int(round_["big_b"], 16))
    try:
        key = server.session_key(int(round_["big_a"], 16), verifier)
    except ValueError:
        return False
    expected = srp.expected_signature(
        key, realm, user_id, base64.b64decode(round_["secret_block"]), srp.format_timestamp(moment)
    )
    return srp.signature_matches(expected, responses.get("PASSWORD_CLAIM_SIGNATURE", ""))


def refuse_claim() -> Exception:
    return not_authorized("Incorrect username or password.")


def _start_round(big_a: int, verifier: int) -> dict[str, str]:
    server = srp.ServerChallenge.start(verifier)
    return {
        "big_a": f"{big_a:x}",
        "small_b": f"{server.small_b:x}",
        "big_b": server.big_b_hex,
        "secret_block": base64.b64encode(secrets.token_bytes(96)).decode(),
    }


def _short_lived(ctx: Ctx, name: str, user, parameters, state) -> dict[str, Any]:
    reply = ctx.challenge(name, user, parameters, state)
    session = ctx.cognito.sessions.open(
        reply["Session"], client_id=ctx.client.client_id, now=ctx.now
    )
    session.expires_at = min(session.expires_at, ctx.now + ANSWER_WINDOW_SECONDS)
    return reply


def require_timestamp(responses: dict[str, str]) -> float:
    """Return the answer's TIMESTAMP; one that does not parse is an InvalidParameter."""
    moment = srp.parse_timestamp(responses.get("TIMESTAMP", ""))
    if moment is None:
        raise invalid_parameter(TIMESTAMP_FORMAT_MESSAGE)
    return moment


def _is_current(moment: float, now: float) -> bool:
    """Within five minutes of the service clock (or of the wall clock, which a test's
    client cannot help using after the service clock was moved)."""
    return any(abs(moment - ref) <= TIMESTAMP_SKEW_SECONDS for ref in (now, time.time()))


def _decoy(ctx: Ctx, name: str) -> tuple[str, str, int]:
    """The same salt and user id every time for the same unknown name, as Cognito does."""
    digest = hmac.new(ctx.pool.key_id.encode(), name.encode(), hashlib.sha256).digest()
    user_id = str(uuid.UUID(bytes=digest[:16], version=4))
    return user_id, srp.pad_hex(digest[16:32].hex()), secrets.randbits(3000) % srp.N
