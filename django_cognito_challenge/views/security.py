"""The account security page: the person's devices and two-step verification, and changing them.

Every change (forgetting devices, each MFA change) is a POST that needs a recent sign-in
(``reauth``); without one the person signs in again and comes back here. The person's passkeys
are listed here too; adding and removing one are the pages of ``views/passkeys.py``.

Every Cognito call here uses the person's tokens: an answer meaning they are no longer honoured
(the account disabled or deleted, the tokens revoked) signs the person out at once, on a GET
too (``session_end``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.generic import TemplateView

from .. import challenges, devices, mfa_manage, passkeys, session_end, session_tokens
from ..cognito import errors
from ..conf import app_settings
from ..forms_mfa import BeginTotpForm, DisableMfaForm, EnableMfaForm, PreferMfaForm
from ..reauth import RecentSignInRequiredMixin
from ..signals import cognito_devices_forgotten

SECURITY = "cognito_challenge:security"

#: Each MFA action: its form, the factors it may name (an MfaStatus method), and the change.
MFA_ACTIONS = {
    "enable": (EnableMfaForm, "enableable", mfa_manage.enable),
    "prefer": (PreferMfaForm, "preferable", mfa_manage.prefer),
    "disable": (DisableMfaForm, "disableable", mfa_manage.disable),
}

#: What the page says after each change (``mfa_manage.CHANGES``); ``%(method)s`` names the factor.
CHANGED = {
    "totp_added": gettext_lazy("Your authenticator app is set up."),
    "totp_replaced": gettext_lazy("Your new authenticator app replaced the old one."),
    "sms_enabled": gettext_lazy("Codes by text message are on."),
    "email_enabled": gettext_lazy("Codes by email are on."),
    "preferred_changed": gettext_lazy("%(method)s is now your preferred verification method."),
    "factor_disabled": gettext_lazy("%(method)s is off."),
    "mfa_disabled": gettext_lazy("Two-step verification is off: signing in needs only your "
                                 "password."),
}


def changed(request, change: str, factor: str) -> None:
    """Tell the person what changed."""
    messages.success(request, str(CHANGED[change]) % {"method": challenges.label(factor)})


def session_ended(request):
    """Cognito no longer honours this session's tokens: sign out here too, and say so."""
    return session_end.sign_in_again(request, reverse(SECURITY))


@method_decorator([csrf_protect, never_cache], name="dispatch")
class SecurityView(LoginRequiredMixin, RecentSignInRequiredMixin, TemplateView):
    """The account security page: devices and MFA factors; each change needs a recent sign-in."""

    template_name = "cognito_challenge/security.html"
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.tokens = session_tokens.load(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # Back here, an authenticator app set-up left unfinished is given up: its secret goes.
        mfa_manage.drop_enrolment(request)
        try:
            self.read = self.read_cognito()
        except errors.RefreshFailed:
            return session_ended(request)
        return super().get(request, *args, **kwargs)

    def read_cognito(self) -> dict:
        """The devices, MFA and passkeys as Cognito lists them; ``RefreshFailed`` if it won't."""
        read = {"devices": [], "mfa": None, "mfa_error": None}
        if self.tokens is None:
            return {**read, **passkeys.HIDDEN}
        _read_into(read, "devices", "error", lambda: devices.listed(self.tokens))
        _read_into(read, "mfa", "mfa_error", lambda: mfa_manage.status(self.request))
        # Passkeys are listed here; views/passkeys.py adds and removes them.
        return {**read, **passkeys.section(self.request)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.read,
                       current_device_key=self.tokens.device_key if self.tokens else None,
                       remembered_device_skips_mfa=app_settings.REMEMBERED_DEVICE_SKIPS_MFA)
        return context

    def post(self, request, *args, **kwargs):
        if self.tokens is None:
            return redirect(SECURITY)
        action = request.POST.get("action", "")
        try:
            if action in ("forget", "forget_others"):
                return self.forget(action == "forget_others")
            if action == "totp":
                return self.begin_totp()
            if action in MFA_ACTIONS:
                return self.change_mfa(*MFA_ACTIONS[action])
        except errors.RefreshFailed:
            return session_ended(request)
        return redirect(SECURITY)

    @session_end.honoured()
    def forget(self, others: bool):
        request, cookie, count = self.request, None, 0
        try:
            if others:
                count, cookie = devices.forget_others(request, self.tokens)
                messages.success(request, ngettext(
                    "Forgot %(count)d other device.", "Forgot %(count)d other devices.",
                    count) % {"count": count})
            else:
                cookie = devices.forget(request, self.tokens, request.POST.get("device_key", ""))
                count = 1
                messages.success(request, _("The device was forgotten."))
        except errors.CognitoError as error:
            if session_end.ends_session(error):
                raise
            messages.error(request, error.message)
        if count:
            cognito_devices_forgotten.send(sender=__name__, request=request, user=request.user,
                                           count=count)
        return devices.apply_cookie(request, redirect(SECURITY), cookie)

    def begin_totp(self):
        form = BeginTotpForm(self.request.POST)
        try:
            mfa_manage.begin_totp(self.request, mfa_manage.status(self.request))
        except errors.RefreshFailed:
            raise
        except errors.CognitoError as error:
            messages.error(self.request, form.message_for(error))
            return redirect(SECURITY)
        return redirect("cognito_challenge:mfa_totp")

    def change_mfa(self, form_class, allowed: str, change):
        request = self.request
        try:
            current = mfa_manage.status(request)
            form = form_class(request.POST, factors=getattr(current, allowed)())
            if not form.is_valid():
                messages.error(request, _("That change is not possible for your account now."))
                return redirect(SECURITY)
            factor = form.cleaned_data["factor"]
            changed(request, change(request, factor), factor)
        except errors.RefreshFailed:
            raise
        except errors.CognitoError as error:
            form = form_class(factors=[])
            messages.error(request, form.message_for(error))
        return redirect(SECURITY)


def _read_into(read: dict, key: str, error_key: str, call) -> None:
    """Put what ``call`` reads under ``key``, or why not under ``error_key``.

    An answer meaning the tokens are dead is raised as ``RefreshFailed``, never shown.
    """
    try:
        with session_end.honoured():
            read[key] = call()
    except errors.RefreshFailed:
        raise
    except errors.CognitoError as error:
        read[error_key] = error.message
