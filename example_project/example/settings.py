"""Settings for the example project.

With ``COGNITO_CHALLENGE_USER_POOL_ID`` (and ``_REGION``, ``_CLIENT_ID``, optionally
``_CLIENT_SECRET``) in the environment the site signs in against that user pool. Without it, it
points at the embedded local Cognito seeded with the demo users, which ``manage.py demo`` starts
on ``127.0.0.1:$COGNITO_PORT`` (9229 by default); nothing is started when these settings load.

``DEMO_SIGN_IN`` chooses how a sign-in goes (see ``DEMO_SIGN_INS``): ``choice`` (choice-based
sign-in, ``USER_AUTH``; the default on the embedded local Cognito), ``password`` (``USER_SRP_AUTH``,
the default with a real pool), or ``custom-one-round`` / ``custom-three-rounds`` (``CUSTOM_AUTH``:
the embedded local Cognito gets that example's triggers, ``testing.custom_examples``), each also
with ``-srp`` to ask for the password, proven by SRP, before the questions.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .demo_seed import demo_seed

BASE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


DEBUG = _flag("DJANGO_DEBUG", "1")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    SECRET_KEY = "example-project-demo-only-not-secret"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    # The admin signs in through Cognito and wants a second factor (Cognito MFA, via django-otp).
    "django_cognito_challenge.admin_apps.CognitoOTPAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_cognito_challenge",
    "django_otp",
    "django_cognito_challenge.otp",
    "example",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_cognito_challenge.middleware.CognitoRefreshMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "example.urls"
WSGI_APPLICATION = "example.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]

# var/ is gitignored; DJANGO_SQLITE_PATH lets tests keep their own database.
SQLITE_PATH = Path(os.environ.get("DJANGO_SQLITE_PATH") or BASE_DIR / "var" / "db.sqlite3")
SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["django_cognito_challenge.backends.CognitoBackend"]
LOGIN_URL = "cognito_challenge:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"

# The sign-in's own log lines (never passwords, codes or tokens) on the console.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_cognito_challenge": {"handlers": ["console"], "level": "INFO"}},
}

# -- Cognito --------------------------------------------------------------------------------

COGNITO_CHALLENGE_USER_POOL_ID = os.environ.get("COGNITO_CHALLENGE_USER_POOL_ID", "")
#: True when no real pool is configured: ``manage.py demo`` then starts the local Cognito.
EXAMPLE_LOCAL_COGNITO = not COGNITO_CHALLENGE_USER_POOL_ID
EXAMPLE_COGNITO_PORT = int(os.environ.get("COGNITO_PORT", "9229"))

if EXAMPLE_LOCAL_COGNITO:
    _seed = demo_seed()
    COGNITO_CHALLENGE_USER_POOL_ID = _seed["pool"]["id"]
    COGNITO_CHALLENGE_REGION = COGNITO_CHALLENGE_USER_POOL_ID.split("_", 1)[0]
    COGNITO_CHALLENGE_CLIENT_ID = _seed["client"]["id"]
    COGNITO_CHALLENGE_CLIENT_SECRET = None
    COGNITO_CHALLENGE_ENDPOINT_URL = f"http://127.0.0.1:{EXAMPLE_COGNITO_PORT}"
    # The demo pool's ChallengeRequiredOnNewDevice: a remembered device replaces the code.
    COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA = True
    # Anyone may sign up: the demo pool requires a name, and emails the confirmation code.
    COGNITO_CHALLENGE_SIGN_UP = True
    COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("email", *_seed["pool"]["required_attributes"])
else:
    COGNITO_CHALLENGE_REGION = os.environ.get("COGNITO_CHALLENGE_REGION", "")
    COGNITO_CHALLENGE_CLIENT_ID = os.environ.get("COGNITO_CHALLENGE_CLIENT_ID", "")
    COGNITO_CHALLENGE_CLIENT_SECRET = os.environ.get("COGNITO_CHALLENGE_CLIENT_SECRET") or None
    COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA = (
        os.environ.get("COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA", "") == "true")
    COGNITO_CHALLENGE_SIGN_UP = _flag("COGNITO_CHALLENGE_SIGN_UP", "false")
    COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = tuple(
        os.environ.get("COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES", "email").split(","))

#: DEMO_SIGN_IN's values: (COGNITO_CHALLENGE_AUTH_FLOW, custom-auth example, password first).
DEMO_SIGN_INS = {
    "choice": ("USER_AUTH", "", False),
    "password": ("USER_SRP_AUTH", "", False),
    "custom-one-round": ("CUSTOM_AUTH", "one-round", False),
    "custom-one-round-srp": ("CUSTOM_AUTH", "one-round", True),
    "custom-three-rounds": ("CUSTOM_AUTH", "three-rounds", False),
    "custom-three-rounds-srp": ("CUSTOM_AUTH", "three-rounds", True),
}
EXAMPLE_SIGN_IN = (os.environ.get("DEMO_SIGN_IN", "").strip()
                   or ("choice" if EXAMPLE_LOCAL_COGNITO else "password"))
if EXAMPLE_SIGN_IN not in DEMO_SIGN_INS:
    raise ImproperlyConfigured(f"DEMO_SIGN_IN={EXAMPLE_SIGN_IN!r}: use one of "
                               f"{', '.join(DEMO_SIGN_INS)}.")
#: The custom-auth example ``manage.py demo`` installs in the embedded local Cognito, or "".
COGNITO_CHALLENGE_AUTH_FLOW, EXAMPLE_CUSTOM_AUTH, COGNITO_CHALLENGE_CUSTOM_AUTH_SRP = (
    DEMO_SIGN_INS[EXAMPLE_SIGN_IN])
if EXAMPLE_CUSTOM_AUTH and not EXAMPLE_LOCAL_COGNITO:
    raise ImproperlyConfigured(f"DEMO_SIGN_IN={EXAMPLE_SIGN_IN!r} installs example triggers in "
                               "the embedded local Cognito: unset COGNITO_CHALLENGE_USER_POOL_ID.")

COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
COGNITO_CHALLENGE_SUPERUSER_GROUPS = ("admins",)
COGNITO_CHALLENGE_TOTP_ISSUER = "Cognito demo"
