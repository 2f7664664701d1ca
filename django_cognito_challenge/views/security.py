"""The account security page: the person's devices, and forgetting them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.generic import TemplateView

from .. import devices, session_tokens
from ..cognito.errors import CognitoError
from ..conf import app_settings


@method_decorator([csrf_protect, never_cache], name="dispatch")
class SecurityView(LoginRequiredMixin, TemplateView):
    """The account security page: remembered devices, forget one or all others (sign-in needed)."""

    template_name = "cognito_challenge/security.html"
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.tokens = session_tokens.load(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            listed = devices.listed(self.tokens) if self.tokens else []
        except CognitoError as error:
            listed, context["error"] = [], error.message
        context.update(devices=listed,
                       current_device_key=self.tokens.device_key if self.tokens else None,
                       remembered_device_skips_mfa=app_settings.REMEMBERED_DEVICE_SKIPS_MFA)
        return context

    def post(self, request, *args, **kwargs):
        if self.tokens is None:
            return redirect("cognito_challenge:security")
        cookie = None
        try:
            if request.POST.get("action") == "forget_others":
                count, cookie = devices.forget_others(request, self.tokens)
                messages.success(request, ngettext(
                    "Forgot %(count)d other device.", "Forgot %(count)d other devices.",
                    count) % {"count": count})
            else:
                cookie = devices.forget(request, self.tokens, request.POST.get("device_key", ""))
                messages.success(request, _("The device was forgotten."))
        except CognitoError as error:
            messages.error(request, error.message)
        return devices.apply_cookie(request, redirect("cognito_challenge:security"), cookie)
