"""Unknown users look like wrong passwords, and repeated wrong passwords lock a user out.

What a client sees, driven with pycognito's SRP maths through the helpers of
``test_strict_srp_and_sessions``.
"""

from __future__ import annotations

import pytest
from pycognito.aws_srp import AWSSRP

from tests.local_cognito.test_strict_srp_and_sessions import (
    INCORRECT,
    PASSWORD,
    WRONG,
    Peer,
    claim,
)


@pytest.fixture
def peer(cognito):
    return Peer(cognito)


@pytest.fixture
def alice(cognito):
    return cognito.add_user("alice")


# -- unknown users look like wrong passwords ------------------------------------------------


@pytest.mark.usefixtures("alice")
def test_unknown_user_with_password_auth_is_answered_like_a_wrong_password(peer):
    wrong = peer.refused(lambda: peer.password_auth("alice", WRONG), "NotAuthorizedException")
    unknown = peer.refused(lambda: peer.password_auth("nobody", PASSWORD),
                           "NotAuthorizedException")
    assert unknown == wrong == INCORRECT


@pytest.mark.usefixtures("alice")
def test_unknown_user_with_srp_gets_a_steady_decoy_challenge_then_the_same_refusal(peer):
    decoy_srp, decoy = peer.start_srp("nobody")
    again = peer.start_srp("nobody")[1]["ChallengeParameters"]
    real = peer.start_srp("alice")[1]
    assert decoy["ChallengeName"] == real["ChallengeName"] == "PASSWORD_VERIFIER"
    params = decoy["ChallengeParameters"]
    assert params.keys() == real["ChallengeParameters"].keys()
    assert (params["SALT"], params["USER_ID_FOR_SRP"]) == (again["SALT"], again["USER_ID_FOR_SRP"])
    assert params["USER_ID_FOR_SRP"] != "nobody"
    assert params["SRP_B"] != again["SRP_B"]
    unknown = peer.refused(lambda: peer.respond(decoy, claim(decoy_srp, decoy)),
                           "NotAuthorizedException")
    wrong_srp, wrong = peer.start_srp("alice", WRONG)
    assert unknown == peer.refused(lambda: peer.respond(wrong, claim(wrong_srp, wrong)),
                                   "NotAuthorizedException") == INCORRECT


@pytest.mark.usefixtures("alice")
@pytest.mark.parametrize("flow", ["USER_PASSWORD_AUTH", "USER_SRP_AUTH"])
def test_legacy_client_reports_unknown_users(cognito, peer, flow):
    cognito.use_client(prevent_user_existence_errors="LEGACY")
    params = {"USERNAME": "nobody", "PASSWORD": PASSWORD}
    if flow == "USER_SRP_AUTH":
        params = AWSSRP("nobody", PASSWORD, cognito.pool_id, cognito.client_id,
                        client=peer.idp).get_auth_params()
    got = peer.refused(lambda: peer.initiate(flow, params), "UserNotFoundException")
    assert got == ("UserNotFoundException", "User does not exist.")


# -- lockout --------------------------------------------------------------------------------
# Cognito locks a user after five failed sign-ins, for 1 s, doubling with each further counted
# failure; attempts made while locked are refused with "Password attempts exceeded" and are
# not counted, so they neither lengthen the lock nor double the next one.

LOCKED = ("NotAuthorizedException", "Password attempts exceeded")


def _fail(peer, times):
    for _ in range(times):
        got = peer.refused(lambda: peer.password_auth("alice", WRONG), "NotAuthorizedException")
        assert got == INCORRECT


@pytest.mark.usefixtures("alice")
def test_sixth_attempt_after_five_wrong_passwords_is_locked_out_until_the_lock_ends(
    cognito, peer
):
    _fail(peer, 5)
    got = peer.refused(lambda: peer.password_auth("alice", PASSWORD), "NotAuthorizedException")
    assert got == LOCKED
    cognito.advance(1.5)
    assert "AuthenticationResult" in peer.password_auth("alice", PASSWORD)


@pytest.mark.usefixtures("alice")
def test_srp_answer_with_the_right_password_is_locked_out_too(peer):
    srp, challenge = peer.start_srp("alice")
    answer = claim(srp, challenge)
    _fail(peer, 5)
    got = peer.refused(lambda: peer.respond(challenge, answer), "NotAuthorizedException")
    assert got == LOCKED


@pytest.mark.usefixtures("alice")
def test_attempts_during_a_lockout_are_ignored(cognito, peer):
    _fail(peer, 5)  # locked for 1 s
    cognito.advance(1.5)
    _fail(peer, 1)  # locked for 2 s
    cognito.advance(2.5)
    _fail(peer, 1)  # locked for 4 s
    cognito.advance(3)
    for password in (WRONG, WRONG, PASSWORD):
        got = peer.refused(lambda p=password: peer.password_auth("alice", p),
                           "NotAuthorizedException")
        assert got == LOCKED
    cognito.advance(1.5)  # past the 4 s lock; counted attempts would have made it 32 s or more
    assert "AuthenticationResult" in peer.password_auth("alice", PASSWORD)
