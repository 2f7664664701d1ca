"""Any request to the local Cognito's endpoint: never a server error, never tokens.

Whatever is sent (``wire.py``): an answer comes, its status is below 500, it is JSON, an error
is ``{"__type", "message"}`` with a 4xx status, and no answer carries an ``AuthenticationResult``
(the hints are a real pool, client, users, access token and challenge ``Session``: never a
password, a code or a refresh token, so no request can rightly sign anyone in).
"""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings

from .conftest import PROFILE
from .wire import WireRequest, modelled_requests, other_requests

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#: The operations that may answer with tokens, or lead to an answer that does.
SIGN_IN_OPERATIONS = ("InitiateAuth", "RespondToAuthChallenge", "GetTokensFromRefreshToken",
                      "AssociateSoftwareToken", "VerifySoftwareToken")
#: Requests per test: ~50 a second on two cores (drawing a body costs more than answering it).
MODELLED, SIGN_INS, OTHERS = 300, 150, 150


class Endpoint:
    """A kept-alive connection to the local Cognito, as an SDK holds one."""

    def __init__(self, url: str) -> None:
        self.host, self.port = urlsplit(url).hostname, urlsplit(url).port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)

    def ask(self, request: WireRequest) -> tuple[int, bytes]:
        try:
            self.connection.request("POST", "/", body=request.body, headers=request.headers())
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()  # the next request opens a new connection
            raise AssertionError(f"no answer to {request}: {error!r}") from error


def hints_for(cognito) -> dict[str, list[str]]:
    """Real values to put where the model names them: the way past "no such client"."""
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("tess", attributes={"email": "tess@example.com"})
    cognito.add_user("mona", totp_secret=TOTP_SECRET)
    boto = cognito.boto3_client()

    def initiate(username: str) -> dict[str, Any]:
        return boto.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": username,
                                                  "PASSWORD": "Demo-Pass-1!"})

    access = initiate("tess")["AuthenticationResult"]["AccessToken"]
    session = initiate("mona")["Session"]  # SOFTWARE_TOKEN_MFA, waiting for a code
    users = ["tess", "mona", "tess@example.com"]
    return {"ClientId": [cognito.client_id], "UserPoolId": [cognito.pool_id],
            "Username": users, "AccessToken": [access], "Session": [session],
            "parameter": [*users, "123456", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "PASSWORD"]}


def contains_key(value: Any, key: str) -> bool:
    if isinstance(value, dict):
        return key in value or any(contains_key(v, key) for v in value.values())
    if isinstance(value, list):
        return any(contains_key(v, key) for v in value)
    return False


def assert_sound(request: WireRequest, status: int, payload: bytes) -> None:
    assert status < 500, (status, payload[:300], request)
    answer = json.loads(payload)
    assert not contains_key(answer, "AuthenticationResult"), request
    if status != 200:
        assert 400 <= status < 500, (status, request)
        assert sorted(answer) == ["__type", "message"], (answer, request)
        assert all(isinstance(v, str) for v in answer.values()), (answer, request)


@pytest.fixture
def endpoint(cognito):
    """The endpoint; pools a fuzzed CreateUserPool made are removed afterwards."""
    pools = set(cognito.backend.pools)
    yield Endpoint(cognito.endpoint_url)
    for pool_id in set(cognito.backend.pools) - pools:
        cognito.backend.pools.pop(pool_id, None)


def test_no_modelled_request_errs_or_signs_anyone_in(cognito, endpoint):
    hints = hints_for(cognito)

    @settings(settings.get_profile(PROFILE), max_examples=MODELLED)
    @given(modelled_requests(hints))
    def ask_anything(request):
        assert_sound(request, *endpoint.ask(request))

    ask_anything()


def test_no_sign_in_request_signs_anyone_in(cognito, endpoint):
    """The operations that answer with tokens, more often than among all the others."""
    hints = hints_for(cognito)

    @settings(settings.get_profile(PROFILE), max_examples=SIGN_INS)
    @given(modelled_requests(hints, SIGN_IN_OPERATIONS))
    def ask_anything(request):
        assert_sound(request, *endpoint.ask(request))

    ask_anything()


def test_no_malformed_request_errs(cognito, endpoint):
    hints = hints_for(cognito)

    @settings(settings.get_profile(PROFILE), max_examples=OTHERS)
    @given(other_requests(hints))
    def ask_anything(request):
        assert_sound(request, *endpoint.ask(request))

    ask_anything()
