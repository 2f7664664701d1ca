"""Where an app could be fooled about devices and tokens, the local Cognito answers as AWS does.

Each test drives boto3 (and pycognito's SRP maths) directly, never the app's client code.
"""

from __future__ import annotations

import json
import urllib.request

import jwt
import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import generate_hash_device

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.models import DeviceConfiguration

from .test_independent_clients import (
    DEVICE_STEPS,
    SRP_STEPS,
    remember_device,
    srp,
    verified_claims,
)

PASSWORD = "Demo-Pass-1!"
INVALID_REFRESH = ("NotAuthorizedException", "Invalid Refresh Token")


def tracking(replaces_mfa: bool) -> DeviceConfiguration:
    return DeviceConfiguration(challenge_required_on_new_device=replaces_mfa,
                               device_only_remembered_on_user_prompt=True)


def error_of(call) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def password_sign_in(cognito, idp, username: str, **extra: str) -> dict:
    return idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD, **extra})


def totp_answer(cognito, idp, challenge: dict, username: str, **extra: str) -> dict:
    return idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": username, **extra,
                            "SOFTWARE_TOKEN_MFA_CODE": cognito.totp_code(username)})


@pytest.fixture
def idp(cognito):
    return cognito.boto3_client()


def remembered_with_mfa(cognito, idp, *, replaces_mfa: bool):
    """alice (TOTP) in an MFA-required pool, with one remembered device."""
    cognito.configure_pool(mfa_configuration="ON", device_configuration=tracking(replaces_mfa))
    cognito.add_user("alice", totp_secret=totp.new_secret())
    challenge = password_sign_in(cognito, idp, "alice")
    device = remember_device(idp, totp_answer(cognito, idp, challenge, "alice"))
    cognito.reset_calls()
    return device


# -- 1. DEVICE_KEY in the answers before the device step -------------------------------------


def test_device_named_only_in_the_mfa_answer_is_then_proven(cognito, idp):
    """Amplify JS names the device in MFA answers too (aws-amplify/amplify-js#14626)."""
    device = remembered_with_mfa(cognito, idp, replaces_mfa=True)
    challenge = password_sign_in(cognito, idp, "alice")  # no DEVICE_KEY: MFA is asked
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    reply = totp_answer(cognito, idp, challenge, "alice", DEVICE_KEY=device.key)
    assert reply["ChallengeName"] == "DEVICE_SRP_AUTH"
    assert "AuthenticationResult" not in reply


def test_unknown_device_named_only_in_the_password_verifier_answer_is_refused(cognito, idp):
    cognito.configure_pool(device_configuration=tracking(True))
    cognito.add_user("alice")
    helper = srp(cognito, idp, "alice", device_key="us-east-1_not-a-device",
                 device_group_key="-none", device_password="x")
    params = helper.get_auth_params()
    started = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_SRP_AUTH",
                                AuthParameters={k: v for k, v in params.items()
                                                if k != "DEVICE_KEY"})
    answer = helper.process_challenge(started["ChallengeParameters"], params)
    assert answer["DEVICE_KEY"] == "us-east-1_not-a-device"
    refused = error_of(lambda: idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer))
    assert refused == ("ResourceNotFoundException", "Device does not exist.")
    assert not any("AuthenticationResult" in call.response for call in cognito.calls)


# -- 2. ChallengeRequiredOnNewDevice -------------------------------------------------------


def test_remembered_device_replaces_mfa_only_when_challenge_required_on_new_device(cognito, idp):
    device = remembered_with_mfa(cognito, idp, replaces_mfa=False)
    challenge = password_sign_in(cognito, idp, "alice", DEVICE_KEY=device.key)
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"  # the device does not replace it
    after_code = totp_answer(cognito, idp, challenge, "alice", DEVICE_KEY=device.key)
    assert after_code["ChallengeName"] == "DEVICE_SRP_AUTH"  # ... but is still proven

    cognito.configure_pool(device_configuration=tracking(True))
    cognito.reset_calls()
    result = srp(cognito, idp, "alice", **device.srp_options()).authenticate_user()
    assert verified_claims(cognito, result["AuthenticationResult"])[1]["device_key"] == device.key
    assert cognito.call_names() == SRP_STEPS + DEVICE_STEPS


def test_create_user_pool_keeps_challenge_required_on_new_device(cognito, idp):
    configuration = {"ChallengeRequiredOnNewDevice": False,
                     "DeviceOnlyRememberedOnUserPrompt": True}
    pool_id = idp.create_user_pool(PoolName="devices",
                                   DeviceConfiguration=configuration)["UserPool"]["Id"]
    try:
        described = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        assert described["DeviceConfiguration"] == configuration
    finally:
        cognito.backend.pools.pop(pool_id, None)


# -- 3. Refresh with the key of a device never confirmed -------------------------------------


def test_refresh_with_a_device_never_confirmed_is_refused_until_it_is(cognito, idp):
    cognito.configure_pool(device_configuration=tracking(True))
    cognito.add_user("dev")
    result = password_sign_in(cognito, idp, "dev")["AuthenticationResult"]
    new_device = result["NewDeviceMetadata"]

    def refresh():
        return idp.initiate_auth(
            ClientId=cognito.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": result["RefreshToken"],
                            "DEVICE_KEY": new_device["DeviceKey"]})

    def get_tokens():
        return idp.get_tokens_from_refresh_token(
            ClientId=cognito.client_id, RefreshToken=result["RefreshToken"],
            DeviceKey=new_device["DeviceKey"])

    assert error_of(refresh) == INVALID_REFRESH
    assert error_of(get_tokens) == INVALID_REFRESH
    _, verifier = generate_hash_device(new_device["DeviceGroupKey"], new_device["DeviceKey"])
    idp.confirm_device(AccessToken=result["AccessToken"], DeviceKey=new_device["DeviceKey"],
                       DeviceSecretVerifierConfig=verifier)
    assert refresh()["AuthenticationResult"]["AccessToken"]
    assert get_tokens()["AuthenticationResult"]["AccessToken"]


# -- 4. Two signing keys ---------------------------------------------------------------------


def test_id_and_access_tokens_are_signed_with_two_keys_of_the_jwks(cognito, idp):
    cognito.add_user("kim")
    result = password_sign_in(cognito, idp, "kim")["AuthenticationResult"]
    with urllib.request.urlopen(f"{cognito.issuer}/.well-known/jwks.json") as response:
        keys = json.load(response)["keys"]
    assert len(keys) == 2
    assert keys[0]["kid"] != keys[1]["kid"]
    assert jwt.get_unverified_header(result["IdToken"])["kid"] == keys[0]["kid"]
    assert jwt.get_unverified_header(result["AccessToken"])["kid"] == keys[1]["kid"]
    first = jwt.PyJWK(keys[0]).key  # a verifier that takes the first key ...
    jwt.decode(result["IdToken"], first, algorithms=["RS256"], audience=cognito.client_id)
    with pytest.raises(jwt.InvalidSignatureError):  # ... fails on access tokens, as on AWS
        jwt.decode(result["AccessToken"], first, algorithms=["RS256"])


def test_access_token_signed_with_the_id_token_key_is_refused(cognito, idp):
    cognito.add_user("kim")
    access = password_sign_in(cognito, idp, "kim")["AuthenticationResult"]["AccessToken"]
    claims = jwt.decode(access, options={"verify_signature": False})
    forged = jwt.encode(claims, cognito.pool.signing_key, algorithm="RS256",
                        headers={"kid": cognito.pool.key_id})
    assert error_of(lambda: idp.get_user(AccessToken=forged)) == (
        "NotAuthorizedException", "Invalid Access Token")
    assert idp.get_user(AccessToken=access)["Username"] == "kim"
