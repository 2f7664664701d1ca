"""The account security page's MFA forms: which factor a change names, and what a refusal says.

As on the sign-in pages, Cognito failures are shown through ``error_messages`` keyed by our error
codes (``cognito/errors.py``); subclass a form and override an entry to change the wording.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import CodeForm, StepForm

NOT_OFFERED = _("That verification method is not available on this site.")


class MfaChangeForm(StepForm):
    """One change to one factor; ``factors`` are those the change may name right now."""

    factor = forms.ChoiceField()

    def __init__(self, *args, factors: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["factor"].choices = [(name, name) for name in factors]


class EnableMfaForm(MfaChangeForm):
    """Turn on codes by text message or email."""

    error_messages = {"invalid": NOT_OFFERED, "mfa_unavailable": NOT_OFFERED,
                      "misconfigured": NOT_OFFERED}


class PreferMfaForm(MfaChangeForm):
    """Make an enabled factor the preferred one."""

    error_messages = {"invalid": _("Cognito did not accept that choice. Please try again.")}


class DisableMfaForm(MfaChangeForm):
    """Turn a factor off."""

    error_messages = {
        "invalid": _("Cognito did not turn this off. This site may require two-step "
                     "verification."),
        "mfa_required": _("This site requires two-step verification, so it cannot be turned "
                          "off. You can add another method, or choose which one to use."),
    }


class BeginTotpForm(StepForm):
    """Ask Cognito for a new authenticator app secret (no field: the button is the answer)."""

    error_messages = {"mfa_unavailable": _("Authenticator apps are not available on this site."),
                      "misconfigured": _("Authenticator apps are not available on this site.")}


class TotpSetupForm(CodeForm):
    """The new authenticator app's first code."""

    error_messages = {
        "wrong_code": _("That code is not right. Check that the code is from the account you "
                        "just added to your app, and try again."),
        "too_many_wrong_codes": _("Too many wrong codes. Please start the set-up again."),
    }
