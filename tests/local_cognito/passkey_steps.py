"""What a client does with passkeys, over boto3: sign in, register one, answer WEB_AUTHN."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from django_cognito_challenge.testing.authenticator import SoftwarePasskey

from .replies import carried_session

PASSWORD = "Demo-Pass-1!"
ORIGIN = "https://localhost"
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.")
USED_ONCE = ("NotAuthorizedException",
             "Invalid session for the user, session can only be used once.")


def error_of(call: Callable[[], Any]) -> tuple[str, str]:
    """The (``__type``, message) a call fails with; the test fails if it succeeds."""
    try:
        call()
    except ClientError as error:
        return error.response["Error"]["Code"], error.response["Error"]["Message"]
    raise AssertionError("the call succeeded")


def access_token(cognito, idp, username: str) -> str:
    reply = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD})
    return reply["AuthenticationResult"]["AccessToken"]


def creation_options(idp, access: str) -> dict[str, Any]:
    return idp.start_web_authn_registration(AccessToken=access)["CredentialCreationOptions"]


def register(idp, access: str, passkey: SoftwarePasskey | None = None,
             origin: str = ORIGIN) -> SoftwarePasskey:
    """Register a passkey over the API, as an account page would."""
    passkey = passkey or SoftwarePasskey()
    credential = passkey.create(creation_options(idp, access), origin)
    idp.complete_web_authn_registration(AccessToken=access, Credential=credential)
    return passkey


def listed_ids(idp, access: str) -> list[str]:
    return [c["CredentialId"]
            for c in idp.list_web_authn_credentials(AccessToken=access)["Credentials"]]


def user_auth(cognito, idp, username: str, **params: str) -> dict[str, Any]:
    return idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_AUTH",
                             AuthParameters={"USERNAME": username, **params})


def respond(cognito, idp, reply: dict[str, Any], name: str, **answers: str) -> dict[str, Any]:
    return idp.respond_to_auth_challenge(ClientId=cognito.client_id, ChallengeName=name,
                                         ChallengeResponses=answers, **carried_session(reply))


def request_options(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["ChallengeName"] == "WEB_AUTHN"
    return json.loads(reply["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])


def assertion(passkey: SoftwarePasskey, reply: dict[str, Any], origin: str = ORIGIN,
              **options: Any) -> str:
    """The CREDENTIAL answer: the passkey's assertion for the challenge, as JSON text."""
    return json.dumps(passkey.get(reply["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"],
                                  origin, **options))


def passkey_sign_in(cognito, idp, username: str, passkey: SoftwarePasskey,
                    **options: Any) -> dict[str, Any]:
    """USER_AUTH preferring WEB_AUTHN, answered with the passkey; the final reply."""
    reply = user_auth(cognito, idp, username, PREFERRED_CHALLENGE="WEB_AUTHN")
    return respond(cognito, idp, reply, "WEB_AUTHN", USERNAME=username,
                   CREDENTIAL=assertion(passkey, reply, **options))


def stray_passkey(rp_id: str = "localhost") -> SoftwarePasskey:
    """A passkey made for ``rp_id`` that no pool has registered."""
    passkey = SoftwarePasskey()
    passkey.create({"rp": {"id": rp_id}, "user": {"id": "c3RyYXk"}, "challenge": "c3RyYXk"},
                   ORIGIN)
    return passkey
