"""Throughput through gunicorn (2 workers x 4 threads, PostgreSQL, Redis): sign-ins per second
and signed-in requests per second, with p50 / p99 latency and the error count (goal: 0).

The deployment is the production tests' (``bench/deployment.py``). The local Cognito runs in a
process of its own, with MFA required and every user a TOTP authenticator: each sign-in is the
whole of it, as a browser does it (login page, SRP password, code page, TOTP code, home page).
Signed-in requests GET a page that reads ``request.user``, in sessions signed in beforehand,
against the same page in sessions made as ``django.contrib.auth.login`` makes them (no Cognito
tokens), the two loads interleaved round by round.

A rate is the median over rounds; p50 and p99 are over every request of every round. The other
work on the machine shows in the rates: the load average at the start is in the notes.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from typing import Any

from django_cognito_challenge.testing import totp
from tests.production.steps import PASSWORD

from . import deployment as deployments
from .load import Load, Shared, merged, run_load, sign_in_people, signed_in, signing_in
from .measure import Figure, Skipped, exactly

NAME = "throughput"
CLIENTS = 4  # concurrent browsers: half of the instance's 2 x 4 threads
SESSIONS = 16  # signed-in sessions of each kind, shared among the clients
SIGN_INS = "sign-ins through gunicorn"
SIGNED_IN = "signed-in requests through gunicorn"
PLAIN = "plain Django session"


@dataclass(frozen=True)
class Plan:
    """How long the loads run, in seconds, and how many users the pool holds for them."""

    warmup: float  # before each kind of load, not counted
    seconds: float  # per round and load
    rounds: int
    users: int  # for the sign-in load: each signs in once (a TOTP code is good once)


NORMAL = Plan(warmup=3, seconds=10, rounds=3, users=4000)
QUICK = Plan(warmup=1, seconds=3, rounds=1, users=600)


def run(options) -> list[Figure | Skipped]:
    reason = deployments.missing()
    if reason:
        return [Skipped(NAME, reason)]
    plan = QUICK if options.quick else NORMAL
    users = [(f"bench{i:05d}", totp.new_secret()) for i in range(SESSIONS + plan.users)]
    with deployments.deployed(seed(users)) as deployment:
        cognito_sessions = sign_in_people(deployment.instance, users[:SESSIONS])
        plain = deployments.plain_sessions(deployment, [f"plain{i:03d}" for i in range(SESSIONS)])
        machine = f"load average {os.getloadavg()[0]:.1f} at the start"
        figures = [*sign_ins(deployment, users[SESSIONS:], plan, machine),
                   *signed_in_requests(deployment, cognito_sessions, plain, plan, machine)]
        tracebacks = deployment.instance.log_text().count("Traceback")
    for figure in figures:
        if figure.unit == "errors":  # what the server logged, over the whole run
            figure.details["tracebacks_in_gunicorn_log"] = tracebacks
    return figures


def seed(users: list[tuple[str, str]]) -> dict[str, Any]:
    """A pool requiring MFA, a client without secret (as the tests' fixture), TOTP users."""
    return {"pool": {"mfa_configuration": "ON"},
            "users": [{"username": name, "password": PASSWORD, "mfa": {"totp_secret": secret}}
                      for name, secret in users]}


def sign_ins(deployment, users: list[tuple[str, str]], plan: Plan, machine: str) -> list[Figure]:
    instance, shared = deployment.instance, Shared(users)
    run_load([signing_in(instance, shared) for _ in range(CLIENTS)], plan.warmup)
    rounds = [run_load([signing_in(instance, shared) for _ in range(CLIENTS)], plan.seconds,
                       deployment.cpu_seconds) for _ in range(plan.rounds)]
    figures = load_figures(SIGN_INS, rounds, f"SRP + TOTP, 5 requests each; {machine}")
    if any(load.ran_out for load in rounds):
        figures[0].note += "; RAN OUT OF USERS before the time was up: raise Plan.users"
    return figures


def signed_in_requests(deployment, cognito_sessions: list[tuple[str, str]],
                       plain_sessions: list[tuple[str, str]], plan: Plan, machine: str,
                       ) -> list[Figure]:
    """Cognito sessions against plain ones, interleaved: each round alternates which goes first."""
    instance = deployment.instance
    steps = {kind: [signed_in(instance, rotated(sessions, client)) for client in range(CLIENTS)]
             for kind, sessions in (("cognito", cognito_sessions), ("plain", plain_sessions))}
    run_load(steps["cognito"] + steps["plain"], plan.warmup)
    rounds: dict[str, list[Load]] = {"cognito": [], "plain": []}
    for repeat in range(plan.rounds):
        for kind in ("cognito", "plain") if repeat % 2 == 0 else ("plain", "cognito"):
            rounds[kind].append(run_load(steps[kind], plan.seconds, deployment.cpu_seconds))
    figures = load_figures(SIGNED_IN, rounds["cognito"],
                           f"GET /home/ (reads request.user); {machine}")
    compare(figures, rounds["cognito"], rounds["plain"])
    return figures


def compare(figures: list[Figure], measured: list[Load], baseline: list[Load]) -> None:
    """Give the rate, p50 and p99 figures their baseline; the rate's ratio is the median of the
    round-by-round ratios (``measure.compared`` does the same with times)."""
    ratio = statistics.median(m.rate / b.rate for m, b in zip(measured, baseline, strict=True))
    plain = merged(baseline)
    rate = figures[0]
    rate.baseline, rate.baseline_name = rate.value / ratio, PLAIN
    rate.details["baseline"] = {**plain.details(),
                                "median_rate": statistics.median(b.rate for b in baseline),
                                "round_rates": [round(b.rate, 1) for b in baseline]}
    rate.note += ("; for a rate, a ratio under 1 means fewer requests per second than with a "
                  "plain Django session (verified by a django-otp device too)")
    for figure, fraction in ((figures[1], 0.50), (figures[2], 0.99)):
        figure.baseline, figure.baseline_name = plain.p(fraction), PLAIN
    figures[3].details["baseline_errors"] = sum(plain.errors.values())


def rotated(items: list, client: int) -> list:
    """The client's own order of the sessions, starting at another one than the others'."""
    start = client * len(items) // CLIENTS
    return items[start:] + items[:start]


def load_figures(name: str, rounds: list[Load], what: str) -> list[Figure]:
    """The rate (median over rounds), p50, p99 and errors of one load, one line each."""
    load = merged(rounds)
    details = {**load.details(), "round_rates": [round(r.rate, 1) for r in rounds]}
    note = (f"{what}; {load.clients} clients, {len(rounds)} x {rounds[0].seconds:.0f} s, "
            f"load generator at {details['load_generator_cpu']:.0%} of a core")
    if "gunicorn" in details["server_cpu_ms_per_step"]:
        note += f"; gunicorn CPU {details['server_cpu_ms_per_step']['gunicorn']:.1f} ms each"
    return [
        Figure(name, statistics.median(r.rate for r in rounds), "/s", note=note, details=details),
        Figure(f"{name}, p50", load.p(0.50) or 0.0, "ms"),
        Figure(f"{name}, p99", load.p(0.99) or 0.0, "ms"),
        Figure(f"{name}, errors", sum(load.errors.values()), "errors", goal=exactly(0),
               details={"kinds": dict(load.errors.most_common(5))}),
    ]
