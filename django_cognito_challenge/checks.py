"""System checks for settings that are missing or unsafe (``cognito_challenge.E001``...)."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning
from django.utils.module_loading import import_string

from .conf import PREFIX, REQUIRED, app_settings

BACKEND = "django_cognito_challenge.backends.CognitoBackend"
FLOWS = ("USER_SRP_AUTH", "USER_PASSWORD_AUTH")
LEAKY_LOGGERS = ("botocore", "boto3", "urllib3")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_settings(app_configs=None, **kwargs) -> list:
    errors = [
        Error(f"{PREFIX}{name} is not set.", hint="Set it to your user pool's value.",
              id="cognito_challenge.E001")
        for name in REQUIRED if not getattr(app_settings, name)
    ]
    if app_settings.AUTH_FLOW not in FLOWS:
        errors.append(Error(f"{PREFIX}AUTH_FLOW must be one of {', '.join(FLOWS)}.",
                            id="cognito_challenge.E004"))
    endpoint = urlsplit(app_settings.ENDPOINT_URL or "https://aws")
    if endpoint.scheme != "https" and endpoint.hostname not in LOOPBACK:
        errors.append(Warning(f"{PREFIX}ENDPOINT_URL sends passwords and tokens without TLS.",
                              id="cognito_challenge.W004"))
    return errors


def check_security(app_configs=None, **kwargs) -> list:
    problems = []
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.signed_cookies":
        problems.append(Error(
            "The signed_cookies session engine would put Cognito's Session and tokens in a "
            "cookie the browser can read.", hint="Use a server-side session engine.",
            id="cognito_challenge.E002"))
    if not any(_is_cognito_backend(path) for path in settings.AUTHENTICATION_BACKENDS):
        problems.append(Error(f"{BACKEND} (or a subclass) is not in AUTHENTICATION_BACKENDS.",
                              id="cognito_challenge.E003"))
    if not settings.DEBUG:
        problems += _insecure_cookies() + _leaky_loggers()
    return problems


def _is_cognito_backend(path: str) -> bool:
    from .backends import CognitoBackend

    try:
        backend = import_string(path)
    except ImportError:
        return False
    return isinstance(backend, type) and issubclass(backend, CognitoBackend)


def _insecure_cookies() -> list:
    return [
        Warning(f"{name} is False: the cookie would also travel over plain HTTP.",
                id=f"cognito_challenge.W00{index}")
        for index, name in enumerate(("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"), start=1)
        if not getattr(settings, name)
    ]


def _leaky_loggers() -> list:
    return [
        Warning(f"The {name} logger is at DEBUG: it logs request bodies with passwords, codes "
                "and tokens.", hint=f"Set the {name} logger to INFO or higher.",
                id="cognito_challenge.W003")
        for name in LEAKY_LOGGERS if logging.getLogger(name).isEnabledFor(logging.DEBUG)
    ]
