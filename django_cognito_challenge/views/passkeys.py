"""Passkey pages: signing in with one (WEB_AUTHN), and adding or removing one from the account.

The browser does the WebAuthn ceremony (``static/cognito_challenge/passkey.js``) and posts its
answer with the page's CSRF token. Adding and removing are changes to how the person signs in:
each needs a recent sign-in (``reauth``), as the MFA changes do.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.generic.edit import FormView

from .. import passkeys
from .. import pending as pending_store
from ..cognito import errors
from ..forms_passkey import PasskeyRegistrationForm, PasskeyRemoveForm
from ..reauth import RecentSignInRequiredMixin
from .base import restart
from .security import SECURITY, session_ended
from .steps import StepView

ADD = "cognito_challenge:passkey_add"


class PasskeyView(StepView):
    """WEB_AUTHN: the page hands Cognito's request options to the script, which posts back."""

    page = "passkey"

    def elsewhere(self):
        self.options = passkeys.request_options(self.pending.parameters)
        if self.options is None:  # nothing a browser could answer: fail closed
            pending_store.clear(self.request)
            return restart(self.request, errors.UnknownChallenge.message, self.began_at())
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "passkey_options": self.options}


@method_decorator([csrf_protect, never_cache], name="dispatch")
class PasskeyAddView(LoginRequiredMixin, RecentSignInRequiredMixin, FormView):
    """Add a passkey: Cognito's creation options to the browser, its new passkey back to Cognito.

    Opening the page begins the registration, so the page too needs a recent sign-in: an
    authenticator must not make a passkey that the site would then refuse to register.
    """

    form_class = PasskeyRegistrationForm
    template_name = "cognito_challenge/passkey_add.html"
    http_method_names = ["get", "post", "head", "options"]
    reauth_methods = ("GET", "HEAD", "POST")
    reauth_next = ADD

    def get(self, request, *args, **kwargs):
        try:
            self.options = passkeys.begin(request)
        except errors.RefreshFailed:
            return session_ended(request)
        except errors.CognitoError as error:
            messages.error(request, PasskeyRegistrationForm().message_for(error))
            return redirect(SECURITY)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "passkey_options": self.options}

    def form_valid(self, form):
        request = self.request
        try:
            passkeys.add(request, form.cleaned_data["credential"])
        except errors.RefreshFailed:
            return session_ended(request)
        except errors.CognitoError as error:
            messages.error(request, form.message_for(error))
            return redirect(SECURITY if isinstance(error, errors.PasskeysUnavailable) else ADD)
        messages.success(request, _("Your passkey was added. You can sign in with it now."))
        return redirect(SECURITY)

    def form_invalid(self, form):
        # Each try needs new options (a new challenge): say why, and open the page again.
        for error in form.errors.get("credential", []):
            messages.error(self.request, error)
        return redirect(ADD)


@method_decorator([csrf_protect, never_cache], name="dispatch")
class PasskeyRemoveView(LoginRequiredMixin, RecentSignInRequiredMixin, FormView):
    """Remove one passkey (a button of the security page): it no longer signs the person in."""

    form_class = PasskeyRemoveForm
    http_method_names = ["post", "options"]

    def form_valid(self, form):
        request = self.request
        try:
            removed = passkeys.remove(request, form.cleaned_data["credential_id"])
        except errors.RefreshFailed:
            return session_ended(request)
        except errors.CognitoError as error:
            messages.error(request, error.message)
            return redirect(SECURITY)
        if removed.name:
            messages.success(request, _("The passkey “%(name)s” was removed.")
                             % {"name": removed.name})
        else:
            messages.success(request, _("The passkey was removed."))
        return redirect(SECURITY)

    def form_invalid(self, form):
        messages.error(self.request, errors.PasskeyNotFound.message)
        return redirect(SECURITY)
