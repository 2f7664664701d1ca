"""What the sign-up tests share: the calls of a sign-up, each with its SecretHash."""

from __future__ import annotations

from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP

PASSWORD = "Demo-Pass-1!"


def raises(idp, error: str):
    return pytest.raises(getattr(idp.exceptions, error))


def message(raised) -> str:
    return raised.value.response["Error"]["Message"]


def hashed(cognito, username: str) -> dict[str, str]:
    """``SecretHash`` for ``username`` when the current client has a secret."""
    if cognito.client_secret is None:
        return {}
    return {"SecretHash": AWSSRP.get_secret_hash(username, cognito.client_id,
                                                 cognito.client_secret)}


def sign_up(cognito, idp, username: str, password: str | None = PASSWORD,
            **attributes: str) -> dict[str, Any]:
    extra = {"Password": password} if password is not None else {}
    return idp.sign_up(ClientId=cognito.client_id, Username=username, **extra,
                       **hashed(cognito, username),
                       UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])


def confirm(cognito, idp, username: str, code: str, **options: Any) -> dict[str, Any]:
    return idp.confirm_sign_up(ClientId=cognito.client_id, Username=username,
                               ConfirmationCode=code, **hashed(cognito, username), **options)


def resend(cognito, idp, username: str) -> dict[str, Any]:
    return idp.resend_confirmation_code(ClientId=cognito.client_id, Username=username,
                                        **hashed(cognito, username))


def sign_in_with(cognito, idp, username: str, session: str) -> dict[str, Any]:
    """InitiateAuth with USER_AUTH and a ``Session`` from ConfirmSignUp."""
    parameters = {"USERNAME": username}
    if cognito.client_secret is not None:
        parameters["SECRET_HASH"] = hashed(cognito, username)["SecretHash"]
    return idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_AUTH",
                             AuthParameters=parameters, Session=session)


def other(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def signed_up_and_confirmed(cognito, idp, username: str = "nina") -> dict[str, Any]:
    """Sign ``username`` up with an email, confirm the emailed code; ConfirmSignUp's reply."""
    cognito.configure_pool(auto_verified_attributes=("email",))
    sign_up(cognito, idp, username, email=f"{username}@example.com")
    return confirm(cognito, idp, username, cognito.last_code(username))
