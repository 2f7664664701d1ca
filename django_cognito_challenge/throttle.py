"""App-level brute-force limits, independent of Cognito's lockout (which sees only the server).

Failed sign-ins are counted per (username, IP) and per IP in the Django cache; past a limit the
sign-in page refuses without calling Cognito (ASVS 6.3.1). A limit covers the current window and
the one before, so bursts timed at a window's edge gain nothing. Use a shared cache (Redis,
Memcached, database) when the site runs several processes.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from . import clock
from .conf import app_settings


def _keys(username: str, ip: str | None, window: int) -> tuple[str, str]:
    account = hashlib.sha256(f"{username.strip().lower()}|{ip}".encode()).hexdigest()[:32]
    return (f"cognito_challenge:throttle:{window}:account:{account}",
            f"cognito_challenge:throttle:{window}:ip:{ip}")


def _window() -> int:
    return int(clock.now() // app_settings.THROTTLE_WINDOW)


def is_blocked(username: str, ip: str | None) -> bool:
    now = _window()
    current, previous = _keys(username, ip, now), _keys(username, ip, now - 1)
    counts = cache.get_many([*current, *previous])
    account = counts.get(current[0], 0) + counts.get(previous[0], 0)
    address = counts.get(current[1], 0) + counts.get(previous[1], 0)
    return (account >= app_settings.THROTTLE_ACCOUNT_LIMIT
            or address >= app_settings.THROTTLE_IP_LIMIT)


def record_failure(username: str, ip: str | None) -> None:
    timeout = 2 * app_settings.THROTTLE_WINDOW
    for key in _keys(username, ip, _window()):
        if not cache.add(key, 1, timeout=timeout):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=timeout)


def record_success(username: str, ip: str | None) -> None:
    now = _window()
    cache.delete_many([_keys(username, ip, now)[0], _keys(username, ip, now - 1)[0]])
