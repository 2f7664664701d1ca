"""The load generator: a few client threads, each a browser doing one thing again and again.

Clients are plain ``urllib`` browsers (``tests/production/browser.py``): the work is the
server's, the generator only sends requests and reads pages, so threads sharing one GIL keep up.
Its own CPU time is measured too, so a run shows whether it did.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django_cognito_challenge.testing import totp
from tests.production.browser import Page, Person
from tests.production.instances import Instance
from tests.production.steps import code_sign_in, home_with_session

from .measure import percentile

#: What a failed step raises: a page not as expected, a connection refused, reset or cut short.
FAILURES = (AssertionError, OSError, http.client.HTTPException)

Step = Callable[[], None]  # one unit of work; raises StopIteration when there is none left


@dataclass
class Load:
    """What one load did: every completed step's latency, every failure, and for how long."""

    clients: int
    seconds: float = 0.0  # from the start to the last client's end
    latencies: list[float] = field(default_factory=list)  # seconds, of the steps that succeeded
    errors: Counter[str] = field(default_factory=Counter)
    cpu_seconds: float = 0.0  # the load generator's own
    ran_out: bool = False  # the work ran out before the time did
    server_cpu: Counter[str] = field(default_factory=Counter)  # seconds, by service
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, seconds: float, error: str | None) -> None:
        with self._lock:
            if error is None:
                self.latencies.append(seconds)
            else:
                self.errors[error] += 1

    @property
    def rate(self) -> float:
        """Successful steps per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def details(self) -> dict[str, object]:
        return {"clients": self.clients, "duration_s": round(self.seconds, 2),
                "completed": len(self.latencies), "errors": sum(self.errors.values()),
                "p50_ms": self.p(0.50), "p99_ms": self.p(0.99),
                "load_generator_cpu": round(self.cpu_seconds / self.seconds, 2),
                "ran_out_of_work": self.ran_out,
                "server_cpu_ms_per_step": {name: round(seconds * 1000 / len(self.latencies), 2)
                                           for name, seconds in self.server_cpu.items()
                                           if self.latencies}}

    def p(self, fraction: float) -> float | None:
        """The ``fraction`` quantile of the latencies, in milliseconds."""
        return round(percentile(self.latencies, fraction) * 1000, 1) if self.latencies else None


def run_load(steps: list[Step], seconds: float,
             cpu: Callable[[], dict[str, float]] = dict) -> Load:
    """Each step in its own thread, again and again, for ``seconds``; started at once.

    ``cpu`` tells the CPU seconds the services have used so far: the load's share is kept.
    """
    load = Load(len(steps))
    server_cpu = cpu()
    start = threading.Barrier(len(steps) + 1)
    deadline: list[float] = []
    threads = [threading.Thread(target=_client, args=(step, start, deadline, load))
               for step in steps]
    for thread in threads:
        thread.start()
    own_cpu = time.process_time()
    deadline.append(time.perf_counter() + seconds)
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - began
    load.cpu_seconds = time.process_time() - own_cpu
    load.server_cpu = Counter(cpu()) - Counter(server_cpu)
    return load


def merged(rounds: list[Load]) -> Load:
    """The rounds of one load as one: their latencies, errors, durations and CPU together."""
    total = Load(rounds[0].clients)
    for load in rounds:
        total.seconds += load.seconds
        total.cpu_seconds += load.cpu_seconds
        total.latencies += load.latencies
        total.errors.update(load.errors)
        total.ran_out |= load.ran_out
        total.server_cpu.update(load.server_cpu)
    return total


def _client(step: Step, start: threading.Barrier, deadline: list[float], load: Load) -> None:
    start.wait()
    while time.perf_counter() < deadline[0]:
        began = time.perf_counter()
        try:
            step()
        except StopIteration:
            load.ran_out = True
            return
        except FAILURES as error:  # counted, and the client goes on, as the next person would
            load.record(time.perf_counter() - began, _kind(error))
            continue
        load.record(time.perf_counter() - began, None)


def _kind(error: BaseException) -> str:
    """A short description of a failure, for counting failures of one kind together."""
    page = error.args[0] if error.args else None
    if isinstance(page, Page):  # a step's assertion: which page came instead
        return f"unexpected page: {page.status} {page.location or page.content_type}"
    return f"{type(error).__name__}: {str(error)[:120]}"


class Shared:
    """An iterator several clients draw from, one item each time."""

    def __init__(self, items: Iterable) -> None:
        self._items = iter(items)
        self._lock = threading.Lock()

    def __next__(self):
        with self._lock:
            return next(self._items)


def signing_in(instance: Instance, users: Shared) -> Step:
    """A step: a new browser signs the next user in with password and TOTP code, to home."""
    def step() -> None:
        username, secret = next(users)
        code_sign_in(Person([instance]), username, lambda _: totp.code_for(secret, time.time()))
    return step


def signed_in(instance: Instance, sessions: list[tuple[str, str]]) -> Step:
    """A step: GET the home page (it reads ``request.user``) in the next of ``sessions``."""
    turns: Iterator[tuple[str, str]] = itertools.cycle(sessions)

    def step() -> None:
        username, session_key = next(turns)
        text = home_with_session(instance, session_key)
        assert text == f"home: {username}", text[:120]
    return step


def sign_in_people(instance: Instance, users: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Sign each user in, one after the other: (username, session key) of each."""
    sessions = []
    for username, secret in users:
        person = Person([instance])
        code_sign_in(person, username, lambda _, secret=secret: totp.code_for(secret, time.time()))
        sessions.append((username, person.cookie("sessionid")))
    return sessions
