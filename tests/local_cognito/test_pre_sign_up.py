"""Self-service sign-up turned off (AdminCreateUserConfig.AllowAdminCreateUserOnly) and the pre
sign-up trigger: the event it receives, a refusal, a user confirmed and verified at once, the
answers Cognito cannot act on, and how DescribeUserPool describes both. Every reply and error is
checked against the botocore model (the ``idp`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest

from django_cognito_challenge.testing.seed import apply_seed

from .sign_up_steps import PASSWORD, confirm, message, raises, sign_up

NOT_PERMITTED = "SignUp is not permitted for this user pool"


class Recorder:
    """A PreSignUp trigger that keeps each event and answers with ``response`` (or raises)."""

    def __init__(self, refusal: str = "", **response: Any) -> None:
        self.events: list[dict[str, Any]] = []
        self.refusal, self.response = refusal, response

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        self.events.append(event)
        if self.refusal:
            raise ValueError(self.refusal)
        event["response"].update(self.response)
        return event


@pytest.fixture
def verifying(cognito):
    """A pool that emails a confirmation code at sign-up."""
    cognito.configure_pool(auto_verified_attributes=("email",))
    return cognito


def nobody_signed_up(cognito, username: str = "nina") -> bool:
    return cognito.pool.find_user(username) is None and cognito.outbox() == []


def described(idp, cognito) -> dict[str, Any]:
    return idp.describe_user_pool(UserPoolId=cognito.pool_id)["UserPool"]


# -- self-service sign-up turned off --------------------------------------------------------------


def test_a_pool_where_only_administrators_create_users_refuses_sign_up(verifying, idp):
    verifying.configure_pool(allow_admin_create_user_only=True)
    with raises(idp, "NotAuthorizedException") as raised:
        sign_up(verifying, idp, "nina", email="nina@example.com")
    assert message(raised) == NOT_PERMITTED
    assert nobody_signed_up(verifying)


def test_the_refusal_comes_before_the_request_is_read_but_after_the_secret_hash(cognito, idp):
    """The order is unpublished: here the pool's setting is checked first of what SignUp
    itself decides (a short password, a taken name, are not looked at)."""
    cognito.configure_pool(allow_admin_create_user_only=True)
    cognito.add_user("nina")
    with raises(idp, "NotAuthorizedException") as raised:
        sign_up(cognito, idp, "nina", "short")
    assert message(raised) == NOT_PERMITTED
    cognito.use_client(generate_secret=True)
    with raises(idp, "NotAuthorizedException") as raised:
        idp.sign_up(ClientId=cognito.client_id, Username="nina", Password=PASSWORD)
    assert "SECRET_HASH was not received" in message(raised)


def test_administrators_still_create_users_there(cognito, idp):
    cognito.configure_pool(allow_admin_create_user_only=True)
    idp.admin_create_user(UserPoolId=cognito.pool_id, Username="nina",
                          TemporaryPassword=PASSWORD)
    assert cognito.user("nina").status == "FORCE_CHANGE_PASSWORD"


def test_the_pre_sign_up_trigger_is_not_run_for_a_refused_sign_up(cognito, idp):
    trigger = Recorder(autoConfirmUser=True)
    cognito.set_triggers(PreSignUp=trigger)
    cognito.configure_pool(allow_admin_create_user_only=True)
    with raises(idp, "NotAuthorizedException"):
        sign_up(cognito, idp, "nina")
    assert trigger.events == []


def test_describe_user_pool_answers_whether_people_may_sign_themselves_up(cognito, idp):
    assert described(idp, cognito)["AdminCreateUserConfig"] == {
        "AllowAdminCreateUserOnly": False}
    cognito.configure_pool(allow_admin_create_user_only=True)
    assert described(idp, cognito)["AdminCreateUserConfig"] == {
        "AllowAdminCreateUserOnly": True}


def test_create_user_pool_and_a_seed_set_it(cognito, idp):
    pool_id = idp.create_user_pool(PoolName="admins-only", AdminCreateUserConfig={
        "AllowAdminCreateUserOnly": True})["UserPool"]["Id"]
    try:
        assert cognito.backend.pool(pool_id).allow_admin_create_user_only is True
    finally:
        cognito.backend.pools.pop(pool_id, None)
    seeded = apply_seed(cognito.backend, {"pool": {"allow_admin_create_user_only": True}})
    try:
        assert seeded.pool.allow_admin_create_user_only is True
    finally:
        cognito.backend.pools.pop(seeded.pool.pool_id, None)


# -- the pre sign-up trigger: what it is sent ------------------------------------------------------


def test_the_trigger_receives_the_sign_up_and_its_validation_data_and_client_metadata(
        cognito, idp):
    trigger = Recorder()
    cognito.set_triggers(PreSignUp=trigger)
    idp.sign_up(ClientId=cognito.client_id, Username="nina", Password=PASSWORD,
                UserAttributes=[{"Name": "email", "Value": "nina@example.com"}],
                ValidationData=[{"Name": "invite", "Value": "K7"}],
                ClientMetadata={"source": "landing"})
    (event,) = trigger.events
    assert {key: event[key] for key in ("version", "region", "userPoolId", "userName",
                                        "triggerSource")} == {
        "version": "1", "region": cognito.region, "userPoolId": cognito.pool_id,
        "userName": "nina", "triggerSource": "PreSignUp_SignUp"}
    assert event["callerContext"]["clientId"] == cognito.client_id
    assert event["request"] == {"userAttributes": {"email": "nina@example.com"},
                                "validationData": {"invite": "K7"},
                                "clientMetadata": {"source": "landing"}}
    assert event["response"] == {"autoConfirmUser": False, "autoVerifyEmail": False,
                                 "autoVerifyPhone": False}


def test_without_validation_data_it_is_null_and_without_client_metadata_there_is_none(
        cognito, idp):
    trigger = Recorder()
    cognito.set_triggers(PreSignUp=trigger)
    sign_up(cognito, idp, "nina")
    assert trigger.events[0]["request"] == {"userAttributes": {}, "validationData": None}


def test_where_users_sign_in_with_an_email_the_user_name_is_the_new_username(cognito, idp):
    trigger = Recorder()
    cognito.set_triggers(PreSignUp=trigger)
    cognito.configure_pool(username_attributes=("email",))
    reply = sign_up(cognito, idp, "nina@example.com")
    (event,) = trigger.events
    assert event["userName"] == reply["UserSub"] == cognito.user("nina@example.com").username
    assert event["request"]["userAttributes"] == {"email": "nina@example.com"}


def test_the_trigger_runs_only_once_the_request_passed_sign_up_s_own_checks(cognito, idp):
    trigger = Recorder(refusal="never asked")
    cognito.set_triggers(PreSignUp=trigger)
    cognito.add_user("taken")
    with raises(idp, "InvalidPasswordException"):
        sign_up(cognito, idp, "nina", "short")
    with raises(idp, "UsernameExistsException"):
        sign_up(cognito, idp, "taken")
    with raises(idp, "InvalidParameterException"):
        sign_up(cognito, idp, "nina", nick="N")
    assert trigger.events == []


# -- what its answer does -------------------------------------------------------------------------


def test_a_trigger_that_raises_refuses_the_sign_up_with_its_message(verifying, idp):
    verifying.set_triggers(PreSignUp=Recorder(refusal="Not on the guest list."))
    with raises(idp, "UserLambdaValidationException") as raised:
        sign_up(verifying, idp, "nina", email="nina@example.com")
    assert message(raised) == "PreSignUp failed with error Not on the guest list.."
    assert nobody_signed_up(verifying)


def test_auto_confirmed_users_are_confirmed_at_once_and_sent_no_code(verifying, idp):
    verifying.set_triggers(PreSignUp=Recorder(autoConfirmUser=True))
    reply = sign_up(verifying, idp, "nina", email="nina@example.com")
    assert reply["UserConfirmed"] is True
    assert "CodeDeliveryDetails" not in reply
    assert verifying.outbox() == []
    user = verifying.user("nina")
    assert user.status == "CONFIRMED"
    assert "email_verified" not in user.attributes  # confirmed, not verified
    signed_in = idp.initiate_auth(ClientId=verifying.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "nina", "PASSWORD": PASSWORD})
    assert "AccessToken" in signed_in["AuthenticationResult"]
    with raises(idp, "NotAuthorizedException") as raised:
        confirm(verifying, idp, "nina", "123456")
    assert message(raised) == "User cannot be confirmed. Current status is CONFIRMED"


def test_a_trigger_leaving_the_user_unconfirmed_changes_nothing(verifying, idp):
    verifying.set_triggers(PreSignUp=Recorder(autoConfirmUser=False))
    reply = sign_up(verifying, idp, "nina", email="nina@example.com")
    assert reply["UserConfirmed"] is False
    assert reply["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    assert verifying.user("nina").status == "UNCONFIRMED"


def test_auto_verified_email_and_phone_are_verified(cognito, idp):
    cognito.set_triggers(PreSignUp=Recorder(autoConfirmUser=True, autoVerifyEmail=True,
                                            autoVerifyPhone=True))
    sign_up(cognito, idp, "nina", email="nina@example.com", phone_number="+15555550100")
    attributes = cognito.user("nina").attributes
    assert (attributes["email_verified"], attributes["phone_number_verified"]) == (
        "true", "true")
    reply = idp.forgot_password(ClientId=cognito.client_id, Username="nina")
    assert reply["CodeDeliveryDetails"]["DeliveryMedium"] == "SMS"  # a verified address


def test_an_auto_verified_alias_moves_to_the_new_user(cognito, idp):
    """DG: "If an alias with that email already exists, the alias will be moved to the new
    user and the previous user's email will be marked as unverified"."""
    cognito.configure_pool(alias_attributes=("email",))
    cognito.add_user("ann", attributes={"email": "shared@example.com",
                                        "email_verified": "true"})
    cognito.set_triggers(PreSignUp=Recorder(autoConfirmUser=True, autoVerifyEmail=True))
    sign_up(cognito, idp, "nina", email="shared@example.com")
    assert cognito.user("ann").attributes["email_verified"] == "false"
    assert cognito.pool.find_user("shared@example.com").username == "nina"


@pytest.mark.parametrize("flag", ["autoVerifyEmail", "autoVerifyPhone"])
def test_verifying_without_confirming_is_refused(cognito, idp, flag):
    cognito.set_triggers(PreSignUp=Recorder(**{flag: True}))
    with raises(idp, "InvalidLambdaResponseException") as raised:
        sign_up(cognito, idp, "nina", email="nina@example.com", phone_number="+15555550100")
    assert message(raised) == ("Phone or email cannot be auto verified, when user is not "
                               "being auto confirmed.")
    assert nobody_signed_up(cognito)


def test_verifying_an_attribute_the_user_did_not_give_is_refused(cognito, idp):
    cognito.set_triggers(PreSignUp=Recorder(autoConfirmUser=True, autoVerifyPhone=True))
    with raises(idp, "InvalidLambdaResponseException"):
        sign_up(cognito, idp, "nina", email="nina@example.com")
    assert nobody_signed_up(cognito)


@pytest.mark.parametrize("trigger", [
    pytest.param(lambda event: None, id="the-event-not-returned"),
    pytest.param(lambda event: {**event, "response": None}, id="no-response"),
    pytest.param(lambda event: {**event, "response": {"autoConfirmUser": "true"}},
                 id="a-string-for-a-boolean"),
])
def test_an_answer_cognito_cannot_read_is_refused(cognito, idp, trigger):
    cognito.set_triggers(PreSignUp=trigger)
    with raises(idp, "InvalidLambdaResponseException") as raised:
        sign_up(cognito, idp, "nina")
    assert message(raised) == "Unrecognizable lambda output"
    assert nobody_signed_up(cognito)


# -- at AdminCreateUser ---------------------------------------------------------------------------


def test_admin_create_user_runs_the_trigger_and_ignores_its_answer(cognito, idp):
    trigger = Recorder(autoConfirmUser=True, autoVerifyEmail=True)
    cognito.set_triggers(PreSignUp=trigger)
    idp.admin_create_user(UserPoolId=cognito.pool_id, Username="nina",
                          TemporaryPassword=PASSWORD,
                          UserAttributes=[{"Name": "email", "Value": "nina@example.com"}],
                          ClientMetadata={"source": "admin"})
    (event,) = trigger.events
    assert event["triggerSource"] == "PreSignUp_AdminCreateUser"
    assert event["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    assert event["request"]["clientMetadata"] == {"source": "admin"}
    user = cognito.user("nina")
    assert user.status == "FORCE_CHANGE_PASSWORD"
    assert "email_verified" not in user.attributes


def test_admin_create_user_is_refused_when_the_trigger_raises(cognito, idp):
    cognito.set_triggers(PreSignUp=Recorder(refusal="No."))
    with raises(idp, "UserLambdaValidationException") as raised:
        idp.admin_create_user(UserPoolId=cognito.pool_id, Username="nina",
                              TemporaryPassword=PASSWORD)
    assert message(raised) == "PreSignUp failed with error No.."
    assert cognito.pool.find_user("nina") is None


# -- DescribeUserPool's LambdaConfig and set_triggers ---------------------------------------------


def test_describe_user_pool_names_each_installed_trigger_by_an_arn(cognito, idp):
    assert described(idp, cognito)["LambdaConfig"] == {}
    cognito.set_triggers(PreSignUp=Recorder(), DefineAuthChallenge=Recorder())
    prefix = f"arn:aws:lambda:{cognito.region}:000000000000:function:local-cognito-"
    assert described(idp, cognito)["LambdaConfig"] == {
        "PreSignUp": prefix + "PreSignUp", "DefineAuthChallenge": prefix + "DefineAuthChallenge"}
    cognito.set_triggers(PreSignUp=None)
    assert list(described(idp, cognito)["LambdaConfig"]) == ["DefineAuthChallenge"]


def test_set_triggers_refuses_a_name_it_does_not_run(cognito):
    with pytest.raises(TypeError, match="no trigger 'PreSignup'"):
        cognito.set_triggers(PreSignup=Recorder())
    assert cognito.pool.triggers == {}
