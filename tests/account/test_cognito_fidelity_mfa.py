"""The local Cognito's side of MFA managed by the signed-in person, called as the app calls it
(boto3, access token), answering as the sources describe AWS (testing/README.md cites them)."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing import totp

from ..local_cognito.shape_check import WireTap, reply_problems
from .conftest import PASSWORD, TOTP_SECRET


@pytest.fixture
def idp(cognito):
    return cognito.boto3_client()


def access_token(cognito, idp, username: str = "olive") -> str:
    reply = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD})
    return reply["AuthenticationResult"]["AccessToken"]


def refused(call, code: str, **kwargs) -> str:
    with pytest.raises(Exception) as caught:  # noqa: PT011 (the code is checked below)
        call(**kwargs)
    assert caught.value.response["Error"]["Code"] == code
    return caught.value.response["Error"]["Message"]


def mfa_of(idp, token: str) -> tuple[list[str], str | None]:
    user = idp.get_user(AccessToken=token)
    return user.get("UserMFASettingList", []), user.get("PreferredMfaSetting")


def test_get_user_describes_factors_and_preference_in_the_models_shape(cognito):
    cognito.add_user("olive", attributes={"phone_number": "+15555550100"},
                     totp_secret=TOTP_SECRET, sms=True, preferred_mfa="SMS_MFA")
    tap = WireTap()
    idp = tap.attach(cognito.boto3_client())
    token = access_token(cognito, idp)  # the pool's MFA is off: no code asked
    idp.get_user(AccessToken=token)
    operation, status, body = tap.replies[-1]
    assert (operation, status) == ("GetUser", 200)
    assert reply_problems(operation, body) == []
    assert body["UserMFASettingList"] == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
    assert body["PreferredMfaSetting"] == "SMS_MFA"


def test_a_new_authenticator_counts_only_once_verified_and_turned_on(cognito, idp):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("olive")
    token = access_token(cognito, idp)
    secret = idp.associate_software_token(AccessToken=token)["SecretCode"]
    wrong = next(c for c in ("000000", "111111", "222222")
                 if totp.matching_step(secret, c, cognito.backend.now()) is None)
    message = refused(idp.verify_software_token, "EnableSoftwareTokenMFAException",
                      AccessToken=token, UserCode=wrong)
    assert message == "Code mismatch and fail enable Software Token MFA"
    code = totp.code_for(secret, cognito.backend.now())
    assert idp.verify_software_token(AccessToken=token, UserCode=code)["Status"] == "SUCCESS"
    assert mfa_of(idp, token) == ([], None)  # verified, not turned on: "Next, you can enable"
    idp.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True})
    assert mfa_of(idp, token) == (["SOFTWARE_TOKEN_MFA"], None)


def test_the_old_authenticator_works_until_the_new_one_is_verified(cognito, idp):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("olive", totp_secret=TOTP_SECRET)
    reply = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "olive", "PASSWORD": PASSWORD})
    token = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=reply["Session"],
        ChallengeResponses={"USERNAME": "olive", "SOFTWARE_TOKEN_MFA_CODE": cognito.totp_code(
            "olive")})["AuthenticationResult"]["AccessToken"]
    new = idp.associate_software_token(AccessToken=token)["SecretCode"]
    assert cognito.user("olive").totp_secret == TOTP_SECRET
    idp.verify_software_token(AccessToken=token,
                              UserCode=totp.code_for(new, cognito.backend.now()))
    assert cognito.user("olive").totp_secret == new


@pytest.mark.parametrize("mode", ["OFF", "OPTIONAL"])
def test_a_pool_without_authenticator_apps_refuses_to_associate_one(cognito, idp, mode):
    cognito.configure_pool(mfa_configuration=mode, enabled_mfa_factors=("SMS_MFA",))
    cognito.add_user("olive")
    message = refused(idp.associate_software_token, "SoftwareTokenMFANotFoundException",
                      AccessToken=access_token(cognito, idp))
    assert message == "Software Token MFA has not been enabled by the userPool."


def test_a_pool_that_requires_mfa_keeps_a_factor_turned_off_but_takes_the_preference(
        cognito, idp):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("olive", attributes={"phone_number": "+15555550100"}, sms=True,
                     totp_secret=TOTP_SECRET, preferred_mfa="SOFTWARE_TOKEN_MFA")
    token = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "olive", "PASSWORD": PASSWORD})
    token = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=token["Session"],
        ChallengeResponses={"USERNAME": "olive", "SOFTWARE_TOKEN_MFA_CODE": cognito.totp_code(
            "olive")})["AuthenticationResult"]["AccessToken"]
    idp.set_user_mfa_preference(AccessToken=token, SMSMfaSettings={"Enabled": False})
    assert mfa_of(idp, token) == (["SMS_MFA", "SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")
    idp.set_user_mfa_preference(AccessToken=token,
                                SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert mfa_of(idp, token) == (["SMS_MFA", "SOFTWARE_TOKEN_MFA"], "SMS_MFA")


def test_an_optional_pool_lets_the_last_factor_go(cognito, idp):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("olive", attributes={"phone_number": "+15555550100"}, sms=True,
                     preferred_mfa="SMS_MFA")
    reply = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "olive", "PASSWORD": PASSWORD})
    token = idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="SMS_MFA", Session=reply["Session"],
        ChallengeResponses={"USERNAME": "olive", "SMS_MFA_CODE": cognito.last_code("olive")},
    )["AuthenticationResult"]["AccessToken"]
    idp.set_user_mfa_preference(AccessToken=token, SMSMfaSettings={"Enabled": False})
    assert mfa_of(idp, token) == ([], None)
    assert "AuthenticationResult" in idp.initiate_auth(
        ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "olive", "PASSWORD": PASSWORD})


@pytest.mark.parametrize(("block", "message"), [
    ({"SMSMfaSettings": {"Enabled": True}},
     "User does not have a phone_number set to turn on SMS MFA"),
    ({"SoftwareTokenMfaSettings": {"Enabled": True}},
     "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA"),
    ({"EmailMfaSettings": {"Enabled": True}},
     "EMAIL_OTP is not enabled in the user pool's MFA configuration."),
])
def test_a_factor_the_user_or_the_pool_cannot_have_is_refused(cognito, idp, block, message):
    cognito.configure_pool(mfa_configuration="OPTIONAL",
                           enabled_mfa_factors=("SMS_MFA", "SOFTWARE_TOKEN_MFA"))
    cognito.add_user("olive", attributes={"email": "olive@example.com"})
    token = access_token(cognito, idp)
    assert refused(idp.set_user_mfa_preference, "InvalidParameterException",
                   AccessToken=token, **block) == message
    assert mfa_of(idp, token) == ([], None)
