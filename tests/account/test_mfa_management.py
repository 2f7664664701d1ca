"""Two-step verification managed from the account security page, through the pages: what the
person sees, what Cognito is asked, what the next sign-in then asks for, and the signals sent."""

from __future__ import annotations

import logging

from django_cognito_challenge import mfa_manage, secretbox
from django_cognito_challenge.testing import totp

from .conftest import (
    CODE,
    HOME,
    SECURITY,
    TOTP_PAGE,
    TOTP_SECRET,
    act,
    buttons,
    changes,
    enrolment_of,
    factors,
    messages_of,
    mfa_of,
    new_app_code,
    pending_of,
    requests_of,
    server_session,
    sign_in,
    sign_out,
    wrong_new_app_code,
)

PHONE = "+15555550100"


def olive(cognito, **state):
    """An OPTIONAL pool and Olive, with an email address and a phone number."""
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    attributes = {"email": "olive@example.com", "phone_number": PHONE}
    return cognito.add_user("olive", attributes=attributes, **state)


def next_sign_in_asks(browser, cognito, username: str) -> str | None:
    """Sign out and in again: the challenge the next sign-in asks for, or None for none."""
    sign_out(browser)
    response = browser.post("/accounts/login/", {"username": username, "password": "Demo-Pass-1!"})
    if response["Location"] == HOME:
        return None
    assert response["Location"] == CODE, response["Location"]
    return pending_of(browser).challenge


def test_page_shows_each_method_its_state_and_the_changes_it_can_take(browser, cognito):
    olive(cognito, totp_secret=TOTP_SECRET, sms=True, preferred_mfa="SOFTWARE_TOKEN_MFA")
    sign_in(browser, cognito, "olive")
    cognito.reset_calls()

    page = browser.get(SECURITY)
    assert page.status_code == 200
    assert cognito.call_names() == ["ListDevices", "GetUser"]
    assert factors(page) == {
        "SOFTWARE_TOKEN_MFA": "Authenticator app On, preferred Replace Authenticator app "
                              "Turn off Authenticator app",
        "SMS_MFA": "Text message (SMS) (***0100) On Make preferred Text message (SMS) "
                   "Turn off Text message (SMS)",
        "EMAIL_OTP": "Email (o***@example.com) Off Turn on Email",
    }
    assert buttons(page, "EMAIL_OTP") == ["enable"]
    assert b"Signing in asks for your password and a code." in page.content


def test_no_text_message_codes_are_offered_without_a_phone_number(browser, cognito, signalled):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("nina", attributes={"email": "nina@example.com"})
    sign_in(browser, cognito, "nina")
    page = browser.get(SECURITY)
    assert b"Two-step verification is off" in page.content
    assert buttons(page, "SMS_MFA") == []
    assert buttons(page, "SOFTWARE_TOKEN_MFA") == ["totp"]
    cognito.reset_calls()

    response = act(browser, "enable", "SMS_MFA")
    assert response["Location"] == SECURITY
    assert cognito.call_names() == ["GetUser"]
    assert messages_of(browser.get(SECURITY)) == [
        "That change is not possible for your account now."]
    assert signalled == []


# -- the authenticator app -----------------------------------------------------------------------


def test_adding_an_authenticator_app_takes_its_code_and_the_next_sign_in_asks_for_it(
        browser, cognito, signalled, caplog):
    caplog.set_level(logging.DEBUG, logger="django_cognito_challenge")
    olive(cognito)
    sign_in(browser, cognito, "olive")
    cognito.reset_calls()

    response = act(browser, "totp")
    assert response["Location"] == TOTP_PAGE
    assert cognito.call_names() == ["GetUser", "AssociateSoftwareToken"]
    secret = cognito.user("olive").pending_totp_secret
    assert mfa_of(cognito, "olive")["enabled"] == []  # nothing changes before the code
    page = browser.get(TOTP_PAGE)
    assert page.status_code == 200
    assert b"<svg" in page.content
    assert secret.encode() in page.content
    assert b"Set up an authenticator app" in page.content
    # Kept between the two requests only encrypted, for its own purpose.
    assert secret not in repr(server_session(browser))
    stored = server_session(browser)[mfa_manage.ENROLMENT_KEY]
    assert secretbox.decrypt(stored, secretbox.PENDING_SIGN_IN) is None
    assert enrolment_of(browser).secret == secret

    wrong = browser.post(TOTP_PAGE, {"code": wrong_new_app_code(cognito, "olive")})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors.as_data()["__all__"][0].code == "wrong_code"
    assert secret.encode() in wrong.content
    assert mfa_of(cognito, "olive")["enabled"] == []

    cognito.reset_calls()
    code = new_app_code(cognito, "olive")
    response = browser.post(TOTP_PAGE, {"code": code})
    assert response["Location"] == SECURITY
    assert cognito.call_names() == ["VerifySoftwareToken", "SetUserMFAPreference"]
    assert requests_of(cognito, "VerifySoftwareToken") == [
        {"UserCode": code, "FriendlyDeviceName": "Authenticator"}]
    assert requests_of(cognito, "SetUserMFAPreference") == [
        {"SoftwareTokenMfaSettings": {"Enabled": True}}]
    assert mfa_of(cognito, "olive") == {"enabled": ["SOFTWARE_TOKEN_MFA"], "preferred": None,
                                        "totp_secret": secret}
    assert mfa_manage.ENROLMENT_KEY not in server_session(browser)
    page = browser.get(SECURITY)
    assert messages_of(page) == ["Your authenticator app is set up."]
    assert factors(page)["SOFTWARE_TOKEN_MFA"].startswith("Authenticator app On Replace")
    assert changes(signalled) == [("totp_added", "SOFTWARE_TOKEN_MFA")]
    assert signalled[0][1]["user"].username == "olive"
    assert signalled[0][1]["request"] is not None

    ours = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records
                     if not r.name.startswith("django_cognito_challenge.testing"))
    assert "MFA of olive changed: totp_added (SOFTWARE_TOKEN_MFA)" in ours
    assert secret not in ours
    assert code not in ours

    assert next_sign_in_asks(browser, cognito, "olive") == "SOFTWARE_TOKEN_MFA"
    assert browser.post(CODE, {"code": cognito.totp_code("olive")})["Location"] == HOME


def test_replacing_the_authenticator_app_keeps_the_old_one_until_the_new_code(
        browser, cognito, signalled):
    olive(cognito, totp_secret=TOTP_SECRET)
    sign_in(browser, cognito, "olive")
    assert act(browser, "totp")["Location"] == TOTP_PAGE
    page = browser.get(TOTP_PAGE)
    assert b"Replace your authenticator app" in page.content
    assert b"Your current app keeps working" in page.content
    new_secret = cognito.user("olive").pending_totp_secret
    assert new_secret != TOTP_SECRET
    assert mfa_of(cognito, "olive")["totp_secret"] == TOTP_SECRET

    assert browser.post(TOTP_PAGE, {"code": new_app_code(cognito, "olive")})["Location"] == (
        SECURITY)
    assert mfa_of(cognito, "olive") == {"enabled": ["SOFTWARE_TOKEN_MFA"], "preferred": None,
                                        "totp_secret": new_secret}
    assert messages_of(browser.get(SECURITY)) == [
        "Your new authenticator app replaced the old one."]
    assert changes(signalled) == [("totp_replaced", "SOFTWARE_TOKEN_MFA")]

    assert next_sign_in_asks(browser, cognito, "olive") == "SOFTWARE_TOKEN_MFA"
    old = totp.code_for(TOTP_SECRET, cognito.backend.now())
    assert browser.post(CODE, {"code": old}).status_code == 200  # the old app's code: wrong
    assert browser.post(CODE, {"code": cognito.totp_code("olive")})["Location"] == HOME


def test_too_many_wrong_codes_end_the_set_up(browser, cognito, signalled):
    olive(cognito)
    sign_in(browser, cognito, "olive")
    act(browser, "totp")
    wrong = wrong_new_app_code(cognito, "olive")
    assert browser.post(TOTP_PAGE, {"code": wrong}).status_code == 200
    assert browser.post(TOTP_PAGE, {"code": wrong}).status_code == 200
    response = browser.post(TOTP_PAGE, {"code": wrong})
    assert response["Location"] == SECURITY
    assert enrolment_of(browser) is None
    assert messages_of(browser.get(SECURITY)) == [
        "Too many wrong codes. Please start the set-up again."]
    assert browser.get(TOTP_PAGE)["Location"] == SECURITY
    assert mfa_of(cognito, "olive")["enabled"] == []
    assert signalled == []


def test_leaving_the_set_up_unfinished_forgets_its_secret(browser, cognito):
    olive(cognito)
    sign_in(browser, cognito, "olive")
    assert browser.get(TOTP_PAGE)["Location"] == SECURITY  # nothing begun
    act(browser, "totp")
    assert enrolment_of(browser) is not None
    browser.get(SECURITY)  # "Cancel", or any other way back
    assert enrolment_of(browser) is None
    assert browser.get(TOTP_PAGE)["Location"] == SECURITY
    assert browser.post(TOTP_PAGE, {"code": "123456"})["Location"] == SECURITY


def test_a_pool_without_authenticator_apps_refuses_and_the_page_says_so(browser, cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL",
                           enabled_mfa_factors=("SMS_MFA", "EMAIL_OTP"))
    cognito.add_user("olive", attributes={"email": "olive@example.com"})
    sign_in(browser, cognito, "olive")
    cognito.reset_calls()

    assert act(browser, "totp")["Location"] == SECURITY
    assert [c.error for c in cognito.calls] == [None, "SoftwareTokenMFANotFoundException"]
    assert enrolment_of(browser) is None
    assert messages_of(browser.get(SECURITY)) == [
        "Authenticator apps are not available on this site."]


# -- codes by text message or email, and the preferred method ------------------------------------


def test_turning_on_text_messages_and_preferring_them_makes_the_next_sign_in_send_one(
        browser, cognito, signalled):
    olive(cognito, totp_secret=TOTP_SECRET)
    sign_in(browser, cognito, "olive")
    cognito.reset_calls()

    assert act(browser, "enable", "SMS_MFA")["Location"] == SECURITY
    assert requests_of(cognito, "SetUserMFAPreference") == [{"SMSMfaSettings": {"Enabled": True}}]
    page = browser.get(SECURITY)
    assert messages_of(page) == ["Codes by text message are on."]
    assert buttons(page, "SMS_MFA") == ["prefer", "disable"]

    cognito.reset_calls()
    assert act(browser, "prefer", "SMS_MFA")["Location"] == SECURITY
    assert requests_of(cognito, "SetUserMFAPreference") == [
        {"SMSMfaSettings": {"Enabled": True, "PreferredMfa": True}}]
    assert messages_of(browser.get(SECURITY)) == [
        "Text message (SMS) is now your preferred verification method."]
    assert mfa_of(cognito, "olive")["preferred"] == "SMS_MFA"
    assert changes(signalled) == [("sms_enabled", "SMS_MFA"),
                                  ("preferred_changed", "SMS_MFA")]

    assert next_sign_in_asks(browser, cognito, "olive") == "SMS_MFA"
    assert cognito.outbox("olive")[-1]["medium"] == "SMS"


def test_turning_on_email_codes_makes_the_next_sign_in_email_one(browser, cognito, signalled):
    olive(cognito)
    sign_in(browser, cognito, "olive")
    assert act(browser, "enable", "EMAIL_OTP")["Location"] == SECURITY
    assert messages_of(browser.get(SECURITY)) == ["Codes by email are on."]
    assert changes(signalled) == [("email_enabled", "EMAIL_OTP")]
    assert next_sign_in_asks(browser, cognito, "olive") == "EMAIL_OTP"
    assert cognito.outbox("olive")[-1]["medium"] == "EMAIL"


def test_a_method_the_pool_does_not_offer_is_refused_and_the_page_says_so(
        browser, cognito, signalled):
    olive(cognito)
    cognito.configure_pool(enabled_mfa_factors=("SOFTWARE_TOKEN_MFA", "SMS_MFA"))
    sign_in(browser, cognito, "olive")
    cognito.reset_calls()

    assert act(browser, "enable", "EMAIL_OTP")["Location"] == SECURITY
    assert [c.error for c in cognito.calls] == [None, "InvalidParameterException"]
    assert messages_of(browser.get(SECURITY)) == [
        "That verification method is not available on this site."]
    assert mfa_of(cognito, "olive")["enabled"] == []
    assert signalled == []


# -- turning a method off ------------------------------------------------------------------------


def test_turning_off_the_only_method_in_an_optional_pool_leaves_sign_in_without_a_code(
        browser, cognito, signalled):
    olive(cognito, totp_secret=TOTP_SECRET)
    sign_in(browser, cognito, "olive")
    cognito.reset_calls()

    assert act(browser, "disable", "SOFTWARE_TOKEN_MFA")["Location"] == SECURITY
    assert cognito.call_names() == ["GetUser", "SetUserMFAPreference", "GetUser"]
    assert requests_of(cognito, "SetUserMFAPreference") == [
        {"SoftwareTokenMfaSettings": {"Enabled": False}}]
    page = browser.get(SECURITY)
    assert messages_of(page) == [
        "Two-step verification is off: signing in needs only your password."]
    assert b"Two-step verification is off: signing in asks only" in page.content
    assert changes(signalled) == [("mfa_disabled", "SOFTWARE_TOKEN_MFA")]
    assert next_sign_in_asks(browser, cognito, "olive") is None


def test_turning_off_one_of_two_methods_keeps_the_other(browser, cognito, signalled):
    olive(cognito, totp_secret=TOTP_SECRET, sms=True, preferred_mfa="SMS_MFA")
    sign_in(browser, cognito, "olive")
    assert act(browser, "disable", "SMS_MFA")["Location"] == SECURITY
    assert messages_of(browser.get(SECURITY)) == ["Text message (SMS) is off."]
    assert mfa_of(cognito, "olive")["enabled"] == ["SOFTWARE_TOKEN_MFA"]
    assert changes(signalled) == [("factor_disabled", "SMS_MFA")]
    assert next_sign_in_asks(browser, cognito, "olive") == "SOFTWARE_TOKEN_MFA"


def test_turning_off_in_a_pool_that_requires_mfa_is_refused_and_the_page_says_why(
        browser, cognito, signalled):
    olive(cognito, totp_secret=TOTP_SECRET)
    cognito.configure_pool(mfa_configuration="ON")
    sign_in(browser, cognito, "olive")
    cognito.reset_calls()

    assert act(browser, "disable", "SOFTWARE_TOKEN_MFA")["Location"] == SECURITY
    # Cognito answers 200 and keeps the factor: the app reads it back to know.
    assert cognito.call_names() == ["GetUser", "SetUserMFAPreference", "GetUser"]
    assert [c.error for c in cognito.calls] == [None, None, None]
    page = browser.get(SECURITY)
    assert messages_of(page) == [
        "This site requires two-step verification, so it cannot be turned off. You can add "
        "another method, or choose which one to use."]
    assert factors(page)["SOFTWARE_TOKEN_MFA"].startswith("Authenticator app On")
    assert signalled == []
    assert next_sign_in_asks(browser, cognito, "olive") == "SOFTWARE_TOKEN_MFA"


def test_a_change_naming_a_method_the_person_does_not_have_calls_no_cognito_change(
        browser, cognito):
    olive(cognito, totp_secret=TOTP_SECRET)
    sign_in(browser, cognito, "olive")
    cognito.reset_calls()
    for action, factor in [("disable", "EMAIL_OTP"), ("prefer", "SOFTWARE_TOKEN_MFA"),
                           ("enable", "SOFTWARE_TOKEN_MFA"), ("enable", "WEB_AUTHN")]:
        assert act(browser, action, factor)["Location"] == SECURITY
    assert set(cognito.call_names()) == {"GetUser"}
    assert mfa_of(cognito, "olive")["enabled"] == ["SOFTWARE_TOKEN_MFA"]


def test_every_change_code_signalled_has_its_message_on_the_page():
    from django_cognito_challenge.views.security import CHANGED

    assert set(CHANGED) == set(mfa_manage.CHANGES)
