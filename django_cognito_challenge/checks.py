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
from .password_policy import KINDS

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
#: How PASSWORD_REQUIRED_CHARACTERS declares a pool that requires no kind of character.
NO_CHARACTERS = "none"
#: Cognito's PasswordPolicy.MinimumLength (botocore's model: 6 to 99).
PASSWORD_LENGTHS = range(6, 100)
#: The attributes Cognito can send a code to: the only UsernameAttributes a pool may have.
CODE_ATTRIBUTES = ("email", "phone_number")


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
    Check("E008", Error, "A session or CSRF cookie name has a __Host- or __Secure- prefix the "
          "browser will refuse: __Host- needs Secure, Path=/ and no Domain; __Secure- needs "
          "Secure. The cookie is never stored, so nobody can sign in.",
          "Set the cookie's _SECURE setting to True, its _PATH to '/' and its _DOMAIN to None, "
          "or drop the prefix."),
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
    Check("W009", Warning, "SESSION_COOKIE_HTTPONLY is False: a script injected into any page "
          "could read the session cookie and take over the signed-in session (ASVS 3.3.4).",
          "Leave SESSION_COOKIE_HTTPONLY at True (Django's default)."),
    Check("W010", Warning, "SESSION_COOKIE_SAMESITE is None, 'None' or False: other sites' "
          "requests carry the session cookie (ASVS 3.3.2).",
          "Set SESSION_COOKIE_SAMESITE to 'Lax' (Django's default) or 'Strict'."),
    Check("W011", Warning, "CSRF_COOKIE_SAMESITE is None, 'None' or False (and CSRF_USE_SESSIONS "
          "is off): other sites' requests carry the CSRF cookie (ASVS 3.3.2).",
          "Set CSRF_COOKIE_SAMESITE to 'Lax' (Django's default) or 'Strict'."),
    Check("W012", Warning, "With manage.py check --deploy, DEBUG off and Secure cookies: the "
          "session or CSRF cookie name has neither the __Host- nor the __Secure- prefix, so a "
          "sibling subdomain or a plain-HTTP page could plant or overwrite it (ASVS 3.3.1).",
          "Name it with the __Host- prefix, e.g. SESSION_COOKIE_NAME = '__Host-sessionid' and "
          "CSRF_COOKIE_NAME = '__Host-csrftoken' (with Path=/ and no Domain). Renaming signs "
          "everybody out once."),
    Check("E009", Error, "PASSWORD_REQUIRED_CHARACTERS names something other than lowercase, "
          "uppercase, numbers and symbols, or 'none' beside another name. The pages ignore the "
          "name: the hint under each new password leaves that rule out, and the sign-up page "
          "lets through passwords Cognito then refuses.",
          "Use only those four names; ('none',) alone for a pool that requires no kind of "
          "character."),
    Check("E010", Error, "PASSWORD_MIN_LENGTH is outside Cognito's 6 to 99: no pool has that "
          "policy, so the hint shows a wrong length and the sign-up page checks it.",
          "Set it to the pool's PasswordPolicy.MinimumLength."),
    Check("E011", Error, "USERNAME_ATTRIBUTES names something other than email and "
          "phone_number, the only UsernameAttributes a pool may have: the sign-up page takes "
          "any other name for phone_number.",
          "List the pool's UsernameAttributes (email, phone_number or both), or leave it unset "
          "for a pool whose people choose a username."),
    Check("W013", Warning, "SIGN_UP is on and the sign-up page asks for neither email nor "
          "phone_number (SIGN_UP_ATTRIBUTES, USERNAME_ATTRIBUTES): Cognito has nowhere to send "
          "the confirmation code, so nobody can confirm their account unless the pool's pre "
          "sign-up trigger confirms it.",
          "Add 'email' (or 'phone_number'), an attribute the pool verifies automatically, to "
          "SIGN_UP_ATTRIBUTES."),
    Check("E012", Error, "SIGN_UP_CODE_ATTRIBUTE is neither email nor phone_number, the only "
          "attributes Cognito sends a confirmation code to.",
          "Set it to the attribute the pool sends the code to: 'email' or 'phone_number'."),
    Check("W014", Warning, "SIGN_UP is on, PREVENT_USER_EXISTENCE_ERRORS too, and the sign-up "
          "page does not ask for SIGN_UP_CODE_ATTRIBUTE: a taken name's confirmation page shows "
          "no address where a new name's shows where the code went, which tells who has an "
          "account.",
          "Set SIGN_UP_CODE_ATTRIBUTE to the attribute the pool sends the code to, and ask for "
          "it (SIGN_UP_ATTRIBUTES)."),
)}
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
