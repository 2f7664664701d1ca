"""Re-authentication (ASVS 6.3, 7.5.1): every change on the account security page needs a sign-in
within COGNITO_CHALLENGE_REAUTH_WINDOW; otherwise the person signs in again (MFA included) and
comes back, and only then does the change reach Cognito. The signals each change sends."""

from __future__ import annotations

import pytest

from django_cognito_challenge import session_tokens
from django_cognito_challenge.models import RememberedDevice
from django_cognito_challenge.testing.models import DeviceConfiguration

from ..browsers import Browser
from .conftest import (
    PAST_THE_WINDOW,
    REAUTH_MESSAGE,
    SECURITY,
    SIGN_IN_AGAIN,
    TOTP_PAGE,
    TOTP_SECRET,
    changes,
    enrolment_of,
    messages_of,
    new_app_code,
    sign_in,
    sign_out,
)


@pytest.fixture
def alice(cognito):
    """Alice: SMS (preferred) and TOTP on, an email address, a device remembered elsewhere."""
    cognito.configure_pool(mfa_configuration="OPTIONAL", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))
    cognito.add_user("alice", attributes={"email": "alice@example.com",
                                          "phone_number": "+15555550100"},
                     totp_secret=TOTP_SECRET, sms=True, preferred_mfa="SMS_MFA")
    elsewhere = Browser()
    sign_in(elsewhere, cognito, "alice", remember=True)
    sign_out(elsewhere)
    return cognito


def remembered_elsewhere() -> str:
    (key,) = RememberedDevice.objects.values_list("device_key", flat=True)
    return key


#: Each change the security page takes: what its form posts, and where it then leads.
CHANGES = {
    "forget": (lambda: {"action": "forget", "device_key": remembered_elsewhere()}, SECURITY),
    "forget_others": (lambda: {"action": "forget_others"}, SECURITY),
    "totp": (lambda: {"action": "totp"}, TOTP_PAGE),
    "enable": (lambda: {"action": "enable", "factor": "EMAIL_OTP"}, SECURITY),
    "prefer": (lambda: {"action": "prefer", "factor": "SOFTWARE_TOKEN_MFA"}, SECURITY),
    "disable": (lambda: {"action": "disable", "factor": "SOFTWARE_TOKEN_MFA"}, SECURITY),
}

#: What each change signals once made.
SIGNALLED = {
    "forget": [("devices_forgotten", 1)],
    "forget_others": [("devices_forgotten", 1)],
    "totp": [],  # the change is the code on the next page
    "enable": [("mfa_changed", "email_enabled")],
    "prefer": [("mfa_changed", "preferred_changed")],
    "disable": [("mfa_changed", "factor_disabled")],
}


def state_of(cognito) -> dict:
    """All a change could alter: the user's MFA and devices at Cognito, and the rows here."""
    user = cognito.user("alice")
    return {"mfa": (user.enabled_mfa(), user.preferred_mfa, user.totp_secret,
                    user.pending_totp_secret),
            "devices": {key: device.remembered for key, device in user.devices.items()},
            "rows": sorted(RememberedDevice.objects.values_list("device_key", flat=True))}


def summary(signalled) -> list[tuple[str, object]]:
    return [(name, kwargs.get("change", kwargs.get("count"))) for name, kwargs in signalled]


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_needs_a_recent_sign_in_and_is_made_once_signed_in_again(
        browser, alice, app_clock, signalled, change):
    cognito, (data, lands) = alice, CHANGES[change]
    assert sign_in(browser, cognito, "alice") == "/home/"
    form = data()
    before = state_of(cognito)
    app_clock.advance(PAST_THE_WINDOW)
    cognito.reset_calls()

    response = browser.post(SECURITY, form)
    assert response.status_code == 302
    assert response["Location"] == SIGN_IN_AGAIN
    assert response["Cache-Control"].startswith("max-age=0")
    assert cognito.call_names() == []
    assert state_of(cognito) == before
    assert signalled == []
    page = browser.get(SIGN_IN_AGAIN)
    assert messages_of(page) == [REAUTH_MESSAGE]
    assert b'name="next" value="/accounts/security/"' in page.content

    # The sign-in is a whole one (password, then the code sent by text message), and comes back.
    assert sign_in(browser, cognito, "alice", next_url=SECURITY) == SECURITY
    assert [n for n in cognito.call_names() if n.startswith("RespondToAuthChallenge")][-1] == (
        "RespondToAuthChallenge:SMS_MFA")
    response = browser.post(SECURITY, form)
    assert response["Location"] == lands
    assert state_of(cognito) != before
    assert summary(signalled) == SIGNALLED[change]


def test_setting_up_an_authenticator_app_needs_a_recent_sign_in_to_see_and_to_finish(
        browser, alice, app_clock, signalled):
    cognito = alice
    sign_in(browser, cognito, "alice")
    assert browser.post(SECURITY, {"action": "totp"})["Location"] == TOTP_PAGE
    code = new_app_code(cognito, "alice")
    app_clock.advance(PAST_THE_WINDOW)
    cognito.reset_calls()

    assert browser.post(TOTP_PAGE, {"code": code})["Location"] == SIGN_IN_AGAIN
    assert cognito.call_names() == []
    assert enrolment_of(browser) is None  # the secret is dropped, not kept for later
    assert cognito.user("alice").totp_secret == TOTP_SECRET
    assert browser.get(TOTP_PAGE)["Location"] == SIGN_IN_AGAIN
    assert signalled == []

    assert sign_in(browser, cognito, "alice", next_url=SECURITY) == SECURITY
    assert browser.get(TOTP_PAGE)["Location"] == SECURITY  # start again from the page
    assert browser.post(SECURITY, {"action": "totp"})["Location"] == TOTP_PAGE
    response = browser.post(TOTP_PAGE, {"code": new_app_code(cognito, "alice")})
    assert response["Location"] == SECURITY
    assert changes(signalled) == [("totp_replaced", "SOFTWARE_TOKEN_MFA")]


def test_a_change_within_the_window_needs_no_new_sign_in(browser, alice, app_clock):
    sign_in(browser, alice, "alice")
    app_clock.advance(270)
    response = browser.post(SECURITY, {"action": "enable", "factor": "EMAIL_OTP"})
    assert response["Location"] == SECURITY
    assert "EMAIL_OTP" in alice.user("alice").enabled_mfa()


def test_the_window_is_the_setting(browser, alice, app_clock, settings):
    sign_in(browser, alice, "alice")
    settings.COGNITO_CHALLENGE_REAUTH_WINDOW = 60
    app_clock.advance(90)
    assert browser.post(SECURITY, {"action": "forget_others"})["Location"] == SIGN_IN_AGAIN
    settings.COGNITO_CHALLENGE_REAUTH_WINDOW = 3000
    assert browser.post(SECURITY, {"action": "forget_others"})["Location"] == SECURITY


def test_a_session_that_does_not_say_when_it_signed_in_must_sign_in_again(browser, alice):
    sign_in(browser, alice, "alice")
    session = browser.session
    del session[session_tokens.SIGNED_IN_KEY]
    session.save()
    alice.reset_calls()
    assert browser.post(SECURITY, {"action": "forget_others"})["Location"] == SIGN_IN_AGAIN
    assert alice.call_names() == []


def test_looking_at_the_page_needs_no_new_sign_in(browser, alice, app_clock):
    sign_in(browser, alice, "alice")
    app_clock.advance(PAST_THE_WINDOW)
    page = browser.get(SECURITY)
    assert page.status_code == 200
    assert messages_of(page) == []


def test_a_forged_change_is_refused_before_the_sign_in_age_is_looked_at(
        browser, alice, app_clock):
    sign_in(browser, alice, "alice")
    app_clock.advance(PAST_THE_WINDOW)
    response = browser.post(SECURITY, {"action": "disable", "factor": "SMS_MFA"},
                            csrf_token=None)
    assert response.status_code == 403
    assert messages_of(browser.get(SECURITY)) == []
