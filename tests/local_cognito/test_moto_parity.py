"""Parity with moto: where moto is faithful to Cognito, both servers answer in the same shape.

Every test runs the same helpers against the local Cognito and against moto's server, and
compares shapes (key sets and value types) and error codes, never token values or messages.

Where moto is not faithful, nothing is compared (see the notes on each test):
- NEW_PASSWORD_REQUIRED: Cognito sends ``USER_ID_FOR_SRP``, ``requiredAttributes`` and
  ``userAttributes``; moto sends only ``USERNAME``. Only the parameters' type is compared.
- InitiateAuth that returns tokens: Cognito also sends an empty ``ChallengeParameters``; moto
  leaves it out. The top-level keys are compared without it, and it must be empty if present.
- An unknown user under ``PreventUserExistenceErrors=ENABLED``: Cognito says
  NotAuthorizedException; moto ignores the setting and says UserNotFoundException. Only the
  ``LEGACY`` answer is compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

from tests.processes import free_port

REGION = "us-east-1"
TEMPORARY_PASSWORD = "Temp-Pass-1!"
NEW_PASSWORD = "Next-Pass-2!"
PERMANENT_PASSWORD = "Perm-Pass-3!"
UNKNOWN_CLIENT_ID = "0123456789abcdefghijklmnop"

TOKENS = {"AccessToken": "str", "ExpiresIn": "int", "IdToken": "str", "RefreshToken": "str",
          "TokenType": "str"}
REFRESHED_TOKENS = {k: v for k, v in TOKENS.items() if k != "RefreshToken"}


# -- the two servers ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def moto_server_url() -> Iterator[str]:
    """moto's Cognito over HTTP on loopback, in this process, for the whole session."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", REGION)
        port = free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop()


@pytest.fixture(params=["local", "moto"])
def idp(request: pytest.FixtureRequest, moto_server_url: str):
    """A boto3 cognito-idp client for one of the two servers."""
    if request.param == "local":
        url = request.getfixturevalue("local_cognito_server").url
    else:
        url = moto_server_url
    return boto3.client(
        "cognito-idp", endpoint_url=url, region_name=REGION,
        aws_access_key_id="testing", aws_secret_access_key="testing",
        config=Config(retries={"mode": "standard", "max_attempts": 1}),
    )


# -- one code path for both ----------------------------------------------------------------


@dataclass(frozen=True)
class App:
    """A pool and a public app client made through the API."""

    pool_id: str
    client_id: str


def make_app(idp, prevent_user_existence_errors: str = "ENABLED") -> App:
    pool_id = idp.create_user_pool(PoolName="parity")["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="parity-web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors=prevent_user_existence_errors,
    )["UserPoolClient"]
    return App(pool_id, client["ClientId"])


def invite(idp, app: App, username: str = "alice") -> str:
    """Create a user with a temporary password, as an administrator would, without a message."""
    idp.admin_create_user(UserPoolId=app.pool_id, Username=username,
                          TemporaryPassword=TEMPORARY_PASSWORD, MessageAction="SUPPRESS")
    return username


def confirmed_user(idp, app: App, username: str = "alice") -> str:
    invite(idp, app, username)
    idp.admin_set_user_password(UserPoolId=app.pool_id, Username=username,
                                Password=PERMANENT_PASSWORD, Permanent=True)
    return username


def password_sign_in(idp, app: App, username: str, password: str) -> dict[str, Any]:
    return idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": password})


def refresh(idp, app: App, refresh_token: str) -> dict[str, Any]:
    return idp.initiate_auth(ClientId=app.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                             AuthParameters={"REFRESH_TOKEN": refresh_token})


def shape(value: Any) -> Any:
    """The keys and value types of a reply, without botocore's ResponseMetadata."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items()) if k != "ResponseMetadata"}
    return type(value).__name__


def top_level_keys(reply: dict[str, Any]) -> set[str]:
    return set(reply) - {"ResponseMetadata"}


def error_of(call, *args: Any, **kwargs: Any) -> tuple[str, int]:
    """The error code and HTTP status a failing call gets back."""
    with pytest.raises(ClientError) as caught:
        call(*args, **kwargs)
    return (caught.value.response["Error"]["Code"],
            caught.value.response["ResponseMetadata"]["HTTPStatusCode"])


def tokens_from_sign_in(reply: dict[str, Any]) -> dict[str, Any]:
    """The tokens of a successful InitiateAuth, checking the parts both servers agree on.

    Cognito also sends ``ChallengeParameters: {}`` here and moto does not, so it is only
    required to be empty when present.
    """
    assert top_level_keys(reply) - {"ChallengeParameters"} == {"AuthenticationResult"}
    assert reply.get("ChallengeParameters", {}) == {}
    return reply["AuthenticationResult"]


# -- (a) temporary password, then a new one -----------------------------------------------


def test_temporary_password_sign_in_asks_for_a_new_password(idp):
    app = make_app(idp)
    username = invite(idp, app)

    reply = password_sign_in(idp, app, username, TEMPORARY_PASSWORD)

    assert reply["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert top_level_keys(reply) == {"ChallengeName", "ChallengeParameters", "Session"}
    assert isinstance(reply["Session"], str)
    assert reply["Session"]
    # The parameter names differ (moto: USERNAME only), so only their type is compared.
    parameters = shape(reply["ChallengeParameters"])
    assert parameters
    assert set(parameters.values()) == {"str"}


def test_answering_new_password_required_returns_all_three_tokens(idp):
    app = make_app(idp)
    username = invite(idp, app)
    challenge = password_sign_in(idp, app, username, TEMPORARY_PASSWORD)

    reply = idp.respond_to_auth_challenge(
        ClientId=app.client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": NEW_PASSWORD},
    )

    assert shape(reply) == {"AuthenticationResult": TOKENS, "ChallengeParameters": {}}
    assert reply["AuthenticationResult"]["TokenType"] == "Bearer"


# -- (b) permanent password ----------------------------------------------------------------


def test_permanent_password_sign_in_returns_all_three_tokens(idp):
    app = make_app(idp)
    username = confirmed_user(idp, app)

    tokens = tokens_from_sign_in(password_sign_in(idp, app, username, PERMANENT_PASSWORD))

    assert shape(tokens) == TOKENS
    assert tokens["TokenType"] == "Bearer"


# -- (c) refresh ---------------------------------------------------------------------------


def test_refresh_returns_new_access_and_id_tokens_but_no_refresh_token(idp):
    app = make_app(idp)
    username = confirmed_user(idp, app)
    signed_in = password_sign_in(idp, app, username, PERMANENT_PASSWORD)["AuthenticationResult"]

    tokens = tokens_from_sign_in(refresh(idp, app, signed_in["RefreshToken"]))

    assert shape(tokens) == REFRESHED_TOKENS
    assert "RefreshToken" not in tokens


# -- (d) global sign-out -------------------------------------------------------------------


def test_access_token_is_refused_by_get_user_after_global_sign_out(idp):
    app = make_app(idp)
    username = confirmed_user(idp, app)
    access_token = password_sign_in(
        idp, app, username, PERMANENT_PASSWORD)["AuthenticationResult"]["AccessToken"]
    assert idp.get_user(AccessToken=access_token)["Username"] == username

    assert shape(idp.global_sign_out(AccessToken=access_token)) == {}

    assert error_of(idp.get_user, AccessToken=access_token) == ("NotAuthorizedException", 400)


def test_refresh_token_is_refused_after_global_sign_out(idp):
    app = make_app(idp)
    username = confirmed_user(idp, app)
    tokens = password_sign_in(idp, app, username, PERMANENT_PASSWORD)["AuthenticationResult"]
    idp.global_sign_out(AccessToken=tokens["AccessToken"])

    assert error_of(refresh, idp, app, tokens["RefreshToken"]) == ("NotAuthorizedException", 400)


# -- (e) error codes -----------------------------------------------------------------------


def test_wrong_password_is_refused_with_not_authorized(idp):
    app = make_app(idp)
    username = confirmed_user(idp, app)

    assert error_of(password_sign_in, idp, app, username, "Wrong-Pass-9!") == (
        "NotAuthorizedException", 400)


def test_unknown_user_under_legacy_errors_is_reported_as_user_not_found(idp):
    # Under ENABLED Cognito says NotAuthorizedException, but moto ignores the setting.
    app = make_app(idp, prevent_user_existence_errors="LEGACY")
    confirmed_user(idp, app)

    assert error_of(password_sign_in, idp, app, "nobody", PERMANENT_PASSWORD) == (
        "UserNotFoundException", 400)


def test_unknown_client_id_is_refused_with_resource_not_found(idp):
    app = make_app(idp)
    username = confirmed_user(idp, app)
    unknown = App(app.pool_id, UNKNOWN_CLIENT_ID)

    assert error_of(password_sign_in, idp, unknown, username, PERMANENT_PASSWORD) == (
        "ResourceNotFoundException", 400)
