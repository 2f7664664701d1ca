"""Which sign-ins count as django-otp verification, and the receiver that records it.

The rule, over ``cognito_signed_in``'s ``factors`` (Cognito's names, in the order answered):

- ``SOFTWARE_TOKEN_MFA``, ``SMS_MFA`` or ``EMAIL_OTP`` answered **after a password factor**
  (``PASSWORD_VERIFIER``, ``PASSWORD``, ``PASSWORD_SRP``) verifies that factor. ``EMAIL_OTP``
  is also Cognito's name for a passwordless first factor (choice-based ``USER_AUTH``): before
  any password it is the *only* factor, and verifies nothing.
- ``SMS_OTP`` never verifies: Cognito sends it only as a passwordless first factor.
- Nothing verifies in a sign-in that answered ``MFA_SETUP``: its code proves only the factor
  just enrolled with nothing but the password. The next sign-in with that factor verifies.
- A remembered device (``DEVICE_SRP_AUTH`` in place of the code) verifies only when
  ``COGNITO_CHALLENGE_REMEMBERED_DEVICE_VERIFIES_OTP`` is on.
- Anything else (a pool with optional MFA, a user without MFA) verifies nothing, and takes
  away a verification the session held from an earlier sign-in.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import django_otp

from ..conf import app_settings
from ..logsafe import printable
from .models import NAMES, CognitoFactor, Factor

logger = logging.getLogger(__name__)

#: How Cognito names a password answered as the first factor.
PASSWORD_FACTORS = frozenset({"PASSWORD_VERIFIER", "PASSWORD", "PASSWORD_SRP"})
#: Cognito's MFA challenges: a second factor when a password came first.
MFA_CHALLENGES = frozenset({"SOFTWARE_TOKEN_MFA", "SMS_MFA", "EMAIL_OTP"})


def verified_factor(factors: Sequence[str], remembered_device: bool) -> Factor | None:
    """The factor this sign-in verifies for django-otp, or None (see the module's rule)."""
    if "MFA_SETUP" in factors:
        return None
    after_password = False
    verified = None
    for name in factors:
        after_password = after_password or name in PASSWORD_FACTORS
        if after_password and name in MFA_CHALLENGES:
            verified = Factor(name)
    if verified is None and remembered_device and app_settings.REMEMBERED_DEVICE_VERIFIES_OTP:
        return Factor.DEVICE
    return verified


def factor_of(user, factor: Factor) -> CognitoFactor:
    """The user's row for ``factor``, created at its first verified sign-in."""
    device, _created = CognitoFactor.objects.get_or_create(
        user=user, factor=factor, defaults={"name": NAMES[factor], "confirmed": True})
    return device


def on_signed_in(sender, request, user, factors: Sequence[str] = (),
                 remembered_device: bool = False, **kwargs) -> None:
    """Mark the session verified by the factor this sign-in answered, or by none."""
    factor = verified_factor(factors, remembered_device)
    if factor is None:
        # SECURITY: verification is this sign-in's, not one an earlier sign-in of the same
        # user left in the session (login() keeps the session when the user is the same).
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        return
    device = factor_of(user, factor)
    device.set_last_used_timestamp()
    django_otp.login(request, device)
    logger.info("Cognito sign-in of %s verified for django-otp by %s",
                printable(user.get_username()), factor.value)
