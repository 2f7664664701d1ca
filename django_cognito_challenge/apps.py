from __future__ import annotations

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CognitoChallengeConfig(AppConfig):
    name = "django_cognito_challenge"
    label = "cognito_challenge"
    verbose_name = _("Cognito sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from . import checks as app_checks
        from . import signout

        checks.register(app_checks.check_settings, "cognito_challenge")
        checks.register(app_checks.check_security, checks.Tags.security, deploy=False)
        checks.register(app_checks.check_deployment, checks.Tags.security, deploy=True)
        user_logged_out.connect(signout.on_user_logged_out,
                                dispatch_uid="cognito_challenge.revoke_on_logout")
