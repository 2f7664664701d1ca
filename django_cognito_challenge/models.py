"""The link between a local user and a Cognito identity: (issuer, sub), never email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CognitoIdentity(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cognito_identities",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    sub = models.CharField(_("subject"), max_length=255)
    username = models.CharField(_("Cognito username"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sign_in_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("Cognito identity")
        verbose_name_plural = _("Cognito identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="cognito_identity_unique_sub"),
        ]

    def __str__(self) -> str:
        return f"{self.username or self.sub} ({self.issuer})"
