"""One form per step. Forms validate input and turn it into Cognito's ChallengeResponses.

Every form shows Cognito failures through ``error_messages``, a dict keyed by our error codes
(``cognito/errors.py``), as contrib.auth and django-otp do: subclass a form and override an entry
to change what the person reads. A code with no entry shows its exception's own message.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import django
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .cognito.errors import CognitoError
from .conf import app_settings

if TYPE_CHECKING:
    from .challenges import Challenge

#: Labels and autocomplete hints for the attributes Cognito may require at first sign-in.
ATTRIBUTE_FIELDS = {
    "name": (_("Full name"), "name"),
    "given_name": (_("First name"), "given-name"),
    "family_name": (_("Last name"), "family-name"),
    "middle_name": (_("Middle name"), "additional-name"),
    "nickname": (_("Nickname"), "nickname"),
    "preferred_username": (_("Preferred username"), "username"),
    "email": (pgettext_lazy("user attribute", "Email"), "email"),
    "phone_number": (_("Phone number (with country code, e.g. +15555550100)"), "tel"),
    "birthdate": (_("Date of birth (YYYY-MM-DD)"), "bday"),
    "address": (_("Address"), "street-address"),
    "locale": (_("Locale"), "language"),
    "zoneinfo": (_("Time zone"), "off"),
    "website": (_("Website"), "url"),
    "gender": (_("Gender"), "sex"),
}

#: A code as Cognito takes it: ASCII digits only (``str.isdigit`` also accepts ``١٢٣``).
CODE_PATTERN = re.compile(r"[0-9]{6,8}", re.ASCII)


class StepForm(forms.Form):
    """Base: the step's challenge and parameters, and Cognito errors shown by code."""

    error_messages: dict[str, Any] = {}
    takes_choices = False  #: the view passes ``choices``: the challenges Cognito offered

    def __init__(self, *args, challenge: Challenge | None = None,
                 parameters: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.challenge, self.parameters = challenge, parameters or {}
        merged: dict[str, Any] = {}
        for klass in reversed(type(self).__mro__):
            merged.update(getattr(klass, "error_messages", None) or {})
        self.error_messages = merged

    def __getitem__(self, name: str):
        bound = super().__getitem__(name)
        if django.VERSION < (5, 0):  # Django 5.0+ renders both attributes itself
            _describe(bound)
        return bound

    def message_for(self, error: CognitoError) -> str:
        """What the person reads for ``error``: this form's message for its code, if any."""
        return self.error_messages.get(error.code, error.message)

    def add_cognito_error(self, error: CognitoError) -> None:
        self.add_error(None, ValidationError(self.message_for(error), code=error.code))

    def challenge_responses(self) -> dict[str, str]:
        """The ChallengeResponses this page's answer makes (USERNAME is added by the flow)."""
        raise NotImplementedError


def _describe(bound) -> None:
    """Link a field to its help text and errors for screen readers, as Django 5.0+ does."""
    widget = bound.field.widget
    if getattr(widget, "use_fieldset", False) or not bound.auto_id:
        return  # _form.html describes a fieldset itself
    described_by = [f"{bound.auto_id}_{part}" for part, shown in
                    (("helptext", bound.help_text), ("error", bound.errors)) if shown]
    if bound.errors:
        widget.attrs["aria-invalid"] = "true"
    if described_by:
        widget.attrs["aria-describedby"] = " ".join(described_by)


class LoginForm(StepForm):
    username = forms.CharField(
        label=_("Username or email"), max_length=128,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True,
                                      "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        flow = app_settings.AUTH_FLOW
        if flow == "CUSTOM_AUTH" and not app_settings.CUSTOM_AUTH_SRP:
            del self.fields["password"]  # the pool's triggers ask for what they need
        elif flow == "USER_AUTH":
            self.fields["password"].required = False
            self.fields["password"].help_text = _(
                "Leave it empty to sign in another way, such as a code or a passkey.")


class CodeInput(forms.TextInput):
    """A text input that never writes the submitted code back into the page."""

    def format_value(self, value):
        # SECURITY: a code once submitted is spent or wrong; like a password, it is not echoed.
        return None


def code_field() -> forms.CharField:
    """The ``code`` field of every page that takes an emailed, texted or app code."""
    return forms.CharField(
        label=_("Verification code"), max_length=12,
        widget=CodeInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                "autofocus": True, "pattern": r"[0-9 ]*"}),
    )


class TakesCode:
    """A form with a ``code`` field: 6 to 8 ASCII digits, spaces dropped."""

    error_messages = {"invalid_code": _("Enter the code: 6 to 8 digits.")}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not CODE_PATTERN.fullmatch(code):
            raise ValidationError(self.error_messages["invalid_code"], code="invalid_code")
        return code


class CodeForm(TakesCode, StepForm):
    """A code from an app, a text message or an email; "remember this device" where offered."""

    code = code_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = self.challenge is not None and self.challenge.remembers_device
        if offered and app_settings.REMEMBER_DEVICE_PROMPT:
            self.fields["remember_device"] = forms.BooleanField(
                label=remember_device_label(), required=False)

    def challenge_responses(self) -> dict[str, str]:
        return {self.challenge.response_key: self.cleaned_data["code"]}


def remember_device_label():
    """Promise a skipped code only where the pool keeps that promise."""
    if app_settings.REMEMBERED_DEVICE_SKIPS_MFA:
        return _("Remember this device (no code needed next time)")
    return _("Remember this device")


class NewPasswordPair(StepForm):
    """A new password typed twice; the two must match (every page that sets a password)."""

    error_messages = {"password_mismatch": _("The two passwords do not match.")}

    new_password1 = forms.CharField(
        label=_("New password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", ValidationError(
                self.error_messages["password_mismatch"], code="password_mismatch"))
        return cleaned


class NewPasswordForm(NewPasswordPair):
    """NEW_PASSWORD_REQUIRED: the new password and the attributes Cognito asks for."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True
        self.required_attributes = required_attribute_names(
            self.parameters.get("requiredAttributes", ""))
        for name in self.required_attributes:
            label, hint = ATTRIBUTE_FIELDS.get(name, (name.replace("_", " ").capitalize(), "on"))
            self.fields[f"attribute_{name}"] = forms.CharField(
                label=label, max_length=2048, widget=forms.TextInput(attrs={"autocomplete": hint}))

    def challenge_responses(self) -> dict[str, str]:
        """NEW_PASSWORD plus exactly the attributes Cognito listed, never others."""
        responses = {"NEW_PASSWORD": self.cleaned_data["new_password1"]}
        for name in self.required_attributes:
            responses[f"userAttributes.{name}"] = self.cleaned_data[f"attribute_{name}"]
        return responses


class OfferedChoiceForm(StepForm):
    """Pick one of the challenges Cognito offered: the view passes them as ``choices``."""

    takes_choices = True
    choice_field = ""  #: the name of the form's one ChoiceField

    def __init__(self, *args, choices: list[tuple[str, Any]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.choice_field].choices = list(choices)


class ChoiceStepForm(OfferedChoiceForm):
    """Pick one of the MFA methods Cognito offered (SELECT_MFA_TYPE, MFA_SETUP)."""

    mfa_type = forms.ChoiceField(label=_("Verification method"), widget=forms.RadioSelect)
    choice_field = "mfa_type"

    def challenge_responses(self) -> dict[str, str]:
        return {self.challenge.response_key: self.cleaned_data["mfa_type"]}


class FirstFactorForm(OfferedChoiceForm):
    """SELECT_CHALLENGE: pick how to sign in, among the first factors Cognito offered."""

    challenge = forms.ChoiceField(label=_("Sign in with"), widget=forms.RadioSelect)
    choice_field = "challenge"


class PasswordForm(StepForm):
    """The password, when the person chose it on the SELECT_CHALLENGE page."""

    password = forms.CharField(
        label=_("Password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                          "autofocus": True}))


class EmailSetupForm(StepForm):
    email = forms.EmailField(
        label=_("Email address for your codes"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def challenge_responses(self) -> dict[str, str]:
        return {"EMAIL": self.cleaned_data["email"]}


def json_list(raw: str | None) -> list[str]:
    """A JSON-array challenge parameter (``MFAS_CAN_CHOOSE`` and friends) as a list."""
    try:
        values = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


def required_attribute_names(raw: str) -> list[str]:
    """``["userAttributes.name"]`` -> ``["name"]``; anything malformed gives no fields."""
    prefix = "userAttributes."
    return [v[len(prefix):] for v in json_list(raw) if v.startswith(prefix)]
