"""A full sign-in (SRP, then a TOTP code) through the app's pages, against boto3 alone.

Through the pages: the requests a person makes (open the sign-in page, send the password, open
the code page, send the code), with everything the app does: forms, CSRF, the pending sign-in
encrypted in the session, SRP, the ID token verified, the local user found and updated, the
session cycled. The baseline: the same three Cognito calls with boto3 and the same SRP maths,
and nothing else. Both talk to the same local Cognito over loopback HTTP, alternately, so
Cognito's own time is in both. Every sign-in is a returning person's (each signed in once
before the timing), with one user per sign-in: a TOTP code is good once.

Two figures from the same sign-ins: the two requests that sign in (the password, the code),
against the goal; and all four, the two pages opened included, for the whole picture. Then the
two requests again with SRP's powers in pure Python on both sides (the app and the local
Cognito), as without gmpy2: the app's own time is the same, Cognito's and SRP's much longer.
"""

from __future__ import annotations

import time

from .django_env import local_cognito
from .flows import (
    mfa_pool,
    new_users,
    sign_in_through_pages,
    sign_in_with_boto3,
)
from .measure import Figure, at_most, from_times
from .srp import forced


def run(options) -> list[Figure]:
    from django_cognito_challenge.cognito import modular, srp
    from django_cognito_challenge.testing import srp as server_srp

    count = 40 if options.quick else 150
    times = timed_sign_ins(count)
    with forced(modular.python_powmod, srp, server_srp):
        pure_python = timed_sign_ins(count // 3)
    return [
        from_times("full sign-in (SRP + TOTP): the 2 requests that sign in", times["posts"],
                   times["boto3"], baseline_name="boto3 calls alone", goal=at_most(1.3),
                   unit="ms", note="the password and the code, each a POST through Django; "
                   f"SRP's powers by {modular.IMPLEMENTATION}"),
        from_times("full sign-in (SRP + TOTP): all 4 requests", times["pages"], times["boto3"],
                   baseline_name="boto3 calls alone", goal=None, unit="ms",
                   note="the sign-in and code pages opened (GET) too"),
        from_times("full sign-in (SRP + TOTP): the 2 requests, pure-Python SRP",
                   pure_python["posts"], pure_python["boto3"],
                   baseline_name="boto3 calls alone", goal=at_most(1.3), unit="ms",
                   note="SRP's powers by Python's pow in the app and in the local Cognito"),
    ]


def timed_sign_ins(count: int) -> dict[str, list[float]]:
    """``count`` sign-ins each way, alternating which goes first; the first 5 not kept."""
    with local_cognito() as cognito:
        mfa_pool(cognito)
        people = returning_people(cognito, count + 5)
        others = new_users(cognito, count + 5)
        client = cognito.boto3_client()
        times = {"posts": [], "pages": [], "boto3": []}
        for index, (person, other) in enumerate(zip(people, others, strict=True)):
            pair = [lambda p=person: timed_pages(cognito, p),
                    lambda o=other: timed_boto3(client, cognito, o)]
            results = [step() for step in (pair if index % 2 == 0 else pair[::-1])]
            if index >= 5:  # the first few warm both paths up
                for timing in results:
                    for key, value in timing.items():
                        times[key].append(value)
    return times


def timed_pages(cognito, username: str) -> dict[str, float]:
    from django.test import Client

    timings: list[tuple[str, float]] = []
    sign_in_through_pages(Client(), cognito, username, timings=timings)
    return {"pages": sum(seconds for _, seconds in timings),
            "posts": sum(seconds for method, seconds in timings if method == "POST")}


def timed_boto3(client, cognito, username: str) -> dict[str, float]:
    started = time.perf_counter()
    sign_in_with_boto3(client, cognito, username)
    return {"boto3": time.perf_counter() - started}


def returning_people(cognito, count: int) -> list[str]:
    """People who signed in once already: their local user and identity exist."""
    from django.test import Client

    names = new_users(cognito, count)
    for name in names:
        sign_in_through_pages(Client(), cognito, name)
    return names
