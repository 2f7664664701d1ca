"""App-level brute-force limits (ASVS 6.3.1, 6.1.1): refused before Cognito is asked."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_login_failed
from django.test import override_settings

from django_cognito_challenge.cognito.errors import SignInThrottled

from ..faults.pages import try_again_link
from .conftest import PASSWORD, sign_in


def _errors(response) -> list[str]:
    return [e.code for e in response.context["form"].non_field_errors().as_data()]


def refused_here(response) -> bool:
    """The site's own limit refused: the "try again" page (429) back to the sign-in page."""
    return try_again_link(response, SignInThrottled) == "/accounts/login/"


@override_settings(COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT=3)
def test_after_the_limit_even_the_right_password_is_refused_without_asking_cognito(
        browser, cognito):
    cognito.add_user("alice")
    for _ in range(3):
        assert _errors(sign_in(browser, "alice", "Wrong-Pass-1!")) == ["invalid_login"]
    cognito.reset_calls()
    failures = []
    user_login_failed.connect(lambda **kw: failures.append(kw["credentials"]), weak=False,
                              dispatch_uid="throttle-test")
    try:
        response = sign_in(browser, "alice", PASSWORD)
    finally:
        user_login_failed.disconnect(dispatch_uid="throttle-test")
    assert refused_here(response)
    assert cognito.calls == []
    assert failures == [{"username": "alice"}]
    assert "_auth_user_id" not in browser.session


@override_settings(COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT=3)
def test_the_limit_is_per_account_and_lifts_after_two_windows(browser, cognito, app_clock):
    cognito.add_user("alice")
    cognito.add_user("bob")
    for _ in range(3):
        sign_in(browser, "alice", "Wrong-Pass-1!")
    assert sign_in(browser, "bob")["Location"] == "/home/"
    assert refused_here(sign_in(browser, "alice"))
    app_clock.advance(2 * 15 * 60)
    assert sign_in(browser, "alice")["Location"] == "/home/"


@override_settings(COGNITO_CHALLENGE_THROTTLE_IP_LIMIT=4)
def test_many_usernames_from_one_address_are_limited_too(browser, cognito):
    cognito.add_user("carol")
    for name in ("u1", "u2", "u3", "u4"):
        sign_in(browser, name, "Wrong-Pass-1!")
    cognito.reset_calls()
    assert refused_here(sign_in(browser, "carol"))
    assert cognito.calls == []


@override_settings(COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT=3)
def test_a_success_clears_the_account_count(browser, cognito):
    cognito.add_user("dave")
    for _ in range(2):
        sign_in(browser, "dave", "Wrong-Pass-1!")
    assert sign_in(browser, "dave")["Location"] == "/home/"
    browser.post("/accounts/logout/")
    for _ in range(2):
        sign_in(browser, "dave", "Wrong-Pass-1!")
    assert sign_in(browser, "dave")["Location"] == "/home/"


@override_settings(COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT=2)
def test_wrong_mfa_codes_count_towards_the_limit(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("erin", totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    sign_in(browser, "erin")
    browser.post("/accounts/login/code/", {"code": "000000"})
    browser.post("/accounts/login/code/", {"code": "000001"})
    cognito.reset_calls()
    assert refused_here(sign_in(browser, "erin"))
    assert cognito.calls == []


@override_settings(COGNITO_CHALLENGE_THROTTLE_IP_LIMIT=2, COGNITO_CHALLENGE_TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_each_client_address_is_counted_apart(browser, cognito):
    cognito.add_user("frank")
    for name in ("x1", "x2"):
        browser.post("/accounts/login/", {"username": name, "password": "Wrong-Pass-1!"},
                     HTTP_X_FORWARDED_FOR="198.51.100.7")
    blocked = browser.post("/accounts/login/", {"username": "frank", "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert refused_here(blocked)
    other = browser.post("/accounts/login/", {"username": "frank", "password": PASSWORD},
                         HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other["Location"] == "/home/"
    initiate = [c for c in cognito.calls if c.operation == "InitiateAuth"][-1]
    assert initiate.request["UserContextData"] == {"IpAddress": "203.0.113.9"}


def test_a_forged_forwarded_header_is_ignored_without_trusted_proxies(browser, cognito):
    cognito.add_user("gina")
    browser.post("/accounts/login/", {"username": "gina", "password": PASSWORD},
                 HTTP_X_FORWARDED_FOR="192.0.2.1")
    initiate = [c for c in cognito.calls if c.operation == "InitiateAuth"][-1]
    assert initiate.request["UserContextData"] == {"IpAddress": "127.0.0.1"}


def test_counts_outlive_the_cache_default_timeout_on_caches_whose_incr_rewrites_it(
        browser, cognito, settings, tmp_path):
    """Django's file and database caches' incr() re-sets a key with the default TIMEOUT."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path), "TIMEOUT": 1}}
    settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 3
    cognito.add_user("alice")
    for _ in range(3):
        sign_in(browser, "alice", "Wrong-Pass-1!")
    time.sleep(1.5)  # past the cache's default TIMEOUT, well inside the throttle window
    assert refused_here(sign_in(browser, "alice", PASSWORD))
