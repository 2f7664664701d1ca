"""System checks for settings that are missing, mistyped or unsafe (``cognito_challenge.E001``...).

``CATALOGUE`` declares each check once, with when it fires and how to fix it: the functions below
raise them and the docs' reference lists them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning
from django.utils.module_loading import import_string

from .conf import PREFIX, REQUIRED, AppSettings, app_settings, declared

BACKEND = "django_cognito_challenge.backends.CognitoBackend"
FLOWS = ("USER_SRP_AUTH", "USER_PASSWORD_AUTH", "USER_AUTH", "CUSTOM_AUTH")
#: The first factors choice-based sign-in may ask for straight away (no password typed).
PREFERRED = ("EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")
#: Settings that only one AUTH_FLOW reads.
FLOW_SETTINGS = {"PREFERRED_CHALLENGE": "USER_AUTH", "CUSTOM_AUTH_SRP": "CUSTOM_AUTH"}
LEAKY_LOGGERS = ("botocore", "boto3", "urllib3")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
OTP_ADMIN = "django_cognito_challenge.admin_apps.CognitoOTPAdminConfig"
OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


@dataclass(frozen=True)
class Check:
    """One system check: its id, level, when it fires and how to fix it."""

    id: str
    level: type[CheckMessage]
    fires_when: str
    fix: str

    def __call__(self, message: str) -> CheckMessage:
        return self.level(message, hint=self.fix, id=f"cognito_challenge.{self.id}")


CATALOGUE = {check.id: check for check in (
    Check("E001", Error, "A required setting (REGION, USER_POOL_ID, CLIENT_ID) is not set.",
          "Set it to your user pool's value (the Cognito console, or the local Cognito's "
          "start-up text)."),
    Check("E002", Error, "SESSION_ENGINE is signed_cookies: Cognito's Session and the tokens "
          "would be in a cookie the browser can read.",
          "Use a server-side session engine: db, cache or cached_db."),
    Check("E003", Error, "No CognitoBackend (or subclass of it) is in AUTHENTICATION_BACKENDS.",
          f"Add {BACKEND!r} (or your subclass) to AUTHENTICATION_BACKENDS."),
    Check("E004", Error, f"AUTH_FLOW is not one of {', '.join(FLOWS)}.",
          "Use USER_SRP_AUTH (recommended), USER_PASSWORD_AUTH, USER_AUTH (choice-based "
          "sign-in) or CUSTOM_AUTH (the pool's own challenges)."),
    Check("E005", Error, "A COGNITO_CHALLENGE_ setting has the wrong type (say, a number "
          "given as a string).", "Give it the type the settings reference lists."),
    Check("E006", Error, "The admin is a CognitoOTPAdminSite but django_cognito_challenge.otp "
          "is not installed: no sign-in is ever verified, so every staff member is refused.",
          "Add 'django_otp' and 'django_cognito_challenge.otp' to INSTALLED_APPS and "
          "django_otp.middleware.OTPMiddleware to MIDDLEWARE."),
    Check("E007", Error, f"PREFERRED_CHALLENGE is not one of {', '.join(PREFERRED)}.",
          "Set it to one of them, or leave it unset to let the person choose."),
    Check("W001", Warning, "SESSION_COOKIE_SECURE is False while DEBUG is off.",
          "Set SESSION_COOKIE_SECURE = True: the session cookie must not travel over HTTP."),
    Check("W002", Warning, "CSRF_COOKIE_SECURE is False while DEBUG is off.",
          "Set CSRF_COOKIE_SECURE = True."),
    Check("W003", Warning, "The botocore, boto3 or urllib3 logger is at DEBUG while DEBUG is "
          "off: it logs request bodies with passwords, codes and tokens.",
          "Set that logger to INFO or higher."),
    Check("W004", Warning, "ENDPOINT_URL is plain HTTP to a host other than loopback: passwords "
          "and tokens would travel without TLS.", "Use an https:// endpoint."),
    Check("W005", Warning, "A setting starts with COGNITO_CHALLENGE_ but is not one of this "
          "app's settings (a typo is otherwise silently ignored).",
          "Check its spelling against the settings reference."),
    Check("W006", Warning, "A deprecated setting is set.",
          "Move to the setting the message names."),
    Check("W007", Warning, "django_cognito_challenge.otp is installed but OTPMiddleware is not "
          "after AuthenticationMiddleware: user.is_verified() is missing or always False.",
          "Add 'django_otp.middleware.OTPMiddleware' to MIDDLEWARE after "
          "'django.contrib.auth.middleware.AuthenticationMiddleware'."),
    Check("W008", Warning, "A setting only one AUTH_FLOW reads is set while AUTH_FLOW is "
          "another (PREFERRED_CHALLENGE needs USER_AUTH, CUSTOM_AUTH_SRP needs CUSTOM_AUTH): it "
          "does nothing.", "Set AUTH_FLOW to the flow it belongs to, or remove the setting."),
)}


def check_settings(app_configs=None, **kwargs) -> list:
    problems = [CATALOGUE["E001"](f"{PREFIX}{name} is not set.")
                for name in REQUIRED if not getattr(app_settings, name)]
    if app_settings.AUTH_FLOW not in FLOWS:
        problems.append(CATALOGUE["E004"](f"{PREFIX}AUTH_FLOW must be one of {', '.join(FLOWS)}."))
    endpoint = urlsplit(app_settings.ENDPOINT_URL or "https://aws")
    if endpoint.scheme != "https" and endpoint.hostname not in LOOPBACK:
        problems.append(CATALOGUE["W004"](f"{PREFIX}ENDPOINT_URL sends passwords and tokens "
                                          "without TLS."))
    return (problems + _flow_settings() + _setting_types() + _unknown_settings()
            + _deprecated_settings())


def _flow_settings() -> list:
    problems = [
        CATALOGUE["W008"](f"{PREFIX}{name} is set, and only {flow} reads it ({PREFIX}AUTH_FLOW "
                          f"is {app_settings.AUTH_FLOW}).")
        for name, flow in FLOW_SETTINGS.items()
        if getattr(AppSettings, name).given() and flow != app_settings.AUTH_FLOW]
    preferred = app_settings.PREFERRED_CHALLENGE
    if preferred and preferred not in PREFERRED:
        problems.append(CATALOGUE["E007"](f"{PREFIX}PREFERRED_CHALLENGE is {preferred!r}."))
    return problems


def _setting_types() -> list:
    return [CATALOGUE["E005"](f"{setting.setting_name} must be a {setting.type_doc}, not "
                              f"{type(getattr(settings, setting.setting_name)).__name__}.")
            for setting in declared() if not setting.is_valid()]


def _unknown_settings() -> list:
    known = {setting.setting_name for setting in declared()}
    return [CATALOGUE["W005"](f"{name} is not a setting of django_cognito_challenge.")
            for name in dir(settings) if name.startswith(PREFIX) and name not in known]


def _deprecated_settings() -> list:
    return [CATALOGUE["W006"](f"{setting.setting_name} is deprecated since {setting.deprecated}.")
            for setting in declared() if setting.deprecated and setting.given() is not None]


def check_security(app_configs=None, **kwargs) -> list:
    problems = []
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.signed_cookies":
        problems.append(CATALOGUE["E002"](
            "The signed_cookies session engine would put Cognito's Session and tokens in a "
            "cookie the browser can read."))
    if not any(_is_cognito_backend(path) for path in settings.AUTHENTICATION_BACKENDS):
        problems.append(CATALOGUE["E003"](f"{BACKEND} (or a subclass) is not in "
                                          "AUTHENTICATION_BACKENDS."))
    if not settings.DEBUG:
        problems += _insecure_cookies() + _leaky_loggers()
    return problems + _otp_wiring()


def _otp_wiring() -> list:
    if not apps.is_installed("django_cognito_challenge.otp"):
        return [CATALOGUE["E006"]("CognitoOTPAdminConfig is installed without "
                                  "django_cognito_challenge.otp.")
                for entry in settings.INSTALLED_APPS if entry == OTP_ADMIN]
    middleware = list(settings.MIDDLEWARE)
    if OTP_MIDDLEWARE in middleware and AUTH_MIDDLEWARE in middleware and (
            middleware.index(OTP_MIDDLEWARE) > middleware.index(AUTH_MIDDLEWARE)):
        return []
    return [CATALOGUE["W007"](f"{OTP_MIDDLEWARE} is missing or before {AUTH_MIDDLEWARE}.")]


def _is_cognito_backend(path: str) -> bool:
    from .backends import CognitoBackend

    try:
        backend = import_string(path)
    except ImportError:
        return False
    return isinstance(backend, type) and issubclass(backend, CognitoBackend)


def _insecure_cookies() -> list:
    return [
        CATALOGUE[check_id](f"{name} is False: the cookie would also travel over plain HTTP.")
        for check_id, name in (("W001", "SESSION_COOKIE_SECURE"), ("W002", "CSRF_COOKIE_SECURE"))
        if not getattr(settings, name)
    ]


def _leaky_loggers() -> list:
    return [
        CATALOGUE["W003"](f"The {name} logger is at DEBUG: it logs request bodies with "
                          "passwords, codes and tokens.")
        for name in LEAKY_LOGGERS if logging.getLogger(name).isEnabledFor(logging.DEBUG)
    ]
