"""The challenge pages: one generic view reads each declaration; MFA set-up is special."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from .. import admin_look, challenges, flow, qr
from .. import pending as pending_store
from ..cognito.errors import CognitoError
from ..conf import app_settings
from ..forms import ChoiceStepForm, CodeForm, EmailSetupForm, json_list
from ..forms_mfa import BeginTotpForm
from .base import SENSITIVE, SignInFormView, restart

TOTP = "SOFTWARE_TOKEN_MFA"
MFA_SETUP = "cognito_challenge:mfa_setup"


# SECURITY: the guard in dispatch runs before SignInFormView's decorated dispatch, so its
# restart redirects need never_cache (and csrf_protect) of their own, and a crash in it must not
# show the answer posted (the innermost sensitive_post_parameters is the one in force: the same
# names on both).
@method_decorator([sensitive_post_parameters(*SENSITIVE), csrf_protect, never_cache],
                  name="dispatch")
class StepView(SignInFormView):
    """The page for the pending sign-in's current challenge, when it is one of ``page``'s."""

    page = ""  #: the URL name of the page; its challenges are those declared for it

    def dispatch(self, request, *args, **kwargs):
        loaded = pending_store.load(request)  # decrypted once per request
        began_at = getattr(loaded, "admin_site", "")
        try:
            self.pending = flow.current(request, self.answers(), loaded)
        except CognitoError as error:
            return restart(request, error.message, began_at)
        self.challenge = challenges.get(self.pending.challenge)
        return self.elsewhere() or super().dispatch(request, *args, **kwargs)

    def elsewhere(self):
        """A redirect when the pending sign-in belongs on another page, else None."""
        return None

    def answers(self) -> tuple[str, ...]:
        """The challenges this page answers: those declared for it."""
        return challenges.on_page(self.page)

    def get_template_names(self) -> list[str]:
        return [f"cognito_challenge/{self.page}.html"]

    def began_at(self) -> str:
        return self.pending.admin_site

    def get_form_class(self):
        return self.challenge.form

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "challenge": self.challenge,
                  "parameters": self.pending.parameters}
        if self.get_form_class().takes_choices:
            kwargs["choices"] = challenges.choices(self.challenge, self.pending.parameters)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(pending=self.pending, challenge=self.pending.challenge,
                       parameters=self.pending.parameters,
                       **admin_look.context_for(self.request, self.pending.admin_site))
        return context

    @sensitive_variables()
    def form_valid(self, form):
        self.pending.remember_device = bool(form.cleaned_data.get("remember_device"))
        responses = form.challenge_responses()
        return self.proceed(form, lambda: flow.answer(self.request, self.pending, responses))


class MfaSetupView(StepView):
    """MFA_SETUP: choose a method when several, then TOTP (QR + code) or email.

    SECURITY: asking Cognito for the TOTP secret (``AssociateSoftwareToken``) changes state, so
    only a POST does it: choosing the authenticator app, or the "Show the QR code" button when
    it is the only method. A GET shows what was begun (the secret kept in the pending sign-in),
    so a prefetch or a crawler cannot rotate the pending secret (ASVS 3.5.3).
    """

    page = "mfa_setup"
    METHOD_FORMS = {TOTP: CodeForm, "EMAIL_OTP": EmailSetupForm}

    def method(self) -> str | None:
        options = json_list(self.pending.parameters.get(self.challenge.choices_from))
        return self.pending.setup_choice or (options[0] if len(options) == 1 else None)

    def get_form_class(self):
        if self.method() == TOTP and not self.pending.totp_secret:
            return BeginTotpForm  # no field: the button begins the set-up
        return self.METHOD_FORMS.get(self.method() or "", ChoiceStepForm)

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), "method": self.method(),
                   "totp_secret": self.pending.totp_secret, "qr_svg": None}
        if self.pending.totp_secret:
            uri = qr.otpauth_uri(app_settings.TOTP_ISSUER, self.pending.username,
                                 self.pending.totp_secret)
            context["qr_svg"] = qr.qr_svg(uri, title=_("QR code for your authenticator app"))
        return context

    @sensitive_variables()
    def form_valid(self, form):
        if isinstance(form, ChoiceStepForm):
            method = form.cleaned_data["mfa_type"]
            flow.choose_setup_method(self.request, self.pending, method)
            return self.begin_totp() if method == TOTP else redirect(MFA_SETUP)
        if isinstance(form, BeginTotpForm):
            return self.begin_totp()
        if isinstance(form, CodeForm):
            code = form.cleaned_data["code"]
            return self.proceed(form, lambda: flow.finish_totp_setup(
                self.request, self.pending, code, "Authenticator"))
        return super().form_valid(form)

    def begin_totp(self):
        """Ask Cognito for the secret (once per set-up), then show it on the GET that follows."""
        try:
            flow.begin_totp_setup(self.request, self.pending)
        except CognitoError as error:
            return self.outage(error) or restart(self.request, error.message, self.began_at())
        return redirect(MFA_SETUP)
