"""Two app server processes sharing one Redis, as a deployment runs them.

``redis_url`` starts a private redis-server on loopback for the session; ``app_servers`` starts
two Django processes (``runserver --noreload --nothreading``) pointed at it, at a SQLite file and
at this test's local Cognito pool. Everything started here is stopped in ``finally`` blocks.
"""

from __future__ import annotations

import http.cookiejar
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.processes import free_port, stop

from ..signin.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.multiprocess.settings"
HTTP_TIMEOUT = 20  # seconds for one request; the slowest waits out a 1 s refresh
START_TIMEOUT = 30  # seconds for a process to answer
#: No proxies between the test and loopback, whatever the environment says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen
    log: Path


def wait_until(ready: Callable[[], bool], what: str, process: subprocess.Popen, log: Path) -> None:
    """Poll ``ready`` until it holds (bounded); fail early if the process died."""
    deadline = time.monotonic() + START_TIMEOUT
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what} did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.05)


# -- Redis ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A private redis-server on a free loopback port, without persistence."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    if importlib.util.find_spec("redis") is None:
        pytest.skip("the redis package is not installed (pip install -e '.[test]')")
    import redis

    workdir = tmp_path_factory.mktemp("redis")
    port = free_port()
    log = workdir / "redis.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(workdir)],
            stdout=out, stderr=subprocess.STDOUT)
    try:
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        wait_until(answers, "redis-server", process, log)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


# -- the Django processes -------------------------------------------------------------------


def server_env(redis_url: str, db_path: Path, **extra: str) -> dict[str, str]:
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": pythonpath,
            "PYTHONUNBUFFERED": "1", "MULTIPROCESS_REDIS_URL": redis_url,
            "MULTIPROCESS_DB_PATH": str(db_path), **extra}


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory, redis_url) -> Path:
    """A migrated SQLite file, copied for each test (``migrate`` runs once)."""
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput"], cwd=ROOT,
        env=server_env(redis_url, path), capture_output=True, text=True, timeout=120,
        check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return path


def answers_home(url: str) -> bool:
    try:
        with OPENER.open(f"{url}/home/", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def start_server(name: str, env: dict[str, str], workdir: Path) -> AppServer:
    port = free_port()
    log = workdir / f"server-{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", "--nothreading",
             f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return AppServer(f"http://127.0.0.1:{port}", process, log)


@pytest.fixture
def app_servers(cognito, redis_url, migrated_db, tmp_path) -> Iterator[Callable[..., tuple]]:
    """Start two app processes on this test's pool: ``app_servers(lock_cache="redis")``.

    ``lock_cache="locmem"`` keeps sessions in the shared Redis but gives each process its own
    default cache, so the refresh lock is not shared.
    """
    import redis

    started: list[AppServer] = []

    def start(lock_cache: str = "redis") -> tuple[AppServer, AppServer]:
        redis.Redis.from_url(redis_url).flushdb()
        db_path = tmp_path / "db.sqlite3"
        shutil.copyfile(migrated_db, db_path)
        cognito_env = {name: value for name, value in cognito.django_settings.items() if value}
        env = server_env(redis_url, db_path, MULTIPROCESS_LOCK_CACHE=lock_cache, **cognito_env)
        for name in ("a", "b"):
            started.append(start_server(name, env, tmp_path))
        for server in started:
            wait_until(lambda s=server: answers_home(s.url), f"app server {server.url}",
                       server.process, server.log)
        return started[0], started[1]

    try:
        yield start
    finally:
        for server in started:
            stop(server.process)


@pytest.fixture
def redis_sessions(settings, redis_url) -> Callable[[str], object]:
    """Open a session the servers keep in Redis: ``redis_sessions(session_key)``."""
    settings.CACHES = {**settings.CACHES, "sessions": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    settings.SESSION_CACHE_ALIAS = "sessions"
    from django.contrib.sessions.backends.cache import SessionStore

    return lambda session_key: SessionStore(session_key=session_key)


# -- a plain HTTP client --------------------------------------------------------------------


def sign_in(server: AppServer, username: str, password: str = PASSWORD) -> str:
    """Sign in through the login page with a cookie jar; return the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                          urllib.request.HTTPCookieProcessor(jar))
    with browser.open(f"{server.url}/accounts/login/", timeout=HTTP_TIMEOUT) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    with browser.open(f"{server.url}/accounts/login/", urlencode(form).encode(),
                      timeout=HTTP_TIMEOUT) as response:
        assert (response.geturl(), response.read()) == (
            f"{server.url}/home/", f"home: {username}".encode())
    return next(cookie.value for cookie in jar if cookie.name == "sessionid")


def get_home(server: AppServer, session_key: str) -> tuple[int, bytes]:
    """GET /home/ carrying only the session cookie."""
    request = urllib.request.Request(f"{server.url}/home/",
                                     headers={"Cookie": f"sessionid={session_key}"})
    with OPENER.open(request, timeout=HTTP_TIMEOUT) as response:
        return response.status, response.read()
