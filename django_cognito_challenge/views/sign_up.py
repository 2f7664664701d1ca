"""The sign-up pages: a new account, then the code that confirms it, then the sign-in."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from .. import flow, sign_up
from ..cognito.errors import CognitoError
from ..completion import safe_next
from ..conf import app_settings
from ..forms_sign_up import ConfirmSignUpForm, SignUpForm
from .base import GuardedFormView, SendsCodeAgain, finish, next_of
from .unavailable import try_again

logger = logging.getLogger(__name__)


class SignUpPage(GuardedFormView):
    """What the two sign-up pages share: how a refusal is shown."""

    def refuse(self, form, error: CognitoError):
        """An outage or a limit: the "try again" page, back here, in this form's words; any
        other refusal: on the form."""
        if error.status:
            return try_again(self.request, error, self.request.get_full_path(),
                             message=form.message_for(error))
        form.add_cognito_error(error)
        return self.form_invalid(form)


class SignUpView(SignUpPage):
    """A new account (only where ``SIGN_UP`` is on): SignUp, then the confirmation page."""

    form_class = SignUpForm
    template_name = "cognito_challenge/sign_up.html"

    def turned_away(self, request):
        if not app_settings.SIGN_UP:
            raise Http404("sign-up is off")
        if request.user.is_authenticated:
            return redirect(safe_next(request, next_of(request)))
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": next_of(self.request)}

    @sensitive_variables()
    def form_valid(self, form):
        try:
            sign_up.start(self.request, form.cognito_username(), form.cleaned_data["password1"],
                          form.attributes(), next_of(self.request))
        except sign_up.AlreadyConfirmed:
            messages.success(self.request, _("Your account is ready. Sign in to continue."))
            return to_sign_in(next_of(self.request))
        except CognitoError as error:
            return self.refuse(form, error)
        return redirect("cognito_challenge:confirm_sign_up")


class ConfirmSignUpView(SendsCodeAgain, SignUpPage):
    """The code that confirms the account (ConfirmSignUp), or another one; then the sign-in."""

    form_class = ConfirmSignUpForm
    template_name = "cognito_challenge/confirm_sign_up.html"
    refusal_form = ConfirmSignUpForm
    page = "confirm_sign_up"

    def turned_away(self, request):
        self.pending = sign_up.current(request)
        if self.pending is not None:
            return None
        if not app_settings.SIGN_UP:
            return redirect("cognito_challenge:login")
        messages.info(request, _("Sign up, or sign in if you already have an account."))
        return redirect("cognito_challenge:sign_up")

    def send_again(self) -> None:
        sign_up.resend(self.request, self.pending)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "destination": self.pending.destination,
                "sign_up_enabled": app_settings.SIGN_UP, "next": self.pending.next_url}

    @sensitive_variables()
    def form_valid(self, form):
        pending = self.pending
        try:
            session = sign_up.confirm(self.request, pending, form.cleaned_data["code"])
        except CognitoError as error:
            return self.refuse(form, error)
        if app_settings.SIGN_UP_SIGNS_IN and session:
            try:
                outcome = flow.start_after_sign_up(self.request, pending.username, session,
                                                   pending.next_url)
            except CognitoError as error:
                # The account is confirmed either way: the usual sign-in takes over.
                logger.info("No sign-in after the sign-up was confirmed: %s", error.code)
            else:
                return finish(self.request, outcome)
        sign_up.leave_for_sign_in(self.request, pending.username)
        messages.success(self.request, _("Your account is confirmed. Sign in to continue."))
        return to_sign_in(pending.next_url)


def to_sign_in(next_url: str):
    """The sign-in page (the name filled in by ``sign_up.leave_for_sign_in``), keeping next."""
    url = reverse("cognito_challenge:login")
    return redirect(f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url)
