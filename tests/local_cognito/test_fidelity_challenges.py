"""Where an app could be fooled by a challenge's shape, the local Cognito answers as AWS does.

Each test drives boto3 (and pycognito's SRP maths) directly, never the app's client code.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from django_cognito_challenge.testing import totp

PASSWORD = "Demo-Pass-1!"
CANONICAL = "5f0c1d2e-0000-4000-8000-00000000a11c"
EMAIL = "alice@example.com"
PHONE = "+15555550123"


def error_of(call) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def secret_hash(cognito, username: str) -> dict[str, str]:
    if not cognito.client_secret:
        return {}
    return {"SECRET_HASH": AWSSRP.get_secret_hash(username, cognito.client_id,
                                                  cognito.client_secret)}


def initiate(cognito, idp, flow: str, username: str, **params: str) -> dict:
    return idp.initiate_auth(ClientId=cognito.client_id, AuthFlow=flow, AuthParameters={
        "USERNAME": username, **secret_hash(cognito, username), **params})


def respond(cognito, idp, reply: dict, username: str, *, hashed_as: str | None = None,
            **responses: str) -> dict:
    """Answer ``reply`` naming ``username``, SECRET_HASH over ``hashed_as`` (default: the same)."""
    return idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName=reply["ChallengeName"],
        Session=reply["Session"], ChallengeResponses={
            "USERNAME": username, **secret_hash(cognito, hashed_as or username), **responses})


@pytest.fixture
def idp(cognito):
    return cognito.boto3_client()


@pytest.fixture
def alias_pool(cognito):
    """Sign-in with email; alice's username is a UUID-like name she never types."""
    cognito.configure_pool(mfa_configuration="OPTIONAL", username_attributes=("email",))
    return cognito


def add_alice(cognito, factor: str):
    attributes = {"email": EMAIL, "email_verified": "true", "phone_number": PHONE}
    return cognito.add_user(CANONICAL, attributes=attributes,
                            totp_secret=totp.new_secret() if factor == "TOTP" else None,
                            sms=factor == "SMS", email_mfa=factor == "EMAIL")


# -- 5. No Session with PASSWORD_VERIFIER ----------------------------------------------------


def test_password_verifier_comes_without_a_session_and_is_answered_without_one(cognito, idp):
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD",))
    cognito.add_user("pat")
    helper = AWSSRP(username="pat", password=PASSWORD, pool_id=cognito.pool_id,
                    client_id=cognito.client_id, client=idp)
    srp_a = helper.get_auth_params()["SRP_A"]
    started = initiate(cognito, idp, "USER_SRP_AUTH", "pat", SRP_A=srp_a)
    assert started["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in started  # pycognito#78 shows AWS's reply
    answer = helper.process_challenge(started["ChallengeParameters"], helper.get_auth_params())
    done = idp.respond_to_auth_challenge(ClientId=cognito.client_id,
                                         ChallengeName="PASSWORD_VERIFIER",
                                         ChallengeResponses=answer)
    assert "AccessToken" in done["AuthenticationResult"]
    via_user_auth = initiate(cognito, idp, "USER_AUTH", "pat", PREFERRED_CHALLENGE="PASSWORD_SRP",
                             SRP_A=srp_a)
    assert via_user_auth["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in via_user_auth


# -- 6. The canonical username ---------------------------------------------------------------

MFA_OUT_OF_INITIATE_AUTH = {"TOTP": "SOFTWARE_TOKEN_MFA", "SMS": "SMS_MFA", "EMAIL": "EMAIL_OTP"}


@pytest.mark.parametrize("factor", MFA_OUT_OF_INITIATE_AUTH)
def test_mfa_challenge_out_of_initiate_auth_names_the_canonical_user(alias_pool, idp, factor):
    add_alice(alias_pool, factor)
    reply = initiate(alias_pool, idp, "USER_PASSWORD_AUTH", EMAIL, PASSWORD=PASSWORD)
    assert reply["ChallengeName"] == MFA_OUT_OF_INITIATE_AUTH[factor]
    assert reply["ChallengeParameters"]["USER_ID_FOR_SRP"] == CANONICAL  # API ref. example 3


def test_mfa_challenge_after_a_choice_does_not_repeat_the_canonical_user(alias_pool, idp):
    user = add_alice(alias_pool, "TOTP")
    user.sms_mfa_enabled = True
    choice = initiate(alias_pool, idp, "USER_PASSWORD_AUTH", EMAIL, PASSWORD=PASSWORD)
    assert choice["ChallengeName"] == "SELECT_MFA_TYPE"
    reply = respond(alias_pool, idp, choice, CANONICAL, ANSWER="SOFTWARE_TOKEN_MFA")
    assert reply["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    assert "USER_ID_FOR_SRP" not in reply["ChallengeParameters"]  # the CLI's example 2


def test_alias_in_an_answer_is_refused_even_with_secret_hash_over_the_username(alias_pool, idp):
    alias_pool.use_client(generate_secret=True)
    add_alice(alias_pool, "TOTP")
    reply = initiate(alias_pool, idp, "USER_PASSWORD_AUTH", EMAIL, PASSWORD=PASSWORD)
    code = {"SOFTWARE_TOKEN_MFA_CODE": alias_pool.totp_code(CANONICAL)}
    refused = error_of(lambda: respond(alias_pool, idp, reply, EMAIL, hashed_as=CANONICAL, **code))
    assert refused == ("NotAuthorizedException",
                       f"Unable to verify secret hash for client {alias_pool.client_id}")
    assert "AccessToken" in respond(alias_pool, idp, reply, CANONICAL, **code)[
        "AuthenticationResult"]


@pytest.mark.parametrize(("prevention", "expected"), [
    ("ENABLED", ("NotAuthorizedException", "Incorrect username or password.")),
    ("LEGACY", ("UserNotFoundException", "User does not exist.")),
])
def test_alias_in_an_answer_without_a_client_secret_is_refused(alias_pool, idp, prevention,
                                                               expected):
    alias_pool.use_client(prevent_user_existence_errors=prevention)
    add_alice(alias_pool, "TOTP")
    reply = initiate(alias_pool, idp, "USER_PASSWORD_AUTH", EMAIL, PASSWORD=PASSWORD)
    code = {"SOFTWARE_TOKEN_MFA_CODE": alias_pool.totp_code(CANONICAL)}
    assert error_of(lambda: respond(alias_pool, idp, reply, EMAIL, **code)) == expected
    assert "AccessToken" in respond(alias_pool, idp, reply, CANONICAL, **code)[
        "AuthenticationResult"]


# -- 7. AvailableChallenges when PREFERRED_CHALLENGE is honoured -----------------------------


@pytest.mark.parametrize(("preferred", "challenge"), [("EMAIL_OTP", "EMAIL_OTP"),
                                                      ("PASSWORD_SRP", "PASSWORD_VERIFIER")])
def test_honoured_preference_still_lists_the_available_challenges(cognito, idp, preferred,
                                                                   challenge):
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP"))
    cognito.add_user("uma", attributes={"email": "uma@example.com"})
    srp_a = AWSSRP(username="uma", password=PASSWORD, pool_id=cognito.pool_id,
                   client_id=cognito.client_id, client=idp).get_auth_params()["SRP_A"]
    reply = initiate(cognito, idp, "USER_AUTH", "uma", PREFERRED_CHALLENGE=preferred, SRP_A=srp_a)
    assert reply["ChallengeName"] == challenge  # InitiateAuth examples 1 and 2
    assert reply["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]


def test_preference_that_is_not_available_asks_to_select(cognito, idp):
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP"))
    cognito.add_user("pat")  # no email: EMAIL_OTP is not his
    reply = initiate(cognito, idp, "USER_AUTH", "pat", PREFERRED_CHALLENGE="EMAIL_OTP")
    assert reply["ChallengeName"] == "SELECT_CHALLENGE"
    assert reply["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    assert cognito.outbox("pat") == []
