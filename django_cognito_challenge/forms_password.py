"""The password pages' forms: ask for a reset code, set a new password with it, change a password.

As the step forms do, each shows Cognito's refusals through ``error_messages`` keyed by our error
codes; ``error_fields`` says beside which field a code's message goes (none: above the form).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import password_policy
from .cognito.errors import CognitoError
from .forms import NewPasswordPair, StepForm, TakesCode, code_field

#: What the password pages say when Cognito cannot be reached or the site is misconfigured.
UNAVAILABLE = _("Passwords cannot be reset or changed right now. Please try again later.")


class NewPasswordFields(NewPasswordPair):
    """A new password, typed twice, with the policy's hint; Cognito's refusal goes beside it."""

    #: The hint under the new password; None: the declared policy's (``password_policy``).
    password_help_text = None
    error_messages = {"unavailable": UNAVAILABLE, "misconfigured": UNAVAILABLE}
    error_fields: dict[str, str] = {"invalid_password": "new_password1",
                                    "password_reused": "new_password1"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = (self.password_help_text
                                                  or password_policy.help_text())

    def add_cognito_error(self, error: CognitoError) -> None:
        field = self.error_fields.get(error.code)
        self.add_error(field, ValidationError(self.message_for(error), code=error.code))


class PasswordResetForm(StepForm):
    """The name of the account whose password was forgotten."""

    error_messages = {
        "invalid": _("The password of this account cannot be reset here. Please contact "
                     "support."),
        "unavailable": UNAVAILABLE, "misconfigured": UNAVAILABLE,
    }

    username = forms.CharField(
        label=_("Username or email"), max_length=128,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True,
                                      "autocapitalize": "none"}),
    )


class PasswordResetConfirmForm(TakesCode, NewPasswordFields):
    """The code sent for a forgotten password, and the new password."""

    field_order = ["code", "new_password1", "new_password2"]
    error_messages = {
        "code_expired": _("That code has expired. Ask for a new one with the button below."),
        "invalid": _("The password could not be reset. Ask for a new code and try again."),
    }
    error_fields = {**NewPasswordFields.error_fields, "wrong_code": "code",
                    "code_expired": "code"}

    code = code_field()


class PasswordChangeForm(NewPasswordFields):
    """The current password, and the new one twice."""

    field_order = ["old_password", "new_password1", "new_password2"]
    error_messages = {
        "invalid_login": _("Your current password was entered incorrectly. Please enter it "
                           "again."),
    }
    error_fields = {**NewPasswordFields.error_fields, "invalid_login": "old_password"}

    old_password = forms.CharField(
        label=_("Current password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                          "autofocus": True}),
    )
