"""Adding or replacing the authenticator app (TOTP) from the account security page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic.edit import FormView

from .. import mfa_manage, qr
from ..cognito import errors
from ..conf import app_settings
from ..forms_mfa import TotpSetupForm
from ..reauth import RecentSignInRequiredMixin
from .security import SECURITY, changed, session_ended


@method_decorator([sensitive_post_parameters("code"), csrf_protect, never_cache],
                  name="dispatch")
class MfaTotpView(LoginRequiredMixin, RecentSignInRequiredMixin, FormView):
    """Add or replace the authenticator app: its QR code and secret, then the app's first code.

    The set-up is begun on the security page (a POST, which asks Cognito for the secret); this
    page shows it while the sign-in is recent, and is left for the security page otherwise.
    SECURITY: a GET only reads the secret kept in the session: it calls Cognito for nothing, so
    a prefetch or a crawler cannot rotate the pending secret (ASVS 3.5.3).
    """

    form_class = TotpSetupForm
    template_name = "cognito_challenge/mfa_totp.html"
    http_method_names = ["get", "post", "head", "options"]
    # SECURITY: the page shows a second factor's secret: a recent sign-in to see it, too.
    reauth_methods = ("GET", "HEAD", "POST")

    def stale(self, request) -> None:
        mfa_manage.drop_enrolment(request)

    def get(self, request, *args, **kwargs):
        self.begun = mfa_manage.enrolment(request)
        if self.begun is None:
            return redirect(SECURITY)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.begun = mfa_manage.enrolment(request)
        if self.begun is None:
            return redirect(SECURITY)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        uri = qr.otpauth_uri(app_settings.TOTP_ISSUER, self.begun.account, self.begun.secret)
        context.update(qr_svg=qr.qr_svg(uri, title=_("QR code for your authenticator app")),
                       totp_secret=self.begun.secret, replacing=self.begun.replacing)
        return context

    @sensitive_variables()
    def form_valid(self, form):
        request = self.request
        try:
            change = mfa_manage.finish_totp(request, self.begun, form.cleaned_data["code"])
        except errors.RefreshFailed:
            return session_ended(request)
        except errors.CognitoError as error:
            if isinstance(error, (errors.CodeMismatch, errors.CodeReused)):
                form.add_cognito_error(error)
                return self.form_invalid(form)
            mfa_manage.drop_enrolment(request)
            messages.error(request, form.message_for(error))
            return redirect(SECURITY)
        changed(request, change, mfa_manage.TOTP)
        return redirect(SECURITY)
