"""The client's side of SRP for one sign-in: ours, with GMP's powers and with pure Python's,
against pycognito's ``AWSSRP`` in the same run.

One sign-in's client work is making ``a`` and ``A``, then the PASSWORD_VERIFIER answer (``g^x``,
``S``, HKDF, the signature). pycognito does it in ``AWSSRP.__init__`` (given a dummy boto3
client, so nothing goes over the network) and ``process_challenge``. The challenge comes from the
local Cognito's server maths for a user with a known password, and every answer is checked
against the server's key before anything is timed. ``details`` holds each power's time.
"""

from __future__ import annotations

import base64
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pycognito.aws_srp import AWSSRP

from django_cognito_challenge.cognito import modular, srp
from django_cognito_challenge.testing import srp as server_srp

from .measure import Figure, Skipped, at_most_value, compared, median_per_call

POOL_ID = "eu-west-1_BenchPool1"
REALM = POOL_ID.split("_", 1)[1]
USERNAME = "bench-user"
PASSWORD = "Bench-Pass-1!"
GMP_NAME = "client SRP, one sign-in (gmpy2)"
PYTHON_NAME = "client SRP, one sign-in (pure Python)"
GMPY2_MISSING = "gmpy2 is not installed (pip install django-cognito-challenge[gmpy2])"
PowMod = Callable[[int, int, int], int]


class Challenge:
    """A PASSWORD_VERIFIER round as the local Cognito starts it, with what checks an answer."""

    def __init__(self) -> None:
        salt = server_srp.new_salt_hex()
        self.verifier = server_srp.password_verifier(REALM, USERNAME, PASSWORD, salt)
        self.server = server_srp.ServerChallenge.start(self.verifier)
        self.parameters = {
            "SALT": salt, "SRP_B": self.server.big_b_hex, "USERNAME": USERNAME,
            "USER_ID_FOR_SRP": USERNAME,
            "SECRET_BLOCK": base64.b64encode(os.urandom(1024)).decode(),
        }

    def check(self, big_a: int, answer: dict[str, str], who: str) -> None:
        """Raise unless ``answer`` signs with the key the server derives for ``big_a``."""
        key = self.server.session_key(big_a, self.verifier)
        expected = server_srp.expected_signature(
            key, REALM, USERNAME, base64.b64decode(self.parameters["SECRET_BLOCK"]),
            answer["TIMESTAMP"])
        if not server_srp.signature_matches(expected, answer["PASSWORD_CLAIM_SIGNATURE"]):
            raise RuntimeError(f"{who}'s SRP answer does not verify: the figures would be wrong")


def ours(challenge: Challenge) -> tuple[int, dict[str, str]]:
    """The app's client work for one sign-in: (A, the PASSWORD_VERIFIER answer)."""
    ephemeral = srp.Ephemeral.new()
    parameters = challenge.parameters
    return ephemeral.big_a, srp.password_claim(
        ephemeral, realm=REALM, user_id=parameters["USER_ID_FOR_SRP"], password=PASSWORD,
        salt_hex=parameters["SALT"], srp_b_hex=parameters["SRP_B"],
        secret_block=parameters["SECRET_BLOCK"])


def pycognitos(challenge: Challenge) -> tuple[int, dict[str, str]]:
    """pycognito's client work for the same sign-in: (A, its answer)."""
    helper = AWSSRP(USERNAME, PASSWORD, POOL_ID, "bench-client", client=object())
    answer = helper.process_challenge(challenge.parameters, {"USERNAME": USERNAME})
    return helper.large_a_value, answer


@contextmanager
def forced(powmod: PowMod, *modules: Any) -> Iterator[None]:
    """Make the app's SRP (and any other of ``modules``, such as the local Cognito's
    ``testing.srp``) use ``powmod`` for a while, as tests/test_modular_power.py does."""
    modules = modules or (srp,)
    kept = [module.powmod for module in modules]
    for module in modules:
        module.powmod = powmod
    try:
        yield
    finally:
        for module, power in zip(modules, kept, strict=True):
            module.powmod = power


def run(options: Any) -> list[Figure | Skipped]:
    repeats, number = (5, 2) if options.quick else (21, 5)
    challenge = Challenge()
    challenge.check(*pycognitos(challenge), "pycognito")
    if modular.gmpy2 is None:
        gmp: Figure | Skipped = Skipped(GMP_NAME, GMPY2_MISSING)
    else:
        gmp = gmp_figure(challenge, repeats=repeats, number=number)
    return [gmp, python_figure(challenge, repeats=repeats, number=number)]


def gmp_figure(challenge: Challenge, *, repeats: int, number: int) -> Figure:
    """Ours with gmpy2 against pycognito; goal: at most 8 ms."""
    gmpy2 = modular.gmpy2
    figure = client_figure(
        GMP_NAME, modular.gmp_powmod, challenge, repeats=repeats, number=number,
        goal=at_most_value(8), note=f"ours with GMP's powmod (gmpy2 {gmpy2.version()}), g's "
        "powers from a table; baseline pycognito's AWSSRP (Python's pow)")
    figure.details.update(each_power(
        modular.gmp_powmod, lambda b, e, m: int(gmpy2.powmod(b, e, m)), challenge,
        repeats=repeats))
    figure.details.update(table_cost(gmpy2.mpz(srp.G), gmpy2.mpz(srp.N)))
    return figure


def python_figure(challenge: Challenge, *, repeats: int, number: int) -> Figure:
    """Ours in pure Python against pycognito; what it reaches, with no goal."""
    figure = client_figure(
        PYTHON_NAME, modular.python_powmod, challenge, repeats=repeats, number=number,
        goal=None, note="no goal: what the app reaches without gmpy2 (g's powers from a table, "
        "the third by Python's pow); baseline pycognito's AWSSRP, all three by Python's pow")
    figure.details.update(each_power(modular.python_powmod, pow, challenge, repeats=repeats))
    figure.details.update(table_cost(srp.G, srp.N))
    return figure


def client_figure(name: str, powmod: PowMod, challenge: Challenge, *, repeats: int,
                  number: int, goal: Any, note: str) -> Figure:
    """One sign-in's client work with ``powmod``, timed interleaved with pycognito's."""
    with forced(powmod):
        challenge.check(*ours(challenge), name)
        return compared(
            name, lambda: ours(challenge), lambda: pycognitos(challenge),
            baseline_name="pycognito AWSSRP", goal=goal, repeats=repeats, number=number,
            unit="ms", note=note)


def each_power(powmod: PowMod, untabled: PowMod, challenge: Challenge, *,
               repeats: int) -> dict[str, float]:
    """Milliseconds of each of the client's three powers: with ``powmod``, with the same
    library without the table of g's powers, and with ``pow`` as pycognito computes them."""
    n, g = srp.N, srp.G
    small_a = srp.Ephemeral.new().small_a
    x = int.from_bytes(os.urandom(32), "big")  # a SHA-256, as pycognito's and ours are
    u = int.from_bytes(os.urandom(32), "big")
    base = int(challenge.parameters["SRP_B"], 16) - srp.K * pow(g, x, n)
    powers = {"g^a": (g, small_a), "g^x": (g, x), "(B - k g^x)^(a + u x)": (base, small_a + u * x)}
    details: dict[str, float] = {}
    for label, (b, e) in powers.items():
        details[f"{label} exponent bits"] = e.bit_length()
        ways = {"": powmod, " without the table": untabled, " with pow (pycognito)": pow}
        if b != g:  # the table is for g only
            del ways[" without the table"]
        for way, function in ways.items():
            details[f"{label} ms{way}"] = 1e3 * median_per_call(
                lambda b=b, e=e, f=function: f(b, e, n), repeats=repeats, number=3)
    return details


def table_cost(g: Any, n: Any) -> dict[str, float]:
    """What a table of g's powers costs once (as ``int`` or ``mpz``): its making, its memory."""
    powers = modular.FixedBase(g, n)
    start = time.perf_counter()
    table = powers.table(1024)
    made = time.perf_counter() - start
    return {"g table for 1024 bits: ms to make once": made * 1e3,
            "g table for 1024 bits: kB": sum(map(sys.getsizeof, table)) / 1e3,
            "g table for 3072 bits: kB": sum(map(sys.getsizeof, powers.table(3072))) / 1e3}
