"""This site's own stores (the cache, the database) failing during a sign-in step.

The sign-in flow turns these failures into :class:`~.cognito.errors.StoreUnavailable`, logged
here as one warning (the error's type only: a database error's text can quote a query), and the
page says "try again" with 503. The throttle fails closed: a limit that cannot be read refuses
the step before Cognito is called.

A failure of Django's own session middleware (a session that cannot be loaded or saved) happens
outside every sign-in view, before or after it: Django answers it with its 500 handling.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError

from .cognito.errors import StoreUnavailable

logger = logging.getLogger(__name__)


def _store_errors() -> tuple[type[Exception], ...]:
    """What a cache or database raises when it cannot be reached (Redis's own, when installed).

    Only losses of a connection: an ``IntegrityError`` or ``ProgrammingError`` is a bug, a 500.
    """
    found: list[type[Exception]] = [OperationalError, InterfaceError, ConnectionError,
                                    TimeoutError]
    try:
        from redis import exceptions as redis_errors
    except ImportError:  # Redis is optional: other caches raise the built-in errors above
        pass
    else:
        found += [redis_errors.ConnectionError, redis_errors.TimeoutError]
    return tuple(found)


#: A cache or database that could not answer; Django's Redis cache raises Redis's own errors.
STORE_ERRORS = _store_errors()


def unavailable(error: Exception, where: str, *, restart: bool) -> StoreUnavailable:
    """Log ``error`` once and return the sign-in error to raise in its place."""
    logger.warning("Sign-in store unavailable at %s: %s", where, type(error).__name__)
    return StoreUnavailable(f"{where}: {type(error).__name__}", restart=restart)
