"""CUSTOM_AUTH with trigger callables and USER_AUTH choices, as a client observes them."""

from __future__ import annotations

import copy

import pytest
from pycognito.aws_srp import AWSSRP

from .replies import carried_session

PASSWORD = "Demo-Pass-1!"


def custom_auth(client, cognito, username: str, **extra: str):
    return client.initiate_auth(ClientId=cognito.client_id, AuthFlow="CUSTOM_AUTH",
                                AuthParameters={"USERNAME": username, **extra})


def answer(client, cognito, reply, username: str, name: str | None = None, **responses: str):
    return client.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName=name or reply["ChallengeName"],
        **carried_session(reply), ChallengeResponses={"USERNAME": username, **responses},
    )


def entry(name: str, result: bool, metadata: str | None = None) -> dict:
    return {"challengeName": name, "challengeResult": result, "challengeMetadata": metadata}


class Quiz:
    """Define/Create/Verify triggers: SRP first when asked, then '2 + 2?', three tries."""

    def __init__(self) -> None:
        self.events: dict[str, list[dict]] = {"define": [], "create": [], "verify": []}

    def define(self, event: dict) -> dict:
        self.events["define"].append(copy.deepcopy(event))
        session = event["request"]["session"]
        last = session[-1] if session else {}
        response = event["response"]
        if last.get("challengeName") == "SRP_A":
            response["challengeName"] = "PASSWORD_VERIFIER"
        elif last.get("challengeName") == "CUSTOM_CHALLENGE" and last["challengeResult"]:
            response["issueTokens"] = True
        elif sum(e["challengeName"] == "CUSTOM_CHALLENGE" for e in session) >= 3:
            response["failAuthentication"] = True
        else:
            response["challengeName"] = "CUSTOM_CHALLENGE"
        return event

    def create(self, event: dict) -> dict:
        self.events["create"].append(copy.deepcopy(event))
        event["response"] = {"publicChallengeParameters": {"question": "2 + 2?"},
                             "privateChallengeParameters": {"answer": "4"},
                             "challengeMetadata": "ARITHMETIC"}
        return event

    def verify(self, event: dict) -> dict:
        self.events["verify"].append(copy.deepcopy(event))
        request = event["request"]
        event["response"]["answerCorrect"] = (
            request["challengeAnswer"] == request["privateChallengeParameters"]["answer"])
        return event

    def install(self, cognito) -> Quiz:
        cognito.set_triggers(DefineAuthChallenge=self.define, CreateAuthChallenge=self.create,
                             VerifyAuthChallengeResponse=self.verify)
        return self


@pytest.fixture
def quiz(cognito):
    cognito.add_user("cara", attributes={"email": "cara@example.com"})
    return Quiz().install(cognito)


# -- CUSTOM_AUTH ------------------------------------------------------------------------


def test_right_custom_answer_issues_tokens_and_triggers_see_lambda_events(cognito, quiz):
    client = cognito.boto3_client()
    reply = custom_auth(client, cognito, "cara")
    assert reply["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert reply["ChallengeParameters"] == {"question": "2 + 2?", "USERNAME": "cara"}
    done = answer(client, cognito, reply, "cara", ANSWER="4")
    assert "AccessToken" in done["AuthenticationResult"]
    last = quiz.events["define"][-1]
    assert last["triggerSource"] == "DefineAuthChallenge_Authentication"
    assert (last["userPoolId"], last["userName"]) == (cognito.pool_id, "cara")
    assert last["callerContext"]["clientId"] == cognito.client_id
    assert last["request"]["userAttributes"]["email"] == "cara@example.com"
    assert last["request"]["session"] == [entry("CUSTOM_CHALLENGE", True, "ARITHMETIC")]
    assert quiz.events["verify"][-1]["request"]["challengeAnswer"] == "4"


def test_wrong_custom_answers_let_define_fail_the_sign_in_after_three(cognito, quiz):
    client = cognito.boto3_client()
    reply = custom_auth(client, cognito, "cara")
    for _ in range(2):
        reply = answer(client, cognito, reply, "cara", ANSWER="5")
        assert reply["ChallengeName"] == "CUSTOM_CHALLENGE"
    with pytest.raises(client.exceptions.NotAuthorizedException):
        answer(client, cognito, reply, "cara", ANSWER="5")
    assert quiz.events["define"][-1]["request"]["session"] == [
        entry("CUSTOM_CHALLENGE", False, "ARITHMETIC")] * 3


def test_define_failing_authentication_is_refused(cognito, quiz):
    def refuse(event):
        event["response"]["failAuthentication"] = True
        return event

    cognito.set_triggers(DefineAuthChallenge=refuse)
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.NotAuthorizedException):
        custom_auth(client, cognito, "cara")
    assert quiz.events["create"] == []


def test_custom_auth_with_srp_a_verifies_the_password_first(cognito, quiz):
    client = cognito.boto3_client()
    srp = AWSSRP(username="cara", password=PASSWORD, pool_id=cognito.pool_id,
                 client_id=cognito.client_id, client=client)
    params = srp.get_auth_params()
    reply = custom_auth(client, cognito, "cara", SRP_A=params["SRP_A"], CHALLENGE_NAME="SRP_A")
    assert reply["ChallengeName"] == "PASSWORD_VERIFIER"
    claim = srp.process_challenge(reply["ChallengeParameters"], params)
    reply = answer(client, cognito, reply, "cara", **claim)
    assert reply["ChallengeName"] == "CUSTOM_CHALLENGE"
    done = answer(client, cognito, reply, "cara", ANSWER="4")
    assert "AccessToken" in done["AuthenticationResult"]
    assert [e["request"]["session"] for e in quiz.events["define"]] == [
        [entry("SRP_A", True)],
        [entry("SRP_A", True), entry("PASSWORD_VERIFIER", True)],
        [entry("SRP_A", True), entry("PASSWORD_VERIFIER", True),
         entry("CUSTOM_CHALLENGE", True, "ARITHMETIC")],
    ]
    assert cognito.call_names() == ["InitiateAuth:CUSTOM_AUTH",
                                    "RespondToAuthChallenge:PASSWORD_VERIFIER",
                                    "RespondToAuthChallenge:CUSTOM_CHALLENGE"]


def test_custom_auth_without_triggers_is_refused(cognito):
    cognito.add_user("cara")
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.InvalidParameterException):
        custom_auth(client, cognito, "cara")


def test_a_trigger_that_raises_is_a_lambda_validation_error(cognito, quiz):
    def broken(event):
        raise RuntimeError("boom")

    cognito.set_triggers(CreateAuthChallenge=broken)
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.UserLambdaValidationException):
        custom_auth(client, cognito, "cara")


# -- USER_AUTH --------------------------------------------------------------------------


def user_auth(client, cognito, username: str, **extra: str):
    return client.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_AUTH",
                                AuthParameters={"USERNAME": username, **extra})


@pytest.fixture
def choice_pool(cognito):
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP"))
    cognito.add_user("uma", attributes={"email": "uma@example.com"})
    cognito.add_user("pat")
    return cognito


def test_user_auth_not_enabled_on_the_client_is_refused(choice_pool):
    choice_pool.use_client(explicit_auth_flows=("ALLOW_USER_SRP_AUTH",))
    client = choice_pool.boto3_client()
    with pytest.raises(client.exceptions.InvalidParameterException):
        user_auth(client, choice_pool, "uma")


def test_user_auth_without_preference_lists_the_available_challenges(choice_pool):
    client = choice_pool.boto3_client()
    reply = user_auth(client, choice_pool, "uma")
    assert reply["ChallengeName"] == "SELECT_CHALLENGE"
    assert reply["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]
    done = answer(client, choice_pool, reply, "uma", ANSWER="PASSWORD", PASSWORD=PASSWORD)
    assert "AccessToken" in done["AuthenticationResult"]


def test_user_auth_preferring_email_otp_sends_a_code_that_signs_in(choice_pool):
    client = choice_pool.boto3_client()
    reply = user_auth(client, choice_pool, "uma", PREFERRED_CHALLENGE="EMAIL_OTP")
    assert reply["ChallengeName"] == "EMAIL_OTP"
    [message] = choice_pool.outbox("uma")
    assert (message["destination"], message["purpose"]) == ("uma@example.com", "SIGN_IN")
    done = answer(client, choice_pool, reply, "uma", EMAIL_OTP_CODE=message["code"])
    assert "AccessToken" in done["AuthenticationResult"]


@pytest.mark.parametrize("factor", ["EMAIL_OTP", "SMS_OTP"])
def test_user_auth_answer_that_is_not_available_is_refused(choice_pool, factor):
    client = choice_pool.boto3_client()
    reply = user_auth(client, choice_pool, "pat")  # no email: only the password factors
    assert reply["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    with pytest.raises(client.exceptions.InvalidParameterException):
        answer(client, choice_pool, reply, "pat", ANSWER=factor)
    assert choice_pool.outbox("pat") == []
