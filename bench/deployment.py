"""A deployment to load: PostgreSQL, Redis, a local Cognito and one gunicorn instance.

The services and the instance are those of the production tests (``tests/production``): the
same PostgreSQL and Redis servers, the same settings, ``gunicorn --workers 2 --threads 4``.
The local Cognito runs as its command-line server in a process of its own, so that its work
shares no GIL with the load generator or the app. Everything started here is stopped on the way
out of :func:`deployed`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.processes import free_port, stop
from tests.production import instances
from tests.production.instances import OPENER, ROOT, Instance
from tests.production.services import PostgresServer, RedisServer, postgres_bin_dir

DATABASE = "bench"
POOL_ID = "us-east-1_BenchPool1"
CLIENT_ID = "benchclient000000000000001"
COGNITO_START_TIMEOUT = 300  # seconds: the server computes each seeded user's SRP verifier


def missing() -> str | None:
    """Why a deployment cannot be started here, or None when everything it needs is installed."""
    if postgres_bin_dir() is None:
        return "PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (apt-get install redis-server)"
    for package in ("psycopg", "redis", "gunicorn"):
        if importlib.util.find_spec(package) is None:
            return f"the {package} package is not installed (pip install -e '.[dev]')"
    return None


@dataclass
class Deployment:
    """What the load is sent to, and what it shares."""

    instance: Instance
    postgres: PostgresServer
    redis: RedisServer
    cognito: CognitoProcess
    env: dict[str, str]  # the app's environment: its database, cache and Cognito settings

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time each service has used so far, its child processes included (Linux only:
        empty elsewhere). PostgreSQL's backends count while they live, as persistent ones do."""
        used = _cpu_by_process()
        if not used:
            return {}
        postmaster = int((self.postgres.data / "postmaster.pid").read_text().split()[0])
        roots = {"gunicorn": self.instance.process.pid, "postgres": postmaster,
                 "local cognito": self.cognito.process.pid, "redis": self.redis.process.pid}
        return {name: sum(cpu for pid, (parent, cpu) in used.items() if root in (pid, parent))
                for name, root in roots.items()}


def _cpu_by_process() -> dict[int, tuple[int, float]]:
    """Each process's parent and CPU seconds (user + system), from ``/proc``."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    used = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # the process ended meanwhile
            continue
        used[int(stat.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return used


@contextlib.contextmanager
def deployed(seed: dict[str, Any]) -> Iterator[Deployment]:
    """Start everything, with a local Cognito seeded with ``seed``; stop it all afterwards."""
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        # The Cognito server seeds its users while PostgreSQL starts and the app migrates.
        cognito = stack.enter_context(_local_cognito(seed, workdir))
        postgres = stack.enter_context(_postgres())
        redis = stack.enter_context(_redis(workdir))
        env = {**instances.database_env(postgres, redis, DATABASE), **_cognito_env(cognito.url)}
        instances.migrate(env)
        cognito.wait_until_up()
        instance = stack.enter_context(_gunicorn(env, workdir))
        yield Deployment(instance, postgres, redis, cognito, env)


@contextlib.contextmanager
def _postgres() -> Iterator[PostgresServer]:
    server = PostgresServer(postgres_bin_dir())
    try:
        server.init()
        server.start()
        server.create_database(DATABASE)
        yield server
    finally:
        if server.is_running():
            server.stop()
        server.remove()


@contextlib.contextmanager
def _redis(workdir: Path) -> Iterator[RedisServer]:
    server = RedisServer(shutil.which("redis-server"), workdir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], workdir: Path) -> Iterator[Instance]:
    instance = instances.start_instance("bench", env, workdir)
    try:
        instances.wait_until_up(instance)
        yield instance
    finally:
        instances.stop_instances([instance])


@dataclass
class CognitoProcess:
    """The command-line local Cognito (``python -m django_cognito_challenge.testing serve``)."""

    url: str
    process: subprocess.Popen
    log: Path

    def answers(self) -> bool:
        try:
            with OPENER.open(f"{self.url}/_local/outbox?username=-", timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + COGNITO_START_TIMEOUT
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the local Cognito did not start:\n"
                                   f"{self.log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)


@contextlib.contextmanager
def _local_cognito(seed: dict[str, Any], workdir: Path) -> Iterator[CognitoProcess]:
    seed_file, log = workdir / "seed.json", workdir / "local-cognito.log"
    seed_file.write_text(json.dumps({**seed, "pool": {**seed.get("pool", {}), "id": POOL_ID},
                                     "client": {**seed.get("client", {}), "id": CLIENT_ID}}))
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "django_cognito_challenge.testing", "serve",
             "--port", str(port), "--seed", str(seed_file)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        yield CognitoProcess(f"http://127.0.0.1:{port}", process, log)
    finally:
        stop(process)


def _cognito_env(url: str) -> dict[str, str]:
    """The app's ``COGNITO_CHALLENGE_*`` settings for the seeded pool and client."""
    return {"COGNITO_CHALLENGE_REGION": POOL_ID.split("_")[0],
            "COGNITO_CHALLENGE_USER_POOL_ID": POOL_ID,
            "COGNITO_CHALLENGE_CLIENT_ID": CLIENT_ID,
            "COGNITO_CHALLENGE_ENDPOINT_URL": url,
            "COGNITO_CHALLENGE_ISSUER": f"{url}/{POOL_ID}"}


PLAIN_SESSIONS = """\
import json, sys, django
django.setup()
from django.conf import settings
from django.contrib import auth
from django.contrib.sessions.backends.db import SessionStore
from bench.flows import verify_for_django_otp
made = []
for name in sys.argv[1:]:
    user = auth.get_user_model().objects.create_user(name)
    session = SessionStore()
    session[auth.SESSION_KEY] = str(user.pk)
    session[auth.BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
    verify_for_django_otp(session, user)
    made.append([name, session.session_key])
print(json.dumps(made))
"""


def plain_sessions(deployment: Deployment, names: list[str]) -> list[tuple[str, str]]:
    """Sessions as ``django.contrib.auth.login`` writes them, verified for django-otp, without
    Cognito tokens: (username, session key) for each new user named."""
    result = subprocess.run(
        [sys.executable, "-c", PLAIN_SESSIONS, *names], cwd=ROOT, env=deployment.env,
        capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"making plain sessions failed:\n{result.stderr[-3000:]}")
    return [tuple(pair) for pair in json.loads(result.stdout)]
