"""The ready-made custom-auth examples, and ``serve --custom-auth`` installing one."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing.__main__ import build_parser, describe
from django_cognito_challenge.testing.backend import LocalCognito
from django_cognito_challenge.testing.custom_examples import (
    EXAMPLES,
    ONE_ROUND,
    THREE_ROUNDS,
    define,
)
from django_cognito_challenge.testing.fixture import local_boto3_client
from django_cognito_challenge.testing.seed import apply_seed, read_seed
from tests.local_cognito.test_cli import pasted_settings, read_until, start_cli, stop_cli
from tests.processes import free_port


def entry(name: str, result: bool = True) -> dict:
    return {"challengeName": name, "challengeResult": result, "challengeMetadata": None}


def decision(rounds: int, *session: dict) -> dict:
    event = {"request": {"session": list(session)}, "response": {}}
    response = define(rounds)(event)["response"]
    return {key: value for key, value in response.items() if value}


@pytest.mark.parametrize(("session", "expected"), [
    ((), {"challengeName": "CUSTOM_CHALLENGE"}),
    ((entry("SRP_A"),), {"challengeName": "PASSWORD_VERIFIER"}),
    ((entry("SRP_A"), entry("PASSWORD_VERIFIER")), {"challengeName": "CUSTOM_CHALLENGE"}),
    ((entry("SRP_A"), entry("PASSWORD_VERIFIER", False)), {"failAuthentication": True}),
    ((entry("CUSTOM_CHALLENGE"),), {"challengeName": "CUSTOM_CHALLENGE"}),
    ((entry("CUSTOM_CHALLENGE"), entry("CUSTOM_CHALLENGE", False)),
     {"failAuthentication": True}),
    ((entry("CUSTOM_CHALLENGE"),) * 3, {"issueTokens": True}),
    ((entry("SRP_A"), entry("PASSWORD_VERIFIER"), *(entry("CUSTOM_CHALLENGE"),) * 3),
     {"issueTokens": True}),
])
def test_three_rounds_define_asks_srp_first_then_three_right_answers(session, expected):
    assert decision(3, *session) == expected


def test_one_round_define_issues_tokens_after_one_right_answer():
    assert decision(1, entry("CUSTOM_CHALLENGE")) == {"issueTokens": True}
    assert decision(1, entry("CUSTOM_CHALLENGE", False)) == {"failAuthentication": True}


def test_each_example_names_its_challenge_and_keeps_the_answer_private():
    for triggers, name in ((ONE_ROUND, "sum"), (THREE_ROUNDS, "quiz")):
        event = {"request": {"session": []}, "response": {}}
        created = triggers["CreateAuthChallenge"](event)["response"]
        assert created["publicChallengeParameters"]["challenge"] == name
        answer = created["privateChallengeParameters"]["answer"]
        assert answer not in created["publicChallengeParameters"].values()


# -- serve --custom-auth ----------------------------------------------------------------------


def test_serve_takes_an_example_by_name_and_refuses_others(capsys):
    parser = build_parser()
    assert parser.parse_args(["serve", "--custom-auth", "three-rounds"]).custom_auth == (
        "three-rounds")
    assert parser.parse_args(["serve"]).custom_auth is None
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--custom-auth", "../quiz"])
    assert "invalid choice" in capsys.readouterr().err


def test_the_start_up_text_names_the_example_and_sets_custom_auth():
    seeded = apply_seed(LocalCognito(), read_seed())
    assert "COGNITO_CHALLENGE_AUTH_FLOW" not in describe("http://127.0.0.1:1", seeded,
                                                         settings=True)
    seeded.pool.triggers.update(EXAMPLES["three-rounds"])
    text = describe("http://127.0.0.1:1", seeded, settings=True)
    assert "  custom auth   three-rounds: three questions in a row; answers: paris, 7, green" in (
        text)
    assert pasted_settings(text)["COGNITO_CHALLENGE_AUTH_FLOW"] == "CUSTOM_AUTH"


def test_serve_with_an_example_asks_its_question_over_http():
    port = free_port()
    process = start_cli("--port", str(port), "--custom-auth", "one-round")
    try:
        banner = read_until(process, "admin ")
        assert "custom auth   one-round" in banner
        seed = read_seed()
        client = local_boto3_client(f"http://127.0.0.1:{port}")
        reply = client.initiate_auth(ClientId=seed["client"]["id"], AuthFlow="CUSTOM_AUTH",
                                     AuthParameters={"USERNAME": "totp-user"})
        assert reply["ChallengeName"] == "CUSTOM_CHALLENGE"
        assert reply["ChallengeParameters"]["challenge"] == "sum"
        assert reply["ChallengeParameters"]["question"].startswith("What is ")
    finally:
        stop_cli(process)
