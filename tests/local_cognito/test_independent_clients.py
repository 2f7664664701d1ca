"""The local Cognito seen only through code we did not write: pycognito, boto3 and PyJWT.

pycognito does the SRP maths (user and device), boto3 speaks the wire protocol and PyJWT
checks every token against the JWKS served over HTTP, so a server that merely agrees with
our own client code cannot pass. The seed's three RespondToAuthChallenge examples are
replayed exactly as AWS's examples send them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jwt
import pytest
from pycognito import aws_srp
from pycognito.aws_srp import AWSSRP, generate_hash_device
from pycognito.exceptions import SoftwareTokenMFAChallengeException

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.models import DeviceConfiguration

PASSWORD = "Demo-Pass-1!"
TRACK_ON_PROMPT = DeviceConfiguration(
    challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True
)
SRP_STEPS = ["InitiateAuth:USER_SRP_AUTH", "RespondToAuthChallenge:PASSWORD_VERIFIER"]
DEVICE_STEPS = [
    "RespondToAuthChallenge:DEVICE_SRP_AUTH",
    "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER",
]
DEVICE_KEY_PATTERN = re.compile(r"^[\w-]+_[0-9a-f-]+$")  # DeviceKeyType in the botocore model


@dataclass(frozen=True)
class RememberedDevice:
    key: str
    group_key: str
    password: str

    def srp_options(self, password: str | None = None) -> dict[str, str]:
        return {"device_key": self.key, "device_group_key": self.group_key,
                "device_password": password or self.password}


@pytest.fixture
def idp(cognito):
    return cognito.boto3_client()


@pytest.fixture
def remembered(cognito, idp) -> RememberedDevice:
    """alice, in a pool that tracks devices on prompt, with one remembered device."""
    cognito.configure_pool(device_configuration=TRACK_ON_PROMPT)
    cognito.add_user("alice")
    device = remember_device(idp, srp(cognito, idp, "alice").authenticate_user())
    cognito.reset_calls()
    return device


def srp(cognito, idp, username: str, password: str = PASSWORD, **device: str) -> AWSSRP:
    return AWSSRP(username=username, password=password, pool_id=cognito.pool_id,
                  client_id=cognito.client_id, client=idp,
                  client_secret=cognito.client_secret, **device)


def remember_device(idp, reply: dict) -> RememberedDevice:
    """ConfirmDevice with pycognito's verifier, then UpdateDeviceStatus(remembered)."""
    result = reply["AuthenticationResult"]
    key = result["NewDeviceMetadata"]["DeviceKey"]
    group_key = result["NewDeviceMetadata"]["DeviceGroupKey"]
    device_password, verifier_config = generate_hash_device(group_key, key)
    confirmed = idp.confirm_device(AccessToken=result["AccessToken"], DeviceKey=key,
                                   DeviceSecretVerifierConfig=verifier_config,
                                   DeviceName="pytest")
    assert confirmed["UserConfirmationNecessary"] is True
    idp.update_device_status(AccessToken=result["AccessToken"], DeviceKey=key,
                             DeviceRememberedStatus="remembered")
    return RememberedDevice(key, group_key, device_password)


def verified_claims(cognito, result: dict) -> tuple[dict, dict]:
    """Check both tokens with PyJWT against the JWKS fetched over HTTP; return their claims."""
    jwks = jwt.PyJWKClient(f"{cognito.issuer}/.well-known/jwks.json", cache_keys=False)
    id_token, access_token = result["IdToken"], result["AccessToken"]
    for token in (id_token, access_token):
        assert jwt.get_unverified_header(token)["alg"] == "RS256"
    id_claims = jwt.decode(id_token, jwks.get_signing_key_from_jwt(id_token), algorithms=["RS256"],
                           audience=cognito.client_id, issuer=cognito.issuer)
    access_claims = jwt.decode(access_token, jwks.get_signing_key_from_jwt(access_token),
                               algorithms=["RS256"], issuer=cognito.issuer)
    assert id_claims["token_use"] == "id"
    assert access_claims["token_use"] == "access"
    assert access_claims["client_id"] == cognito.client_id
    assert id_claims["origin_jti"]
    assert id_claims["origin_jti"] == access_claims["origin_jti"]
    assert id_claims["sub"] == access_claims["sub"]
    return id_claims, access_claims


def sent_session(cognito) -> list[bool]:
    return ["Session" in call.request for call in cognito.calls]


def error_of(excinfo) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


# -- 1. USER_SRP_AUTH through pycognito ---------------------------------------------------


def test_pycognito_srp_sign_in_returns_verifiable_tokens(cognito, idp):
    cognito.add_user("alice")
    result = srp(cognito, idp, "alice").authenticate_user()["AuthenticationResult"]
    assert result["TokenType"] == "Bearer"
    assert result["RefreshToken"]
    id_claims, access_claims = verified_claims(cognito, result)
    assert id_claims["cognito:username"] == access_claims["username"] == "alice"
    assert cognito.call_names() == SRP_STEPS
    assert [call.error for call in cognito.calls] == [None, None]
    assert sent_session(cognito) == [False, False]  # pycognito relies on SECRET_BLOCK alone


def test_pycognito_srp_sign_in_with_client_secret(cognito, idp):
    cognito.use_client(generate_secret=True)
    cognito.add_user("alice")
    result = srp(cognito, idp, "alice").authenticate_user()["AuthenticationResult"]
    verified_claims(cognito, result)
    assert cognito.call_names() == SRP_STEPS
    assert cognito.calls[0].request["AuthParameters"]["SECRET_HASH"]
    assert cognito.calls[1].request["ChallengeResponses"]["SECRET_HASH"]


def test_srp_without_secret_hash_is_refused_by_a_client_with_a_secret(cognito, idp):
    cognito.use_client(generate_secret=True)
    cognito.add_user("alice")
    helper = AWSSRP(username="alice", password=PASSWORD, pool_id=cognito.pool_id,
                    client_id=cognito.client_id, client=idp)
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        helper.authenticate_user()
    assert cognito.call_names() == ["InitiateAuth:USER_SRP_AUTH"]


def test_wrong_password_is_refused_at_password_verifier(cognito, idp):
    cognito.add_user("alice")
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        srp(cognito, idp, "alice", "Wrong-Pass-1!").authenticate_user()
    assert cognito.call_names() == SRP_STEPS
    assert cognito.calls[-1].error == "NotAuthorizedException"


def test_unknown_user_is_refused_exactly_like_a_wrong_password(cognito, idp):
    cognito.add_user("alice")
    with pytest.raises(idp.exceptions.NotAuthorizedException) as wrong_password:
        srp(cognito, idp, "alice", "Wrong-Pass-1!").authenticate_user()
    with pytest.raises(idp.exceptions.NotAuthorizedException) as unknown_user:
        srp(cognito, idp, "nobody", PASSWORD).authenticate_user()
    assert error_of(unknown_user) == error_of(wrong_password)
    assert cognito.call_names() == SRP_STEPS + SRP_STEPS


# -- 2. Device SRP with pycognito's device maths ------------------------------------------


def test_remembered_device_signs_in_like_the_javascript_client(cognito, idp, remembered):
    """Amplify JS names its device only in PASSWORD_VERIFIER's answer, which goes without a
    Session since AWS sends none (handlePasswordVerifierChallenge.ts, pycognito#78)."""
    helper = srp(cognito, idp, "alice", **remembered.srp_options())
    params = helper.get_auth_params()
    started = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_SRP_AUTH",
                                AuthParameters={k: v for k, v in params.items()
                                                if k != "DEVICE_KEY"})
    assert "Session" not in started
    device_round = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=helper.process_challenge(started["ChallengeParameters"], params))
    assert device_round["ChallengeName"] == "DEVICE_SRP_AUTH"
    verifier = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="DEVICE_SRP_AUTH",
        Session=device_round["Session"],
        ChallengeResponses={"USERNAME": "alice", "DEVICE_KEY": remembered.key,
                            "SRP_A": aws_srp.long_to_hex(helper.large_a_value)})
    assert verifier["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
    reply = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=verifier["Session"],
        ChallengeResponses=helper.process_device_challenge(verifier["ChallengeParameters"]))
    result = reply["AuthenticationResult"]
    assert "NewDeviceMetadata" not in result
    assert verified_claims(cognito, result)[1]["device_key"] == remembered.key
    assert cognito.call_names() == SRP_STEPS + DEVICE_STEPS
    assert sent_session(cognito) == [False, False, True, True]
    assert "DEVICE_KEY" not in cognito.calls[0].request["AuthParameters"]


def test_remembered_device_signs_in_without_session_like_pycognito(cognito, idp, remembered):
    helper = srp(cognito, idp, "alice", **remembered.srp_options())
    result = helper.authenticate_user()["AuthenticationResult"]
    assert "NewDeviceMetadata" not in result
    assert verified_claims(cognito, result)[1]["device_key"] == remembered.key
    assert cognito.call_names() == SRP_STEPS + DEVICE_STEPS
    assert sent_session(cognito) == [False, False, False, False]


def test_wrong_device_password_is_refused(cognito, idp, remembered):
    other_password, _ = generate_hash_device(remembered.group_key, remembered.key)
    helper = srp(cognito, idp, "alice", **remembered.srp_options(other_password))
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        helper.authenticate_user()
    assert cognito.call_names() == SRP_STEPS + DEVICE_STEPS
    assert [call.error for call in cognito.calls] == [None, None, None, "NotAuthorizedException"]


def test_remembered_device_skips_mfa_in_an_mfa_required_pool(cognito, idp):
    cognito.configure_pool(mfa_configuration="ON", device_configuration=TRACK_ON_PROMPT)
    cognito.add_user("alice", totp_secret=totp.new_secret())
    with pytest.raises(SoftwareTokenMFAChallengeException) as challenge:
        srp(cognito, idp, "alice").authenticate_user()
    reply = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=challenge.value.get_tokens()["Session"],
        ChallengeResponses={"USERNAME": "alice",
                            "SOFTWARE_TOKEN_MFA_CODE": cognito.totp_code("alice")})
    device = remember_device(idp, reply)
    cognito.reset_calls()
    result = srp(cognito, idp, "alice", **device.srp_options()).authenticate_user()
    assert verified_claims(cognito, result["AuthenticationResult"])[1]["device_key"] == device.key
    assert cognito.call_names() == SRP_STEPS + DEVICE_STEPS
    with pytest.raises(SoftwareTokenMFAChallengeException):  # without the device: MFA again
        srp(cognito, idp, "alice").authenticate_user()


# -- 3. The seed's three flows, on the wire as the examples send them -----------------------


@pytest.mark.parametrize("tracks_devices", [True, False])
def test_seed_new_password_required_answered_like_the_cli(cognito, idp, tracks_devices):
    if tracks_devices:
        cognito.configure_pool(device_configuration=TRACK_ON_PROMPT)
    cognito.add_user("jane@example.com", "Temp-Pass-1!", temporary=True)
    started = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": "jane@example.com",
                                                "PASSWORD": "Temp-Pass-1!"})
    assert started["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    reply = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
        ChallengeResponses={"USERNAME": "jane@example.com", "NEW_PASSWORD": "New-Pass-2!"},
        Session=started["Session"])
    assert reply["ChallengeParameters"] == {}
    result = reply["AuthenticationResult"]
    assert verified_claims(cognito, result)[0]["cognito:username"] == "jane@example.com"
    assert (result["ExpiresIn"], result["TokenType"]) == (3600, "Bearer")
    assert ("NewDeviceMetadata" in result) is tracks_devices
    if tracks_devices:
        assert DEVICE_KEY_PATTERN.match(result["NewDeviceMetadata"]["DeviceKey"])
        assert result["NewDeviceMetadata"]["DeviceGroupKey"]
    assert srp(cognito, idp, "jane@example.com", "New-Pass-2!").authenticate_user()
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        srp(cognito, idp, "jane@example.com", "Temp-Pass-1!").authenticate_user()


def test_seed_software_token_mfa_answered_like_the_javascript_example(cognito, idp):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("alice", totp_secret=totp.new_secret())
    started = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD})
    assert started["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    assert "FRIENDLY_DEVICE_NAME" in started["ChallengeParameters"]
    reply = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="SOFTWARE_TOKEN_MFA",
        ChallengeResponses={"SOFTWARE_TOKEN_MFA_CODE": cognito.totp_code("alice"),
                            "USERNAME": "alice"},
        Session=started["Session"])
    verified_claims(cognito, reply["AuthenticationResult"])
    assert cognito.call_names() == ["InitiateAuth:USER_PASSWORD_AUTH",
                                    "RespondToAuthChallenge:SOFTWARE_TOKEN_MFA"]


def sign_in_with_tracked_device(idp, client_id, user_name, password, device_key,
                                device_group_key, device_password, aws_srp):
    """The seed's ``CognitoIdentityProviderWrapper.sign_in_with_tracked_device``, verbatim."""
    srp_helper = aws_srp.AWSSRP(username=user_name, password=device_password, pool_id="_",
                                client_id=client_id, client_secret=None, client=idp)
    response_init = idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user_name, "PASSWORD": password, "DEVICE_KEY": device_key})
    assert response_init["ChallengeName"] == "DEVICE_SRP_AUTH"
    auth_params = srp_helper.get_auth_params()
    auth_params["DEVICE_KEY"] = device_key
    response_auth = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="DEVICE_SRP_AUTH", ChallengeResponses=auth_params)
    assert response_auth["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
    challenge_params = response_auth["ChallengeParameters"]
    challenge_params["USER_ID_FOR_SRP"] = device_group_key + device_key
    cr = srp_helper.process_challenge(challenge_params, {"USERNAME": user_name})
    cr["USERNAME"] = user_name
    cr["DEVICE_KEY"] = device_key
    response_verifier = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="DEVICE_PASSWORD_VERIFIER", ChallengeResponses=cr)
    return response_verifier["AuthenticationResult"]


def test_seed_tracked_device_sign_in_exactly_like_the_python_example(cognito, idp, remembered):
    result = sign_in_with_tracked_device(idp, cognito.client_id, "alice", PASSWORD,
                                         remembered.key, remembered.group_key,
                                         remembered.password, aws_srp)
    assert "NewDeviceMetadata" not in result
    assert verified_claims(cognito, result)[1]["device_key"] == remembered.key
    assert cognito.call_names() == ["InitiateAuth:USER_PASSWORD_AUTH", *DEVICE_STEPS]
    assert sent_session(cognito) == [False, False, False]


def test_seed_tracked_device_sign_in_with_a_wrong_device_password_is_refused(
    cognito, idp, remembered
):
    other_password, _ = generate_hash_device(remembered.group_key, remembered.key)
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        sign_in_with_tracked_device(idp, cognito.client_id, "alice", PASSWORD, remembered.key,
                                    remembered.group_key, other_password, aws_srp)
    assert cognito.calls[-1].error == "NotAuthorizedException"
    assert cognito.call_names()[-1] == DEVICE_STEPS[-1]
