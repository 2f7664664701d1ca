"""A database that fails on chosen statements, as a lost or restarting PostgreSQL would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection


@contextmanager
def database_fails_on(fragment: str,
                      error: Exception = DatabaseError("the database went away")) -> Iterator[None]:
    """Every SQL statement containing ``fragment`` raises ``error``."""
    def fail(execute, sql, params, many, context):
        if fragment in sql:
            raise error
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield
