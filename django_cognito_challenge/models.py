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
    #: Sessions on this site signed in (or last confirmed) before this time end at their next
    #: request: set when the person changes or resets their password.
    sessions_valid_after = models.DateTimeField(_("sessions valid after"), null=True, blank=True)

    class Meta:
        verbose_name = _("Cognito identity")
        verbose_name_plural = _("Cognito identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="cognito_identity_unique_sub"),
        ]

    def __str__(self) -> str:
        return f"{self.username or self.sub} ({self.issuer})"


class RememberedDevice(models.Model):
    """A browser a person chose to remember: Cognito's device key and its secret, encrypted.

    The browser holds only ``browser_id`` (in a signed, HttpOnly cookie); the device password
    never leaves the server and is never in the session.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cognito_devices",
        verbose_name=_("user"),
    )
    browser_id = models.CharField(_("browser id"), max_length=64, db_index=True)
    issuer = models.CharField(_("issuer"), max_length=255)
    cognito_username = models.CharField(_("Cognito username"), max_length=255)
    login_name = models.CharField(_("name typed at sign-in"), max_length=255)
    device_key = models.CharField(_("device key"), max_length=55)
    device_group_key = models.CharField(_("device group key"), max_length=255)
    encrypted_password = models.TextField(_("device password (encrypted)"))
    name = models.CharField(_("name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("remembered device")
        verbose_name_plural = _("remembered devices")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "device_key"],
                                    name="cognito_device_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name or self.device_key
