"""The forgotten-password pages: ask for a code, then choose a new password with it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from .. import password_reset
from ..cognito.errors import CognitoError
from ..forms_password import PasswordResetConfirmForm, PasswordResetForm
from .base import GuardedFormView, SecretFormView, SendsCodeAgain


class PasswordResetView(SecretFormView):
    """Forgotten password: sends a code for the name given; the same next page for any name."""

    form_class = PasswordResetForm
    template_name = "cognito_challenge/password_reset.html"

    def form_valid(self, form):
        try:
            password_reset.start(self.request, form.cleaned_data["username"])
        except CognitoError as error:
            form.add_cognito_error(error)
            return self.form_invalid(form)
        return redirect("cognito_challenge:password_reset_confirm")


class PasswordResetConfirmView(SendsCodeAgain, GuardedFormView):
    """Sets a new password with the code sent (never signs in); sends another code on request."""

    form_class = PasswordResetConfirmForm
    template_name = "cognito_challenge/password_reset_confirm.html"
    # ForgotPassword's refusals, said as the page that asks for a code says them.
    refusal_form = PasswordResetForm
    page = "password_reset_confirm"

    def turned_away(self, request):
        self.pending = password_reset.current(request)
        if self.pending is not None:
            return None
        messages.info(request, _("Enter your username or email to get a code."))
        return redirect("cognito_challenge:password_reset")

    def send_again(self) -> None:
        password_reset.resend(self.request, self.pending)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "username": self.pending.username,
                "destination": self.pending.destination}

    @sensitive_variables()
    def form_valid(self, form):
        data = form.cleaned_data
        try:
            password_reset.confirm(self.request, self.pending, data["code"],
                                   data["new_password1"])
        except CognitoError as error:
            form.add_cognito_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your password was reset. Sign in with your new "
                                         "password."))
        return redirect("cognito_challenge:login")
