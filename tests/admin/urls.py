"""The test site plus two admin sites: a project's own (routed by one line) and the OTP one."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import path

from django_cognito_challenge.admin_site import CognitoOTPAdminSite, admin_login
from tests.urls import urlpatterns as site_patterns

#: A project that keeps its own AdminSite (here Django's plain one).
own_site = admin.AdminSite(name="own_admin")
#: Staff, and a second factor verified by the Cognito sign-in.
otp_site = CognitoOTPAdminSite(name="otp_admin")
for site in (own_site, otp_site):
    site.register(get_user_model())  # a page to ask for



def break_glass_login(request):
    """Django's own admin log-in form, for a ModelBackend account (docs/howto/admin.md)."""
    return admin.AdminSite.login(admin.site, request)


urlpatterns = [
    path("break-glass/login/", break_glass_login),
    path("own-admin/login/", admin_login(own_site)),  # the one line
    path("own-admin/", own_site.urls),
    path("cognito-otp-admin/", otp_site.urls),
    *site_patterns,
]
