"""Deliberate failures answer with modelled errors of their operation."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from .shape_check import (
    WireTap,
    error_problems,
    operation_model,
)
from .wire_failures import ATTEMPTS, PASSWORD, Attempt


def _one_call(error: str, method: str, arguments: Callable[[Any], dict[str, Any]]):
    """A failure that needs only the user "ann" and one boto3 call."""
    def failure(cognito, idp) -> Attempt:
        cognito.add_user("ann")
        return error, lambda: getattr(idp, method)(**arguments(cognito))

    return failure


def _auth(flow: str, **params: str) -> Callable[[Any], dict[str, Any]]:
    return lambda cognito: {"ClientId": cognito.client_id, "AuthFlow": flow,
                            "AuthParameters": params}


def _admin(**arguments: Any) -> Callable[[Any], dict[str, Any]]:
    return lambda cognito: {"UserPoolId": cognito.pool_id, **arguments}


ONE_CALL = {  # name: (error, boto3 method, arguments)
    "wrong_password": ("NotAuthorizedException", "initiate_auth", _auth(
        "USER_PASSWORD_AUTH", USERNAME="ann", PASSWORD="Wrong-Pass-1!")),
    "stale_device_key": ("ResourceNotFoundException", "initiate_auth", _auth(
        "USER_PASSWORD_AUTH", USERNAME="ann", PASSWORD=PASSWORD,
        DEVICE_KEY=f"us-east-1_{uuid.uuid4()}")),
    "custom_auth_without_triggers": ("InvalidParameterException", "initiate_auth",
                                     _auth("CUSTOM_AUTH", USERNAME="ann")),
    "unknown_app_client": ("ResourceNotFoundException", "initiate_auth", lambda cognito: {
        "ClientId": "nosuch", "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "ann", "PASSWORD": PASSWORD}}),
    "garbage_access_token": ("NotAuthorizedException", "get_user",
                             lambda cognito: {"AccessToken": "not.a.token"}),
    "session_validity_out_of_range": ("InvalidParameterException", "create_user_pool_client",
                                      _admin(ClientName="c", AuthSessionValidity=20)),
    "existing_username": ("UsernameExistsException", "admin_create_user",
                          _admin(Username="ann", TemporaryPassword="Temp-Pass-1!")),
    "undeclared_custom_attribute": ("InvalidParameterException", "admin_create_user", _admin(
        Username="zed", UserAttributes=[{"Name": "custom:tier", "Value": "gold"}])),
    "required_custom_attribute": ("InvalidParameterException", "create_user_pool",
                                  lambda cognito: {"PoolName": "refused", "Schema": [
                                      {"Name": "tier", "AttributeDataType": "String",
                                       "Required": True}]}),
    "taken_username_at_sign_up": ("UsernameExistsException", "sign_up", lambda cognito: {
        "ClientId": cognito.client_id, "Username": "ann", "Password": PASSWORD}),
    "weak_sign_up_password": ("InvalidPasswordException", "sign_up", lambda cognito: {
        "ClientId": cognito.client_id, "Username": "zed", "Password": "weak"}),
    "confirming_a_confirmed_user": ("NotAuthorizedException", "confirm_sign_up",
                                    lambda cognito: {"ClientId": cognito.client_id,
                                                     "Username": "ann",
                                                     "ConfirmationCode": "123456"}),
    "weak_admin_password": ("InvalidPasswordException", "admin_set_user_password",
                            _admin(Username="ann", Password="weak", Permanent=True)),
    "unknown_pool": ("ResourceNotFoundException", "describe_user_pool",
                     lambda cognito: {"UserPoolId": "us-east-1_Missing0"}),
    "unknown_admin_user": ("UserNotFoundException", "admin_get_user", _admin(Username="bob")),
    "adding_to_an_unknown_group": ("ResourceNotFoundException", "admin_add_user_to_group",
                                   _admin(Username="ann", GroupName="nosuch")),
}

FAILURES = [pytest.param(_one_call(*spec), id=name) for name, spec in ONE_CALL.items()] + [
    pytest.param(failure, id=failure.__name__) for failure in ATTEMPTS]


@pytest.mark.parametrize("failure", FAILURES)
def test_a_deliberate_failure_raises_the_modelled_exception_of_its_operation(cognito, failure):
    tap = WireTap()
    idp = tap.attach(cognito.boto3_client())
    error, attempt = failure(cognito, idp)
    with pytest.raises(getattr(idp.exceptions, error)) as raised:
        attempt()
    assert raised.value.response["Error"]["Code"] == error
    operation, status, body = tap.replies[-1]
    assert (status, body["__type"], cognito.calls[-1].error) == (400, error, error)
    assert error in {shape.name for shape in operation_model(operation).error_shapes}
    assert error_problems(operation, body) == []
