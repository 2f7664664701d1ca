"""Tokens as Cognito issues, refreshes and revokes them; and the local Cognito's test tools.

The command line (``serve``) is tested in ``test_cli.py``.
"""

from __future__ import annotations

import json
import urllib.request

import jwt
import pytest
from botocore.exceptions import ReadTimeoutError
from pycognito.aws_srp import generate_hash_device

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.models import DeviceConfiguration

PASSWORD = "Demo-Pass-1!"


def sign_in(client, cognito, username: str, password: str = PASSWORD, **extra: str):
    reply = client.initiate_auth(
        ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password, **extra},
    )
    return reply["AuthenticationResult"]


def refresh(client, cognito, token: str, **extra: str):
    return client.initiate_auth(
        ClientId=cognito.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": token, **extra},
    )["AuthenticationResult"]


@pytest.fixture
def signed_in(cognito):
    """A boto3 client and the tokens of ``rita``, signed in with her password."""
    cognito.add_user("rita", attributes={"email": "rita@example.com"}, groups=("staff",))
    client = cognito.boto3_client()
    return client, sign_in(client, cognito, "rita")


# -- refresh tokens -------------------------------------------------------------------------


def test_refresh_token_auth_issues_new_access_and_id_tokens(cognito, signed_in):
    client, tokens = signed_in
    fresh = refresh(client, cognito, tokens["RefreshToken"])
    assert fresh["AccessToken"] != tokens["AccessToken"]
    assert "RefreshToken" not in fresh
    assert client.get_user(AccessToken=fresh["AccessToken"])["Username"] == "rita"


def test_revoked_refresh_token_and_its_access_tokens_are_refused(cognito, signed_in):
    client, tokens = signed_in
    fresh = refresh(client, cognito, tokens["RefreshToken"])
    client.revoke_token(ClientId=cognito.client_id, Token=tokens["RefreshToken"])
    with pytest.raises(client.exceptions.NotAuthorizedException, match="has been revoked"):
        refresh(client, cognito, tokens["RefreshToken"])
    for access in (tokens["AccessToken"], fresh["AccessToken"]):
        with pytest.raises(client.exceptions.NotAuthorizedException, match="revoked"):
            client.get_user(AccessToken=access)


def test_global_sign_out_ends_refresh_and_access_tokens(cognito, signed_in):
    client, tokens = signed_in
    client.global_sign_out(AccessToken=tokens["AccessToken"])
    with pytest.raises(client.exceptions.NotAuthorizedException, match="has been revoked"):
        refresh(client, cognito, tokens["RefreshToken"])
    with pytest.raises(client.exceptions.NotAuthorizedException):
        client.get_user(AccessToken=tokens["AccessToken"])


def test_expired_refresh_token_is_refused(cognito, signed_in):
    client, tokens = signed_in
    cognito.advance(cognito.client.refresh_token_validity_seconds + 1)
    with pytest.raises(client.exceptions.NotAuthorizedException, match="expired"):
        refresh(client, cognito, tokens["RefreshToken"])


def test_refresh_token_of_another_client_is_refused(cognito, signed_in):
    client, tokens = signed_in
    cognito.use_client()
    with pytest.raises(client.exceptions.NotAuthorizedException):
        refresh(client, cognito, tokens["RefreshToken"])


def test_device_bound_refresh_token_needs_its_device_key(cognito):
    cognito.configure_pool(device_configuration=DeviceConfiguration())
    cognito.add_user("dev")
    client = cognito.boto3_client()
    tokens = sign_in(client, cognito, "dev")
    device_key = tokens["NewDeviceMetadata"]["DeviceKey"]
    _, verifier = generate_hash_device(tokens["NewDeviceMetadata"]["DeviceGroupKey"], device_key)
    client.confirm_device(AccessToken=tokens["AccessToken"], DeviceKey=device_key,
                          DeviceSecretVerifierConfig=verifier)
    with pytest.raises(client.exceptions.NotAuthorizedException):
        refresh(client, cognito, tokens["RefreshToken"])
    assert refresh(client, cognito, tokens["RefreshToken"], DEVICE_KEY=device_key)["AccessToken"]


def test_rotation_issues_a_new_refresh_token_and_refuses_the_old_one(cognito):
    cognito.add_user("rob")
    cognito.use_client(refresh_token_rotation=True)
    client = cognito.boto3_client()
    old = sign_in(client, cognito, "rob")["RefreshToken"]
    rotated = client.get_tokens_from_refresh_token(RefreshToken=old, ClientId=cognito.client_id)
    new = rotated["AuthenticationResult"]["RefreshToken"]
    assert new != old
    with pytest.raises(client.exceptions.RefreshTokenReuseException):
        client.get_tokens_from_refresh_token(RefreshToken=old, ClientId=cognito.client_id)
    again = client.get_tokens_from_refresh_token(RefreshToken=new, ClientId=cognito.client_id)
    assert again["AuthenticationResult"]["AccessToken"]


def test_disabled_users_refresh_token_is_refused(cognito, signed_in):
    client, tokens = signed_in
    client.admin_disable_user(UserPoolId=cognito.pool_id, Username="rita")
    with pytest.raises(client.exceptions.NotAuthorizedException):
        refresh(client, cognito, tokens["RefreshToken"])


# -- what the tokens say ----------------------------------------------------------------------


def verified_claims(cognito, token: str, **options) -> dict:
    jwks = jwt.PyJWKClient(f"{cognito.issuer}/.well-known/jwks.json")
    key = jwks.get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], issuer=cognito.issuer, **options)


def test_id_token_carries_cognitos_claims(cognito, signed_in):
    _, tokens = signed_in
    claims = verified_claims(cognito, tokens["IdToken"], audience=cognito.client_id)
    assert claims["token_use"] == "id"
    assert claims["aud"] == cognito.client_id
    assert claims["cognito:username"] == "rita"
    assert claims["cognito:groups"] == ["staff"]
    assert claims["email"] == "rita@example.com"
    assert claims["sub"] == cognito.user("rita").sub
    assert claims["origin_jti"]
    assert abs(claims["auth_time"] - claims["iat"]) <= 1


def test_access_token_carries_cognitos_claims_and_no_audience(cognito, signed_in):
    _, tokens = signed_in
    claims = verified_claims(cognito, tokens["AccessToken"])
    assert claims["token_use"] == "access"
    assert claims["client_id"] == cognito.client_id
    assert claims["username"] == "rita"
    assert claims["scope"] == "aws.cognito.signin.user.admin"
    assert "aud" not in claims


def test_tokens_are_rs256_signed_with_a_key_the_jwks_lists(cognito, signed_in):
    _, tokens = signed_in
    with urllib.request.urlopen(f"{cognito.issuer}/.well-known/jwks.json") as response:
        kids = {key["kid"] for key in json.load(response)["keys"]}
    for token in (tokens["IdToken"], tokens["AccessToken"]):
        header = jwt.get_unverified_header(token)
        assert header["alg"] == "RS256"
        assert header["kid"] in kids


def test_expired_access_token_is_refused_by_get_user(cognito, signed_in):
    client, tokens = signed_in
    cognito.advance(3601)
    with pytest.raises(client.exceptions.NotAuthorizedException, match="Access Token has expired"):
        client.get_user(AccessToken=tokens["AccessToken"])


# -- fault injection, the call log and the clock --------------------------------------------------


def test_fail_next_fails_one_call_then_the_service_answers(cognito):
    cognito.add_user("fred")
    client = cognito.boto3_client()
    cognito.fail_next("InitiateAuth", "InternalErrorException")
    with pytest.raises(client.exceptions.InternalErrorException):
        sign_in(client, cognito, "fred")
    assert sign_in(client, cognito, "fred")["AccessToken"]


def test_throttle_next_is_too_many_requests(cognito):
    cognito.add_user("fred")
    client = cognito.boto3_client()
    cognito.throttle_next("InitiateAuth")
    with pytest.raises(client.exceptions.TooManyRequestsException):
        sign_in(client, cognito, "fred")
    assert sign_in(client, cognito, "fred")["AccessToken"]


def test_hang_next_times_out_the_client_then_the_next_call_works(cognito):
    cognito.add_user("fred")
    client = cognito.boto3_client(read_timeout=0.5)
    cognito.hang_next("InitiateAuth", 2)
    with pytest.raises(ReadTimeoutError):
        sign_in(client, cognito, "fred")
    assert sign_in(client, cognito, "fred")["AccessToken"]


def test_call_log_records_operation_request_and_error_code(cognito):
    cognito.add_user("fred")
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.NotAuthorizedException):
        sign_in(client, cognito, "fred", "Wrong-Pass-1!")
    sign_in(client, cognito, "fred")
    failed, succeeded = cognito.calls
    assert failed.operation == "InitiateAuth"
    assert failed.request["AuthParameters"]["USERNAME"] == "fred"
    assert (failed.error, succeeded.error) == ("NotAuthorizedException", None)
    assert "AuthenticationResult" in succeeded.response
    assert cognito.call_names() == ["InitiateAuth:USER_PASSWORD_AUTH"] * 2


def test_advancing_the_clock_moves_totp_codes_and_expires_sessions(cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("tom", totp_secret=totp.new_secret())
    client = cognito.boto3_client()
    reply = client.initiate_auth(
        ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "tom", "PASSWORD": PASSWORD})
    old_code = cognito.totp_code("tom")
    cognito.advance(120)
    assert cognito.totp_code("tom") != old_code
    respond = dict(ClientId=cognito.client_id, ChallengeName="SOFTWARE_TOKEN_MFA",
                   Session=reply["Session"])
    with pytest.raises(client.exceptions.CodeMismatchException):
        client.respond_to_auth_challenge(
            **respond, ChallengeResponses={"USERNAME": "tom", "SOFTWARE_TOKEN_MFA_CODE": old_code})
    cognito.advance(61)
    with pytest.raises(client.exceptions.NotAuthorizedException, match="session is expired"):
        client.respond_to_auth_challenge(**respond, ChallengeResponses={
            "USERNAME": "tom", "SOFTWARE_TOKEN_MFA_CODE": cognito.totp_code("tom")})
