"""The challenge pages. Each names its challenges, form and template; the flow does the rest."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from .. import flow, qr
from ..cognito.errors import CognitoError
from ..conf import app_settings
from ..forms import (
    ChoiceStepForm,
    CodeForm,
    CodeWithDeviceForm,
    EmailSetupForm,
    NewPasswordForm,
    required_attribute_names,
)
from .base import SignInFormView, finish, restart

CODE_RESPONSE = {
    "SMS_MFA": "SMS_MFA_CODE",
    "SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE",
    "EMAIL_OTP": "EMAIL_OTP_CODE",
    "SMS_OTP": "SMS_OTP_CODE",
}


MFA_CODES = ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP")


# SECURITY: the guard in dispatch runs before SignInFormView's decorated dispatch, so its
# restart redirects need never_cache (and csrf_protect) of their own.
@method_decorator([csrf_protect, never_cache], name="dispatch")
class StepView(SignInFormView):
    """A page for the pending sign-in's current challenge, and nothing else."""

    challenges: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        try:
            self.pending = flow.current(request, self.challenges)
        except CognitoError as error:
            return restart(request, error)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(pending=self.pending, challenge=self.pending.challenge,
                       parameters=self.pending.parameters)
        return context

    def submit(self, form, responses: dict[str, str]):
        """Answer the challenge; show a wrong answer on the form, restart on the rest."""
        return self.proceed(form, lambda: flow.answer(self.request, self.pending, responses))

    def proceed(self, form, step):
        """Run a flow step and redirect where it leads, or show why it could not."""
        try:
            return finish(self.request, step())
        except CognitoError as error:
            return self.fail(form, error)


class NewPasswordView(StepView):
    challenges = ("NEW_PASSWORD_REQUIRED",)
    form_class = NewPasswordForm
    template_name = "cognito_challenge/new_password.html"

    def get_form_kwargs(self):
        names = required_attribute_names(self.pending.parameters.get("requiredAttributes", ""))
        return {**super().get_form_kwargs(), "required_attributes": names}

    def form_valid(self, form):
        return self.submit(form, form.challenge_responses())


class CodeView(StepView):
    challenges = tuple(CODE_RESPONSE)
    template_name = "cognito_challenge/code.html"

    def get_form_class(self):
        """Offer "remember this device" where the pool asks the person (MFA codes only)."""
        asks = app_settings.REMEMBER_DEVICE_PROMPT and self.pending.challenge in MFA_CODES
        return CodeWithDeviceForm if asks else CodeForm

    def form_valid(self, form):
        self.pending.remember_device = bool(form.cleaned_data.get("remember_device"))
        return self.submit(form, {CODE_RESPONSE[self.pending.challenge]: form.cleaned_data["code"]})


class SelectMfaView(StepView):
    challenges = ("SELECT_MFA_TYPE",)
    form_class = ChoiceStepForm
    template_name = "cognito_challenge/select_mfa.html"

    def get_form_kwargs(self):
        choices = flow.page_list(self.pending, "MFAS_CAN_CHOOSE")
        return {**super().get_form_kwargs(), "choices": choices}

    def form_valid(self, form):
        return self.submit(form, {"ANSWER": form.cleaned_data["mfa_type"]})


class MfaSetupView(StepView):
    """MFA_SETUP: choose a method when several, then TOTP (QR + code) or email."""

    challenges = ("MFA_SETUP",)
    template_name = "cognito_challenge/mfa_setup.html"

    def options(self) -> list[str]:
        return flow.page_list(self.pending, "MFAS_CAN_SETUP")

    def method(self) -> str | None:
        options = self.options()
        return self.pending.setup_choice or (options[0] if len(options) == 1 else None)

    def get_form_class(self):
        return {None: ChoiceStepForm, "SOFTWARE_TOKEN_MFA": CodeForm,
                "EMAIL_OTP": EmailSetupForm}.get(self.method(), ChoiceStepForm)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.get_form_class() is ChoiceStepForm:
            kwargs["choices"] = self.options()
        return kwargs

    def get(self, request, *args, **kwargs):
        if self.method() == "SOFTWARE_TOKEN_MFA":
            try:
                flow.begin_totp_setup(request, self.pending)
            except CognitoError as error:
                return restart(request, error)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), "method": self.method()}
        if self.pending.totp_secret:
            uri = qr.otpauth_uri(app_settings.TOTP_ISSUER, self.pending.username,
                                 self.pending.totp_secret)
            context.update(totp_secret=self.pending.totp_secret,
                           qr_svg=qr.qr_svg(uri, title=_("QR code for your authenticator app")))
        return context

    def form_valid(self, form):
        if isinstance(form, ChoiceStepForm):
            flow.choose_setup_method(self.request, self.pending, form.cleaned_data["mfa_type"])
            return redirect("cognito_challenge:mfa_setup")
        if isinstance(form, EmailSetupForm):
            return self.submit(form, {"EMAIL": form.cleaned_data["email"]})
        return self.proceed(form, lambda: flow.finish_totp_setup(
            self.request, self.pending, form.cleaned_data["code"], "Authenticator"))
