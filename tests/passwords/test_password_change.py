"""Changing a password through the page: what the person sees, which sessions end, what Cognito
is asked, and what is (not) kept."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from django_cognito_challenge import session_tokens

from .conftest import (
    CHANGE,
    HOME,
    LOGIN,
    NEW_PASSWORD,
    PASSWORD,
    SECURITY,
    browser_at,
    change,
    error_codes,
    is_signed_in,
    messages_of,
    our_log,
    page_text,
    server_session,
    sign_in,
    with_email,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = b"home: anonymous"


def signed_in(cognito, username: str = "emma", ip: str = "127.0.0.1"):
    """A browser where ``username`` is signed in (the user is made on first use)."""
    if not cognito.pool.find_user(username):
        with_email(cognito, username)
    browser = browser_at(ip)
    assert sign_in(browser, username)["Location"] == HOME
    return browser


def tokens_of(browser):
    return session_tokens.load(SimpleNamespace(session=browser.session))


def live_refresh_tokens(cognito, username: str) -> int:
    return sum(1 for record in cognito.backend.refresh_tokens.values()
               if record.username == username and not record.revoked)


# -- who may change it ----------------------------------------------------------------------------


def test_the_page_needs_a_signed_in_person(browser, cognito):
    assert browser.get(CHANGE)["Location"] == f"{LOGIN}?next={CHANGE}"
    assert change(browser)["Location"] == f"{LOGIN}?next={CHANGE}"
    assert cognito.call_names() == []


def test_a_session_signed_in_another_way_is_sent_to_the_cognito_sign_in(browser, cognito,
                                                                      django_user_model):
    browser.force_login(django_user_model.objects.create(username="local"))
    assert browser.get(CHANGE)["Location"] == f"{LOGIN}?next={CHANGE}"


def test_a_forged_cross_site_post_is_refused(cognito):
    browser = signed_in(cognito)
    cognito.reset_calls()
    assert browser.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                 "new_password2": NEW_PASSWORD}, csrf_token=None).status_code == 403
    assert cognito.call_names() == []


# -- the change and the sessions it ends ----------------------------------------------------------


def test_a_change_keeps_this_session_and_the_new_password_signs_in(cognito, password_changes):
    browser = signed_in(cognito)
    key_before = browser.session.session_key
    page = browser.get(CHANGE)
    assert "Afterwards your other sessions on this site will be signed out" in page_text(page)

    response = change(browser)

    assert response["Location"] == SECURITY
    assert browser.get(HOME).content == b"home: emma"  # this session stays
    assert browser.session.session_key != key_before  # with a new key
    assert ("Your password was changed. Your other sessions on this site were signed out."
            in messages_of(browser.get(CHANGE)))
    assert [(s["username"], s["user"].username) for s in password_changes] == [("emma", "emma")]
    fresh = browser_at("10.0.0.3")
    assert sign_in(fresh, "emma").status_code == 200  # the old password is refused
    assert sign_in(fresh, "emma", NEW_PASSWORD)["Location"] == HOME


def test_the_person_s_other_sessions_here_end_and_their_tokens_are_revoked(cognito):
    here, there = signed_in(cognito), signed_in(cognito, ip="10.0.0.2")
    someone_else = signed_in(cognito, "otto", ip="10.0.0.4")
    their_refresh_token = tokens_of(there).refresh_token

    change(here)
    cognito.reset_calls()

    response = there.get(HOME)
    assert response.content == ANONYMOUS
    assert cognito.call_names() == ["RevokeToken"]
    assert cognito.calls[0].request["Token"] == their_refresh_token
    assert "Your password was changed, so this session ended." in " ".join(
        messages_of(there.get(LOGIN)))
    assert someone_else.get(HOME).content == b"home: otto"
    assert here.get(HOME).content == b"home: emma"


def test_other_sessions_end_too_where_the_user_was_loaded_without_the_backend_s_query(
        cognito, monkeypatch):
    """A backend subclass whose get_user() does not ask for the sessions' end time: the
    check then makes its own query, and still ends the session."""
    from django.contrib.auth import get_user_model

    from django_cognito_challenge.backends import CognitoBackend

    here, there = signed_in(cognito), signed_in(cognito, ip="10.0.0.2")
    change(here)
    monkeypatch.setattr(CognitoBackend, "get_user",
                        lambda self, pk: get_user_model()._default_manager.get(pk=pk))
    assert there.get(HOME).content == ANONYMOUS
    assert here.get(HOME).content == b"home: emma"


def test_a_session_signed_in_after_the_change_stays(cognito, app_clock):
    here = signed_in(cognito)
    change(here)
    app_clock.advance(1)
    later = browser_at("10.0.0.2")
    assert sign_in(later, "emma", NEW_PASSWORD)["Location"] == HOME
    assert later.get(HOME).content == b"home: emma"


def test_signing_out_everywhere_ends_this_session_too(cognito, settings):
    settings.COGNITO_CHALLENGE_PASSWORD_CHANGE_SIGNS_OUT_EVERYWHERE = True
    here, there = signed_in(cognito), signed_in(cognito, ip="10.0.0.2")
    assert "signed out everywhere, here too" in page_text(here.get(CHANGE))
    cognito.reset_calls()

    response = change(here)

    assert response["Location"] == LOGIN
    assert not is_signed_in(here)
    assert ("Your password was changed and you were signed out everywhere. Sign in with your "
            "new password." in messages_of(here.get(LOGIN)))
    assert cognito.call_names()[:2] == ["ChangePassword", "GlobalSignOut"]
    assert live_refresh_tokens(cognito, "emma") == 0  # every device and site, at Cognito
    assert there.get(HOME).content == ANONYMOUS


# -- what Cognito refuses -------------------------------------------------------------------------


def test_a_wrong_current_password_is_shown_beside_it_and_counted(cognito, settings):
    settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 2
    browser = signed_in(cognito)
    response = change(browser, old="Wrong-Pass-1!")
    assert error_codes(response) == {"old_password": ["invalid_login"]}
    assert "Your current password was entered incorrectly." in page_text(response)
    change(browser, old="Wrong-Pass-2!")
    cognito.reset_calls()

    throttled = change(browser)

    assert error_codes(throttled) == {"__all__": ["throttled_locally"]}
    assert cognito.call_names() == []
    assert browser.get(HOME).content == b"home: emma"  # still signed in


def test_a_password_the_policy_refuses_names_the_rule(cognito):
    browser = signed_in(cognito)
    response = change(browser, new="alllowercase1!")
    assert error_codes(response) == {"new_password1": ["invalid_password"]}
    assert "add an upper-case letter" in page_text(response)


def test_two_different_new_passwords_never_reach_cognito(cognito):
    browser = signed_in(cognito)
    cognito.reset_calls()
    response = change(browser, again="Other-Pass-7!")
    assert error_codes(response) == {"new_password2": ["password_mismatch"]}
    assert cognito.call_names() == []


def test_cognito_s_attempt_limit_says_to_wait(cognito):
    """Cognito counts every ChangePassword call (the local one: 5 an hour)."""
    browser = signed_in(cognito)
    for attempt in range(5):
        change(browser, old=f"Wrong-Pass-{attempt}!")
    response = change(browser)
    assert error_codes(response) == {"__all__": ["throttled"]}
    assert cognito.calls[-1].error == "LimitExceededException"


def test_tokens_about_to_expire_are_refreshed_first_even_without_the_middleware(cognito,
                                                                               settings,
                                                                               app_clock):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "CognitoRefresh" not in m]
    browser = signed_in(cognito)
    app_clock.advance(3600 - 100)  # inside the refresh margin (as test_refresh.py moves it)
    cognito.reset_calls()
    assert change(browser)["Location"] == SECURITY
    assert cognito.call_names() == ["InitiateAuth:REFRESH_TOKEN_AUTH", "ChangePassword"]


def test_tokens_cognito_revoked_sign_the_person_out(cognito):
    browser = signed_in(cognito)
    cognito.boto3_client().global_sign_out(AccessToken=tokens_of(browser).access_token)
    response = change(browser)
    assert response["Location"] == f"{LOGIN}?next={CHANGE}"
    assert not is_signed_in(browser)
    assert "Your session has ended. Please sign in again." in messages_of(browser.get(LOGIN))


def test_no_password_is_kept_in_the_session_or_logged(cognito, caplog):
    caplog.set_level(logging.DEBUG)
    browser = signed_in(cognito)
    change(browser, old="Wrong-Pass-1!")
    change(browser)
    stored, logged = repr(server_session(browser)), our_log(caplog)
    for secret in (PASSWORD, "Wrong-Pass-1!", NEW_PASSWORD):
        assert secret not in stored
        assert secret not in logged
    assert "Password change of emma refused: wrong current password" in logged
    assert "Password of emma changed" in logged


@pytest.mark.parametrize(("cognito_says", "page_says"), [
    ("Password not long enough", "it is too short"),
    ("Password must have uppercase characters", "add an upper-case letter"),
    ("Password must have lowercase characters", "add a lower-case letter"),
    ("Password must have numeric characters", "add a number"),
    ("Password must have symbol characters", "add a symbol"),
    ("Password must satisfy some future rule", "does not meet the password policy."),
])
def test_each_rule_cognito_names_is_told_in_the_person_s_words(cognito, cognito_says,
                                                               page_says):
    """AWS's wording: "Password did not conform with policy: <the first rule broken>"."""
    browser = signed_in(cognito)
    cognito.fail_next("ChangePassword", "InvalidPasswordException",
                      f"Password did not conform with policy: {cognito_says}")
    response = change(browser)
    assert error_codes(response) == {"new_password1": ["invalid_password"]}
    assert page_says in page_text(response)
    assert cognito_says not in page_text(response)  # never Cognito's own text
