"""One form per step. Forms validate input and turn it into Cognito's ChallengeResponses."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .cognito.errors import CognitoError

MFA_LABELS = {
    "SOFTWARE_TOKEN_MFA": _("Authenticator app"),
    "SMS_MFA": _("Text message (SMS)"),
    "EMAIL_OTP": pgettext_lazy("verification method", "Email"),
}

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


class StepForm(forms.Form):
    """Base: shows a Cognito error as a non-field error with its code."""

    def add_cognito_error(self, error: CognitoError) -> None:
        self.add_error(None, ValidationError(error.message, code=error.code))


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


class CodeInput(forms.TextInput):
    """A text input that never writes the submitted code back into the page."""

    def format_value(self, value):
        # SECURITY: a code once submitted is spent or wrong; like a password, it is not echoed.
        return None


class CodeForm(StepForm):
    error_messages = {"invalid_code": _("Enter the code: 6 to 8 digits.")}

    code = forms.CharField(
        label=_("Verification code"), max_length=12,
        widget=CodeInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                "autofocus": True, "pattern": r"[0-9 ]*"}),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and 6 <= len(code) <= 8):
            raise ValidationError(self.error_messages["invalid_code"], code="invalid_code")
        return code


class CodeWithDeviceForm(CodeForm):
    """The code page where the pool lets the person choose to remember this device."""

    remember_device = forms.BooleanField(label=_("Remember this device"), required=False)


class NewPasswordForm(StepForm):
    error_messages = {"password_mismatch": _("The two passwords do not match.")}

    new_password1 = forms.CharField(
        label=_("New password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, required_attributes: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.required_attributes = list(required_attributes)
        for name in self.required_attributes:
            label, hint = ATTRIBUTE_FIELDS.get(name, (name.replace("_", " ").capitalize(), "on"))
            self.fields[f"attribute_{name}"] = forms.CharField(
                label=label, max_length=2048, widget=forms.TextInput(attrs={"autocomplete": hint}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", ValidationError(
                self.error_messages["password_mismatch"], code="password_mismatch"))
        return cleaned

    def challenge_responses(self) -> dict[str, str]:
        """NEW_PASSWORD plus exactly the attributes Cognito listed, never others."""
        responses = {"NEW_PASSWORD": self.cleaned_data["new_password1"]}
        for name in self.required_attributes:
            responses[f"userAttributes.{name}"] = self.cleaned_data[f"attribute_{name}"]
        return responses


class ChoiceStepForm(StepForm):
    """Pick one of the methods Cognito offered (SELECT_MFA_TYPE, MFA_SETUP)."""

    mfa_type = forms.ChoiceField(label=_("Verification method"), widget=forms.RadioSelect)

    def __init__(self, *args, choices: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mfa_type"].choices = [(c, MFA_LABELS.get(c, c)) for c in choices]


class EmailSetupForm(StepForm):
    email = forms.EmailField(
        label=_("Email address for your codes"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


def required_attribute_names(raw: str) -> list[str]:
    """``["userAttributes.name"]`` -> ``["name"]``; anything malformed gives no fields."""
    try:
        values = json.loads(raw or "[]")
    except ValueError:
        return []
    prefix = "userAttributes."
    return [v[len(prefix):] for v in values if isinstance(v, str) and v.startswith(prefix)]
