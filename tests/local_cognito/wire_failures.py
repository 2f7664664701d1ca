"""The deliberate failures: each sets up the pool, then names the modelled error and the one
boto3 call that must raise it (the tests are in ``test_wire_contract_errors.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from pycognito.aws_srp import AWSSRP, generate_hash_device

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.models import DeviceConfiguration

PASSWORD = "Demo-Pass-1!"
Attempt = tuple[str, Callable[[], Any]]


def _other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _initiate(cognito, idp, flow: str, **params: str) -> dict[str, Any]:
    return idp.initiate_auth(ClientId=cognito.client_id, AuthFlow=flow, AuthParameters=params)


def _respond(cognito, idp, reply, name: str, **answers: str) -> dict[str, Any]:
    return idp.respond_to_auth_challenge(ClientId=cognito.client_id, ChallengeName=name,
                                         Session=reply["Session"], ChallengeResponses=answers)


def _signed_in(cognito, idp, username: str = "ann", **user: Any) -> dict[str, Any]:
    cognito.add_user(username, **user)
    reply = _initiate(cognito, idp, "USER_PASSWORD_AUTH", USERNAME=username, PASSWORD=PASSWORD)
    return reply["AuthenticationResult"]


def _sms_challenge(cognito, idp) -> dict[str, Any]:
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("ann", attributes={"phone_number": "+15555550100"}, sms=True)
    return _initiate(cognito, idp, "USER_PASSWORD_AUTH", USERNAME="ann", PASSWORD=PASSWORD)


def unknown_user_on_a_legacy_client(cognito, idp) -> Attempt:
    cognito.use_client(prevent_user_existence_errors="LEGACY")
    return "UserNotFoundException", lambda: _initiate(
        cognito, idp, "USER_PASSWORD_AUTH", USERNAME="nobody", PASSWORD=PASSWORD)


def wrong_srp_password(cognito, idp) -> Attempt:
    cognito.add_user("ann")
    srp = AWSSRP(username="ann", password="Wrong-Pass-1!", pool_id=cognito.pool_id,
                 client_id=cognito.client_id, client=idp)
    return "NotAuthorizedException", srp.authenticate_user


def wrong_totp_code(cognito, idp) -> Attempt:
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("ann", totp_secret=totp.new_secret())
    reply = _initiate(cognito, idp, "USER_PASSWORD_AUTH", USERNAME="ann", PASSWORD=PASSWORD)
    code = _other_code(cognito.totp_code("ann"))
    return "CodeMismatchException", lambda: _respond(
        cognito, idp, reply, "SOFTWARE_TOKEN_MFA", USERNAME="ann", SOFTWARE_TOKEN_MFA_CODE=code)


def made_up_session(cognito, idp) -> Attempt:
    reply = {**_sms_challenge(cognito, idp), "Session": "AYABe" + "x" * 60}
    return "NotAuthorizedException", lambda: _respond(
        cognito, idp, reply, "SMS_MFA", USERNAME="ann", SMS_MFA_CODE=cognito.last_code("ann"))


def expired_session(cognito, idp) -> Attempt:
    reply = _sms_challenge(cognito, idp)
    cognito.advance(cognito.client.auth_session_validity_minutes * 60 + 1)
    return "NotAuthorizedException", lambda: _respond(
        cognito, idp, reply, "SMS_MFA", USERNAME="ann", SMS_MFA_CODE=cognito.last_code("ann"))


def missing_secret_hash(cognito, idp) -> Attempt:
    cognito.use_client(generate_secret=True)
    return "NotAuthorizedException", lambda: _signed_in(cognito, idp)


def revoked_refresh_token(cognito, idp) -> Attempt:
    refresh = _signed_in(cognito, idp)["RefreshToken"]
    idp.revoke_token(Token=refresh, ClientId=cognito.client_id)
    return "NotAuthorizedException", lambda: _initiate(
        cognito, idp, "REFRESH_TOKEN_AUTH", REFRESH_TOKEN=refresh)


def rotated_refresh_token_reused(cognito, idp) -> Attempt:
    cognito.use_client(refresh_token_rotation=True)
    refresh = _signed_in(cognito, idp)["RefreshToken"]
    rotate = lambda: idp.get_tokens_from_refresh_token(  # noqa: E731
        RefreshToken=refresh, ClientId=cognito.client_id)
    rotate()
    cognito.advance(1)
    return "RefreshTokenReuseException", rotate


def wrong_code_when_enabling_totp(cognito, idp) -> Attempt:
    cognito.configure_pool(mfa_configuration="OPTIONAL")  # an OFF pool has no TOTP to set up
    access = _signed_in(cognito, idp)["AccessToken"]
    idp.associate_software_token(AccessToken=access)
    return "EnableSoftwareTokenMFAException", lambda: idp.verify_software_token(
        AccessToken=access, UserCode="12345x")


def unavailable_mfa_choice(cognito, idp) -> Attempt:
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("ann", attributes={"phone_number": "+15555550100"}, sms=True,
                     totp_secret=totp.new_secret())
    reply = _initiate(cognito, idp, "USER_PASSWORD_AUTH", USERNAME="ann", PASSWORD=PASSWORD)
    return "MFAMethodNotFoundException", lambda: _respond(
        cognito, idp, reply, "SELECT_MFA_TYPE", USERNAME="ann", ANSWER="EMAIL_OTP")


def weak_new_password(cognito, idp) -> Attempt:
    cognito.add_user("ann", temporary=True)
    reply = _initiate(cognito, idp, "USER_PASSWORD_AUTH", USERNAME="ann", PASSWORD=PASSWORD)
    return "InvalidPasswordException", lambda: _respond(
        cognito, idp, reply, "NEW_PASSWORD_REQUIRED", USERNAME="ann", NEW_PASSWORD="short")


def wrong_reset_code(cognito, idp) -> Attempt:
    cognito.add_user("ann", attributes={"email": "ann@example.com", "email_verified": "true"})
    idp.forgot_password(ClientId=cognito.client_id, Username="ann")
    code = _other_code(cognito.last_code("ann"))
    return "CodeMismatchException", lambda: idp.confirm_forgot_password(
        ClientId=cognito.client_id, Username="ann", ConfirmationCode=code, Password=PASSWORD)


def wrong_sign_up_code(cognito, idp) -> Attempt:
    cognito.configure_pool(auto_verified_attributes=("email",))
    idp.sign_up(ClientId=cognito.client_id, Username="ann", Password=PASSWORD,
                UserAttributes=[{"Name": "email", "Value": "ann@example.com"}])
    code = _other_code(cognito.last_code("ann"))
    return "CodeMismatchException", lambda: idp.confirm_sign_up(
        ClientId=cognito.client_id, Username="ann", ConfirmationCode=code)


def resending_without_automatic_verification(cognito, idp) -> Attempt:
    cognito.add_user("ann", status="UNCONFIRMED")
    return "InvalidParameterException", lambda: idp.resend_confirmation_code(
        ClientId=cognito.client_id, Username="ann")


def wrong_previous_password(cognito, idp) -> Attempt:
    access = _signed_in(cognito, idp)["AccessToken"]
    return "NotAuthorizedException", lambda: idp.change_password(
        AccessToken=access, PreviousPassword="Wrong-Pass-1!", ProposedPassword="Next-Pass-2!")


def revoking_an_access_token(cognito, idp) -> Attempt:
    access = _signed_in(cognito, idp)["AccessToken"]
    return "UnsupportedTokenTypeException", lambda: idp.revoke_token(
        Token=access, ClientId=cognito.client_id)


def revoking_another_clients_token(cognito, idp) -> Attempt:
    refresh = _signed_in(cognito, idp)["RefreshToken"]
    cognito.use_client()
    return "UnauthorizedException", lambda: idp.revoke_token(
        Token=refresh, ClientId=cognito.client_id)


def revocation_disabled(cognito, idp) -> Attempt:
    cognito.use_client(enable_token_revocation=False)
    refresh = _signed_in(cognito, idp)["RefreshToken"]
    return "UnsupportedOperationException", lambda: idp.revoke_token(
        Token=refresh, ClientId=cognito.client_id)


def revoking_with_a_wrong_client_secret(cognito, idp) -> Attempt:
    cognito.use_client(generate_secret=True)
    refresh = {"Token": "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.x",
               "ClientId": cognito.client_id}
    return "UnauthorizedException", lambda: idp.revoke_token(**refresh, ClientSecret="w" * 51)


def revoking_for_an_unknown_client(cognito, idp) -> Attempt:
    refresh = _signed_in(cognito, idp)["RefreshToken"]
    return "UnauthorizedException", lambda: idp.revoke_token(Token=refresh, ClientId="nosuch")


def refresh_token_auth_on_a_rotating_client(cognito, idp) -> Attempt:
    cognito.use_client(refresh_token_rotation=True)
    refresh = _signed_in(cognito, idp)["RefreshToken"]
    return "InvalidParameterException", lambda: _initiate(
        cognito, idp, "REFRESH_TOKEN_AUTH", REFRESH_TOKEN=refresh)


def confirming_a_device_twice(cognito, idp) -> Attempt:
    cognito.configure_pool(device_configuration=DeviceConfiguration())
    result = _signed_in(cognito, idp)
    key, group = (result["NewDeviceMetadata"][k] for k in ("DeviceKey", "DeviceGroupKey"))
    _, config = generate_hash_device(group, key)
    confirm = lambda: idp.confirm_device(  # noqa: E731
        AccessToken=result["AccessToken"], DeviceKey=key, DeviceSecretVerifierConfig=config)
    confirm()
    return "DeviceKeyExistsException", confirm


def failing_custom_trigger(cognito, idp) -> Attempt:
    cognito.set_triggers(DefineAuthChallenge=lambda event: 1 / 0)
    return "UserLambdaValidationException", lambda: _initiate(
        cognito, idp, "CUSTOM_AUTH", USERNAME="ann")


def define_trigger_asking_nothing(cognito, idp) -> Attempt:
    cognito.set_triggers(DefineAuthChallenge=lambda event: event)
    return "InvalidLambdaResponseException", lambda: _initiate(
        cognito, idp, "CUSTOM_AUTH", USERNAME="ann")


def unconfirmed_user(cognito, idp) -> Attempt:
    return "UserNotConfirmedException", lambda: _signed_in(cognito, idp, status="UNCONFIRMED")


def reset_required_user(cognito, idp) -> Attempt:
    return "PasswordResetRequiredException", lambda: _signed_in(
        cognito, idp, status="RESET_REQUIRED")


def flow_not_enabled(cognito, idp) -> Attempt:
    cognito.use_client(explicit_auth_flows=("ALLOW_USER_SRP_AUTH",))
    return "InvalidParameterException", lambda: _signed_in(cognito, idp)


def throttled(cognito, idp) -> Attempt:
    cognito.throttle_next("InitiateAuth")
    return "TooManyRequestsException", lambda: _signed_in(cognito, idp)


def enabling_totp_without_a_secret(cognito, idp) -> Attempt:
    access = _signed_in(cognito, idp)["AccessToken"]
    return "InvalidParameterException", lambda: idp.set_user_mfa_preference(
        AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True})


def forgetting_an_unknown_device(cognito, idp) -> Attempt:
    access = _signed_in(cognito, idp)["AccessToken"]
    return "ResourceNotFoundException", lambda: idp.forget_device(
        AccessToken=access, DeviceKey=f"{cognito.region}_{uuid.uuid4()}")


def duplicate_group(cognito, idp) -> Attempt:
    idp.create_group(UserPoolId=cognito.pool_id, GroupName="staff")
    return "GroupExistsException", lambda: idp.create_group(
        UserPoolId=cognito.pool_id, GroupName="staff")


#: Every failure above that needs more than one call to set up.
ATTEMPTS = (
        unknown_user_on_a_legacy_client, wrong_srp_password, wrong_totp_code, made_up_session,
        expired_session, missing_secret_hash, revoked_refresh_token,
        rotated_refresh_token_reused, wrong_code_when_enabling_totp, unavailable_mfa_choice,
        weak_new_password, wrong_reset_code, wrong_sign_up_code,
        resending_without_automatic_verification, wrong_previous_password, revoking_an_access_token,
        revoking_another_clients_token, revocation_disabled, revoking_with_a_wrong_client_secret,
        revoking_for_an_unknown_client, refresh_token_auth_on_a_rotating_client,
        confirming_a_device_twice, failing_custom_trigger, define_trigger_asking_nothing,
        unconfirmed_user, reset_required_user, flow_not_enabled, throttled,
        enabling_totp_without_a_secret, forgetting_an_unknown_device, duplicate_group,
)
