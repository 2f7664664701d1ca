"""The wire-contract scenario: every operation and every challenge the local Cognito implements,
driven through boto3 one step at a time, each step on the fixture's pool."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP, generate_hash_device, long_to_hex

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.authenticator import SoftwarePasskey
from django_cognito_challenge.testing.fixture import LocalCognitoFixture
from django_cognito_challenge.testing.models import DeviceConfiguration

from .replies import carried_session
from .shape_check import (
    WireTap,
)

PASSWORD = "Demo-Pass-1!"


class Run:
    """The scenario's boto3 client, tapped, and the calls its steps share."""

    def __init__(self, cognito: LocalCognitoFixture) -> None:
        self.cognito = cognito
        self.tap = WireTap()
        self.idp = self.tap.attach(cognito.boto3_client())
        self.extra_pools: list[str] = []

    def initiate(self, flow: str, **params: str) -> dict[str, Any]:
        return self.idp.initiate_auth(ClientId=self.cognito.client_id, AuthFlow=flow,
                                      AuthParameters=params)

    def respond(self, reply: dict[str, Any], name: str, **answers: str) -> dict[str, Any]:
        return self.idp.respond_to_auth_challenge(
            ClientId=self.cognito.client_id, ChallengeName=name, **carried_session(reply),
            ChallengeResponses=answers)

    def srp(self, username: str, **device: str) -> AWSSRP:
        return AWSSRP(username=username, password=PASSWORD, pool_id=self.cognito.pool_id,
                      client_id=self.cognito.client_id, client=self.idp, **device)

    def refused(self, error: str, call: Any, **kwargs: Any) -> None:
        """Make a call that must fail with the modelled exception class ``error``."""
        with pytest.raises(getattr(self.idp.exceptions, error)):
            call(**kwargs)


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def account_and_tokens(run: Run) -> None:
    cognito, idp = run.cognito, run.idp
    cognito.add_user("alice", attributes={"email": "alice@example.com",
                                       "email_verified": "true"})
    tokens = run.srp("alice").authenticate_user()["AuthenticationResult"]
    idp.get_user(AccessToken=tokens["AccessToken"])
    idp.describe_user_pool(UserPoolId=cognito.pool_id)
    idp.change_password(AccessToken=tokens["AccessToken"], PreviousPassword=PASSWORD,
                        ProposedPassword="Next-Pass-2!")
    run.initiate("REFRESH_TOKEN_AUTH", REFRESH_TOKEN=tokens["RefreshToken"])
    idp.forgot_password(ClientId=cognito.client_id, Username="alice")
    idp.confirm_forgot_password(ClientId=cognito.client_id, Username="alice",
                                ConfirmationCode=cognito.last_code("alice"), Password=PASSWORD)
    again = run.initiate("USER_PASSWORD_AUTH", USERNAME="alice", PASSWORD=PASSWORD)
    result = again["AuthenticationResult"]
    idp.revoke_token(Token=result["RefreshToken"], ClientId=cognito.client_id)
    run.refused("NotAuthorizedException", run.initiate, flow="REFRESH_TOKEN_AUTH",
                REFRESH_TOKEN=result["RefreshToken"])
    idp.global_sign_out(AccessToken=tokens["AccessToken"])
    run.refused("NotAuthorizedException", idp.get_user, AccessToken=tokens["AccessToken"])


def sign_up_and_sign_in(run: Run) -> None:
    cognito, idp = run.cognito, run.idp
    cognito.configure_pool(auto_verified_attributes=("email",))
    client = {"ClientId": cognito.client_id, "Username": "nina"}
    signed = idp.sign_up(**client, Password=PASSWORD,
                         UserAttributes=[{"Name": "email", "Value": "nina@example.com"}])
    idp.resend_confirmation_code(**client)
    run.refused("CodeMismatchException", idp.confirm_sign_up, **client,
                ConfirmationCode=wrong_code(cognito.last_code("nina")))
    confirmed = idp.confirm_sign_up(**client, ConfirmationCode=cognito.last_code("nina"),
                                    Session=signed["Session"])
    run.refused("NotAuthorizedException", idp.confirm_sign_up, **client,
                ConfirmationCode=cognito.last_code("nina"))
    idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_AUTH",
                      AuthParameters={"USERNAME": "nina"}, Session=confirmed["Session"])
    run.refused("UsernameExistsException", idp.sign_up, **client, Password=PASSWORD)
    cognito.configure_pool(auto_verified_attributes=())


def mfa_challenges(run: Run) -> None:
    cognito, idp = run.cognito, run.idp
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    idp.get_user_pool_mfa_config(UserPoolId=cognito.pool_id)
    cognito.add_user("sam", attributes={"phone_number": "+15555550100"}, sms=True)
    sms = run.initiate("USER_PASSWORD_AUTH", USERNAME="sam", PASSWORD=PASSWORD)
    run.refused("CodeMismatchException", run.respond, reply=sms, name="SMS_MFA",
                USERNAME="sam", SMS_MFA_CODE=wrong_code(cognito.last_code("sam")))
    access = run.respond(sms, "SMS_MFA", USERNAME="sam",
                         SMS_MFA_CODE=cognito.last_code("sam"))["AuthenticationResult"]
    idp.associate_software_token(AccessToken=access["AccessToken"])
    idp.verify_software_token(AccessToken=access["AccessToken"],
                              UserCode=cognito.totp_code("sam"), FriendlyDeviceName="phone")
    idp.set_user_mfa_preference(AccessToken=access["AccessToken"],
                                SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    cognito.add_user("tess", totp_secret=totp.new_secret())
    reply = run.initiate("USER_PASSWORD_AUTH", USERNAME="tess", PASSWORD=PASSWORD)
    run.respond(reply, "SOFTWARE_TOKEN_MFA", USERNAME="tess",
                SOFTWARE_TOKEN_MFA_CODE=cognito.totp_code("tess"))
    cognito.add_user("erin", attributes={"email": "erin@example.com"}, email_mfa=True)
    reply = run.initiate("USER_PASSWORD_AUTH", USERNAME="erin", PASSWORD=PASSWORD)
    run.respond(reply, "EMAIL_OTP", USERNAME="erin", EMAIL_OTP_CODE=cognito.last_code("erin"))
    cognito.add_user("cole", attributes={"phone_number": "+15555550101"}, sms=True,
                     totp_secret=totp.new_secret())
    choose = run.initiate("USER_PASSWORD_AUTH", USERNAME="cole", PASSWORD=PASSWORD)
    chosen = run.respond(choose, "SELECT_MFA_TYPE", USERNAME="cole", ANSWER="SOFTWARE_TOKEN_MFA")
    run.respond(chosen, "SOFTWARE_TOKEN_MFA", USERNAME="cole",
                SOFTWARE_TOKEN_MFA_CODE=cognito.totp_code("cole"))


def mfa_setup(run: Run) -> None:
    cognito, idp = run.cognito, run.idp
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tina")
    setup = run.initiate("USER_PASSWORD_AUTH", USERNAME="tina", PASSWORD=PASSWORD)
    associated = idp.associate_software_token(Session=setup["Session"])
    verified = idp.verify_software_token(Session=associated["Session"],
                                         UserCode=cognito.totp_code("tina"))
    run.respond(verified, "MFA_SETUP", USERNAME="tina")
    cognito.add_user("emma")
    setup = run.initiate("USER_PASSWORD_AUTH", USERNAME="emma", PASSWORD=PASSWORD)
    otp = run.respond(setup, "MFA_SETUP", USERNAME="emma", EMAIL="emma@example.com")
    run.respond(otp, "EMAIL_OTP", USERNAME="emma", EMAIL_OTP_CODE=cognito.last_code("emma"))
    cognito.configure_pool(mfa_configuration="OFF")


def choice_based(run: Run) -> None:
    cognito = run.cognito
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP", "SMS_OTP"))
    cognito.add_user("cleo", attributes={"email": "cleo@example.com",
                                         "phone_number": "+15555550102"})
    select = run.initiate("USER_AUTH", USERNAME="cleo")
    otp = run.respond(select, "SELECT_CHALLENGE", USERNAME="cleo", ANSWER="EMAIL_OTP")
    run.respond(otp, "EMAIL_OTP", USERNAME="cleo", EMAIL_OTP_CODE=cognito.last_code("cleo"))
    sms = run.initiate("USER_AUTH", USERNAME="cleo", PREFERRED_CHALLENGE="SMS_OTP")
    run.respond(sms, "SMS_OTP", USERNAME="cleo", SMS_OTP_CODE=cognito.last_code("cleo"))
    run.respond(run.initiate("USER_AUTH", USERNAME="cleo"), "PASSWORD", USERNAME="cleo",
                PASSWORD=PASSWORD)
    srp = run.srp("cleo")
    verifier = run.respond(run.initiate("USER_AUTH", USERNAME="cleo"), "PASSWORD_SRP",
                           USERNAME="cleo", SRP_A=long_to_hex(srp.large_a_value))
    run.respond(verifier, "PASSWORD_VERIFIER",
                **srp.process_challenge(verifier["ChallengeParameters"], {"USERNAME": "cleo"}))
    run.initiate("USER_AUTH", USERNAME="cleo", PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)


def passkeys(run: Run) -> None:
    cognito, idp = run.cognito, run.idp
    idp.set_user_pool_mfa_config(UserPoolId=cognito.pool_id, WebAuthnConfiguration={
        "RelyingPartyId": "localhost", "UserVerification": "preferred"})
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "WEB_AUTHN"))
    cognito.add_user("kim")
    access = run.initiate("USER_PASSWORD_AUTH", USERNAME="kim", PASSWORD=PASSWORD)[
        "AuthenticationResult"]["AccessToken"]
    options = idp.start_web_authn_registration(AccessToken=access)["CredentialCreationOptions"]
    passkey = SoftwarePasskey()
    credential = passkey.create(options, origin="https://localhost")
    idp.complete_web_authn_registration(AccessToken=access, Credential=credential)
    run.refused("WebAuthnChallengeNotFoundException", idp.complete_web_authn_registration,
                AccessToken=access, Credential=credential)
    idp.list_web_authn_credentials(AccessToken=access, MaxResults=10)
    reply = run.initiate("USER_AUTH", USERNAME="kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    assertion = passkey.get(reply["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"],
                            origin="https://localhost")
    run.respond(reply, "WEB_AUTHN", USERNAME="kim", CREDENTIAL=json.dumps(assertion))
    idp.delete_web_authn_credential(AccessToken=access, CredentialId=passkey.credential_id)
    run.refused("ResourceNotFoundException", idp.delete_web_authn_credential,
                AccessToken=access, CredentialId=passkey.credential_id)


def _define(event: dict[str, Any]) -> dict[str, Any]:
    history = event["request"]["session"]
    last = history[-1] if history else {}
    if last.get("challengeName") == "SRP_A":
        event["response"]["challengeName"] = "PASSWORD_VERIFIER"
    elif last.get("challengeName") == "CUSTOM_CHALLENGE" and last["challengeResult"]:
        event["response"]["issueTokens"] = True
    else:
        event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
    return event


def _create(event: dict[str, Any]) -> dict[str, Any]:
    event["response"].update(publicChallengeParameters={"question": "2+2"},
                             privateChallengeParameters={"answer": "4"},
                             challengeMetadata="SUM")
    return event


def _verify(event: dict[str, Any]) -> dict[str, Any]:
    request = event["request"]
    event["response"]["answerCorrect"] = (
        request["challengeAnswer"] == request["privateChallengeParameters"]["answer"])
    return event


def custom_auth(run: Run) -> None:
    cognito = run.cognito
    cognito.set_triggers(DefineAuthChallenge=_define, CreateAuthChallenge=_create,
                         VerifyAuthChallengeResponse=_verify)
    cognito.add_user("cody")
    question = run.initiate("CUSTOM_AUTH", USERNAME="cody")
    again = run.respond(question, "CUSTOM_CHALLENGE", USERNAME="cody", ANSWER="5")
    run.respond(again, "CUSTOM_CHALLENGE", USERNAME="cody", ANSWER="4")
    srp = run.srp("cody")
    params = srp.get_auth_params()
    verifier = run.initiate("CUSTOM_AUTH", CHALLENGE_NAME="SRP_A", **params)
    question = run.respond(verifier, "PASSWORD_VERIFIER",
                           **srp.process_challenge(verifier["ChallengeParameters"], params))
    run.respond(question, "CUSTOM_CHALLENGE", USERNAME="cody", ANSWER="4")


def remembered_device(run: Run) -> None:
    cognito, idp = run.cognito, run.idp
    cognito.configure_pool(device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))
    cognito.add_user("dana")
    first = run.srp("dana").authenticate_user()["AuthenticationResult"]
    key, group = (first["NewDeviceMetadata"][k] for k in ("DeviceKey", "DeviceGroupKey"))
    device_password, verifier_config = generate_hash_device(group, key)
    idp.confirm_device(AccessToken=first["AccessToken"], DeviceKey=key, DeviceName="laptop",
                       DeviceSecretVerifierConfig=verifier_config)
    idp.update_device_status(AccessToken=first["AccessToken"], DeviceKey=key,
                             DeviceRememberedStatus="remembered")
    srp = run.srp("dana", device_key=key, device_group_key=group, device_password=device_password)
    params = srp.get_auth_params()
    verifier = run.initiate("USER_SRP_AUTH", **params)
    device = run.respond(verifier, "PASSWORD_VERIFIER",
                         **srp.process_challenge(verifier["ChallengeParameters"], params))
    device_verifier = run.respond(device, "DEVICE_SRP_AUTH", USERNAME="dana", DEVICE_KEY=key,
                                  SRP_A=long_to_hex(srp.large_a_value))
    answer = srp.process_device_challenge(device_verifier["ChallengeParameters"])
    tokens = run.respond(device_verifier, "DEVICE_PASSWORD_VERIFIER",
                         **answer)["AuthenticationResult"]
    run.initiate("REFRESH_TOKEN_AUTH", REFRESH_TOKEN=tokens["RefreshToken"], DEVICE_KEY=key)
    idp.list_devices(AccessToken=tokens["AccessToken"], Limit=10)
    idp.forget_device(AccessToken=tokens["AccessToken"], DeviceKey=key)
    run.refused("ResourceNotFoundException", run.initiate, flow="USER_PASSWORD_AUTH",
                USERNAME="dana", PASSWORD=PASSWORD, DEVICE_KEY=key)


def administered_pool(run: Run) -> None:
    idp = run.idp
    pool = idp.create_user_pool(PoolName="wire-contract", MfaConfiguration="OFF", Schema=[
        {"Name": "name", "AttributeDataType": "String", "Mutable": True, "Required": True},
        {"Name": "tenant", "AttributeDataType": "String", "Mutable": True}])
    pool_id = pool["UserPool"]["Id"]
    run.extra_pools.append(pool_id)
    idp.describe_user_pool(UserPoolId=pool_id)
    app = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="wire-client", GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 0},
    )["UserPoolClient"]
    client_id, secret = app["ClientId"], app["ClientSecret"]
    idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    idp.create_group(UserPoolId=pool_id, GroupName="staff", Description="Staff", Precedence=1)
    idp.admin_create_user(UserPoolId=pool_id, Username="dave", TemporaryPassword="Temp-Pass-1!",
                          UserAttributes=[{"Name": "email", "Value": "dave@example.com"},
                                          {"Name": "custom:tenant", "Value": "acme"}])
    hashed = AWSSRP.get_secret_hash("dave", client_id, secret)
    run.refused("NotAuthorizedException", idp.initiate_auth, ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "dave", "PASSWORD": "Temp-Pass-1!"})
    new = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "dave", "PASSWORD": "Temp-Pass-1!", "SECRET_HASH": hashed})
    tokens = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=new["Session"],
        ChallengeResponses={"USERNAME": "dave", "NEW_PASSWORD": PASSWORD, "SECRET_HASH": hashed,
                            "userAttributes.name": "Dave"})["AuthenticationResult"]
    rotated = idp.get_tokens_from_refresh_token(
        RefreshToken=tokens["RefreshToken"], ClientId=client_id, ClientSecret=secret)
    idp.revoke_token(Token=rotated["AuthenticationResult"]["RefreshToken"], ClientId=client_id,
                     ClientSecret=secret)
    admin = {"UserPoolId": pool_id, "Username": "dave"}
    idp.admin_set_user_password(**admin, Password="Third-Pass-3!", Permanent=True)
    idp.admin_add_user_to_group(**admin, GroupName="staff")
    idp.admin_set_user_mfa_preference(**admin, EmailMfaSettings={"Enabled": True})
    idp.admin_get_user(**admin)
    idp.admin_disable_user(**admin)
    idp.admin_enable_user(**admin)


STEPS = (account_and_tokens, sign_up_and_sign_in, mfa_challenges, mfa_setup, choice_based,
         passkeys, custom_auth, remembered_device, administered_pool)
