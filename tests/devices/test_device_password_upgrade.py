"""Devices remembered before encryption keys had purposes still spare the code after the upgrade.

Before, device passwords were encrypted with one Fernet key per secret, derived by PBKDF2 with
the salt below; the device-password purpose must derive exactly that key.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import override_settings

from .conftest import (
    device_password,
    only_row,
    sign_in_with_code,
    sign_out,
    signed_in_again_without_code,
)

OLD_SALT = b"django-cognito-challenge device password v1"


def encrypted_the_old_way(password: str, secret: str) -> str:
    """What the single-purpose secretbox stored for ``password`` under ``secret``."""
    key = hashlib.pbkdf2_hmac("sha256", secret.encode(), OLD_SALT, 100_000, dklen=32)
    return Fernet(base64.urlsafe_b64encode(key)).encrypt(password.encode()).decode()


@pytest.mark.parametrize(("stored_under", "configured"), [
    (None, {}),
    ("legacy", {"COGNITO_CHALLENGE_DEVICE_SECRET_KEYS": ["legacy"]}),
    ("legacy", {"COGNITO_CHALLENGE_ENCRYPTION_KEYS": ["new", "legacy"]}),
], ids=["secret-key", "older-setting-name", "rotated-to-a-new-key"])
def test_device_remembered_before_the_upgrade_still_spares_the_code(
        browser, device_pool, stored_under, configured):
    with override_settings(**configured):
        sign_in_with_code(browser, device_pool, "alice", remember=True)
        sign_out(browser)
        row = only_row("alice")
        row.encrypted_password = encrypted_the_old_way(device_password(row),
                                                       stored_under or settings.SECRET_KEY)
        row.save()
        signed_in_again_without_code(browser, device_pool, "alice")
        assert only_row("alice").pk == row.pk
