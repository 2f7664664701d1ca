"""Caches that fail as a lost Redis (or a database cache) would, for ``settings.CACHES``."""

from __future__ import annotations

from django.core.cache.backends.locmem import LocMemCache
from django.db import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

#: What each kind of lost cache raises, by name (the backend's OPTIONS["raises"]).
ERRORS = {"connection": ConnectionError, "redis": RedisConnectionError,
          "database": OperationalError}


class _Failing(LocMemCache):
    """The test suite's local-memory cache (its data kept) whose chosen methods raise."""

    failing: tuple[str, ...] = ()

    def __init__(self, name, params):
        super().__init__(name, params)
        self.error = ERRORS[params.get("OPTIONS", {}).get("raises", "connection")]

    def __getattribute__(self, name):
        if name in type(self).failing:
            raise object.__getattribute__(self, "error")("the cache went away")
        return super().__getattribute__(name)


class DownCache(_Failing):
    """Every read and write fails."""

    failing = ("get", "get_many", "set", "add", "incr", "touch", "delete", "delete_many",
               "set_many", "has_key")


class WritesFailCache(_Failing):
    """Reads work; clearing counts fails (the throttle's record of a success)."""

    failing = ("delete_many",)


class CountsFailCache(_Failing):
    """Reads work; counting a failure fails."""

    failing = ("add", "incr")


def cache_settings(backend: str, raises: str = "connection") -> dict:
    return {"default": {"BACKEND": f"tests.faults.caches.{backend}",
                        "OPTIONS": {"raises": raises}}}
