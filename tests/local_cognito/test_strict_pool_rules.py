"""A pool's rules, enforced as Cognito does: what a client sees when it breaks one."""

from __future__ import annotations

import json

import pytest

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.models import DeviceConfiguration

PASSWORD = "Demo-Pass-1!"
TEMPORARY = "Temp-Pass-1!"
STRONG = "Fresh-Pass-2!"
WEAK = "weakpassword"  # no upper case, number or symbol
STALE_DEVICE = "us-east-1_00000000-0000-4000-8000-000000000000"


def sign_in(client, cognito, username: str, password: str = PASSWORD, **extra: str):
    return client.initiate_auth(
        ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password, **extra},
    )


def answer(client, cognito, reply, username: str, name: str | None = None, **responses: str):
    return client.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName=name or reply["ChallengeName"],
        Session=reply["Session"], ChallengeResponses={"USERNAME": username, **responses},
    )


def attributes(client, cognito, username: str) -> dict[str, str]:
    user = client.admin_get_user(UserPoolId=cognito.pool_id, Username=username)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def wrong_totp_code(secret: str, now: float) -> str:
    step = totp.current_step(now)
    accepted = {totp.code_at_step(secret, s) for s in range(step - 1, step + 2)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


# -- password policy: a weak password changes nothing ------------------------------------


def test_weak_new_password_is_refused_and_the_temporary_password_still_works(cognito):
    cognito.add_user("tim", TEMPORARY, temporary=True)
    client = cognito.boto3_client()
    reply = sign_in(client, cognito, "tim", TEMPORARY)
    with pytest.raises(client.exceptions.InvalidPasswordException):
        answer(client, cognito, reply, "tim", NEW_PASSWORD=WEAK)
    assert client.admin_get_user(UserPoolId=cognito.pool_id, Username="tim")[
        "UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert sign_in(client, cognito, "tim", TEMPORARY)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_weak_password_in_change_password_is_refused_and_the_old_one_still_works(cognito):
    cognito.add_user("cole")
    client = cognito.boto3_client()
    access = sign_in(client, cognito, "cole")["AuthenticationResult"]["AccessToken"]
    with pytest.raises(client.exceptions.InvalidPasswordException):
        client.change_password(AccessToken=access, PreviousPassword=PASSWORD,
                               ProposedPassword=WEAK)
    assert "AuthenticationResult" in sign_in(client, cognito, "cole")
    with pytest.raises(client.exceptions.NotAuthorizedException):
        sign_in(client, cognito, "cole", WEAK)


def test_weak_password_in_confirm_forgot_password_is_refused_and_keeps_the_code(cognito):
    cognito.add_user("fay", attributes={"email": "fay@example.com", "email_verified": "true"})
    client = cognito.boto3_client()
    client.forgot_password(ClientId=cognito.client_id, Username="fay")
    code = cognito.last_code("fay")
    with pytest.raises(client.exceptions.InvalidPasswordException):
        client.confirm_forgot_password(ClientId=cognito.client_id, Username="fay",
                                       ConfirmationCode=code, Password=WEAK)
    assert "AuthenticationResult" in sign_in(client, cognito, "fay")
    client.confirm_forgot_password(ClientId=cognito.client_id, Username="fay",
                                   ConfirmationCode=code, Password=STRONG)
    assert "AuthenticationResult" in sign_in(client, cognito, "fay", STRONG)


def test_weak_password_in_admin_set_user_password_is_refused_and_the_old_one_works(cognito):
    cognito.add_user("abe")
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.InvalidPasswordException):
        client.admin_set_user_password(UserPoolId=cognito.pool_id, Username="abe",
                                       Password=WEAK, Permanent=True)
    assert "AuthenticationResult" in sign_in(client, cognito, "abe")


# -- required attributes on NEW_PASSWORD_REQUIRED -----------------------------------------


@pytest.fixture
def newcomer(cognito):
    """A temporary-password user of a pool that requires ``name``, which the user lacks."""
    cognito.configure_pool(required_attributes=("name",), custom_attributes=("role",))
    cognito.add_user("nia", TEMPORARY, temporary=True, attributes={"email": "nia@example.com"})
    client = cognito.boto3_client()
    return client, sign_in(client, cognito, "nia", TEMPORARY)


def test_new_password_challenge_lists_the_missing_required_attribute(newcomer):
    _, reply = newcomer
    assert reply["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert reply["ChallengeParameters"]["requiredAttributes"] == '["userAttributes.name"]'


def test_new_password_without_the_required_attribute_is_refused(cognito, newcomer):
    client, reply = newcomer
    with pytest.raises(client.exceptions.InvalidParameterException):
        answer(client, cognito, reply, "nia", NEW_PASSWORD=STRONG)


@pytest.mark.parametrize("extra", ["userAttributes.email", "userAttributes.custom:role"])
def test_new_password_setting_an_attribute_not_required_is_refused(cognito, newcomer, extra):
    client, reply = newcomer
    before = attributes(client, cognito, "nia")
    with pytest.raises(client.exceptions.InvalidParameterException):
        answer(client, cognito, reply, "nia", NEW_PASSWORD=STRONG,
               **{"userAttributes.name": "Nia", extra: "admin@evil.example"})
    assert attributes(client, cognito, "nia") == before


def test_new_password_with_the_required_attribute_signs_in_and_stores_it(cognito, newcomer):
    client, reply = newcomer
    done = answer(client, cognito, reply, "nia", NEW_PASSWORD=STRONG,
                  **{"userAttributes.name": "Nia Newcomer"})
    assert "AccessToken" in done["AuthenticationResult"]
    assert attributes(client, cognito, "nia")["name"] == "Nia Newcomer"


# -- MFA_SETUP when the pool requires MFA -------------------------------------------------


@pytest.fixture
def setup_reply(cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sue")
    client = cognito.boto3_client()
    return client, sign_in(client, cognito, "sue")


def test_required_mfa_without_a_factor_offers_totp_and_email_setup(cognito, setup_reply):
    client, reply = setup_reply
    assert reply["ChallengeName"] == "MFA_SETUP"
    can_setup = json.loads(reply["ChallengeParameters"]["MFAS_CAN_SETUP"])
    assert can_setup == ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]
    with pytest.raises(client.exceptions.InvalidParameterException):
        answer(client, cognito, reply, "sue")


def test_totp_setup_through_the_session_then_totp_is_asked_at_sign_in(cognito, setup_reply):
    client, reply = setup_reply
    associated = client.associate_software_token(Session=reply["Session"])
    secret = associated["SecretCode"]
    with pytest.raises(client.exceptions.EnableSoftwareTokenMFAException):
        client.verify_software_token(Session=associated["Session"],
                                     UserCode=wrong_totp_code(secret, cognito.backend.now()))
    verified = client.verify_software_token(
        Session=associated["Session"], UserCode=totp.code_for(secret, cognito.backend.now()))
    assert verified["Status"] == "SUCCESS"
    assert verified["Session"] not in (reply["Session"], associated["Session"])
    done = answer(client, cognito, {"Session": verified["Session"]}, "sue", "MFA_SETUP")
    assert "AccessToken" in done["AuthenticationResult"]
    assert sign_in(client, cognito, "sue")["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_email_setup_sends_a_code_then_email_otp_is_asked_at_sign_in(cognito, setup_reply):
    client, reply = setup_reply
    challenge = answer(client, cognito, reply, "sue", EMAIL="sue@example.com")
    assert challenge["ChallengeName"] == "EMAIL_OTP"
    [message] = cognito.outbox("sue")
    assert (message["destination"], message["purpose"]) == ("sue@example.com", "MFA_SETUP")
    done = answer(client, cognito, challenge, "sue", EMAIL_OTP_CODE=message["code"])
    assert "AccessToken" in done["AuthenticationResult"]
    assert sign_in(client, cognito, "sue")["ChallengeName"] == "EMAIL_OTP"


def test_optional_mfa_pool_gives_a_user_without_mfa_tokens_directly(cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("otto")
    reply = sign_in(cognito.boto3_client(), cognito, "otto")
    assert "ChallengeName" not in reply
    assert "AccessToken" in reply["AuthenticationResult"]


# -- SELECT_MFA_TYPE ----------------------------------------------------------------------


@pytest.fixture
def two_factor_user(cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    return lambda **prefs: cognito.add_user(
        "max", attributes={"phone_number": "+15555550123"}, sms=True,
        totp_secret=totp.new_secret(), **prefs)


def test_user_with_two_factors_and_no_preference_chooses(cognito, two_factor_user):
    two_factor_user()
    client = cognito.boto3_client()
    reply = sign_in(client, cognito, "max")
    assert reply["ChallengeName"] == "SELECT_MFA_TYPE"
    offered = json.loads(reply["ChallengeParameters"]["MFAS_CAN_CHOOSE"])
    assert offered == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
    chosen = answer(client, cognito, reply, "max", ANSWER="SOFTWARE_TOKEN_MFA")
    assert chosen["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_preferred_factor_is_asked_directly(cognito, two_factor_user):
    two_factor_user(preferred_mfa="SMS_MFA")
    reply = sign_in(cognito.boto3_client(), cognito, "max")
    assert reply["ChallengeName"] == "SMS_MFA"
    assert cognito.outbox("max")[-1]["medium"] == "SMS"


def test_choosing_a_factor_not_offered_is_refused(cognito, two_factor_user):
    two_factor_user()
    client = cognito.boto3_client()
    reply = sign_in(client, cognito, "max")
    with pytest.raises(client.exceptions.MFAMethodNotFoundException):
        answer(client, cognito, reply, "max", ANSWER="EMAIL_OTP")


# -- devices ------------------------------------------------------------------------------


def test_new_device_metadata_only_when_the_pool_tracks_devices(cognito):
    cognito.add_user("dee")
    client = cognito.boto3_client()
    assert "NewDeviceMetadata" not in sign_in(client, cognito, "dee")["AuthenticationResult"]
    cognito.configure_pool(device_configuration=DeviceConfiguration())
    metadata = sign_in(client, cognito, "dee")["AuthenticationResult"]["NewDeviceMetadata"]
    assert metadata["DeviceKey"].startswith("us-east-1_")
    assert metadata["DeviceGroupKey"]


def test_stale_device_key_after_the_password_is_refused_as_unknown_device(cognito):
    cognito.configure_pool(device_configuration=DeviceConfiguration())
    cognito.add_user("dee")
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="Device does not exist"):
        sign_in(client, cognito, "dee", DEVICE_KEY=STALE_DEVICE)


# -- flows a client or user may not use ---------------------------------------------------


def test_flow_not_enabled_on_the_client_is_refused(cognito):
    cognito.add_user("flo")
    cognito.use_client(explicit_auth_flows=("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.InvalidParameterException):
        sign_in(client, cognito, "flo")


def test_admin_flow_is_refused_by_initiate_auth(cognito):
    cognito.add_user("flo")
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.InvalidParameterException):
        client.initiate_auth(ClientId=cognito.client_id, AuthFlow="ADMIN_NO_SRP_AUTH",
                             AuthParameters={"USERNAME": "flo", "PASSWORD": PASSWORD})


def test_disabled_user_is_told_so_only_after_the_right_password(cognito):
    cognito.add_user("dan")
    client = cognito.boto3_client()
    client.admin_disable_user(UserPoolId=cognito.pool_id, Username="dan")
    with pytest.raises(client.exceptions.NotAuthorizedException, match="Incorrect username"):
        sign_in(client, cognito, "dan", STRONG)
    with pytest.raises(client.exceptions.NotAuthorizedException, match="User is disabled"):
        sign_in(client, cognito, "dan")


def test_temporary_password_past_its_validity_is_refused(cognito):
    cognito.add_user("tess", TEMPORARY, temporary=True)
    client = cognito.boto3_client()
    assert sign_in(client, cognito, "tess", TEMPORARY)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    cognito.advance(8 * 86400)
    with pytest.raises(client.exceptions.NotAuthorizedException, match="Temporary password"):
        sign_in(client, cognito, "tess", TEMPORARY)
