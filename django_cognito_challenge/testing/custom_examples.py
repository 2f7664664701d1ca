"""Ready-made custom-auth triggers for the local Cognito: a one-round and a three-round example.

Each example is the dict of the three Lambda triggers (``DefineAuthChallenge``,
``CreateAuthChallenge``, ``VerifyAuthChallengeResponse``) as Python callables, ready for
``cognito.set_triggers(**ONE_ROUND)`` in a test, for ``Pool.triggers`` and for
``serve --custom-auth one-round``. They show the mechanics of CUSTOM_AUTH and of the app's
``custom`` page; they are no security measure (anyone can add, and the quiz is printed).

- ``one-round`` (:data:`ONE_ROUND`): one sum to work out, with fresh numbers for each
  challenge ("What is 4 + 9?"); the answer is kept in the private challenge parameters. Named
  ``sum``: the app shows it with its generic ``cognito_challenge/custom.html``.
- ``three-rounds`` (:data:`THREE_ROUNDS`): three fixed questions in a row (:data:`QUIZ`), each
  answer checked as it comes (case and surrounding spaces ignored). Named ``quiz``: the app
  ships ``cognito_challenge/custom/quiz.html`` for it, which says "Question 2 of 3".

In both, a wrong answer fails the sign-in (``failAuthentication``: Cognito answers "Incorrect
username or password."). With ``CHALLENGE_NAME=SRP_A`` the sign-in proves the password first:
Define asks PASSWORD_VERIFIER when the session so far is the SRP_A entry. An unknown user is
asked the same questions as anyone and fails at the end, as a real pool's triggers should do
with ``userNotFound``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

Event = dict[str, Any]
Trigger = Callable[[Event], Event]

#: The public challenge parameter naming the challenge (the app's CUSTOM_CHALLENGE_NAME_KEY).
NAME_KEY = "challenge"
#: The three-round example's questions and answers, in the order asked.
QUIZ = (
    ("What is the capital of France?", "paris"),
    ("How many days are there in a week?", "7"),
    ("What colour do you get by mixing blue and yellow?", "green"),
)


def define(rounds: int) -> Trigger:
    """A DefineAuthChallenge: SRP first when begun so, then ``rounds`` right answers."""

    def define_auth_challenge(event: Event) -> Event:
        session = event["request"]["session"]
        response = event["response"]
        response.update(challengeName=None, issueTokens=False, failAuthentication=False)
        answered = sum(entry["challengeName"] == "CUSTOM_CHALLENGE" for entry in session)
        if any(not entry["challengeResult"] for entry in session):
            response["failAuthentication"] = True
        elif session and session[-1]["challengeName"] == "SRP_A":
            response["challengeName"] = "PASSWORD_VERIFIER"
        elif answered >= rounds:
            response["issueTokens"] = True
        else:
            response["challengeName"] = "CUSTOM_CHALLENGE"
        return event

    return define_auth_challenge


def create_sum(event: Event) -> Event:
    """CreateAuthChallenge of ``one-round``: a sum of two fresh numbers."""
    first, second = secrets.randbelow(20) + 1, secrets.randbelow(20) + 1
    event["response"] = {
        "publicChallengeParameters": {NAME_KEY: "sum", "question": f"What is {first} + {second}?"},
        "privateChallengeParameters": {"answer": str(first + second)},
        "challengeMetadata": "SUM",
    }
    return event


def create_quiz(event: Event) -> Event:
    """CreateAuthChallenge of ``three-rounds``: the next question of :data:`QUIZ`."""
    asked = sum(entry["challengeName"] == "CUSTOM_CHALLENGE"
                for entry in event["request"]["session"])
    question, answer = QUIZ[asked]
    event["response"] = {
        "publicChallengeParameters": {NAME_KEY: "quiz", "question": question,
                                      "round": str(asked + 1), "rounds": str(len(QUIZ))},
        "privateChallengeParameters": {"answer": answer},
        "challengeMetadata": f"QUIZ-{asked + 1}",
    }
    return event


def verify(event: Event) -> Event:
    """VerifyAuthChallengeResponse: the answer, trimmed and case-folded, is the kept one."""
    request = event["request"]
    given = str(request.get("challengeAnswer") or "").strip().casefold()
    expected = request["privateChallengeParameters"]["answer"]
    event["response"]["answerCorrect"] = secrets.compare_digest(
        given.encode(), expected.encode())
    return event


ONE_ROUND: dict[str, Trigger] = {
    "DefineAuthChallenge": define(1),
    "CreateAuthChallenge": create_sum,
    "VerifyAuthChallengeResponse": verify,
}
THREE_ROUNDS: dict[str, Trigger] = {
    "DefineAuthChallenge": define(len(QUIZ)),
    "CreateAuthChallenge": create_quiz,
    "VerifyAuthChallengeResponse": verify,
}
#: The examples by the name ``serve --custom-auth`` and the example project take.
EXAMPLES: dict[str, dict[str, Trigger]] = {"one-round": ONE_ROUND, "three-rounds": THREE_ROUNDS}
#: One line each, for start-up output: what the sign-in asks.
SUMMARIES: dict[str, str] = {
    "one-round": "one sum to work out, such as 'What is 4 + 9?'",
    "three-rounds": "three questions in a row; answers: "
                    + ", ".join(answer for _, answer in QUIZ),
}
