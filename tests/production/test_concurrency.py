"""Many people at once through both instances: every sign-in succeeds, each person is stored
once, nothing is lost. The durations are printed for the record (run with ``-s``), never
asserted: timing figures belong in ``bench/``."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .browser import Page
from .steps import HOME, home, is_try_again_page, open_login, sign_in_with_password, submit_password

PEOPLE = 200
THREADS = 16  # the bound on sign-ins in flight
SAME_PERSON = 20


@dataclass(frozen=True)
class Outcome:
    username: str
    seconds: float
    session_key: str | None
    error: str | None = None


def timed_sign_in(deployment, username: str, first: int) -> Outcome:
    """Login page, password, home page; alternating instances, starting with ``first``."""
    person = deployment.person(first)
    started = time.perf_counter()
    try:
        sign_in_with_password(person, username)
    except (AssertionError, OSError) as error:  # kept, so every failure is reported at once
        return Outcome(username, time.perf_counter() - started, None, repr(error))
    return Outcome(username, time.perf_counter() - started, person.cookie("sessionid"))


def report(outcomes: list[Outcome], total: float) -> str:
    centiles = statistics.quantiles([o.seconds for o in outcomes], n=100, method="inclusive")
    return (f"\n{len(outcomes)} sign-ins ({THREADS} threads, 2 instances x 2 workers): "
            f"p50 {centiles[49] * 1000:.0f} ms, p99 {centiles[98] * 1000:.0f} ms, "
            f"total {total:.1f} s")


def test_200_concurrent_sign_ins_all_succeed_and_each_person_is_stored_once(
        deployment, cognito):
    names = [f"person{i:03d}" for i in range(PEOPLE)]
    for name in names:
        cognito.add_user(name)

    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(lambda i: timed_sign_in(deployment, names[i], i % 2),
                                 range(PEOPLE)))
    total = time.perf_counter() - started
    print(report(outcomes, total))

    assert [(o.username, o.error) for o in outcomes if o.error] == []
    assert deployment.query("SELECT username FROM auth_user ORDER BY username") == [
        (name,) for name in names]
    assert deployment.query("SELECT count(*), count(DISTINCT sub) FROM "
                            "cognito_challenge_cognitoidentity") == [(PEOPLE, PEOPLE)]
    stored = {key for (key,) in deployment.query("SELECT session_key FROM django_session")}
    assert {o.session_key for o in outcomes} <= stored  # every session was kept
    assert "Traceback" not in deployment.logs()


def first_sign_ins_at_once(deployment, username: str) -> tuple[list, list[Page]]:
    """``SAME_PERSON`` browsers open the login page, then submit it at the same moment."""
    people = [deployment.person(i % 2) for i in range(SAME_PERSON)]
    for person in people:
        open_login(person)
    start = threading.Barrier(SAME_PERSON)

    def submit(person) -> Page:
        start.wait(timeout=30)
        return submit_password(person, username)

    with ThreadPoolExecutor(SAME_PERSON) as pool:
        return people, list(pool.map(submit, people))


def test_twenty_simultaneous_first_sign_ins_of_one_person_store_one_user(deployment, cognito):
    cognito.add_user("newton")
    people, pages = first_sign_ins_at_once(deployment, "newton")

    signed_in = [(p, page) for p, page in zip(people, pages, strict=True)
                 if (page.status, page.location) == (302, HOME)]
    retry = [page for page in pages if is_try_again_page(page, page.status)]
    print(f"\n{SAME_PERSON} simultaneous first sign-ins of one person: {len(signed_in)} signed "
          f"in, {len(retry)} asked to try again")
    assert len(signed_in) + len(retry) == SAME_PERSON, [(p.status, p.text[:200]) for p in pages]
    assert signed_in  # the race has a winner
    for person, _ in signed_in:
        assert home(person) == "home: newton"
    assert deployment.count("users") == 1
    assert deployment.count("identities") == 1
    assert "Traceback" not in deployment.logs()
