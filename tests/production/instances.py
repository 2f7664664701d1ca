"""The app as it is deployed: gunicorn instances on loopback, each with several workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tests.processes import free_port, stop

if TYPE_CHECKING:
    from .services import PostgresServer, RedisServer

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.production.settings"
WSGI_APP = "django.core.wsgi:get_wsgi_application()"
START_TIMEOUT = 30  # seconds for an instance to answer
WORKERS = 2
THREADS = 4  # per worker: requests of one instance really overlap
#: No proxies between the test and loopback, whatever the environment says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Instance:
    name: str
    url: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def app_env(**values: str) -> dict[str, str]:
    """The environment of a Django process run with the production settings."""
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": pythonpath,
            "PYTHONUNBUFFERED": "1", **values}


def database_env(postgres: PostgresServer, redis: RedisServer, name: str) -> dict[str, str]:
    """The environment of a Django process on this PostgreSQL database and this Redis."""
    return app_env(PRODUCTION_DB_PORT=str(postgres.port), PRODUCTION_DB_NAME=name,
                   PRODUCTION_REDIS_URL=redis.url)


def migrate(env: dict[str, str]) -> None:
    """Run ``manage.py migrate`` once, as a deployment does before starting the app."""
    result = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"migrate failed:\n{result.stdout}{result.stderr}")


def control_socket_options() -> list[str]:
    import gunicorn

    # gunicorn 27 opens a control socket at one path in ~/.gunicorn for every instance.
    return ["--no-control-socket"] if gunicorn.version_info >= (27,) else []


def start_instance(name: str, env: dict[str, str], workdir: Path) -> Instance:
    """Start ``gunicorn --workers 2`` on a free loopback port; its output goes to a file."""
    port = free_port()
    log = workdir / f"gunicorn-{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", WSGI_APP, "--bind", f"127.0.0.1:{port}",
             "--workers", str(WORKERS), "--threads", str(THREADS), "--timeout", "60",
             # Django imported once in the arbiter, then forked: the workers start fast.
             "--preload", "--name", f"production-{name}", *control_socket_options()],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Instance(name, f"http://127.0.0.1:{port}", process, log)


def answers(instance: Instance) -> bool:
    try:
        with OPENER.open(f"{instance.url}/home/", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def wait_until_up(instance: Instance) -> None:
    """Poll the instance's home page (bounded); fail with its log if it died or never answered."""
    deadline = time.monotonic() + START_TIMEOUT
    while not answers(instance):
        if instance.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn {instance.name} did not start:\n"
                               f"{instance.log_text()[-3000:]}")
        time.sleep(0.05)


def stop_instances(instances: list[Instance]) -> None:
    """SIGINT to every instance first (gunicorn's quick shutdown, workers included), then reap
    each; one that lingers is killed."""
    for instance in instances:
        if instance.process.poll() is None:
            instance.process.send_signal(signal.SIGINT)
    for instance in instances:
        stop(instance.process, timeout=10)
