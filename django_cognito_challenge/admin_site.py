"""The Django admin signing in through Cognito: the ``AdminSite`` classes and their log-in view.

``INSTALLED_APPS`` lists ``"django_cognito_challenge.admin_apps.CognitoAdminConfig"`` in place of
``"django.contrib.admin"``, and ``admin.site`` is a :class:`CognitoAdminSite`: ``/admin/login/``
is this app's sign-in, every challenge included, in the admin's look, and leads back to the admin
page asked for. A project that keeps its own ``AdminSite`` routes its log-in with one line,
``path("admin/login/", admin_login(admin.site))`` before ``admin.site.urls``.
"""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .admin_look import admin_context
from .views.login import LoginView


class AdminLoginView(LoginView):
    """The admin's log-in page: this app's sign-in, in the admin's look, back to the admin."""

    admin_site: admin.AdminSite | None = None

    def get(self, request, *args, **kwargs):
        if self.admin_site.has_permission(request):  # as AdminSite.login: already in
            return redirect(reverse("admin:index", current_app=self.admin_site.name))
        return super().get(request, *args, **kwargs)

    def next_url(self) -> str:
        return super().next_url() or reverse("admin:index", current_app=self.admin_site.name)

    def start_options(self) -> dict[str, str]:
        return {"admin_site": self.admin_site.name}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            **admin_context(self.request, self.admin_site),
            "title": _("Log in"),
            "signed_in_without_access": user.get_username() if user.is_authenticated else "",
        }


def admin_login(site: admin.AdminSite):
    """The log-in view of ``site`` (a project's own ``AdminSite``) as this app's sign-in."""
    return AdminLoginView.as_view(admin_site=site)


class CognitoAdminSite(admin.AdminSite):
    """An ``AdminSite`` whose log-in is the Cognito sign-in (staff and superusers as usual)."""

    def login(self, request, extra_context=None):
        return admin_login(self)(request)


class CognitoOTPAdminSite(CognitoAdminSite):
    """A :class:`CognitoAdminSite` that also wants a verified second factor, as ``OTPAdminSite``.

    Needs ``django_otp.middleware.OTPMiddleware`` and ``django_cognito_challenge.otp``, which
    count a Cognito sign-in with MFA as django-otp verification.
    """

    def has_permission(self, request) -> bool:
        verified = getattr(request.user, "is_verified", lambda: False)
        return super().has_permission(request) and verified()
