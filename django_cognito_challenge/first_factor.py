"""What the first factor sends to Cognito, flow by flow, and the SRP password proof after it.

``AUTH_FLOW`` decides how InitiateAuth starts (:func:`for_start`); with choice-based sign-in a
password chosen on the SELECT_CHALLENGE page is sent as that challenge's answer
(:func:`for_choice`). Either way, when Cognito answers PASSWORD_VERIFIER the same request proves
the password by SRP (:func:`password_claim`): the password is never sent to Cognito then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.views.decorators.debug import sensitive_variables

from .cognito import srp
from .conf import app_settings

#: What ``CHALLENGE_NAME`` or ``PREFERRED_CHALLENGE`` starts an SRP proof in each flow.
SRP_START = {"USER_AUTH": {"PREFERRED_CHALLENGE": "PASSWORD_SRP"},
             "CUSTOM_AUTH": {"CHALLENGE_NAME": "SRP_A"}}


@dataclass(frozen=True)
class FirstFactor:
    """One first factor, ready to send."""

    parameters: dict[str, str] = field(repr=False)  #: without USERNAME and DEVICE_KEY
    name: str = ""  #: Cognito's name for it, "" when the person has not given one yet
    ephemeral: srp.Ephemeral | None = field(default=None, repr=False)  #: for an SRP proof

    @property
    def is_password(self) -> bool:
        return self.name != ""


@sensitive_variables()
def for_start(password: str) -> FirstFactor:
    """InitiateAuth's parameters for ``AUTH_FLOW`` and what the sign-in page was given."""
    flow = app_settings.AUTH_FLOW
    if flow == "USER_PASSWORD_AUTH":
        return FirstFactor({"PASSWORD": password}, "PASSWORD")
    if flow in SRP_START and not password:
        preferred = app_settings.PREFERRED_CHALLENGE if flow == "USER_AUTH" else None
        return FirstFactor({"PREFERRED_CHALLENGE": preferred} if preferred else {})
    ephemeral = srp.Ephemeral.new()
    name = "PASSWORD_SRP" if flow == "USER_AUTH" else "PASSWORD_VERIFIER"
    return FirstFactor({**SRP_START.get(flow, {}), "SRP_A": ephemeral.srp_a}, name, ephemeral)


@sensitive_variables()
def for_choice(answer: str, password: str) -> FirstFactor:
    """SELECT_CHALLENGE's answer for a chosen password: ``PASSWORD``, or ``PASSWORD_SRP``."""
    if answer == "PASSWORD":
        return FirstFactor({"ANSWER": "PASSWORD", "PASSWORD": password}, "PASSWORD")
    ephemeral = srp.Ephemeral.new()
    return FirstFactor({"ANSWER": "PASSWORD_SRP", "SRP_A": ephemeral.srp_a}, "PASSWORD_SRP",
                       ephemeral)


@sensitive_variables()
def password_claim(factor: FirstFactor, password: str, parameters: dict[str, str]) -> dict:
    """PASSWORD_VERIFIER's answer (without USERNAME) proving ``password`` for ``factor``."""
    return srp.password_claim(
        factor.ephemeral, realm=app_settings.USER_POOL_ID.split("_", 1)[-1],
        user_id=parameters["USER_ID_FOR_SRP"], password=password, salt_hex=parameters["SALT"],
        srp_b_hex=parameters["SRP_B"], secret_block=parameters["SECRET_BLOCK"],
    )
