"""The sign-up pages: a new account, then the code that confirms it, then the sign-in."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_variables

from .. import flow, sign_up
from ..cognito.errors import CognitoError
from ..completion import safe_next
from ..conf import app_settings
from ..forms_sign_up import ConfirmSignUpForm, SignUpForm
from .base import SecretFormView, SendsCodeAgain, finish
from .unavailable import try_again

logger = logging.getLogger(__name__)


# SECURITY: the guards in dispatch run before SecretFormView's decorated dispatch: the redirect
# of a signed-in person needs never_cache (and csrf_protect) of its own, as ConfirmSignUpView's.
@method_decorator([csrf_protect, never_cache], name="dispatch")
class SignUpView(SecretFormView):
    """A new account (only where ``SIGN_UP`` is on): SignUp, then the confirmation page."""

    form_class = SignUpForm
    template_name = "cognito_challenge/sign_up.html"

    def dispatch(self, request, *args, **kwargs):
        if not app_settings.SIGN_UP:
            raise Http404("sign-up is off")
        if request.user.is_authenticated:
            return redirect(safe_next(request, self.next_url()))
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        return self.request.POST.get(REDIRECT_FIELD_NAME) or self.request.GET.get(
            REDIRECT_FIELD_NAME, "")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self.next_url()}

    @sensitive_variables()
    def form_valid(self, form):
        try:
            sign_up.start(self.request, form.cognito_username(), form.cleaned_data["password1"],
                          form.attributes(), self.next_url())
        except sign_up.AlreadyConfirmed:
            messages.success(self.request, _("Your account is ready. Sign in to continue."))
            return to_sign_in(self.next_url())
        except CognitoError as error:
            if error.status:
                return try_again(self.request, error, self.request.get_full_path(),
                                 message=form.message_for(error))
            form.add_cognito_error(error)
            return self.form_invalid(form)
        return redirect("cognito_challenge:confirm_sign_up")


# SECURITY: the guard in dispatch runs before SecretFormView's decorated dispatch, so its
# redirect needs never_cache (and csrf_protect) of its own, as StepView's does.
@method_decorator([csrf_protect, never_cache], name="dispatch")
class ConfirmSignUpView(SendsCodeAgain, SecretFormView):
    """The code that confirms the account (ConfirmSignUp), or another one; then the sign-in."""

    form_class = ConfirmSignUpForm
    template_name = "cognito_challenge/confirm_sign_up.html"
    refusal_form = ConfirmSignUpForm
    page = "confirm_sign_up"

    def dispatch(self, request, *args, **kwargs):
        self.pending = sign_up.current(request)
        if self.pending is None:
            if app_settings.SIGN_UP:
                messages.info(request, _("Sign up, or sign in if you already have an account."))
                return redirect("cognito_challenge:sign_up")
            return redirect("cognito_challenge:login")
        return super().dispatch(request, *args, **kwargs)

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
            if error.status:
                return try_again(self.request, error, self.request.get_full_path(),
                                 message=form.message_for(error))
            form.add_cognito_error(error)
            return self.form_invalid(form)
        if app_settings.SIGN_UP_SIGNS_IN and session:
            try:
                outcome = flow.start_after_sign_up(self.request, pending.username, session,
                                                   pending.next_url)
            except CognitoError as error:
                # The account is confirmed either way: the usual sign-in takes over.
                logger.info("No sign-in after the sign-up was confirmed: %s", error.code)
            else:
                sign_up.sign_in_name(self.request)  # signed in, or on to the next step
                return finish(self.request, outcome)
        messages.success(self.request, _("Your account is confirmed. Sign in to continue."))
        return to_sign_in(pending.next_url)


def to_sign_in(next_url: str):
    """The sign-in page (the name filled in by ``sign_up.leave_for_sign_in``), keeping next."""
    url = reverse("cognito_challenge:login")
    return redirect(f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url)
