"""Forgotten and changed passwords, as strict as Cognito: where codes go, how long they last, what
an unknown or blocked account is answered, and the hour's attempt limits. Every reply and error is
checked against the botocore model."""

from __future__ import annotations

import itertools

import pytest

from django_cognito_challenge.testing.flows.recovery import ATTEMPTS_PER_HOUR

PASSWORD = "Demo-Pass-1!"
NEW = "Fresh-Pass-2!"
EMAIL = {"email": "fay@example.com", "email_verified": "true"}


def forgot(cognito, idp, username: str):
    return idp.forgot_password(ClientId=cognito.client_id, Username=username)


def confirm(cognito, idp, username: str, code: str, password: str = NEW):
    return idp.confirm_forgot_password(ClientId=cognito.client_id, Username=username,
                                       ConfirmationCode=code, Password=password)


def other(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def raises(idp, error: str):
    return pytest.raises(getattr(idp.exceptions, error))


# -- where a code goes ----------------------------------------------------------------------------


def test_a_code_goes_to_a_verified_phone_first_then_a_verified_email(cognito, idp):
    cognito.add_user("pia", attributes={**EMAIL, "phone_number": "+15555550100",
                                        "phone_number_verified": "true"})
    cognito.add_user("fay", attributes=EMAIL)
    assert forgot(cognito, idp, "pia")["CodeDeliveryDetails"] == {
        "Destination": "+*******0100", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}
    assert forgot(cognito, idp, "fay")["CodeDeliveryDetails"] == {
        "Destination": "f***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    assert [(m["username"], m["medium"], m["purpose"]) for m in cognito.outbox()] == [
        ("pia", "SMS", "FORGOT_PASSWORD"), ("fay", "EMAIL", "FORGOT_PASSWORD")]


@pytest.mark.parametrize("who", ["nobody", "disabled", "temporary", "unverified"])
def test_enabled_answers_a_simulated_delivery_for_who_gets_no_code(cognito, idp, who):
    cognito.add_user("disabled", attributes=EMAIL, enabled=False)
    cognito.add_user("temporary", attributes=EMAIL, temporary=True)
    cognito.add_user("unverified", attributes={"email": "u@example.com"})
    first = forgot(cognito, idp, who)["CodeDeliveryDetails"]
    assert first["DeliveryMedium"] == "EMAIL"
    assert first == forgot(cognito, idp, who)["CodeDeliveryDetails"]  # the same each time
    assert cognito.outbox() == []


def test_a_simulated_delivery_follows_the_format_of_the_name(cognito, idp):
    assert forgot(cognito, idp, "ghost@example.org")["CodeDeliveryDetails"]["Destination"] == (
        "g***@e***")
    assert forgot(cognito, idp, "+15555550199")["CodeDeliveryDetails"] == {
        "Destination": "+*******0199", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}


@pytest.mark.parametrize(("who", "error", "message"), [
    ("nobody", "UserNotFoundException", "Username/client id combination not found."),
    ("disabled", "NotAuthorizedException", "User is disabled."),
    ("temporary", "NotAuthorizedException", "User password cannot be reset in the current state."),
    ("unverified", "InvalidParameterException", "no registered/verified email or phone_number"),
])
def test_legacy_answers_each_its_own_error(cognito, idp, who, error, message):
    cognito.use_client(prevent_user_existence_errors="LEGACY")
    cognito.add_user("disabled", attributes=EMAIL, enabled=False)
    cognito.add_user("temporary", attributes=EMAIL, temporary=True)
    cognito.add_user("unverified", attributes={"email": "u@example.com"})
    with raises(idp, error) as raised:
        forgot(cognito, idp, who)
    assert message in raised.value.response["Error"]["Message"]


def test_a_client_secret_needs_the_secret_hash(cognito, idp):
    cognito.use_client(generate_secret=True)
    cognito.add_user("fay", attributes=EMAIL)
    with raises(idp, "NotAuthorizedException"):
        forgot(cognito, idp, "fay")


# -- the code -------------------------------------------------------------------------------------


def test_only_the_newest_code_works_and_only_once(cognito, idp):
    cognito.add_user("fay", attributes=EMAIL)
    forgot(cognito, idp, "fay")
    first = cognito.last_code("fay")
    forgot(cognito, idp, "fay")
    newest = cognito.last_code("fay")
    if first != newest:
        with raises(idp, "CodeMismatchException"):
            confirm(cognito, idp, "fay", first)
    confirm(cognito, idp, "fay", newest)
    with raises(idp, "ExpiredCodeException"):
        confirm(cognito, idp, "fay", newest, "Third-Pass-3!")


def test_a_code_lasts_an_hour(cognito, idp):
    cognito.add_user("fay", attributes=EMAIL)
    forgot(cognito, idp, "fay")
    cognito.advance(3600)
    with raises(idp, "ExpiredCodeException") as raised:
        confirm(cognito, idp, "fay", cognito.last_code("fay"))
    assert raised.value.response["Error"]["Message"] == (
        "Invalid code provided, please request a code again.")


def test_no_code_asked_for_is_an_expired_code(cognito, idp):
    cognito.add_user("fay", attributes=EMAIL)
    with raises(idp, "ExpiredCodeException"):
        confirm(cognito, idp, "fay", "123456")


@pytest.mark.parametrize(("existence_errors", "nobody", "disabled"), [
    ("ENABLED", "CodeMismatchException", "CodeMismatchException"),
    ("LEGACY", "UserNotFoundException", "NotAuthorizedException"),
])
def test_a_code_for_nobody_or_a_disabled_user(cognito, idp, existence_errors, nobody, disabled):
    cognito.use_client(prevent_user_existence_errors=existence_errors)
    cognito.add_user("disabled", attributes=EMAIL, enabled=False)
    with raises(idp, nobody):
        confirm(cognito, idp, "nobody", "123456")
    with raises(idp, disabled):
        confirm(cognito, idp, "disabled", "123456")


def test_a_reset_ends_reset_required_and_signs_nobody_in(cognito, idp):
    cognito.add_user("rita", attributes=EMAIL, status="RESET_REQUIRED")
    with raises(idp, "PasswordResetRequiredException"):
        idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "rita", "PASSWORD": PASSWORD})
    forgot(cognito, idp, "rita")
    assert confirm(cognito, idp, "rita", cognito.last_code("rita")).keys() <= {
        "ResponseMetadata"}
    assert cognito.user("rita").status == "CONFIRMED"
    reply = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "rita", "PASSWORD": NEW})
    assert "AuthenticationResult" in reply


def test_reset_required_is_told_only_after_the_right_password(cognito, idp):
    """aws-amplify/amplify-js#4890: the reset-required error follows a right password."""
    cognito.add_user("rita", attributes=EMAIL, status="RESET_REQUIRED")
    with raises(idp, "NotAuthorizedException"):
        idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "rita", "PASSWORD": "Wrong-Pass-1!"})


# -- the hour's attempts --------------------------------------------------------------------------


def test_requests_and_entries_of_codes_share_the_hour_s_limit(cognito, idp):
    cognito.add_user("fay", attributes=EMAIL)
    forgot(cognito, idp, "fay")
    code = cognito.last_code("fay")
    for _ in range(ATTEMPTS_PER_HOUR - 1):
        with raises(idp, "CodeMismatchException"):
            confirm(cognito, idp, "fay", other(code))
    with raises(idp, "LimitExceededException") as raised:
        confirm(cognito, idp, "fay", code)  # even the right one
    assert raised.value.response["Error"]["Message"] == (
        "Attempt limit exceeded, please try after some time.")
    with raises(idp, "LimitExceededException"):
        forgot(cognito, idp, "fay")
    cognito.advance(3600)
    forgot(cognito, idp, "fay")
    confirm(cognito, idp, "fay", cognito.last_code("fay"))


def test_names_of_nobody_have_a_limit_too(cognito, idp):
    for _ in range(ATTEMPTS_PER_HOUR):
        forgot(cognito, idp, "nobody")
    with raises(idp, "LimitExceededException"):
        forgot(cognito, idp, "nobody")


def test_change_password_counts_every_call(cognito, idp):
    cognito.use_client(access_token_validity_seconds=7200)  # alive past the hour
    cognito.add_user("cole")
    access = idp.initiate_auth(
        ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "cole", "PASSWORD": PASSWORD})["AuthenticationResult"][
        "AccessToken"]
    passwords = [PASSWORD, NEW, "Third-Pass-3!", "Fourth-Pass-4!", "Fifth-Pass-5!",
                 "Sixth-Pass-6!"]
    for previous, proposed in itertools.pairwise(passwords):
        idp.change_password(AccessToken=access, PreviousPassword=previous,
                            ProposedPassword=proposed)
    with raises(idp, "LimitExceededException"):
        idp.change_password(AccessToken=access, PreviousPassword=passwords[-1],
                            ProposedPassword=PASSWORD)
    cognito.advance(3600)
    with raises(idp, "NotAuthorizedException") as raised:
        idp.change_password(AccessToken=access, PreviousPassword="Wrong-Pass-1!",
                            ProposedPassword=PASSWORD)
    assert raised.value.response["Error"]["Message"] == "Incorrect username or password."
