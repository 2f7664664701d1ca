"""Follow a docs page literally: its shell commands in order, its files as captioned.

A page's steps are its ```` ```console ```` blocks (each ``$ `` line is a command) and its
``{code-block}`` blocks whose caption names a file: ``mysite/urls.py`` writes the file,
``mysite/settings.py (add at the end)`` appends to it. A command outside ``KNOWN`` fails the test,
so a page cannot gain a step nobody runs. The one substitution: ``pip install`` takes this
checkout where the page names the package, which is not on PyPI yet.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.processes import stop

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "django-cognito-challenge"
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.S | re.M)
CAPTION = re.compile(r"^:caption:\s*(?P<path>\S+)(?P<append>\s+\(add at the end\))?\s*$")
#: Commands that serve until stopped, and the port each listens on once ready.
SERVERS = {("python", "-m", "django_cognito_challenge.testing", "serve"): 9229,
           ("python", "manage.py", "runserver"): 8000}
KNOWN = ("python3 -m venv", "source .venv/bin/activate", "pip install", "django-admin",
         "python manage.py", "python -m django_cognito_challenge.testing", "pytest")


@dataclass(frozen=True)
class Step:
    command: str = ""  #: a shell command, or
    path: str = ""  #: a file to write
    text: str = ""
    append: bool = False


def steps(page: Path) -> list[Step]:
    """The page's commands and files, in reading order."""
    found = []
    for block in FENCE.finditer(page.read_text()):
        info, body = block["info"].strip(), block["body"]
        if info == "console":
            found += [Step(command=line[2:].strip()) for line in body.splitlines()
                      if line.startswith("$ ")]
        elif info.startswith("{code-block}"):
            options, _, text = body.partition("\n\n")
            caption = next((CAPTION.match(line) for line in options.splitlines()
                            if CAPTION.match(line)), None)
            if caption:
                found.append(Step(path=caption["path"], text=text,
                                  append=bool(caption["append"])))
    return found


@dataclass
class Site:
    """A directory where a page's steps run, with the virtual environment they made."""

    directory: Path
    log: list[str] = field(default_factory=list)
    servers: list[subprocess.Popen] = field(default_factory=list)
    active: bool = False

    def follow(self, page: Path) -> None:
        for step in steps(page):
            if step.path:
                self.write(step)
            else:
                self.run(step.command)

    def write(self, step: Step) -> None:
        target = self.directory / step.path
        target.parent.mkdir(parents=True, exist_ok=True)
        self.log.append(f"{'append to' if step.append else 'write'} {step.path}")
        with target.open("a" if step.append else "w") as file:
            file.write(("\n" if step.append else "") + step.text)

    def run(self, command: str) -> None:
        assert command.startswith(KNOWN), f"a docs command no test knows how to run: {command}"
        self.log.append(command)
        if command == "source .venv/bin/activate":
            self.active = True
            return
        argv = self._pip(shlex.split(command))
        port = SERVERS.get(tuple(argv))
        if port is not None:
            self.serve(argv, port)
            return
        result = subprocess.run(argv, cwd=self.directory, env=self.env(), capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
        self.log.append(result.stdout[-2000:])

    def _pip(self, argv: list[str]) -> list[str]:
        if argv[:2] != ["pip", "install"]:
            return argv
        return [*argv[:2], "--quiet", "--disable-pip-version-check",
                *(str(ROOT) + spec.removeprefix(PACKAGE) if spec.startswith(PACKAGE) else spec
                  for spec in argv[2:])]

    def serve(self, argv: list[str], port: int) -> None:
        assert not listening(port), f"port {port} is taken: stop what runs there to run this test"
        process = subprocess.Popen(argv, cwd=self.directory, env=self.env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True)
        self.servers.append(process)
        deadline = time.monotonic() + 30
        while not listening(port):
            assert process.poll() is None, f"{' '.join(argv)} stopped: {process.stderr.read()}"
            assert time.monotonic() < deadline, f"{' '.join(argv)} never listened on {port}"
            time.sleep(0.1)

    def env(self) -> dict[str, str]:
        """A shell's environment: this test's own Django and Python settings left out."""
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("DJANGO_", "PYTHON", "PYTEST", "VIRTUAL_ENV"))}
        if self.active:
            venv = self.directory / ".venv"
            env["VIRTUAL_ENV"] = str(venv)
            env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
        return env

    def close(self) -> None:
        for process in self.servers:
            if process.poll() is None:
                os.killpg(process.pid, 15)  # runserver's autoreloader runs a child
            stop(process)


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0
