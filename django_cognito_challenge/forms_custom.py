"""The custom challenge's form: one ``answer`` to what the pool's triggers asked."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import CodeInput, StepForm

#: The longest answer sent: room for a pasted token, far below what Cognito takes in a request.
ANSWER_MAX_LENGTH = 2048


class CustomAnswerForm(StepForm):
    """CUSTOM_CHALLENGE: the person's answer, sent as ``ANSWER``.

    The answer may be a secret (a code, a passphrase): like a code, it is never written back
    into the page, and the view keeps it out of error reports.
    """

    error_messages = {
        "required": _("Enter your answer."),
        "max_length": _("That answer is too long: at most %(limit_value)d characters."),
    }

    answer = forms.CharField(
        label=_("Your answer"), max_length=ANSWER_MAX_LENGTH,
        widget=CodeInput(attrs={"autocomplete": "off", "autofocus": True,
                                "autocapitalize": "none", "spellcheck": "false"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The field's own messages come from this form's dict, so a subclass changes them there.
        self.fields["answer"].error_messages.update(
            {code: self.error_messages[code] for code in ("required", "max_length")})

    def challenge_responses(self) -> dict[str, str]:
        return {self.challenge.response_key: self.cleaned_data["answer"]}
