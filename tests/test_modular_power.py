"""SRP's modular powers: GMP's and pure Python's agree with ``pow``, and each signs a person in."""

from __future__ import annotations

import random

import pytest

from django_cognito_challenge.cognito import modular, srp
from django_cognito_challenge.testing.models import DeviceConfiguration

from .devices.conftest import (
    DEVICE_SIGN_IN,
    TOTP_SECRET,
    new_browser,
    sign_in_with_code,
    sign_out,
    signed_in_again_without_code,
)
from .signin.conftest import is_signed_in, sign_in

N, G = modular.N, modular.G
NO_GMPY2 = pytest.mark.skipif(
    modular.gmpy2 is None,
    reason="gmpy2 is not installed (pip install django-cognito-challenge[gmpy2]); "
           "CI installs it through the dev extra")
IMPLEMENTATIONS = [
    pytest.param(modular.python_powmod, id="python"),
    pytest.param(modular.gmp_powmod, id="gmpy2", marks=NO_GMPY2),
]
PASSWORD_SIGN_IN = ["InitiateAuth:USER_SRP_AUTH", "RespondToAuthChallenge:PASSWORD_VERIFIER"]


def random_cases(seed: int, count: int) -> list[tuple[int, int, int]]:
    """(base, exponent, modulus): 3072-bit numbers, half of them modulo SRP's N."""
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        modulus = N if index % 2 else rng.getrandbits(3072) | 1 << 3071
        cases.append((rng.getrandbits(3072), rng.getrandbits(3072), modulus))
    return cases


@pytest.mark.parametrize("powmod", IMPLEMENTATIONS)
def test_random_3072_bit_powers_equal_pythons_pow(powmod):
    for base, exponent, modulus in random_cases(seed=3072, count=6):
        assert powmod(base, exponent, modulus) == pow(base, exponent, modulus)


@pytest.mark.parametrize("powmod", IMPLEMENTATIONS)
def test_a_negative_base_is_reduced_as_pow_reduces_it(powmod):
    # SRP's base B - k * g^x is negative whenever k * g^x > B.
    for big_b, exponent, _ in random_cases(seed=7, count=4):
        base = big_b % N - srp.K * pow(G, exponent >> 2816, N)
        assert base < 0
        assert powmod(base, exponent, N) == pow(base, exponent, N)
    assert powmod(-1, 3, N) == N - 1


@pytest.mark.parametrize("powmod", IMPLEMENTATIONS)
def test_exponents_zero_and_one(powmod):
    for base in (G, N - 1, N + 5, -7, random.Random(1).getrandbits(3072)):
        assert powmod(base, 0, N) == 1
        assert powmod(base, 1, N) == base % N


@pytest.mark.parametrize("powmod", IMPLEMENTATIONS)
def test_powers_of_g_equal_pow_for_every_length_of_exponent(powmod):
    rng = random.Random(5)
    for bits in (1, 4, 5, 6, 255, 256, 1023, 1024, 3071, 3072, 3073, 4000):
        exponent = rng.getrandbits(bits) | 1 << (bits - 1)
        assert powmod(G, exponent, N) == pow(G, exponent, N), bits
    assert powmod(G, (1 << 1024) - 1, N) == pow(G, (1 << 1024) - 1, N)  # every digit 31
    assert powmod(G, -1, N) == pow(G, -1, N)


def test_the_table_of_powers_grows_to_the_longest_exponent_only():
    powers = modular.FixedBase(G, N)
    assert powers.power(12345) == pow(G, 12345, N)
    assert len(powers.table(0)) == 3  # 15 bits cover 12345's 14
    a = random.Random(9).getrandbits(1024) | 1 << 1023
    assert powers.power(a) == pow(G, a, N)
    assert len(powers.table(0)) * modular.WINDOW == 1025  # 205 numbers cover 1024 bits
    assert powers.power(N ** 2) == pow(G, N ** 2, N)  # longer than N: pow, no bigger table
    assert len(powers.table(0)) == 205


def test_srp_uses_gmp_exactly_when_gmpy2_is_installed():
    installed = modular.gmpy2 is not None
    expected = (modular.gmp_powmod, "gmpy2") if installed else (modular.python_powmod, "python")
    assert (srp.powmod, modular.IMPLEMENTATION) == expected


@pytest.fixture(params=IMPLEMENTATIONS)
def client_powers(request, monkeypatch) -> list[int]:
    """Force the app's SRP powers through one implementation; the exponents' lengths it got.

    The local Cognito's side keeps its own (GMP's when installed), so it checks the app's.
    """
    implementation, used = request.param, []

    def recorded(base: int, exponent: int, modulus: int) -> int:
        used.append(exponent.bit_length())
        return implementation(base, exponent, modulus)

    monkeypatch.setattr(srp, "powmod", recorded)
    return used


def test_a_password_sign_in_proves_the_password_with_either_implementation(
        db, client, cognito, client_powers):
    cognito.add_user("pat")
    response = sign_in(client, "pat")
    assert response.status_code == 302, response.content
    assert response["Location"] == "/home/"
    assert is_signed_in(client)
    assert cognito.call_names() == PASSWORD_SIGN_IN
    assert len(client_powers) == 3  # g^a, g^x, and (B - k g^x)^(a + u x)


def test_a_remembered_device_proves_itself_with_either_implementation(
        db, cognito, client_powers):
    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))
    cognito.add_user("alice", attributes={"email": "alice@example.com"}, totp_secret=TOTP_SECRET)
    browser = new_browser()
    sign_in_with_code(browser, cognito, "alice", remember=True)
    assert len(client_powers) == 4  # the password's three, and the new device's verifier
    sign_out(browser)
    signed_in_again_without_code(browser, cognito, "alice")
    assert cognito.call_names() == DEVICE_SIGN_IN
    assert len(client_powers) == 4 + 3 + 3  # the password's proof, then the device's
