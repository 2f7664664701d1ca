"""The pre sign-up trigger (``Pool.triggers["PreSignUp"]``): what SignUp and AdminCreateUser
send it, and what its answer does to a signed-up user.

At SignUp the trigger may refuse the sign-up (by raising), confirm the user at once
(``autoConfirmUser``: no code is sent) and mark the email and phone number verified
(``autoVerifyEmail`` / ``autoVerifyPhone``, only with ``autoConfirmUser``). At AdminCreateUser
it may only refuse: the response is ignored. The sources are in ``testing/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ServiceError
from ..models import Pool, User
from . import triggers
from .common import Ctx
from .sign_up import alias_holder

if TYPE_CHECKING:
    from ..backend import LocalCognito

TRIGGER = "PreSignUp"
FLAGS = ("autoConfirmUser", "autoVerifyEmail", "autoVerifyPhone")
#: Each flag that verifies an attribute, and the attribute.
VERIFIES = {"autoVerifyEmail": "email", "autoVerifyPhone": "phone_number"}


@dataclass(frozen=True)
class Decision:
    """What the trigger said about a sign-up: confirm the user, verify which attributes."""

    confirm: bool = False
    verify: tuple[str, ...] = ()  # attribute names: "email", "phone_number"


#: A pool without the trigger: the user waits for the code.
NO_TRIGGER = Decision()


def at_sign_up(ctx: Ctx, username: str, attributes: dict[str, str],
               request: dict[str, Any]) -> Decision:
    """Run the trigger for SignUp (``PreSignUp_SignUp``); what its response asks for."""
    function = ctx.pool.triggers.get(TRIGGER)
    if function is None:
        return NO_TRIGGER
    sent = triggers.event(ctx.cognito.region, ctx.pool, ctx.client.client_id,
                          "PreSignUp_SignUp", username)
    sent["request"] = _request(attributes, request)
    sent["response"] = dict.fromkeys(FLAGS, False)
    return _decision(triggers.invoke(function, TRIGGER, sent), attributes)


def at_admin_create_user(cognito: LocalCognito, pool: Pool, username: str,
                         attributes: dict[str, str], request: dict[str, Any]) -> None:
    """Run the trigger for AdminCreateUser (``PreSignUp_AdminCreateUser``): it may refuse the
    user; its response is ignored (DG)."""
    function = pool.triggers.get(TRIGGER)
    if function is None:
        return
    sent = triggers.event(cognito.region, pool, triggers.NO_CLIENT, "PreSignUp_AdminCreateUser",
                          username)
    sent["request"] = _request(attributes, request)
    sent["response"] = dict.fromkeys(FLAGS, False)
    triggers.invoke(function, TRIGGER, sent)


def _request(attributes: dict[str, str], request: dict[str, Any]) -> dict[str, Any]:
    """The event's ``request``: the attributes given, ``validationData`` (null when none was
    sent), and ``clientMetadata`` only when the call carried it."""
    validation = request.get("ValidationData")
    event_request: dict[str, Any] = {
        "userAttributes": dict(attributes),
        "validationData": ({item["Name"]: item.get("Value", "") for item in validation}
                           if validation is not None else None),
    }
    if request.get("ClientMetadata") is not None:
        event_request["clientMetadata"] = dict(request["ClientMetadata"])
    return event_request


def _decision(returned: Any, attributes: dict[str, str]) -> Decision:
    """Read the returned event's ``response``; refuse one Cognito could not act on."""
    response = returned.get("response") if isinstance(returned, dict) else None
    if not isinstance(response, dict) or any(
            response.get(flag) is not None and not isinstance(response[flag], bool)
            for flag in FLAGS):
        raise triggers.unrecognizable()
    confirm = bool(response.get("autoConfirmUser"))
    verify = tuple(attribute for flag, attribute in VERIFIES.items() if response.get(flag))
    if verify and not confirm:
        raise ServiceError("InvalidLambdaResponseException",
                           "Phone or email cannot be auto verified, when user is not being "
                           "auto confirmed.")
    for attribute in verify:
        if not attributes.get(attribute):
            raise ServiceError("InvalidLambdaResponseException",
                               f"{attribute} cannot be auto verified: the user has no "
                               f"{attribute}.")
    return Decision(confirm, verify)


def apply(pool: Pool, user: User, decision: Decision, now: float) -> None:
    """Confirm ``user`` and verify the attributes the trigger named. An alias another user
    holds moves to ``user``: the other's attribute is no longer verified (DG)."""
    for attribute in decision.verify:
        holder = alias_holder(pool, user, attribute)
        if holder is not None:
            holder.attributes[f"{attribute}_verified"] = "false"
        user.attributes[f"{attribute}_verified"] = "true"
    if decision.confirm:
        user.status, user.modified_at = "CONFIRMED", now
