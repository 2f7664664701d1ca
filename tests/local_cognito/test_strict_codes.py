"""MFA codes are checked as Cognito does: TOTP windows and replay, per-challenge SMS and email
codes bound to their session, and three wrong answers end the session."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlencode

import pytest
from botocore.exceptions import ClientError

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.sessions import MAX_WRONG_ANSWERS
from django_cognito_challenge.testing.totp import code_at_step

PASSWORD = "Demo-Pass-1!"
PHONE = "+15555550123"
CODE_KEY = {"SMS_MFA": "SMS_MFA_CODE", "EMAIL_OTP": "EMAIL_OTP_CODE"}


class Peer:
    """A client of the local Cognito signing in with USER_PASSWORD_AUTH."""

    def __init__(self, cognito):
        self.cognito = cognito
        self.idp = cognito.boto3_client()

    def sign_in(self, username, expected):
        reply = self.idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH", ClientId=self.cognito.client_id,
            AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD})
        assert reply["ChallengeName"] == expected
        return reply

    def answer(self, challenge, username, code):
        key = CODE_KEY.get(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA_CODE")
        return self.idp.respond_to_auth_challenge(
            ClientId=self.cognito.client_id, ChallengeName=challenge["ChallengeName"],
            Session=challenge["Session"], ChallengeResponses={"USERNAME": username, key: code})

    def refused(self, challenge, username, code, error="CodeMismatchException"):
        """Answer ``code``; it must fail with ``error`` and issue neither tokens nor a session."""
        self.cognito.reset_calls()
        with pytest.raises(ClientError) as caught:
            self.answer(challenge, username, code)
        assert caught.value.response["Error"]["Code"] == error
        assert [(c.error, c.response) for c in self.cognito.calls] == [(error, {})]
        return caught.value.response["Error"]["Message"]

    def accepted(self, challenge, username, code):
        return "AccessToken" in self.answer(challenge, username, code)["AuthenticationResult"]


@pytest.fixture
def peer(cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    return Peer(cognito)


def mid_step(cognito):
    """Move the service clock to the middle of a 30 s TOTP step; return that step."""
    offset = cognito.backend.now() % totp.STEP_SECONDS
    cognito.advance((totp.STEP_SECONDS * 1.5 - offset) % totp.STEP_SECONDS)
    return totp.current_step(cognito.backend.now())


# -- TOTP -----------------------------------------------------------------------------------


@pytest.fixture
def secret(cognito):
    secret = totp.new_secret()
    cognito.add_user("alice", totp_secret=secret)
    return secret


def test_totp_code_from_another_secret_is_refused_and_the_challenge_is_kept(cognito, peer, secret):
    step = mid_step(cognito)
    challenge = peer.sign_in("alice", "SOFTWARE_TOKEN_MFA")
    other = code_at_step(totp.new_secret(), step)
    assert other != code_at_step(secret, step)
    peer.refused(challenge, "alice", other)
    assert peer.accepted(challenge, "alice", code_at_step(secret, step))


def test_totp_code_two_steps_old_is_refused(cognito, peer, secret):
    step = mid_step(cognito)
    challenge = peer.sign_in("alice", "SOFTWARE_TOKEN_MFA")
    stale = code_at_step(secret, step - 2)
    assert stale not in {code_at_step(secret, s) for s in (step - 1, step, step + 1)}
    peer.refused(challenge, "alice", stale)


def test_totp_code_of_the_previous_step_is_accepted(cognito, peer, secret):
    step = mid_step(cognito)
    challenge = peer.sign_in("alice", "SOFTWARE_TOKEN_MFA")
    assert peer.accepted(challenge, "alice", code_at_step(secret, step - 1))


def test_used_totp_code_is_refused_as_spent_and_is_not_a_wrong_try(cognito, peer, secret):
    step = mid_step(cognito)
    code = code_at_step(secret, step)
    assert peer.accepted(peer.sign_in("alice", "SOFTWARE_TOKEN_MFA"), "alice", code)
    challenge = peer.sign_in("alice", "SOFTWARE_TOKEN_MFA")
    for _ in range(MAX_WRONG_ANSWERS):  # as many as would end the session were they wrong
        message = peer.refused(challenge, "alice", code, error="ExpiredCodeException")
        assert message == "Your software token has already been used once."
    assert peer.accepted(challenge, "alice", code_at_step(secret, step + 1))


def test_three_wrong_codes_end_the_session(cognito, peer, secret):
    step = mid_step(cognito)
    challenge = peer.sign_in("alice", "SOFTWARE_TOKEN_MFA")
    accepted = {code_at_step(secret, s) for s in (step - 1, step, step + 1)}
    wrong = [c for c in ("000000", "111111", "222222", "333333") if c not in accepted][:3]
    for code in wrong:
        peer.refused(challenge, "alice", code)
    message = peer.refused(challenge, "alice", code_at_step(secret, step),
                           error="NotAuthorizedException")
    assert "Invalid session for the user" in message


# -- SMS and email codes --------------------------------------------------------------------

MEDIA = {
    "SMS_MFA": ("SMS", "phone_number", lambda name: PHONE),
    "EMAIL_OTP": ("EMAIL", "email", lambda name: f"{name}.long.name@example.com"),
}


@pytest.fixture(params=MEDIA, ids=["sms", "email"])
def medium(request, cognito):
    """Alice and Bob, with SMS or email MFA."""
    attribute, destination = MEDIA[request.param][1:]
    for name in ("alice", "bob"):
        cognito.add_user(name, attributes={attribute: destination(name)},
                         sms=request.param == "SMS_MFA", email_mfa=request.param == "EMAIL_OTP")
    return request.param


def test_each_sign_in_sends_its_own_code(cognito, peer, medium):
    first = peer.sign_in("alice", medium)
    first_code = cognito.last_code("alice")
    second = peer.sign_in("alice", medium)
    second_code = cognito.last_code("alice")
    assert [m["code"] for m in cognito.outbox("alice")] == [first_code, second_code]
    assert first_code != second_code
    peer.refused(second, "alice", first_code)
    assert peer.accepted(second, "alice", second_code)
    assert first["Session"] != second["Session"]


# SMS: aws-amplify/amplify-js#3066 and #11069; email: the sources are silent.
WRONG_CODE_MESSAGES = {"SMS_MFA": "Invalid code or auth state for the user.",
                       "EMAIL_OTP": "Invalid code received for user"}


def test_wrong_code_is_refused_in_awss_words(cognito, peer, medium):
    challenge = peer.sign_in("alice", medium)
    wrong = next(c for c in ("000000", "111111") if c != cognito.last_code("alice"))
    assert peer.refused(challenge, "alice", wrong) == WRONG_CODE_MESSAGES[medium]


def test_code_destination_is_masked(cognito, peer, medium):
    delivery, attribute = MEDIA[medium][:2]
    params = peer.sign_in("alice", medium)["ChallengeParameters"]
    full = cognito.user("alice").attributes[attribute]
    assert params["CODE_DELIVERY_DELIVERY_MEDIUM"] == delivery
    masked = params["CODE_DELIVERY_DESTINATION"]
    assert full not in masked
    assert "*" in masked
    assert cognito.outbox("alice")[-1]["destination"] == full


def test_outbox_over_http_lists_the_codes_sent(cognito, peer, medium):
    peer.sign_in("alice", medium)
    peer.sign_in("alice", medium)
    peer.sign_in("bob", medium)
    query = urlencode({"username": "alice"})
    with urllib.request.urlopen(f"{cognito.endpoint_url}/_local/outbox?{query}") as reply:
        messages = json.load(reply)["messages"]
    mine = [m for m in messages if m["pool_id"] == cognito.pool_id]
    assert [m["code"] for m in mine] == [m["code"] for m in cognito.outbox("alice")]
    assert len(mine) == 2
    assert {(m["username"], m["medium"]) for m in mine} == {("alice", MEDIA[medium][0])}


def test_right_code_on_another_users_session_is_refused(cognito, peer, medium):
    alices = peer.sign_in("alice", medium)
    alice_code = cognito.last_code("alice")
    bobs = peer.sign_in("bob", medium)
    assert alice_code != cognito.last_code("bob")
    peer.refused(bobs, "bob", alice_code)
    peer.refused(bobs, "alice", alice_code, error="NotAuthorizedException")
    assert peer.accepted(alices, "alice", alice_code)
