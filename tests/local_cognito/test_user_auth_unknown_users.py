"""USER_AUTH tells no unknown name apart: the same choices as a user with every factor, decoys.

With ``PreventUserExistenceErrors=ENABLED`` (the fixture's client) an unknown name is offered
every first factor the pool allows, and each ends as a wrong answer would; with ``LEGACY`` it
is ``UserNotFoundException``.
"""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing import totp

from .passkey_steps import (
    INCORRECT,
    USED_ONCE,
    assertion,
    error_of,
    request_options,
    respond,
    stray_passkey,
    user_auth,
)

EVERY_FACTOR = ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]
DELIVERY = ("CODE_DELIVERY_DELIVERY_MEDIUM", "CODE_DELIVERY_DESTINATION")


@pytest.fixture
def idp(cognito):
    return cognito.boto3_client()


@pytest.fixture
def pool(cognito):
    """Every first factor allowed; ``full`` has them all, ``pat`` only an email address."""
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP", "SMS_OTP"))
    cognito.configure_webauthn("localhost")
    cognito.add_user("full", attributes={"email": "full@example.com",
                                         "phone_number": "+15555550123"})
    cognito.add_passkey("full")
    cognito.add_user("pat", None, attributes={"email": "pat@example.com"})
    return cognito


def offered(cognito, idp, name: str) -> list[str]:
    return user_auth(cognito, idp, name)["AvailableChallenges"]


# -- the choices ------------------------------------------------------------------------------


def test_an_unknown_name_is_offered_what_a_user_with_every_factor_is(pool, idp):
    assert offered(pool, idp, "full") == EVERY_FACTOR
    for name in ("nobody", "nobody@example.com", "+15555550199", "nobody"):
        assert offered(pool, idp, name) == EVERY_FACTOR


def test_a_known_user_is_offered_only_the_factors_they_have(pool, idp):
    assert offered(pool, idp, "pat") == ["EMAIL_OTP"]


@pytest.mark.parametrize(("factor_configuration", "with_passkeys"), [
    ("SINGLE_FACTOR", False), ("MULTI_FACTOR_WITH_USER_VERIFICATION", True)])
def test_with_mfa_on_an_unknown_name_follows_the_pools_passkey_rule(pool, idp,
                                                                     factor_configuration,
                                                                     with_passkeys):
    pool.configure_pool(mfa_configuration="ON")
    pool.configure_webauthn("localhost", factor_configuration=factor_configuration)
    full = pool.user("full")
    full.totp_secret, full.totp_enabled, full.webauthn_mfa_enabled = totp.new_secret(), True, True
    assert offered(pool, idp, "nobody") == offered(pool, idp, "full")
    assert ("WEB_AUTHN" in offered(pool, idp, "nobody")) is with_passkeys


# -- decoy codes ------------------------------------------------------------------------------


def code_challenge(cognito, idp, name: str, factor: str) -> dict:
    return user_auth(cognito, idp, name, PREFERRED_CHALLENGE=factor)


def wrong_code(cognito, idp, reply: dict, name: str) -> tuple[str, str]:
    factor = reply["ChallengeName"]
    return error_of(lambda: respond(cognito, idp, reply, factor, USERNAME=name,
                                    **{f"{factor}_CODE": "123456"}))


@pytest.mark.parametrize(("factor", "name", "destination"), [
    ("EMAIL_OTP", "nobody@example.com", "n***@e***"),
    ("SMS_OTP", "+15555550199", "+*******0199"),
])
def test_a_decoy_code_goes_to_the_name_masked_and_nowhere(pool, idp, factor, name, destination):
    reply = code_challenge(pool, idp, name, factor)
    assert reply["ChallengeName"] == factor
    assert reply["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == destination
    assert pool.outbox() == []


@pytest.mark.parametrize("factor", ["EMAIL_OTP", "SMS_OTP"])
def test_a_decoy_code_challenge_looks_like_a_real_one_and_stays_the_same(pool, idp, factor):
    real = code_challenge(pool, idp, "full", factor)
    decoy = code_challenge(pool, idp, "nobody", factor)
    again = code_challenge(pool, idp, "nobody", factor)
    assert real["ChallengeParameters"].keys() == decoy["ChallengeParameters"].keys()
    assert [decoy["ChallengeParameters"][k] for k in DELIVERY] == [
        again["ChallengeParameters"][k] for k in DELIVERY]
    assert decoy["ChallengeParameters"][DELIVERY[0]] == real["ChallengeParameters"][DELIVERY[0]]
    assert decoy["AvailableChallenges"] == real["AvailableChallenges"]
    assert [m["username"] for m in pool.outbox()] == ["full"]


@pytest.mark.parametrize("factor", ["EMAIL_OTP", "SMS_OTP"])
def test_every_code_for_a_decoy_is_refused_as_a_wrong_code_until_the_session_ends(pool, idp,
                                                                                  factor):
    real = code_challenge(pool, idp, "full", factor)
    decoy = code_challenge(pool, idp, "nobody", factor)
    wrong = wrong_code(pool, idp, real, "full")
    assert wrong[0] == "CodeMismatchException"
    assert [wrong_code(pool, idp, decoy, "nobody") for _ in range(2)] == [wrong, wrong]
    wrong_code(pool, idp, real, "full")
    assert wrong_code(pool, idp, decoy, "nobody") == wrong_code(pool, idp, real, "full")
    assert wrong_code(pool, idp, decoy, "nobody") == wrong_code(pool, idp, real, "full") == (
        USED_ONCE)


def test_a_decoy_code_is_chosen_from_select_challenge_too(pool, idp):
    select = user_auth(pool, idp, "nobody")
    reply = respond(pool, idp, select, "SELECT_CHALLENGE", USERNAME="nobody", ANSWER="EMAIL_OTP")
    assert reply["ChallengeName"] == "EMAIL_OTP"
    assert wrong_code(pool, idp, reply, "nobody")[0] == "CodeMismatchException"
    assert pool.outbox() == []


# -- decoy passkey request --------------------------------------------------------------------


def test_a_decoy_passkey_request_allows_no_credential_and_refuses_every_one(pool, idp):
    real = user_auth(pool, idp, "full", PREFERRED_CHALLENGE="WEB_AUTHN")
    decoy = user_auth(pool, idp, "nobody", PREFERRED_CHALLENGE="WEB_AUTHN")
    again = user_auth(pool, idp, "nobody", PREFERRED_CHALLENGE="WEB_AUTHN")
    options, real_options = request_options(decoy), request_options(real)
    assert options["allowCredentials"] == []
    assert options.keys() == real_options.keys()
    assert {k: v for k, v in options.items() if k not in ("challenge", "allowCredentials")} == {
        k: v for k, v in real_options.items() if k not in ("challenge", "allowCredentials")}
    assert options["challenge"] != request_options(again)["challenge"]
    stray = stray_passkey()
    stolen = assertion(stray, real, check_allowed=False)
    known_refusal = error_of(lambda: respond(pool, idp, real, "WEB_AUTHN", USERNAME="full",
                                             CREDENTIAL=stolen))
    decoy_refusal = error_of(lambda: respond(pool, idp, decoy, "WEB_AUTHN", USERNAME="nobody",
                                             CREDENTIAL=assertion(stray, decoy)))
    assert decoy_refusal == known_refusal == INCORRECT


def test_a_real_users_passkey_is_refused_for_an_unknown_name(pool, idp):
    pool.add_user("kim")
    kims = pool.add_passkey("kim")
    decoy = user_auth(pool, idp, "nobody", PREFERRED_CHALLENGE="WEB_AUTHN")
    answer = assertion(kims, decoy)  # no credential is named: the passkey answers anyway
    assert error_of(lambda: respond(pool, idp, decoy, "WEB_AUTHN", USERNAME="nobody",
                                    CREDENTIAL=answer)) == INCORRECT


# -- passwords, and clients that say who does not exist ---------------------------------------


@pytest.mark.usefixtures("pool")
def test_a_password_for_an_unknown_name_is_incorrect_as_today(cognito, idp):
    assert error_of(lambda: user_auth(cognito, idp, "nobody", PREFERRED_CHALLENGE="PASSWORD",
                                      PASSWORD="Demo-Pass-1!")) == INCORRECT


@pytest.mark.usefixtures("pool")
def test_a_legacy_client_says_the_user_does_not_exist(cognito, idp):
    cognito.use_client(prevent_user_existence_errors="LEGACY")
    assert error_of(lambda: user_auth(cognito, idp, "nobody")) == (
        "UserNotFoundException", "User does not exist.")
    assert offered(cognito, idp, "full") == EVERY_FACTOR
