"""One declaration per Cognito challenge the person answers on a page.

The flow, the step views, the forms and the URLs all read this table: adding a challenge that
fits an existing page is one entry here; a new kind of page is one entry plus its template
(``cognito_challenge/<page>.html``) and, only when its form needs more than a form can do, a view
named in ``views.steps.SPECIAL_VIEWS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import forms

#: Challenge parameters of a code sent by SMS or email: what the page shows, nothing else.
CODE_DELIVERY = ("CODE_DELIVERY_DELIVERY_MEDIUM", "CODE_DELIVERY_DESTINATION")


@dataclass(frozen=True)
class Challenge:
    """How one Cognito challenge is asked for and answered."""

    name: str  #: Cognito's ChallengeName, spelled exactly
    page: str  #: URL name (and template name) of the page that asks for it
    form: type[forms.StepForm]  #: validates the page and builds ChallengeResponses
    response_key: str = ""  #: the ChallengeResponses key that carries the answer
    label: str | Promise = ""  #: how the method is named where the person chooses one
    remembers_device: bool = False  #: an MFA code page: "remember this device" may be offered
    parameters: tuple[str, ...] = ()  #: ChallengeParameters the page needs (others are dropped)
    choices_from: str = ""  #: a JSON-array parameter listing the challenges to choose from


CHALLENGES: dict[str, Challenge] = {c.name: c for c in (
    Challenge("NEW_PASSWORD_REQUIRED", "new_password", forms.NewPasswordForm,
              response_key="NEW_PASSWORD", parameters=("requiredAttributes",)),
    Challenge("SOFTWARE_TOKEN_MFA", "code", forms.CodeForm,
              response_key="SOFTWARE_TOKEN_MFA_CODE", label=_("Authenticator app"),
              remembers_device=True, parameters=("FRIENDLY_DEVICE_NAME",)),
    Challenge("SMS_MFA", "code", forms.CodeForm, response_key="SMS_MFA_CODE",
              label=_("Text message (SMS)"), remembers_device=True, parameters=CODE_DELIVERY),
    Challenge("EMAIL_OTP", "code", forms.CodeForm, response_key="EMAIL_OTP_CODE",
              label=pgettext_lazy("verification method", "Email"), remembers_device=True,
              parameters=CODE_DELIVERY),
    Challenge("SMS_OTP", "code", forms.CodeForm, response_key="SMS_OTP_CODE",
              label=_("Text message (SMS)"), parameters=CODE_DELIVERY),
    Challenge("SELECT_MFA_TYPE", "select_mfa", forms.ChoiceStepForm, response_key="ANSWER",
              parameters=("MFAS_CAN_CHOOSE",), choices_from="MFAS_CAN_CHOOSE"),
    Challenge("MFA_SETUP", "mfa_setup", forms.ChoiceStepForm,
              parameters=("MFAS_CAN_SETUP",), choices_from="MFAS_CAN_SETUP"),
)}


def get(name: str | None) -> Challenge | None:
    """The declaration of ``name``, or None for a challenge this app has no page for."""
    return CHALLENGES.get(name or "")


def on_page(page: str) -> tuple[str, ...]:
    """The challenge names a page answers."""
    return tuple(name for name, challenge in CHALLENGES.items() if challenge.page == page)


def pages() -> list[str]:
    """Every step page, once each, in declaration order."""
    return list(dict.fromkeys(challenge.page for challenge in CHALLENGES.values()))


def label(name: str) -> str | Promise:
    """The person-facing name of a method, or Cognito's name when none is declared."""
    challenge = CHALLENGES.get(name)
    return (challenge.label if challenge else "") or name
