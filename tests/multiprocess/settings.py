"""Settings for the app servers the multiprocess tests start: as a deployment would run them.

The test process passes everything per test through the environment (see conftest.py):
``MULTIPROCESS_REDIS_URL``, ``MULTIPROCESS_DB_PATH``, ``MULTIPROCESS_LOCK_CACHE`` ("redis", or
"locmem" to give each process its own lock cache) and the local Cognito's
``COGNITO_CHALLENGE_*`` settings.
"""

import os

from tests.settings import *  # noqa: F403

REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
         "LOCATION": os.environ["MULTIPROCESS_REDIS_URL"]}

if os.environ.get("MULTIPROCESS_LOCK_CACHE", "redis") == "locmem":
    # The refresh lock (the default cache) is per process; sessions are still shared.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
              "sessions": REDIS}
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {"default": REDIS}

SESSION_ENGINE = "django.contrib.sessions.backends.cache"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.environ["MULTIPROCESS_DB_PATH"]}}
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Plain HTTP between the test and the servers on loopback.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

for _name in ("REGION", "USER_POOL_ID", "CLIENT_ID", "CLIENT_SECRET", "ENDPOINT_URL", "ISSUER"):
    if f"COGNITO_CHALLENGE_{_name}" in os.environ:
        globals()[f"COGNITO_CHALLENGE_{_name}"] = os.environ[f"COGNITO_CHALLENGE_{_name}"]
