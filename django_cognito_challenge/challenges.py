"""One declaration per Cognito challenge the person answers on a page.

The flow, the step views, the forms and the URLs all read this table: adding a challenge that
fits an existing page is one entry here; a new kind of page is one entry plus its template
(``cognito_challenge/<page>.html``) and, only when its form needs more than a form can do, a view
named in ``views.step_pages.SPECIAL_VIEWS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import forms
from .forms_custom import CustomAnswerForm
from .forms_passkey import PasskeyForm

#: Challenge parameters of a code sent by SMS or email: what the page shows, nothing else.
CODE_DELIVERY = ("CODE_DELIVERY_DELIVERY_MEDIUM", "CODE_DELIVERY_DESTINATION")
#: The parameter under which a pending sign-in keeps the reply's ``AvailableChallenges``.
AVAILABLE = "AvailableChallenges"


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
    public_parameters: bool = False  #: keep every parameter: a custom trigger's are its own


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
    # USER_AUTH: Cognito's AvailableChallenges (a reply field, kept as this parameter).
    Challenge("SELECT_CHALLENGE", "select_challenge", forms.FirstFactorForm,
              response_key="ANSWER", parameters=(AVAILABLE,), choices_from=AVAILABLE),
    Challenge("WEB_AUTHN", "passkey", PasskeyForm, response_key="CREDENTIAL",
              parameters=("CREDENTIAL_REQUEST_OPTIONS",)),
    Challenge("CUSTOM_CHALLENGE", "custom", CustomAnswerForm, response_key="ANSWER",
              public_parameters=True),
)}

#: The first factors of choice-based sign-in this app can ask for, as the person reads them;
#: Cognito's PASSWORD and PASSWORD_SRP are one choice, "Password" (see ``first_factor_choices``).
FIRST_FACTOR_LABELS: dict[str, str | Promise] = {
    "PASSWORD": _("Password"),
    "EMAIL_OTP": _("A code sent by email"),
    "SMS_OTP": _("A code sent by text message (SMS)"),
    "WEB_AUTHN": _("Passkey"),
}
PASSWORD_FACTORS = ("PASSWORD_SRP", "PASSWORD")
#: Parameters never kept for a page, whatever the challenge: the flow reads them itself.
FLOW_PARAMETERS = ("USERNAME", "USER_ID_FOR_SRP")


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


def kept_parameters(challenge: Challenge, parameters: dict[str, str]) -> dict[str, str]:
    """The parameters of a reply that ``challenge``'s page needs, and no others."""
    if challenge.public_parameters:
        return {k: v for k, v in parameters.items() if k not in FLOW_PARAMETERS}
    return {k: v for k, v in parameters.items() if k in challenge.parameters}


def choices(challenge: Challenge, parameters: dict[str, str]) -> list[tuple[str, str | Promise]]:
    """The options of a page where the person picks one of the challenges Cognito offered."""
    offered = forms.json_list(parameters.get(challenge.choices_from))
    if challenge.name == "SELECT_CHALLENGE":
        return first_factor_choices(offered)
    return [(name, label(name)) for name in offered]


def first_factor_choices(available: list[str]) -> list[tuple[str, str | Promise]]:
    """The choices of a SELECT_CHALLENGE page: what Cognito offers that this app can ask for.

    PASSWORD and PASSWORD_SRP become one "Password" choice, answered with SRP when offered.
    """
    offered = ["PASSWORD" if name in PASSWORD_FACTORS else name for name in available]
    return [(name, FIRST_FACTOR_LABELS[name]) for name in dict.fromkeys(offered)
            if name in FIRST_FACTOR_LABELS]


def password_answer(available: list[str]) -> str:
    """How a password chosen from ``available`` is sent: by SRP when Cognito offers it."""
    return next((name for name in PASSWORD_FACTORS if name in available), "PASSWORD_SRP")
