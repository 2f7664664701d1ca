"""``AdminConfig`` classes that make ``admin.site`` sign in through Cognito.

List one in ``INSTALLED_APPS`` in place of ``"django.contrib.admin"``. (They live apart from the
site classes, which import views: an app config is imported before models are ready.)
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class CognitoAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``CognitoAdminSite`` as ``admin.site``."""

    default_site = "django_cognito_challenge.admin_site.CognitoAdminSite"


class CognitoOTPAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``CognitoOTPAdminSite`` as ``admin.site``."""

    default_site = "django_cognito_challenge.admin_site.CognitoOTPAdminSite"
