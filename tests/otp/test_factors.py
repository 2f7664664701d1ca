"""CognitoFactor rows: one per user and factor, listed in the admin, never checking a code."""

from __future__ import annotations

import django_otp
import pytest
from django.contrib.auth import get_user_model

from django_cognito_challenge.otp.models import CognitoFactor

from ..browsers import Browser
from .conftest import (
    CODE_PAGE,
    PHONE,
    TOTP_SECRET,
    enter_code,
    factors,
    passes_otp_required,
    sign_in,
    sign_in_with_totp,
    sign_out,
)

CHANGELIST = "/admin/cognito_challenge_otp/cognitofactor/"


@pytest.fixture
def tess(browser, cognito):
    """tess signed in with her authenticator app (so her factor row exists)."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess")
    return CognitoFactor.objects.get(user__username="tess")


def test_verify_token_refuses_every_code_even_the_authenticator_s_current_one(tess, cognito):
    """A code typed into django-otp's own forms never verifies a Cognito factor."""
    user = tess.user
    for code in (cognito.totp_code("tess"), "123456", "", "000000"):
        assert tess.verify_token(code) is False
        assert django_otp.verify_token(user, tess.persistent_id, code) is None
        assert django_otp.match_token(user, code) is None


def test_each_factor_has_one_row_however_many_sign_ins(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("chris", attributes={"phone_number": PHONE}, sms=True,
                     totp_secret=TOTP_SECRET, preferred_mfa="SOFTWARE_TOKEN_MFA")
    sign_in_with_totp(browser, cognito, "chris")
    first_use = CognitoFactor.objects.get().last_used_at
    sign_out(browser)
    sign_in_with_totp(browser, cognito, "chris")
    assert factors("chris") == [("SOFTWARE_TOKEN_MFA", "Cognito: authenticator app")]
    assert CognitoFactor.objects.get().last_used_at > first_use

    sign_out(browser)
    cognito.user("chris").preferred_mfa = "SMS_MFA"
    assert sign_in(browser, "chris")["Location"] == CODE_PAGE
    enter_code(browser, cognito.last_code("chris"))
    assert passes_otp_required(browser)
    assert factors("chris") == [("SOFTWARE_TOKEN_MFA", "Cognito: authenticator app"),
                                ("SMS_MFA", "Cognito: text message")]
    assert all(row.confirmed for row in CognitoFactor.objects.all())


def test_factor_rows_are_listed_in_the_admin_and_cannot_be_added_or_edited(tess):
    admin = Browser()
    admin.force_login(get_user_model().objects.create_superuser("root", password="x"))
    page = admin.get(CHANGELIST)
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [tess]
    assert b"tess" in page.content
    assert b"authenticator app" in page.content
    assert admin.get(f"{CHANGELIST}add/").status_code == 403
    detail = admin.get(f"{CHANGELIST}{tess.pk}/change/")
    assert detail.status_code == 200  # view only: no form to save
    assert b'name="_save"' not in detail.content


def test_deleting_a_factor_row_ends_the_verification_it_gave(browser, tess):
    assert passes_otp_required(browser)
    tess.delete()
    assert not passes_otp_required(browser)
    assert "otp_device_id" not in browser.session
    assert browser.get("/home/").content == b"home: tess"  # still signed in
