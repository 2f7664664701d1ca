"""The sign-up pages' forms: the new account's name, attributes and password; the code sent.

The fields follow the settings: ``username`` unless the pool signs people up with their email
or phone number (``USERNAME_ATTRIBUTES``), then ``email`` and ``attribute_<name>`` for each of
``SIGN_UP_ATTRIBUTES``, then ``password1`` and ``password2``, checked against the declared
password policy before Cognito is asked.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import password_policy
from .conf import app_settings
from .forms import ATTRIBUTE_FIELDS, StepForm, TakesCode, code_field

#: Cognito's phone numbers: ``+``, the country code and the number, digits only (E.164).
PHONE_PATTERN = re.compile(r"\+[0-9]{4,15}", re.ASCII)
#: What the sign-up pages say when Cognito cannot be reached or the site is misconfigured.
UNAVAILABLE = _("Signing up is not available right now. Please try again later.")


class SignUpForm(StepForm):
    """A new account: its name, the attributes the pool asks for, and a password."""

    error_messages = {
        "password_mismatch": _("The two passwords do not match."),
        "username_spaces": _("A username cannot contain spaces."),
        "phone_format": _("Enter the phone number with its country code, such as "
                          "+15555550100."),
        # A pre sign-up trigger refused the account (UserLambdaValidationException).
        "invalid_login": _("This sign-up was not accepted. Please contact support."),
        "invalid": _("Some of the information given was not accepted. Check it and try "
                     "again."),
        "unavailable": UNAVAILABLE, "misconfigured": UNAVAILABLE,
    }

    username = forms.CharField(
        label=_("Username"), max_length=128,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True,
                                      "autocapitalize": "none"}),
    )
    password1 = forms.CharField(
        label=_("Password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        named_by = username_attribute()
        if named_by:
            del self.fields["username"]
        self.attribute_names = asked_attributes()
        for position, name in enumerate(self.attribute_names):
            self.fields[self.field_name(name)] = attribute_field(name)
            if position == 0 and named_by:
                self.fields[self.field_name(name)].widget.attrs["autofocus"] = True
        self.order_fields(["username", *map(self.field_name, self.attribute_names)])
        self.fields["password1"].help_text = password_policy.help_text()

    @staticmethod
    def field_name(attribute: str) -> str:
        return "email" if attribute == "email" else f"attribute_{attribute}"

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if any(character.isspace() for character in username):
            raise ValidationError(self.error_messages["username_spaces"], code="username_spaces")
        return username

    def clean_attribute_phone_number(self) -> str:
        phone = re.sub(r"[\s().-]", "", self.cleaned_data["attribute_phone_number"])
        if not PHONE_PATTERN.fullmatch(phone):
            raise ValidationError(self.error_messages["phone_format"], code="phone_format")
        return phone

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        refusals = password_policy.problems(password)
        if refusals:
            raise ValidationError([ValidationError(self.message_for(refusal), code=refusal.code)
                                   for refusal in refusals])
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if ("password1" in cleaned and "password2" in cleaned
                and cleaned["password1"] != cleaned["password2"]):
            self.add_error("password2", ValidationError(
                self.error_messages["password_mismatch"], code="password_mismatch"))
        return cleaned

    def cognito_username(self) -> str:
        """The name SignUp is given: the username, or the attribute people sign in with."""
        named_by = username_attribute()
        if named_by:
            return self.cleaned_data[self.field_name(named_by)]
        return self.cleaned_data["username"]

    def attributes(self) -> dict[str, str]:
        """SignUp's ``UserAttributes``: each one asked for and given."""
        values = {name: self.cleaned_data.get(self.field_name(name), "")
                  for name in self.attribute_names}
        return {name: value for name, value in values.items() if value}

    def add_cognito_error(self, error) -> None:
        field = {"username_taken": self.field_name(username_attribute())
                 if username_attribute() else "username",
                 "invalid_password": "password1"}.get(error.code)
        self.add_error(field, ValidationError(self.message_for(error), code=error.code))


def username_attribute() -> str:
    """The attribute people sign up with instead of a username ("" for a username)."""
    named_by = app_settings.USERNAME_ATTRIBUTES
    return "email" if "email" in named_by else ("phone_number" if named_by else "")


def asked_attributes() -> list[str]:
    """The attributes the sign-up page asks for and sends to SignUp, in the page's order: the
    one people sign up with instead of a username, then ``SIGN_UP_ATTRIBUTES``."""
    named_by = username_attribute()
    return list(dict.fromkeys([*([named_by] if named_by else []),
                               *app_settings.SIGN_UP_ATTRIBUTES]))


def attribute_field(name: str) -> forms.Field:
    """The field for one user attribute: an email field for ``email``, else text."""
    label, hint = ATTRIBUTE_FIELDS.get(name, (name.replace("_", " ").capitalize(), "on"))
    if name == "email":
        return forms.EmailField(label=label, max_length=2048, widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autocapitalize": "none"}))
    widget = forms.TextInput(attrs={"autocomplete": hint})
    if name == "phone_number":
        widget.input_type = "tel"
    return forms.CharField(label=label, max_length=2048, widget=widget)


class ConfirmSignUpForm(TakesCode, StepForm):
    """The code Cognito sent to confirm the sign-up."""

    error_messages = {
        "code_expired": _("That code has expired. Ask for a new one with the button below."),
        "alias_exists": _("That email address or phone number belongs to another account. "
                          "Sign up again with another one."),
        "invalid": _("The account could not be confirmed. Ask for a new code and try again."),
        "unavailable": UNAVAILABLE, "misconfigured": UNAVAILABLE,
    }
    error_fields = {"wrong_code": "code", "code_expired": "code", "invalid_code": "code"}

    code = code_field()

    def add_cognito_error(self, error) -> None:
        self.add_error(self.error_fields.get(error.code),
                       ValidationError(self.message_for(error), code=error.code))
