"""What fuzzing the local Cognito's endpoint found, each pinned by a plain request.

Before the fix each of these got no answer (the handler crashed and the connection closed) or
the wrong one (an unread body taken for the next request on a kept-alive connection).
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from django_cognito_challenge.testing.server import JSON_11, TARGET_PREFIX


@pytest.fixture
def connection(cognito):
    url = urlsplit(cognito.endpoint_url)
    kept = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    yield kept
    kept.close()


def ask(connection, body: bytes, target: str | None = TARGET_PREFIX + "InitiateAuth",
        **headers: str) -> tuple[int, dict]:
    sent = {"Content-Type": JSON_11, "Content-Length": str(len(body)), **headers}
    if target is not None:
        sent["X-Amz-Target"] = target
    connection.request("POST", "/", body=body, headers=sent)
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def test_a_member_of_the_wrong_json_type_is_a_serialization_error(cognito, connection):
    body = json.dumps({"UserPoolId": [None], "Username": "tess", "GroupName": ""}).encode()
    status, answer = ask(connection, body, TARGET_PREFIX + "AdminAddUserToGroup")
    assert (status, answer["__type"]) == (400, "SerializationException")
    assert "UserPoolId" in answer["message"]


@pytest.mark.parametrize("value", [True, 1.5, "7", {"n": 1}])
def test_an_integer_member_takes_no_boolean_float_string_or_object(cognito, connection, value):
    body = json.dumps({"UserPoolId": cognito.pool_id, "ClientName": "c",
                       "AuthSessionValidity": value}).encode()
    status, answer = ask(connection, body, TARGET_PREFIX + "CreateUserPoolClient")
    assert (status, answer["__type"]) == (400, "SerializationException")


def test_a_null_member_is_a_member_not_sent(cognito, connection):
    body = json.dumps({"ClientId": cognito.client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                       "AuthParameters": {"USERNAME": "nobody", "PASSWORD": "x"},
                       "Session": None, "ClientMetadata": None}).encode()
    status, answer = ask(connection, body)
    assert (status, answer["__type"]) == (400, "NotAuthorizedException")


def test_json_nested_past_the_stack_is_a_malformed_body(cognito, connection):
    status, answer = ask(connection, b"[" * 50_000)
    assert (status, answer["__type"]) == (400, "SerializationException")


def test_an_unknown_target_leaves_the_kept_alive_connection_in_step(cognito, connection):
    """The refused request's body was left unread and parsed as the next request line."""
    status, answer = ask(connection, b'{"ClientId": "x"}', target=None)
    assert (status, answer["__type"]) == (400, "UnknownOperationException")
    status, answer = ask(connection, b"{}", TARGET_PREFIX + "GetUser")
    assert (status, answer["__type"]) == (400, "NotAuthorizedException")  # GetUser's own answer


def test_a_malformed_content_length_is_refused_and_the_connection_closed(cognito, connection):
    connection.putrequest("POST", "/")
    for name, value in (("X-Amz-Target", TARGET_PREFIX + "GetUser"), ("Content-Type", JSON_11),
                        ("Content-Length", "12abc")):
        connection.putheader(name, value)
    connection.endheaders(b"{}")
    response = connection.getresponse()
    assert (response.status, json.loads(response.read())["__type"]) == (
        400, "SerializationException")
    assert response.will_close
