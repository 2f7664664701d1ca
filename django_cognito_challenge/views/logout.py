"""Sign-out (POST only): Django's ``logout()``; the ``user_logged_out`` receiver revokes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect


@method_decorator([csrf_protect, never_cache], name="dispatch")
class LogoutView(View):
    """Sign-out, POST only: ends the session and revokes its refresh token at Cognito."""

    http_method_names = ["post", "options"]

    def post(self, request):
        logout(request)  # signout.on_user_logged_out revokes the refresh token
        return redirect(resolve_url(settings.LOGOUT_REDIRECT_URL or "cognito_challenge:login"))
