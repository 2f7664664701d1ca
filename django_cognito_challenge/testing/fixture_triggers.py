"""The ``cognito`` fixture's Lambda triggers: Python functions Cognito's events are sent to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .flows.triggers import TRIGGERS

if TYPE_CHECKING:
    from .models import Pool


class TriggerHelpers:
    """Mixed into :class:`~.fixture.LocalCognitoFixture`."""

    pool: Pool

    def set_triggers(self, **triggers: Any) -> None:
        """Install Lambda triggers, as Python callables; None removes one.

        Each receives the Lambda event Cognito would send (a dict with ``version``,
        ``region``, ``userPoolId``, ``userName``, ``triggerSource``, ``callerContext``
        (``clientId``), ``request`` and ``response``), fills in ``event["response"]`` and
        returns the event. An exception it raises refuses the call that ran it with
        ``UserLambdaValidationException`` "<trigger> failed with error <message>.".
        DescribeUserPool's ``LambdaConfig`` names each installed trigger by a placeholder ARN,
        ``arn:aws:lambda:<region>:000000000000:function:local-cognito-<trigger>``.

        :param PreSignUp: runs at SignUp (``triggerSource`` ``"PreSignUp_SignUp"``) after the
            request's own checks, before the user is created; ``request`` holds
            ``userAttributes`` (as given), ``validationData`` (SignUp's ``ValidationData`` as
            a dict, None when not sent) and, when SignUp carried it, ``clientMetadata``.
            Raising refuses the sign-up (no user is created). Setting
            ``response["autoConfirmUser"]`` makes the user ``CONFIRMED`` at once (SignUp
            answers ``UserConfirmed: true`` and sends no code); ``autoVerifyEmail`` /
            ``autoVerifyPhone`` mark ``email`` / ``phone_number`` verified, and are refused
            (``InvalidLambdaResponseException``) without ``autoConfirmUser`` or without the
            attribute. A response that is not booleans, or an event not returned, is
            ``InvalidLambdaResponseException`` "Unrecognizable lambda output". It also runs
            at AdminCreateUser (``"PreSignUp_AdminCreateUser"``, ``clientId``
            ``"CLIENT_ID_NOT_APPLICABLE"``), where raising refuses the user and the response
            is ignored.
        :param DefineAuthChallenge: decides what comes next in CUSTOM_AUTH (``request`` holds
            ``userAttributes``, ``session`` (the challenges so far), ``clientMetadata`` and
            ``userNotFound``): sets ``issueTokens``, ``failAuthentication``, or
            ``challengeName`` (``"CUSTOM_CHALLENGE"``, or ``"PASSWORD_VERIFIER"`` after
            ``CHALLENGE_NAME=SRP_A``).
        :param CreateAuthChallenge: makes a ``CUSTOM_CHALLENGE``: sets
            ``publicChallengeParameters``, ``privateChallengeParameters`` and
            ``challengeMetadata``.
        :param VerifyAuthChallengeResponse: receives ``privateChallengeParameters`` and
            ``challengeAnswer`` in ``request``; sets ``answerCorrect``.
        :raises TypeError: for a name that is no trigger the local Cognito runs.
        """
        unknown = sorted(set(triggers) - set(TRIGGERS))
        if unknown:
            raise TypeError(f"no trigger {unknown[0]!r} (known: {', '.join(TRIGGERS)})")
        for name, function in triggers.items():
            if function is None:
                self.pool.triggers.pop(name, None)
            else:
                self.pool.triggers[name] = function
