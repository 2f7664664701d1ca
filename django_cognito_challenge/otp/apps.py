from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CognitoOTPConfig(AppConfig):
    name = "django_cognito_challenge.otp"
    label = "cognito_challenge_otp"
    verbose_name = _("Cognito MFA for django-otp")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ..signals import cognito_signed_in
        from . import verification

        cognito_signed_in.connect(verification.on_signed_in,
                                  dispatch_uid="cognito_challenge_otp.verify")
