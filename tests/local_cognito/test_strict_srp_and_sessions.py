"""The local Cognito refuses tampered SRP answers and misused challenge sessions.

Correct answers are built with pycognito's SRP maths, then tampered with; each test checks
what a client sees (the botocore error) and that no tokens or new session were issued.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta, timezone

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, N_HEX, hex_to_long

from django_cognito_challenge.testing import totp

from .replies import carried_session

PASSWORD = "Demo-Pass-1!"
WRONG = "Wrong-Pass-1!"
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.")
EXPIRED = "Invalid session for the user, session is expired."
USED = "Invalid session for the user, session can only be used once."


class Peer:
    """A client of the local Cognito: one botocore client, pycognito's SRP maths."""

    def __init__(self, cognito):
        self.cognito = cognito
        self.idp = cognito.boto3_client()

    def start_srp(self, username, password=PASSWORD, *, secret=None):
        """InitiateAuth(USER_SRP_AUTH) as pycognito does; return its helper and the challenge."""
        srp = AWSSRP(username=username, password=password, pool_id=self.cognito.pool_id,
                     client_id=self.cognito.client_id, client=self.idp, client_secret=secret)
        return srp, self.initiate("USER_SRP_AUTH", srp.get_auth_params())

    def password_auth(self, username, password):
        return self.initiate("USER_PASSWORD_AUTH", {"USERNAME": username, "PASSWORD": password})

    def initiate(self, flow, params):
        return self.idp.initiate_auth(AuthFlow=flow, ClientId=self.cognito.client_id,
                                      AuthParameters=params)

    def respond(self, challenge, responses, *, name=None, client_id=None):
        return self.idp.respond_to_auth_challenge(
            ClientId=client_id or self.cognito.client_id,
            ChallengeName=name or challenge["ChallengeName"], **carried_session(challenge),
            ChallengeResponses=responses)

    def refused(self, call, code):
        """Run ``call``; it must fail with ``code`` and hand out neither tokens nor a session."""
        self.cognito.reset_calls()
        with pytest.raises(ClientError) as caught:
            call()
        error = caught.value.response["Error"]
        assert error["Code"] == code
        assert [(c.error, c.response) for c in self.cognito.calls] == [(code, {})]
        return error["Code"], error["Message"]


def claim(srp, challenge):
    """The answer pycognito would send."""
    return srp.process_challenge(challenge["ChallengeParameters"], srp.get_auth_params())


def resigned(srp, challenge, *, timestamp):
    """A correct claim, signed over ``timestamp`` instead of pycognito's own."""
    params = challenge["ChallengeParameters"]
    user_id = params["USER_ID_FOR_SRP"]
    key = srp.get_password_authentication_key(user_id, srp.password,
                                              hex_to_long(params["SRP_B"]), params["SALT"])
    message = (srp.pool_id.split("_", 1)[1] + user_id).encode()
    message += base64.b64decode(params["SECRET_BLOCK"]) + timestamp.encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return {**claim(srp, challenge), "TIMESTAMP": timestamp,
            "PASSWORD_CLAIM_SIGNATURE": base64.b64encode(digest).decode()}


def timestamp_at(moment):
    return AWSSRP.get_cognito_formatted_timestamp(moment)


def single_digit_day(cognito):
    """Move the service clock to a day of month below 10 (where zero-padding shows)."""
    now = datetime.fromtimestamp(cognito.backend.now(), tz=timezone.utc)
    if now.day >= 10:
        first = (now.replace(day=1) + timedelta(days=32)).replace(day=1)
        cognito.advance((first - now).total_seconds())
    return datetime.fromtimestamp(cognito.backend.now(), tz=timezone.utc)


@pytest.fixture
def peer(cognito):
    return Peer(cognito)


@pytest.fixture
def alice(cognito):
    return cognito.add_user("alice")


@pytest.fixture
def totp_users(cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    for name in ("alice", "bob"):
        cognito.add_user(name, totp_secret=totp.new_secret())


# -- the password claim ---------------------------------------------------------------------


@pytest.mark.usefixtures("alice")
def test_tampered_password_claim_signature_is_refused(peer):
    srp, challenge = peer.start_srp("alice")
    answer = claim(srp, challenge)
    signature = base64.b64decode(answer["PASSWORD_CLAIM_SIGNATURE"])
    tampered = base64.b64encode(bytes([signature[0] ^ 1]) + signature[1:]).decode()
    answer["PASSWORD_CLAIM_SIGNATURE"] = tampered
    got = peer.refused(lambda: peer.respond(challenge, answer), "NotAuthorizedException")
    assert got == INCORRECT


@pytest.mark.usefixtures("alice")
def test_wrong_password_signature_is_refused(peer):
    srp, challenge = peer.start_srp("alice", WRONG)
    got = peer.refused(lambda: peer.respond(challenge, claim(srp, challenge)),
                       "NotAuthorizedException")
    assert got == INCORRECT


def wrong_weekday(moment):
    right = timestamp_at(moment)
    other = timestamp_at(moment + timedelta(days=1))[:3]
    return other + right[3:]


# Measured on AWS (ministack#1758): a zero-padded day or a wrong weekday is a wrong password.
BAD_TIMESTAMPS = {
    "zero-padded day": lambda m: timestamp_at(m).replace(f" {m.day} ", f" {m.day:02d} ", 1),
    "wrong weekday": wrong_weekday,
    "ten minutes behind": lambda m: timestamp_at(m - timedelta(minutes=10)),
    "ten minutes ahead": lambda m: timestamp_at(m + timedelta(minutes=10)),
}
# "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."
# (amazon-cognito-identity-js#683): what does not parse is an invalid parameter.
MALFORMED_TIMESTAMPS = {
    "iso 8601": lambda m: m.strftime("%Y-%m-%dT%H:%M:%SZ"),
    "another zone": lambda m: timestamp_at(m).replace(" UTC ", " IST "),
    "missing": lambda m: "",
}


@pytest.mark.usefixtures("alice")
@pytest.mark.parametrize("make", BAD_TIMESTAMPS.values(), ids=BAD_TIMESTAMPS.keys())
def test_timestamp_in_wrong_format_or_off_by_ten_minutes_is_refused(cognito, peer, make):
    moment = single_digit_day(cognito)
    bad = make(moment)
    assert bad != timestamp_at(moment)
    srp, challenge = peer.start_srp("alice")
    answer = resigned(srp, challenge, timestamp=bad)
    got = peer.refused(lambda: peer.respond(challenge, answer), "NotAuthorizedException")
    assert got == INCORRECT
    # The same re-signing over Cognito's own format is accepted: only the timestamp was wrong.
    srp, challenge = peer.start_srp("alice")
    answer = resigned(srp, challenge, timestamp=timestamp_at(moment))
    assert "AccessToken" in peer.respond(challenge, answer)["AuthenticationResult"]


@pytest.mark.usefixtures("alice")
@pytest.mark.parametrize("make", MALFORMED_TIMESTAMPS.values(), ids=MALFORMED_TIMESTAMPS.keys())
def test_timestamp_that_does_not_parse_is_an_invalid_parameter(cognito, peer, make):
    srp, challenge = peer.start_srp("alice")
    now = datetime.fromtimestamp(cognito.backend.now(), tz=timezone.utc)
    answer = resigned(srp, challenge, timestamp=make(now))
    refused = peer.refused(lambda: peer.respond(challenge, answer), "InvalidParameterException")
    assert refused[1] == "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."


def _flip_first_byte(block):
    raw = base64.b64decode(block)
    return base64.b64encode(bytes([raw[0] ^ 1]) + raw[1:]).decode()


@pytest.mark.usefixtures("alice")
@pytest.mark.parametrize("source", ["another round", "one byte changed"])
def test_secret_block_not_echoed_exactly_is_refused(peer, source):
    srp, challenge = peer.start_srp("alice")
    block = challenge["ChallengeParameters"]["SECRET_BLOCK"]
    if source == "another round":
        block = peer.start_srp("alice")[1]["ChallengeParameters"]["SECRET_BLOCK"]
    else:
        block = _flip_first_byte(block)
    # Signed over the block Cognito sent, so only the echo is wrong.
    answer = {**claim(srp, challenge), "PASSWORD_CLAIM_SECRET_BLOCK": block}
    got = peer.refused(lambda: peer.respond(challenge, answer), "NotAuthorizedException")
    assert got == INCORRECT


@pytest.mark.usefixtures("alice")
@pytest.mark.parametrize("srp_a", ["0", N_HEX, f"{2 * hex_to_long(N_HEX):x}"],
                         ids=["zero", "N", "2N"])
def test_srp_a_that_is_zero_mod_n_is_refused_as_invalid(peer, srp_a):
    params = {"USERNAME": "alice", "SRP_A": srp_a}
    peer.refused(lambda: peer.initiate("USER_SRP_AUTH", params), "InvalidParameterException")


@pytest.mark.usefixtures("alice")
def test_password_verifier_answered_after_the_answer_window_is_expired(cognito, peer):
    srp, challenge = peer.start_srp("alice")
    cognito.advance(61)
    got = peer.refused(lambda: peer.respond(challenge, claim(srp, challenge)),
                       "NotAuthorizedException")
    assert got == ("NotAuthorizedException", EXPIRED)


# -- sessions -------------------------------------------------------------------------------


@pytest.mark.usefixtures("alice")
def test_password_verifier_session_can_only_be_used_once(peer):
    srp, challenge = peer.start_srp("alice")
    answer = claim(srp, challenge)
    assert "AuthenticationResult" in peer.respond(challenge, answer)
    got = peer.refused(lambda: peer.respond(challenge, answer), "NotAuthorizedException")
    assert got == ("NotAuthorizedException", USED)


def _totp_challenge(peer, username):
    srp, challenge = peer.start_srp(username)
    mfa = peer.respond(challenge, claim(srp, challenge))
    assert mfa["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    return mfa


def _totp_answer(cognito, username):
    return {"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": cognito.totp_code(username)}


@pytest.mark.usefixtures("totp_users")
def test_mfa_session_can_only_be_used_once(cognito, peer):
    mfa = _totp_challenge(peer, "alice")
    assert "AuthenticationResult" in peer.respond(mfa, _totp_answer(cognito, "alice"))
    answer = _totp_answer(cognito, "alice")  # an unused code: only the Session is stale
    got = peer.refused(lambda: peer.respond(mfa, answer), "NotAuthorizedException")
    assert got == ("NotAuthorizedException", USED)


@pytest.mark.usefixtures("totp_users")
def test_session_older_than_auth_session_validity_is_expired(cognito, peer):
    mfa = _totp_challenge(peer, "alice")
    cognito.advance(181)
    answer = _totp_answer(cognito, "alice")
    got = peer.refused(lambda: peer.respond(mfa, answer), "NotAuthorizedException")
    assert got == ("NotAuthorizedException", EXPIRED)


@pytest.mark.usefixtures("totp_users")
def test_longer_auth_session_validity_keeps_the_session_alive(cognito, peer):
    cognito.use_client(auth_session_validity_minutes=5)
    mfa = _totp_challenge(peer, "alice")
    cognito.advance(181)
    assert "AuthenticationResult" in peer.respond(mfa, _totp_answer(cognito, "alice"))


@pytest.mark.usefixtures("totp_users")
def test_session_answered_for_another_user_is_refused(cognito, peer):
    mfa = _totp_challenge(peer, "alice")
    answer = _totp_answer(cognito, "bob")
    peer.refused(lambda: peer.respond(mfa, answer), "NotAuthorizedException")


@pytest.mark.usefixtures("totp_users")
def test_session_answered_through_another_client_is_refused(cognito, peer):
    mfa = _totp_challenge(peer, "alice")
    other = cognito.use_client().client_id
    answer = _totp_answer(cognito, "alice")
    peer.refused(lambda: peer.respond(mfa, answer, client_id=other), "NotAuthorizedException")


@pytest.mark.usefixtures("totp_users")
def test_session_answered_for_another_challenge_is_invalid(cognito, peer):
    mfa = _totp_challenge(peer, "alice")
    answer = {"USERNAME": "alice", "SMS_MFA_CODE": cognito.totp_code("alice")}
    peer.refused(lambda: peer.respond(mfa, answer, name="SMS_MFA"), "InvalidParameterException")


# -- SECRET_HASH ----------------------------------------------------------------------------

SECRET_HASH_CASES = {
    "missing": (None, "is configured with secret but SECRET_HASH was not received"),
    "wrong": ("another-secret", "Unable to verify secret hash for client"),
}


def _with_secret_hash(cognito, params, case):
    """``params`` with SECRET_HASH left out or computed with the wrong secret."""
    other_secret = SECRET_HASH_CASES[case][0]
    params = {k: v for k, v in params.items() if k != "SECRET_HASH"}
    if other_secret:
        params["SECRET_HASH"] = secret_hash(cognito, params["USERNAME"], other_secret)
    return params


def secret_hash(cognito, username, secret=None):
    return AWSSRP.get_secret_hash(username, cognito.client_id, secret or cognito.client_secret)


@pytest.mark.usefixtures("alice")
@pytest.mark.parametrize("case", SECRET_HASH_CASES)
def test_initiate_auth_without_the_right_secret_hash_is_refused(cognito, peer, case):
    cognito.use_client(generate_secret=True)
    params = _with_secret_hash(cognito, {"USERNAME": "alice", "PASSWORD": PASSWORD}, case)
    got = peer.refused(lambda: peer.initiate("USER_PASSWORD_AUTH", params),
                       "NotAuthorizedException")
    assert SECRET_HASH_CASES[case][1] in got[1]


@pytest.mark.usefixtures("alice")
@pytest.mark.parametrize("case", SECRET_HASH_CASES)
def test_challenge_answer_without_the_right_secret_hash_is_refused(cognito, peer, case):
    cognito.use_client(generate_secret=True)
    srp, challenge = peer.start_srp("alice", secret=cognito.client_secret)
    answer = _with_secret_hash(cognito, claim(srp, challenge), case)
    got = peer.refused(lambda: peer.respond(challenge, answer), "NotAuthorizedException")
    assert SECRET_HASH_CASES[case][1] in got[1]


def test_challenge_answer_needs_secret_hash_over_the_canonical_username(cognito, peer):
    cognito.configure_pool(alias_attributes=("email",))
    cognito.use_client(generate_secret=True)
    email = "alice@example.com"
    cognito.add_user("alice", attributes={"email": email, "email_verified": "true"})
    # Signing in with the alias: InitiateAuth's SECRET_HASH is over the email, as typed.
    srp, challenge = peer.start_srp(email, secret=cognito.client_secret)
    assert challenge["ChallengeParameters"]["USERNAME"] == "alice"
    over_alias = {**claim(srp, challenge), "SECRET_HASH": secret_hash(cognito, email)}
    for username in ("alice", email):
        answer = {**over_alias, "USERNAME": username}
        got = peer.refused(lambda a=answer: peer.respond(challenge, a), "NotAuthorizedException")
        assert "Unable to verify secret hash" in got[1]
    # pycognito's answer (SECRET_HASH over ChallengeParameters.USERNAME) is accepted.
    srp, challenge = peer.start_srp(email, secret=cognito.client_secret)
    assert "AuthenticationResult" in peer.respond(challenge, claim(srp, challenge))
