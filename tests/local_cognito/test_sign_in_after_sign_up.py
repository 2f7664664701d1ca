"""The sign-in right after sign-up: InitiateAuth with USER_AUTH and ConfirmSignUp's Session,
without a password, once, before the client's AuthSessionValidity runs out, for that user only;
where the pool asks more than the confirmed code, its challenge follows."""

from __future__ import annotations

import json

from django_cognito_challenge.testing.models import MFA_FACTORS

from .sign_up_steps import (
    confirm,
    message,
    raises,
    sign_in_with,
    sign_up,
    signed_up_and_confirmed,
)


def test_the_session_signs_the_new_user_in_without_a_password(cognito, idp):
    session = signed_up_and_confirmed(cognito, idp)["Session"]
    tokens = sign_in_with(cognito, idp, "nina", session)["AuthenticationResult"]
    user = idp.get_user(AccessToken=tokens["AccessToken"])
    assert user["Username"] == "nina"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]


def test_the_session_works_once(cognito, idp):
    session = signed_up_and_confirmed(cognito, idp)["Session"]
    sign_in_with(cognito, idp, "nina", session)
    with raises(idp, "NotAuthorizedException") as raised:
        sign_in_with(cognito, idp, "nina", session)
    assert message(raised) == "Invalid session for the user, session can only be used once."


def test_the_session_lasts_the_client_s_auth_session_validity(cognito, idp):
    session = signed_up_and_confirmed(cognito, idp)["Session"]
    cognito.advance(cognito.client.auth_session_validity_minutes * 60)
    with raises(idp, "NotAuthorizedException") as raised:
        sign_in_with(cognito, idp, "nina", session)
    assert message(raised) == "Invalid session for the user, session is expired."


def test_the_session_of_another_user_or_client_is_refused(cognito, idp):
    session = signed_up_and_confirmed(cognito, idp)["Session"]
    cognito.add_user("omar")
    with raises(idp, "NotAuthorizedException") as raised:
        sign_in_with(cognito, idp, "omar", session)
    assert message(raised) == "Invalid session for the user."
    first_client = cognito.client
    cognito.use_client()
    with raises(idp, "NotAuthorizedException"):
        sign_in_with(cognito, idp, "nina", session)
    cognito.client = first_client
    assert "AuthenticationResult" in sign_in_with(cognito, idp, "nina", session)


def test_sign_up_s_own_session_does_not_sign_in(cognito, idp):
    cognito.configure_pool(auto_verified_attributes=("email",))
    session = sign_up(cognito, idp, "nina", email="nina@example.com")["Session"]
    confirm(cognito, idp, "nina", cognito.last_code("nina"))
    with raises(idp, "NotAuthorizedException"):
        sign_in_with(cognito, idp, "nina", session)


def test_a_client_secret_needs_the_secret_hash_here_too(cognito, idp):
    cognito.use_client(generate_secret=True)
    session = signed_up_and_confirmed(cognito, idp)["Session"]
    with raises(idp, "NotAuthorizedException"):
        idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_AUTH",
                          AuthParameters={"USERNAME": "nina"}, Session=session)
    assert "AuthenticationResult" in sign_in_with(cognito, idp, "nina", session)


def test_where_mfa_is_required_the_new_user_sets_it_up_next(cognito, idp):
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=MFA_FACTORS)
    session = signed_up_and_confirmed(cognito, idp)["Session"]
    setup = sign_in_with(cognito, idp, "nina", session)
    assert setup["ChallengeName"] == "MFA_SETUP"
    assert json.loads(setup["ChallengeParameters"]["MFAS_CAN_SETUP"]) == [
        "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]
    otp = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="MFA_SETUP", Session=setup["Session"],
        ChallengeResponses={"USERNAME": "nina", "EMAIL": "nina@example.com"})
    assert otp["ChallengeName"] == "EMAIL_OTP"
    done = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="EMAIL_OTP", Session=otp["Session"],
        ChallengeResponses={"USERNAME": "nina", "EMAIL_OTP_CODE": cognito.last_code("nina")})
    assert "AccessToken" in done["AuthenticationResult"]


def test_an_unconfirmed_passwordless_user_is_told_so_after_the_right_emailed_code(cognito, idp):
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP"),
                           auto_verified_attributes=("email",))
    sign_up(cognito, idp, "nina", None, email="nina@example.com")
    otp = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_AUTH",
                            AuthParameters={"USERNAME": "nina",
                                            "PREFERRED_CHALLENGE": "EMAIL_OTP"})
    with raises(idp, "UserNotConfirmedException"):
        idp.respond_to_auth_challenge(
            ClientId=cognito.client_id, ChallengeName="EMAIL_OTP", Session=otp["Session"],
            ChallengeResponses={"USERNAME": "nina", "EMAIL_OTP_CODE": cognito.last_code("nina")})
