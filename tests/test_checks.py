"""System checks: missing or unsafe configuration is reported at startup.

ASVS 5.0 ids are named in each test's docstring (see the security checklist).
"""

from __future__ import annotations

import logging

import pytest
from django.core import checks
from django.test import override_settings

from django_cognito_challenge.checks import check_deployment, check_security, check_settings
from django_cognito_challenge.conf import REQUIRED

BACKEND = "django_cognito_challenge.backends.CognitoBackend"


def ids(problems) -> list[str]:
    return [problem.id for problem in problems]


def all_ids() -> list[str]:
    return ids(check_settings() + check_security())


def test_the_test_configuration_is_clean():
    """A complete, secure configuration gives no error and no warning."""
    assert all_ids() == []


@pytest.mark.parametrize("name", REQUIRED)
def test_each_missing_setting_is_an_error(name):
    with override_settings(**{f"COGNITO_CHALLENGE_{name}": ""}):
        problems = check_settings()
    assert ids(problems) == ["cognito_challenge.E001"]
    assert f"COGNITO_CHALLENGE_{name}" in problems[0].msg
    assert problems[0].level == checks.ERROR


def test_signed_cookies_session_engine_is_an_error():
    """ASVS 14.3.3 / 7.2.1: Cognito's Session and tokens must not live in a browser cookie."""
    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"):
        assert ids(check_security()) == ["cognito_challenge.E002"]


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.db",
                                    "django.contrib.sessions.backends.cache",
                                    "django.contrib.sessions.backends.cached_db"])
def test_server_side_session_engines_are_fine(engine):
    with override_settings(SESSION_ENGINE=engine):
        assert ids(check_security()) == []


def test_missing_backend_is_an_error():
    with override_settings(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"]):
        assert ids(check_security()) == ["cognito_challenge.E003"]


def test_backend_among_others_is_fine():
    with override_settings(AUTHENTICATION_BACKENDS=[
            "django.contrib.auth.backends.ModelBackend", BACKEND]):
        assert ids(check_security()) == []


@pytest.mark.parametrize("flow", ["ADMIN_NO_SRP_AUTH", "REFRESH_TOKEN_AUTH", "user_srp_auth"])
def test_unsupported_auth_flow_is_an_error(flow):
    with override_settings(COGNITO_CHALLENGE_AUTH_FLOW=flow):
        assert ids(check_settings()) == ["cognito_challenge.E004"]


@pytest.mark.parametrize("preferred", ["PASSWORD", "PASSWORD_SRP", "SOFTWARE_TOKEN_MFA", "email"])
def test_a_preferred_challenge_that_cannot_be_asked_first_is_an_error(preferred):
    with override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_AUTH",
                           COGNITO_CHALLENGE_PREFERRED_CHALLENGE=preferred):
        assert ids(check_settings()) == ["cognito_challenge.E007"]


@pytest.mark.parametrize("preferred", ["EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"])
def test_a_first_factor_is_a_fine_preferred_challenge(preferred):
    with override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_AUTH",
                           COGNITO_CHALLENGE_PREFERRED_CHALLENGE=preferred):
        assert ids(check_settings()) == []


@pytest.mark.parametrize(("flow", "setting", "value"), [
    ("USER_SRP_AUTH", "PREFERRED_CHALLENGE", "EMAIL_OTP"),
    ("CUSTOM_AUTH", "PREFERRED_CHALLENGE", "EMAIL_OTP"),
    ("USER_AUTH", "CUSTOM_AUTH_SRP", True),
    ("USER_SRP_AUTH", "CUSTOM_AUTH_SRP", True),
])
def test_a_setting_of_another_flow_warns_that_it_does_nothing(flow, setting, value):
    with override_settings(COGNITO_CHALLENGE_AUTH_FLOW=flow,
                           **{f"COGNITO_CHALLENGE_{setting}": value}):
        (problem,) = check_settings()
    assert problem.id == "cognito_challenge.W008"
    assert setting in problem.msg


def test_custom_auth_srp_with_custom_auth_is_fine():
    with override_settings(COGNITO_CHALLENGE_AUTH_FLOW="CUSTOM_AUTH",
                           COGNITO_CHALLENGE_CUSTOM_AUTH_SRP=True):
        assert ids(check_settings()) == []


@pytest.mark.parametrize("flow", ["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "USER_AUTH",
                                  "CUSTOM_AUTH"])
def test_supported_auth_flows_are_fine(flow):
    with override_settings(COGNITO_CHALLENGE_AUTH_FLOW=flow):
        assert ids(check_settings()) == []


@pytest.mark.parametrize(("name", "check_id"), [("SESSION_COOKIE_SECURE", "cognito_challenge.W001"),
                                                ("CSRF_COOKIE_SECURE", "cognito_challenge.W002")])
def test_insecure_cookie_warns_outside_debug(name, check_id):
    """ASVS 3.3.1: session and CSRF cookies must be Secure in production."""
    with override_settings(**{name: False}):
        problems = check_security()
    assert ids(problems) == [check_id]
    assert problems[0].level == checks.WARNING


def test_insecure_cookies_are_fine_under_debug():
    with override_settings(DEBUG=True, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False):
        assert ids(check_security()) == []


@pytest.mark.parametrize("logger", ["botocore", "boto3", "urllib3"])
def test_leaky_logger_at_debug_warns_outside_debug(caplog, logger):
    """ASVS 16.2.5: botocore at DEBUG logs request bodies (passwords, codes, tokens)."""
    caplog.set_level(logging.DEBUG, logger=logger)
    problems = check_security()
    assert ids(problems) == ["cognito_challenge.W003"]
    assert logger in problems[0].msg


def test_botocore_debug_is_fine_under_debug(caplog):
    caplog.set_level(logging.DEBUG, logger="botocore")
    with override_settings(DEBUG=True):
        assert ids(check_security()) == []


def test_botocore_at_info_is_fine(caplog):
    caplog.set_level(logging.INFO, logger="botocore")
    assert ids(check_security()) == []


@pytest.mark.parametrize("url", ["http://cognito.internal:9229", "http://10.0.0.5",
                                 "ftp://cognito.example.com"])
def test_plain_http_endpoint_off_loopback_warns(url):
    """Passwords and tokens would travel to Cognito without TLS."""
    with override_settings(COGNITO_CHALLENGE_ENDPOINT_URL=url):
        assert ids(check_settings()) == ["cognito_challenge.W004"]


@pytest.mark.parametrize("url", ["https://cognito-idp.eu-west-1.amazonaws.com",
                                 "http://127.0.0.1:9229", "http://localhost:9229",
                                 "http://[::1]:9229", None, ""])
def test_https_or_loopback_endpoint_is_fine(url):
    with override_settings(COGNITO_CHALLENGE_ENDPOINT_URL=url):
        assert ids(check_settings()) == []


def test_checks_are_registered_with_django():
    """``manage.py check`` runs them: the settings check by tag, the security one by default."""
    with override_settings(COGNITO_CHALLENGE_CLIENT_ID="",
                           SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"):
        found = ids(checks.run_checks())
    assert "cognito_challenge.E001" in found
    assert "cognito_challenge.E002" in found


@pytest.mark.parametrize(("name", "value"), [("THROTTLE_WINDOW", "900"), ("GLOBAL_SIGN_OUT", "yes"),
                                             ("STAFF_GROUPS", ["admins", 3]),
                                             ("CONNECT_TIMEOUT", True)])
def test_a_setting_of_the_wrong_type_is_an_error(name, value):
    """A number given as a string would otherwise fail only when a person signs in."""
    with override_settings(**{f"COGNITO_CHALLENGE_{name}": value}):
        problems = check_settings()
    assert ids(problems) == ["cognito_challenge.E005"]
    assert f"COGNITO_CHALLENGE_{name}" in problems[0].msg


@pytest.mark.parametrize(("name", "value"), [("CONNECT_TIMEOUT", 2), ("STAFF_GROUPS", "admins"),
                                             ("STAFF_GROUPS", ("a", "b")), ("CLIENT_SECRET", None)])
def test_values_of_the_declared_type_are_fine(name, value):
    with override_settings(**{f"COGNITO_CHALLENGE_{name}": value}):
        assert ids(check_settings()) == []


def test_a_misspelt_setting_warns_instead_of_being_ignored():
    with override_settings(COGNITO_CHALLENGE_STAFF_GROUP=["admins"]):
        problems = check_settings()
    assert ids(problems) == ["cognito_challenge.W005"]
    assert "COGNITO_CHALLENGE_STAFF_GROUP " in problems[0].msg + " "


def test_the_older_name_of_encryption_keys_warns_that_it_is_deprecated():
    with override_settings(COGNITO_CHALLENGE_DEVICE_SECRET_KEYS=["old"]):
        problems = check_settings()
    assert ids(problems) == ["cognito_challenge.W006"]
    assert "ENCRYPTION_KEYS" in problems[0].msg


def test_every_check_raised_has_a_fix():
    """Each message carries the catalogue's hint, which the docs' checks reference lists."""
    with override_settings(COGNITO_CHALLENGE_CLIENT_ID="", COGNITO_CHALLENGE_AUTH_FLOW="x",
                           COGNITO_CHALLENGE_ENDPOINT_URL="http://10.0.0.1",
                           SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"):
        problems = check_settings() + check_security()
    assert {problem.id for problem in problems} == {
        "cognito_challenge.E001", "cognito_challenge.E002", "cognito_challenge.E004",
        "cognito_challenge.W004"}
    assert all(problem.hint for problem in problems)


def test_the_otp_bridge_without_otp_middleware_warns(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "django_otp" not in m]
    assert ids(check_security()) == ["cognito_challenge.W007"]


def test_otp_middleware_before_authentication_warns(settings):
    rest = [m for m in settings.MIDDLEWARE if "django_otp" not in m]
    settings.MIDDLEWARE = ["django_otp.middleware.OTPMiddleware", *rest]
    assert ids(check_security()) == ["cognito_challenge.W007"]


def test_an_otp_admin_without_the_otp_bridge_is_an_error(settings):
    """Every staff member would be refused: nothing would ever verify a sign-in."""
    with override_settings(INSTALLED_APPS=[
            "django_cognito_challenge.admin_apps.CognitoOTPAdminConfig", "django.contrib.auth",
            "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages",
            "django_cognito_challenge"]):
        assert ids(check_security()) == ["cognito_challenge.E006"]


# -- cookie flags and prefixes (ASVS 3.3.1, 3.3.2, 3.3.4) ---------------------------------------


def test_a_session_cookie_scripts_can_read_warns():
    """ASVS 3.3.4: the session cookie is HttpOnly, under DEBUG too."""
    for debug in (False, True):
        with override_settings(DEBUG=debug, SESSION_COOKIE_HTTPONLY=False):
            problems = check_security()
        assert ids(problems) == ["cognito_challenge.W009"]
        assert problems[0].level == checks.WARNING


@pytest.mark.parametrize("samesite", [None, "None", "none", False])
@pytest.mark.parametrize(("cookie", "check_id"), [("SESSION_COOKIE", "cognito_challenge.W010"),
                                                  ("CSRF_COOKIE", "cognito_challenge.W011")])
def test_a_cookie_sent_with_other_sites_requests_warns(cookie, check_id, samesite):
    """ASVS 3.3.2: SameSite None (or no SameSite) lets other sites' requests carry it."""
    with override_settings(**{f"{cookie}_SAMESITE": samesite}):
        problems = check_security()
    assert ids(problems) == [check_id]
    assert problems[0].level == checks.WARNING


@pytest.mark.parametrize("samesite", ["Lax", "Strict"])
def test_lax_or_strict_cookies_are_fine(samesite):
    with override_settings(SESSION_COOKIE_SAMESITE=samesite, CSRF_COOKIE_SAMESITE=samesite):
        assert ids(check_security()) == []


def test_the_csrf_cookie_is_not_checked_when_the_token_lives_in_the_session():
    with override_settings(CSRF_USE_SESSIONS=True, CSRF_COOKIE_SAMESITE="None",
                           CSRF_COOKIE_NAME="__Host-csrftoken", CSRF_COOKIE_PATH="/app/"):
        assert ids(check_security()) == []
        assert [p.msg for p in check_deployment() if "CSRF" in p.msg] == []


@pytest.mark.parametrize("cookie", ["SESSION_COOKIE", "CSRF_COOKIE"])
def test_a_cookie_name_without_a_prefix_warns_at_deployment(cookie):
    """ASVS 3.3.1: with Secure cookies, a __Host- prefix keeps sibling subdomains and plain-HTTP
    pages from planting or overwriting them. A --deploy check, with DEBUG off."""
    other = "CSRF_COOKIE" if cookie == "SESSION_COOKIE" else "SESSION_COOKIE"
    with override_settings(**{f"{other}_NAME": f"__Host-{other.lower()}"}):
        problems = check_deployment()
    assert ids(problems) == ["cognito_challenge.W012"]
    assert f"{cookie}_NAME" in problems[0].msg
    assert problems[0].level == checks.WARNING
    assert "__Host-" in problems[0].hint


@pytest.mark.parametrize("prefix", ["__Host-", "__Secure-"])
def test_prefixed_secure_cookie_names_are_fine(prefix):
    with override_settings(SESSION_COOKIE_NAME=f"{prefix}sessionid",
                           CSRF_COOKIE_NAME=f"{prefix}csrftoken"):
        assert ids(check_deployment() + check_security()) == []


@pytest.mark.parametrize("settings_", [{"DEBUG": True},
                                       {"SESSION_COOKIE_SECURE": False,
                                        "CSRF_COOKIE_SECURE": False}])
def test_no_prefix_is_asked_under_debug_or_without_secure_cookies(settings_):
    with override_settings(**settings_):
        assert ids(check_deployment()) == []


def test_the_prefix_check_runs_only_with_check_deploy():
    found = ids(checks.run_checks(include_deployment_checks=True))
    assert found.count("cognito_challenge.W012") == 2
    assert "cognito_challenge.W012" not in ids(checks.run_checks())


@pytest.mark.parametrize(("cookie_settings", "cookie"), [
    ({"SESSION_COOKIE_NAME": "__Host-sessionid", "SESSION_COOKIE_DOMAIN": ".example.com"},
     "SESSION_COOKIE"),
    ({"SESSION_COOKIE_NAME": "__Host-sessionid", "SESSION_COOKIE_PATH": "/app/"},
     "SESSION_COOKIE"),
    ({"CSRF_COOKIE_NAME": "__Host-csrftoken", "CSRF_COOKIE_DOMAIN": ".example.com"},
     "CSRF_COOKIE"),
    ({"CSRF_COOKIE_NAME": "__Host-csrftoken", "CSRF_COOKIE_PATH": "/app/"}, "CSRF_COOKIE"),
    ({"DEBUG": True, "SESSION_COOKIE_NAME": "__Host-sessionid", "SESSION_COOKIE_SECURE": False},
     "SESSION_COOKIE"),
    ({"DEBUG": True, "CSRF_COOKIE_NAME": "__Secure-csrftoken", "CSRF_COOKIE_SECURE": False},
     "CSRF_COOKIE"),
])
def test_a_prefix_the_browser_would_refuse_is_an_error(cookie_settings, cookie):
    """The browser drops such a cookie: nobody could sign in, in development too."""
    with override_settings(**cookie_settings):
        problems = check_security()
    assert ids(problems) == ["cognito_challenge.E008"]
    assert f"{cookie}_NAME" in problems[0].msg
    assert problems[0].level == checks.ERROR


def test_a_secure_prefix_may_have_a_domain():
    """__Secure- only needs Secure; __Host- also forbids Domain and needs Path=/."""
    with override_settings(SESSION_COOKIE_NAME="__Secure-sessionid",
                           SESSION_COOKIE_DOMAIN=".example.com"):
        assert ids(check_security()) == []
