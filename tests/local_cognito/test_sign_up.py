"""SignUp and ResendConfirmationCode, as strict as Cognito: the new unconfirmed user, where the
code goes, the password policy and the schema, taken names, and resending. Every reply and
error is checked against the botocore model (the ``idp`` fixture)."""

from __future__ import annotations

import pytest

from .sign_up_steps import (
    PASSWORD,
    confirm,
    message,
    other,
    raises,
    resend,
    sign_up,
)

EMAILED = {"Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}


@pytest.fixture
def verifying(cognito):
    """A pool that emails (and texts) a confirmation code at sign-up."""
    cognito.configure_pool(auto_verified_attributes=("email", "phone_number"))
    return cognito


# -- the new user ---------------------------------------------------------------------------------


def test_a_new_user_is_unconfirmed_and_emailed_a_code(verifying, idp):
    reply = sign_up(verifying, idp, "nina", email="nina@example.com")
    user = verifying.user("nina")
    assert (reply["UserConfirmed"], reply["UserSub"]) == (False, user.sub)
    assert reply["CodeDeliveryDetails"] == EMAILED
    assert len(reply["Session"]) >= 20
    assert [(m["medium"], m["destination"], m["purpose"]) for m in verifying.outbox("nina")] == [
        ("EMAIL", "nina@example.com", "SIGN_UP")]
    described = idp.admin_get_user(UserPoolId=verifying.pool_id, Username="nina")
    assert described["UserStatus"] == "UNCONFIRMED"
    assert "email_verified" not in {a["Name"] for a in described["UserAttributes"]}


def test_a_user_giving_a_phone_number_and_an_email_is_texted(verifying, idp):
    reply = sign_up(verifying, idp, "nina", email="nina@example.com",
                    phone_number="+15555550100")
    assert reply["CodeDeliveryDetails"] == {
        "Destination": "+*******0100", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}
    assert [m["medium"] for m in verifying.outbox("nina")] == ["SMS"]


def test_without_automatic_verification_nothing_is_sent_and_the_user_waits(cognito, idp):
    reply = sign_up(cognito, idp, "nina", email="nina@example.com")
    assert "CodeDeliveryDetails" not in reply
    assert cognito.outbox() == []
    assert cognito.user("nina").status == "UNCONFIRMED"
    with raises(idp, "ExpiredCodeException"):
        confirm(cognito, idp, "nina", "123456")
    with raises(idp, "InvalidParameterException") as raised:
        resend(cognito, idp, "nina")
    assert message(raised) == "Cannot resend codes. Auto verification not turned on."


def test_an_unconfirmed_user_cannot_sign_in_with_the_right_password(verifying, idp):
    sign_up(verifying, idp, "nina", email="nina@example.com")
    with raises(idp, "UserNotConfirmedException"):
        idp.initiate_auth(ClientId=verifying.client_id, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "nina", "PASSWORD": PASSWORD})


# -- what is refused ------------------------------------------------------------------------------


@pytest.mark.parametrize("existence_errors", ["ENABLED", "LEGACY"])
def test_a_taken_username_is_refused_whatever_the_client_hides(cognito, idp, existence_errors):
    cognito.use_client(prevent_user_existence_errors=existence_errors)
    cognito.add_user("nina")
    with raises(idp, "UsernameExistsException") as raised:
        sign_up(cognito, idp, "nina")
    assert message(raised) == "User already exists"


def test_a_client_secret_needs_the_secret_hash(cognito, idp):
    cognito.use_client(generate_secret=True)
    with raises(idp, "NotAuthorizedException") as raised:
        idp.sign_up(ClientId=cognito.client_id, Username="nina", Password=PASSWORD)
    assert "SECRET_HASH was not received" in message(raised)
    with raises(idp, "NotAuthorizedException"):
        idp.sign_up(ClientId=cognito.client_id, Username="nina", Password=PASSWORD,
                    SecretHash="d3Jvbmc=")
    assert sign_up(cognito, idp, "nina")["UserConfirmed"] is False


def test_the_password_policy_applies_and_nothing_is_created(cognito, idp):
    with raises(idp, "InvalidPasswordException") as raised:
        sign_up(cognito, idp, "nina", "Short-1")
    assert message(raised) == "Password does not conform to policy: Password not long enough"
    with raises(idp, "UserNotFoundException"):
        idp.admin_get_user(UserPoolId=cognito.pool_id, Username="nina")


def test_no_password_only_where_passwordless_sign_in_can_use_an_attribute_given(cognito, idp):
    with raises(idp, "InvalidPasswordException"):
        sign_up(cognito, idp, "nina", None, email="nina@example.com")
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP"))
    with raises(idp, "InvalidPasswordException"):
        sign_up(cognito, idp, "nina", None, phone_number="+15555550100")
    sign_up(cognito, idp, "nina", None, email="nina@example.com")
    assert not cognito.user("nina").has_password


def test_a_required_attribute_must_be_given(cognito, idp):
    cognito.configure_pool(required_attributes=("name",))
    with raises(idp, "InvalidParameterException") as raised:
        sign_up(cognito, idp, "nina", email="nina@example.com")
    assert message(raised) == (
        "Attributes did not conform to the schema: name: The attribute is required\n")
    sign_up(cognito, idp, "nina", name="Nina")


@pytest.mark.parametrize(("attribute", "said"), [
    ("custom:tier", "Type for attribute {custom:tier} could not be determined"),
    ("nick", "nick: Attribute does not exist in the schema."),
    ("email_verified", "email_verified: a client cannot verify an attribute at sign-up"),
])
def test_attributes_outside_the_schema_or_a_verified_claim_are_refused(cognito, idp, attribute,
                                                                      said):
    with raises(idp, "InvalidParameterException") as raised:
        sign_up(cognito, idp, "nina", **{attribute: "true"})
    assert said in message(raised)


def test_where_users_sign_in_with_an_email_the_name_is_the_email(cognito, idp):
    cognito.configure_pool(username_attributes=("email",))
    with raises(idp, "InvalidParameterException") as raised:
        sign_up(cognito, idp, "nina")
    assert message(raised) == "Username should be an email."
    reply = sign_up(cognito, idp, "nina@example.com")
    user = cognito.user("nina@example.com")
    assert (user.username, user.attributes["email"]) == (reply["UserSub"], "nina@example.com")
    with raises(idp, "UsernameExistsException") as raised:
        sign_up(cognito, idp, "NINA@example.com")
    assert message(raised) == "An account with the given email already exists."


# -- resending ------------------------------------------------------------------------------------


def test_a_resent_code_replaces_the_first(verifying, idp):
    sign_up(verifying, idp, "nina", email="nina@example.com")
    first = verifying.last_code("nina")
    assert resend(verifying, idp, "nina")["CodeDeliveryDetails"] == EMAILED
    newest = verifying.last_code("nina")
    assert [m["purpose"] for m in verifying.outbox("nina")] == ["SIGN_UP", "SIGN_UP"]
    with raises(idp, "CodeMismatchException"):
        confirm(verifying, idp, "nina", first if first != newest else other(newest))
    confirm(verifying, idp, "nina", newest)
    assert verifying.user("nina").status == "CONFIRMED"


def _others(cognito) -> None:
    cognito.add_user("dora", attributes={"email": "dora@example.com"}, enabled=False,
                     status="UNCONFIRMED")
    cognito.add_user("carl", attributes={"email": "carl@example.com"})


@pytest.mark.parametrize("who", ["nobody", "dora", "carl"])
def test_enabled_answers_a_simulated_delivery_to_who_gets_no_code(verifying, idp, who):
    _others(verifying)
    first = resend(verifying, idp, who)["CodeDeliveryDetails"]
    assert first["DeliveryMedium"] == "EMAIL"
    assert first == resend(verifying, idp, who)["CodeDeliveryDetails"]
    assert verifying.outbox() == []


@pytest.mark.parametrize(("who", "error", "said"), [
    ("nobody", "UserNotFoundException", "Username/client id combination not found."),
    ("dora", "NotAuthorizedException", "User is disabled."),
    ("carl", "InvalidParameterException", "User is already confirmed."),
])
def test_legacy_answers_each_its_own_error(verifying, idp, who, error, said):
    verifying.use_client(prevent_user_existence_errors="LEGACY")
    _others(verifying)
    with raises(idp, error) as raised:
        resend(verifying, idp, who)
    assert message(raised) == said


def test_resending_needs_the_secret_hash_too(verifying, idp):
    verifying.use_client(generate_secret=True)
    sign_up(verifying, idp, "nina", email="nina@example.com")
    with raises(idp, "NotAuthorizedException"):
        idp.resend_confirmation_code(ClientId=verifying.client_id, Username="nina")
    assert resend(verifying, idp, "nina")["CodeDeliveryDetails"] == EMAILED
