"""Settings for the gunicorn instances the production tests start: as a deployment runs them.

PostgreSQL holds users, identities, devices and sessions; Redis is the cache (JWKS, rate limits,
refresh locks). The test process passes everything through the environment (see conftest.py):
``PRODUCTION_DB_PORT``, ``PRODUCTION_DB_NAME``, ``PRODUCTION_REDIS_URL`` and the local Cognito's
``COGNITO_CHALLENGE_*`` settings.
"""

import os

from tests.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql",
    "HOST": "127.0.0.1",
    "PORT": os.environ["PRODUCTION_DB_PORT"],
    "NAME": os.environ["PRODUCTION_DB_NAME"],
    "USER": "postgres",
    # Persistent connections, checked before each request reuses one (a restarted server).
    "CONN_MAX_AGE": 60,
    "CONN_HEALTH_CHECKS": True,
    "OPTIONS": {"connect_timeout": 3},
}}
CACHES = {"default": {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": os.environ["PRODUCTION_REDIS_URL"],
    # An unreachable Redis fails a request in a second, not after the OS's TCP timeout.
    "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Plain HTTP between the test and the instances on loopback.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(process)d %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}

for _name in ("REGION", "USER_POOL_ID", "CLIENT_ID", "CLIENT_SECRET", "ENDPOINT_URL", "ISSUER"):
    if f"COGNITO_CHALLENGE_{_name}" in os.environ:
        globals()[f"COGNITO_CHALLENGE_{_name}"] = os.environ[f"COGNITO_CHALLENGE_{_name}"]
