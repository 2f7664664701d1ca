"""A Cognito factor as a django-otp device: what ``otp_device_id`` names after a sign-in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, TimestampMixin


class Factor(models.TextChoices):
    """What answered for the person, by Cognito's challenge name (``DEVICE``: ours)."""

    SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA", _("authenticator app")
    SMS_MFA = "SMS_MFA", _("text message (SMS)")
    EMAIL_OTP = "EMAIL_OTP", _("email")
    DEVICE = "DEVICE", _("remembered device")


#: The device names django-otp shows (its forms list a user's devices by ``name``).
NAMES = {
    Factor.SOFTWARE_TOKEN_MFA: "Cognito: authenticator app",
    Factor.SMS_MFA: "Cognito: text message",
    Factor.EMAIL_OTP: "Cognito: email",
    Factor.DEVICE: "Cognito: remembered device",
}


class CognitoFactor(TimestampMixin, Device):
    """One Cognito factor of one user, as django-otp sees it: one row per user and factor.

    Cognito holds the secret and checks the code during the sign-in; this row only gives
    ``django_otp.login()`` a device to name, so ``is_verified()`` says which factor it was.
    """

    factor = models.CharField(_("factor"), max_length=32, choices=Factor.choices)

    class Meta:
        verbose_name = _("Cognito factor")
        verbose_name_plural = _("Cognito factors")
        constraints = [
            models.UniqueConstraint(fields=["user", "factor"],
                                    name="cognito_factor_unique_per_user"),
        ]

    def verify_token(self, token) -> bool:
        """Refuse every token: a Cognito factor is only ever verified by Cognito.

        SECURITY: django-otp's own forms (``OTPTokenForm``, ``OTPAdminSite``'s login,
        ``match_token``) ask each of a user's devices to check a typed code. This device holds
        no secret and cannot check one; accepting a code here would verify a person who never
        answered Cognito. Cognito checks the code during the sign-in, and the sign-in's
        receiver then calls ``django_otp.login()`` with this row.
        """
        return False
