"""A deployment on loopback: PostgreSQL, Redis, the local Cognito and two gunicorn instances.

Session-scoped: a PostgreSQL cluster in a temporary directory (run as the ``postgres`` OS user
when the tests run as root), a redis-server, and a database migrated once as a template.
Per test: a database copied from the template, an empty Redis, a fresh local Cognito pool (the
``cognito`` fixture) and two gunicorn instances (``--workers 2``) pointed at them. Everything
started here is stopped in ``finally`` blocks; a test that stops a service gets it back.
"""

from __future__ import annotations

import importlib.util
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .browser import Person
from .instances import (
    Instance,
    database_env,
    migrate,
    start_instance,
    stop_instances,
    wait_until_up,
)
from .services import PostgresServer, RedisServer, postgres_bin_dir

TEMPLATE_DATABASE = "app_template"
#: The tables a test counts rows of, by what they hold.
TABLES = {"users": "auth_user", "identities": "cognito_challenge_cognitoidentity",
          "devices": "cognito_challenge_remembereddevice", "sessions": "django_session"}


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A private PostgreSQL on a free loopback port, trust authentication, fsync off."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)")
    if importlib.util.find_spec("psycopg") is None:
        pytest.skip("the psycopg package is not installed (pip install -e '.[dev]')")
    server = PostgresServer(bin_dir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        if server.is_running():
            server.stop()
        server.remove()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    """A private redis-server on a free loopback port, without persistence."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    if importlib.util.find_spec("redis") is None:
        pytest.skip("the redis package is not installed (pip install -e '.[test]')")
    server = RedisServer(binary, tmp_path_factory.mktemp("redis"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def template_database(postgres, redis_server) -> str:
    """A database ``migrate`` ran on once; each test's database is a copy of it."""
    postgres.create_database(TEMPLATE_DATABASE)
    migrate(database_env(postgres, redis_server, TEMPLATE_DATABASE))
    return TEMPLATE_DATABASE


@dataclass
class Deployment:
    """Two app instances and what they share, as a test sees them."""

    instances: list[Instance]
    database: str
    postgres: PostgresServer
    redis: RedisServer

    def person(self, first: int = 0) -> Person:
        """A new browser; its first request goes to instance ``first``, then they alternate."""
        return Person(self.instances, first)

    def query(self, sql: str, *params: Any) -> list[tuple]:
        with self.postgres.connect(self.database) as connection:
            return connection.execute(sql, params).fetchall()

    def count(self, what: str) -> int:
        """Rows of ``users``, ``identities``, ``devices`` or ``sessions``."""
        return self.query(f"SELECT count(*) FROM {TABLES[what]}")[0][0]

    def logs(self) -> str:
        return "\n".join(instance.log_text() for instance in self.instances)


def start_instances(env: dict[str, str], workdir, started: list[Instance]) -> None:
    for name in ("a", "b"):
        started.append(start_instance(name, env, workdir))
    for instance in started:
        wait_until_up(instance)


@pytest.fixture
def deployment(cognito, postgres, redis_server, template_database, tmp_path
               ) -> Iterator[Deployment]:
    """Two gunicorn instances on this test's pool, database and an emptied Redis."""
    database = f"test_{uuid.uuid4().hex[:12]}"
    postgres.create_database(database, template=template_database)
    redis_server.flush()
    cognito_env = {name: value for name, value in cognito.django_settings.items() if value}
    env = {**database_env(postgres, redis_server, database), **cognito_env}
    started: list[Instance] = []
    try:
        start_instances(env, tmp_path, started)
        yield Deployment(started, database, postgres, redis_server)
    finally:
        stop_instances(started)
        # A test that took a service away gives it back to the next test here at the latest.
        if not redis_server.is_running():
            redis_server.start()
        if not postgres.is_running():
            postgres.start()
