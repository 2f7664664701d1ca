"""System checks for settings that are missing, mistyped or unsafe (``cognito_challenge.E001``...).

Each check is declared once in :mod:`.check_catalogue`, with when it fires and how to fix it: the
functions below raise them.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

from .check_catalogue import BACKEND, CATALOGUE, FLOWS, PREFERRED
from .conf import PREFIX, REQUIRED, AppSettings, app_settings, declared
from .password_policy import KINDS

#: Settings that only one AUTH_FLOW reads.
FLOW_SETTINGS = {"PREFERRED_CHALLENGE": "USER_AUTH", "CUSTOM_AUTH_SRP": "CUSTOM_AUTH"}
LEAKY_LOGGERS = ("botocore", "boto3", "urllib3")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
OTP_ADMIN = "django_cognito_challenge.admin_apps.CognitoOTPAdminConfig"
OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
#: How PASSWORD_REQUIRED_CHARACTERS declares a pool that requires no kind of character.
NO_CHARACTERS = "none"
#: Cognito's PasswordPolicy.MinimumLength (botocore's model: 6 to 99).
PASSWORD_LENGTHS = range(6, 100)
#: The attributes Cognito can send a code to: the only UsernameAttributes a pool may have.
CODE_ATTRIBUTES = ("email", "phone_number")


#: The cookies the checks look at: the setting prefix of each, and whether Django sets it.
COOKIES = ("SESSION_COOKIE", "CSRF_COOKIE")
PREFIXES = ("__Host-", "__Secure-")


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
            + _deprecated_settings() + _password_settings() + _sign_up_settings())


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


def _typed(*names: str) -> bool:
    """Whether each of these settings has its declared type (E005 reports one that has not)."""
    return all(getattr(AppSettings, name).is_valid() for name in names)


def _password_settings() -> list:
    problems = []
    if _typed("PASSWORD_REQUIRED_CHARACTERS"):
        declared = app_settings.PASSWORD_REQUIRED_CHARACTERS
        known = (*KINDS, NO_CHARACTERS) if len(declared) == 1 else tuple(KINDS)
        unknown = [name for name in declared if name not in known]
        if unknown:
            problems.append(CATALOGUE["E009"](f"{PREFIX}PASSWORD_REQUIRED_CHARACTERS names "
                                              f"{', '.join(map(repr, unknown))}."))
    if _typed("PASSWORD_MIN_LENGTH") and app_settings.PASSWORD_MIN_LENGTH not in PASSWORD_LENGTHS:
        problems.append(CATALOGUE["E010"](f"{PREFIX}PASSWORD_MIN_LENGTH is "
                                          f"{app_settings.PASSWORD_MIN_LENGTH}."))
    return problems


def _sign_up_settings() -> list:
    if not _typed("USERNAME_ATTRIBUTES", "SIGN_UP_ATTRIBUTES", "SIGN_UP", "SIGN_UP_CODE_ATTRIBUTE",
                  "PREVENT_USER_EXISTENCE_ERRORS"):
        return []
    unknown = [name for name in app_settings.USERNAME_ATTRIBUTES if name not in CODE_ATTRIBUTES]
    problems = [CATALOGUE["E011"](f"{PREFIX}USERNAME_ATTRIBUTES names "
                                  f"{', '.join(map(repr, unknown))}.")] if unknown else []
    code_attribute = app_settings.SIGN_UP_CODE_ATTRIBUTE
    if code_attribute not in CODE_ATTRIBUTES:
        problems.append(CATALOGUE["E012"](f"{PREFIX}SIGN_UP_CODE_ATTRIBUTE is "
                                          f"{code_attribute!r}."))
    if not app_settings.SIGN_UP:
        return problems
    asks = sign_up_asks()
    if not asks & set(CODE_ATTRIBUTES):
        problems.append(CATALOGUE["W013"](f"{PREFIX}SIGN_UP_ATTRIBUTES is "
                                          f"{app_settings.SIGN_UP_ATTRIBUTES!r}."))
    elif app_settings.PREVENT_USER_EXISTENCE_ERRORS and code_attribute not in asks:
        problems.append(CATALOGUE["W014"](f"{PREFIX}SIGN_UP_CODE_ATTRIBUTE is "
                                          f"{code_attribute!r}; the page asks for "
                                          f"{', '.join(sorted(asks))}."))
    return problems


def sign_up_asks() -> set[str]:
    """The attributes the sign-up page asks for and sends to SignUp."""
    from .forms_sign_up import asked_attributes

    return set(asked_attributes())


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
    return problems + _cookie_flags() + _refused_prefixes() + _otp_wiring()


def check_deployment(app_configs=None, **kwargs) -> list:
    """``check --deploy``: cookie names without a prefix, once DEBUG is off and they are Secure.

    A deployment check, like Django's own cookie checks: a site that has not renamed its cookies
    is told when it prepares a deployment, not at every ``runserver``.
    """
    if settings.DEBUG:
        return []
    return [CATALOGUE["W012"](f"{cookie}_NAME {getattr(settings, cookie + '_NAME')!r} has no "
                              "__Host- (or __Secure-) prefix.")
            for cookie in _cookies_in_use() if getattr(settings, f"{cookie}_SECURE")
            and not getattr(settings, f"{cookie}_NAME").startswith(PREFIXES)]


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


def _cookies_in_use() -> list[str]:
    """The session cookie, and the CSRF cookie unless the token lives in the session."""
    return [cookie for cookie in COOKIES
            if cookie == "SESSION_COOKIE" or not settings.CSRF_USE_SESSIONS]


def _cookie_flags() -> list:
    problems = []
    if not settings.SESSION_COOKIE_HTTPONLY:
        problems.append(CATALOGUE["W009"]("SESSION_COOKIE_HTTPONLY is False."))
    for cookie, check_id in zip(COOKIES, ("W010", "W011"), strict=True):
        samesite = getattr(settings, f"{cookie}_SAMESITE")
        if cookie in _cookies_in_use() and str(samesite).lower() not in ("lax", "strict"):
            problems.append(CATALOGUE[check_id](f"{cookie}_SAMESITE is {samesite!r}."))
    return problems


def _refused_prefixes() -> list:
    """A prefix whose rules the cookie's settings break: the browser drops the cookie."""
    problems = []
    for cookie in _cookies_in_use():
        name = getattr(settings, f"{cookie}_NAME")
        secure = getattr(settings, f"{cookie}_SECURE")
        host_rules = (getattr(settings, f"{cookie}_PATH") == "/"
                      and not getattr(settings, f"{cookie}_DOMAIN"))
        if (name.startswith(PREFIXES) and not secure) or (
                name.startswith("__Host-") and not host_rules):
            problems.append(CATALOGUE["E008"](f"{cookie}_NAME is {name!r}, and the browser "
                                              "will refuse it with these settings."))
    return problems
