"""App-level brute-force limits, independent of Cognito's lockout (which sees only the server).

Failed sign-ins (passwords and codes) are counted per (account, IP) and per IP in the Django
cache; past a limit the flow refuses before calling Cognito (ASVS 6.3.1, 6.6.3). An account is
known by every name the sign-in has used: the name typed and, once Cognito has said it, the
canonical username, so each alias of one account draws on the same budget. A limit covers the
current window and the one before, so bursts timed at a window's edge gain nothing. Use a shared
cache (Redis, Memcached, database) when the site runs several processes.

The limits fail closed: a cache that cannot be read raises its error from :func:`is_blocked`, and
the caller refuses the step without calling Cognito (the flow answers 503, "try again").
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable

from django.core.cache import cache

from . import clock
from .cognito import errors
from .conf import app_settings


def _account_key(name: str, ip: str | None, window: int) -> str:
    account = hashlib.sha256(f"{name.strip().lower()}|{ip}".encode()).hexdigest()[:32]
    return f"cognito_challenge:throttle:{window}:account:{account}"


def _ip_key(ip: str | None, window: int) -> str:
    return f"cognito_challenge:throttle:{window}:ip:{ip}"


def _window() -> int:
    return int(clock.now() // app_settings.THROTTLE_WINDOW)


def _names(names: Iterable[str]) -> set[str]:
    return {n.strip().lower() for n in names if n and n.strip()}


def is_blocked(names: Iterable[str], ip: str | None) -> bool:
    """True when any name of this account, or the address, has reached its limit."""
    now = _window()
    accounts = {name: [_account_key(name, ip, w) for w in (now, now - 1)]
                for name in _names(names)}
    addresses = [_ip_key(ip, w) for w in (now, now - 1)]
    counts = cache.get_many([*addresses, *(k for keys in accounts.values() for k in keys)])
    worst = max((sum(counts.get(k, 0) for k in keys) for keys in accounts.values()), default=0)
    return (worst >= app_settings.THROTTLE_ACCOUNT_LIMIT
            or sum(counts.get(k, 0) for k in addresses) >= app_settings.THROTTLE_IP_LIMIT)


def retry_after() -> int:
    """Seconds after which a limit reached now has surely lifted: no failure of now still counts.

    The same for every account and address (the windows are the site's), so it tells nothing
    about anyone's count.
    """
    ends = (_window() + 2) * app_settings.THROTTLE_WINDOW  # the next window's end
    return max(1, math.ceil(ends - clock.now()))


def record_failure(names: Iterable[str], ip: str | None) -> None:
    """Count one failure against each name of the account and once against the address."""
    now = _window()
    for key in [*(_account_key(n, ip, now) for n in _names(names)), _ip_key(ip, now)]:
        _increment(key)


def record_success(names: Iterable[str], ip: str | None) -> None:
    now = _window()
    cache.delete_many([_account_key(n, ip, w) for n in _names(names) for w in (now, now - 1)])


def once_per(seconds: int, purpose: str, name: str, ip: str | None) -> bool:
    """True at most once per ``seconds`` for this (purpose, account, IP): claim the turn."""
    if seconds <= 0:
        return True
    account = hashlib.sha256(f"{purpose}|{name.strip().lower()}|{ip}".encode()).hexdigest()[:32]
    key, now = f"cognito_challenge:once:{account}", clock.now()
    if cache.add(key, now, timeout=seconds):
        return True
    # The entry expires with the interval; its time is checked too, so the app's clock rules.
    last = cache.get(key)
    if isinstance(last, (int, float)) and now - last < seconds:
        return False
    cache.set(key, now, timeout=seconds)
    return True


def claim_code_turn(purpose: str, seconds: int, name: str, ip: str | None) -> None:
    """Before a code is sent to ``name``: refuse past a limit, or within ``seconds`` of the last
    code for this (purpose, account, IP); then spend the budget a failed sign-in spends."""
    if is_blocked([name], ip):
        raise errors.SignInThrottled("too many attempts", retry_after=retry_after())
    if not once_per(seconds, purpose, name, ip):
        raise errors.ResendTooSoon("resend interval")
    record_failure([name], ip)


def _increment(key: str) -> None:
    timeout = 2 * app_settings.THROTTLE_WINDOW
    if not cache.add(key, 1, timeout=timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=timeout)
        else:
            # The database and file caches' incr() rewrites the key with the default TIMEOUT.
            cache.touch(key, timeout)
