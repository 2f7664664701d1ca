"""The sign-in page: username and password, the first factor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from .. import admin_look, flow, password_reset, sign_up
from ..cognito.errors import CognitoError, PasswordResetRequired, UserNotConfirmed
from ..conf import app_settings
from ..forms import LoginForm
from ..forms_password import PasswordResetForm
from .base import SignInFormView, finish, next_of
from .unavailable import try_again


class LoginView(SignInFormView):
    """The sign-in page: username and password; where every sign-in starts."""

    form_class = LoginForm
    template_name = "cognito_challenge/login.html"

    def next_url(self) -> str:
        return next_of(self.request)

    def start_options(self) -> dict[str, str]:
        """Extra arguments of ``flow.start`` (the admin's log-in names its site)."""
        return {}

    def began_at(self) -> str:
        return self.start_options().get("admin_site", "")

    def get_initial(self):
        # The name of a sign-up just confirmed, once.
        return {**super().get_initial(), "username": sign_up.sign_in_name(self.request)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **admin_look.context_for(self.request, ""),
                "next": self.next_url(), "sign_up_enabled": app_settings.SIGN_UP}

    @sensitive_variables()
    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = flow.start(self.request, data["username"], data.get("password") or "",
                                 self.next_url(), **self.start_options())
        except PasswordResetRequired:
            return self.reset_required(form, data["username"])
        except UserNotConfirmed:
            return self.confirmation_required(form, data["username"])
        except CognitoError as error:
            if error.status:  # an outage or a limit: "try again" leads back here
                return try_again(self.request, error, self.request.get_full_path(),
                                 self.began_at())
            # The sign-in page is where a restart leads: show every other failure on its form.
            form.add_cognito_error(error)
            return self.form_invalid(form)
        return finish(self.request, outcome)

    def reset_required(self, form, username: str):
        """Cognito wants a new password first: send a code and go to the reset page."""
        try:
            password_reset.start(self.request, username, required=True)
        except CognitoError as error:
            # Say it as the reset page would: "cannot be reset here", "wait a moment"...
            message = PasswordResetForm().message_for(error)
            form.add_error(None, ValidationError(message, code=error.code))
            return self.form_invalid(form)
        messages.info(self.request, _("Your password must be reset before you can sign in. "
                                      "We sent you a code: enter it with a new password."))
        return redirect("cognito_challenge:password_reset_confirm")

    def confirmation_required(self, form, username: str):
        """The account was never confirmed: send a fresh code and go to the confirmation page."""
        try:
            sign_up.resume(self.request, username, self.next_url())
        except CognitoError as error:
            if error.status:  # a limit or an outage: "try again" leads back here
                return try_again(self.request, error, self.request.get_full_path(),
                                 self.began_at())
            # Cognito sends no code (say, the pool verifies nothing): "not confirmed yet".
            shown = UserNotConfirmed()
            form.add_error(None, ValidationError(form.message_for(shown), code=shown.code))
            return self.form_invalid(form)
        messages.info(self.request, _("Your account is not confirmed yet. We sent you a code: "
                                      "enter it to finish signing up."))
        return redirect("cognito_challenge:confirm_sign_up")
