"""The services a deployment runs beside the app, started privately on loopback for the tests.

``PostgresServer`` runs Debian's PostgreSQL from a temporary directory, as the ``postgres`` OS
user when the tests run as root (PostgreSQL refuses to run as root). ``RedisServer`` runs a
redis-server without persistence. Both can be stopped and started again on the same port, so a
test can take a service away mid-run.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.processes import free_port, stop

START_TIMEOUT = 30  # seconds for a service to answer


def postgres_bin_dir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` are: on PATH, or Debian's newest /usr/lib/postgresql."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                        key=lambda path: int(Path(path).parts[-3]))
    return Path(candidates[-1]).parent if candidates else None


class PostgresServer:
    """A throwaway PostgreSQL cluster on ``127.0.0.1:<port>`` with trust authentication."""

    user = "postgres"

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = free_port()
        # Not under pytest's tmp dirs: those are private to root, and the server runs as postgres.
        self.root = Path(tempfile.mkdtemp(prefix="production-postgres-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"

    def _as_owner(self, *command: str) -> list[str]:
        run_as = ["runuser", "-u", self.user, "--"] if os.geteuid() == 0 else []
        return [*run_as, *command]

    def _run(self, *command: str) -> None:
        # Output to a file, not a pipe: the server pg_ctl forks would hold a pipe open.
        output = self.root / "commands.log"
        with output.open("ab") as out:
            code = subprocess.run(self._as_owner(*command), stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=120, check=False).returncode
        if code != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{output.read_text()[-3000:]}"
                               f"\n{self.log_tail()}")

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, self.user, self.user)
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-A", "trust",
                  "-U", self.user, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")

    def _pg_ctl(self, action: str, *options: str) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), action, "-D", str(self.data), "-w",
                  "-t", str(START_TIMEOUT), *options)

    def _server_options(self) -> tuple[str, ...]:
        # fsync off: a test cluster trades durability for speed; the socket stays in our dir.
        return ("-l", str(self.log),
                "-o", f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off")

    def start(self) -> None:
        self._pg_ctl("start", *self._server_options())

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def restart(self) -> None:
        """``pg_ctl restart``: every open connection is closed; the cluster answers again."""
        self._pg_ctl("restart", "-m", "fast", *self._server_options())

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def connect(self, dbname: str = "postgres"):
        """A psycopg connection in autocommit mode (the caller closes it)."""
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=self.user,
                               dbname=dbname, autocommit=True, connect_timeout=5)

    def create_database(self, name: str, template: str | None = None) -> None:
        from psycopg import sql

        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self.connect() as connection:
            connection.execute(statement)


class RedisServer:
    """A redis-server on ``127.0.0.1:<port>`` without persistence; stop and start it again."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = workdir / "redis.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                 "--appendonly", "no", "--dir", str(self.workdir)],
                stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{self.log.read_text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=1)

    def answers(self) -> bool:
        import redis

        client = self.client()
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def flush(self) -> None:
        client = self.client()
        try:
            client.flushdb()
        finally:
            client.close()
