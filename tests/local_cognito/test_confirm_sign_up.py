"""ConfirmSignUp, as strict as Cognito: the right code confirms and verifies, a wrong or lapsed
one does not, a confirmed, unknown or disabled user is answered as Cognito answers, and an
alias another user holds needs ForceAliasCreation."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing.flows.sign_up import CODE_VALIDITY_SECONDS

from .sign_up_steps import (
    confirm,
    message,
    other,
    raises,
    sign_up,
)

EMAIL = {"email": "nina@example.com"}


@pytest.fixture
def signed_up(cognito, idp):
    """Nina has signed up and been emailed her code; the SignUp reply."""
    cognito.configure_pool(auto_verified_attributes=("email",))
    return sign_up(cognito, idp, "nina", **EMAIL)


def test_the_right_code_confirms_the_user_and_verifies_the_email(cognito, idp, signed_up):
    reply = confirm(cognito, idp, "nina", cognito.last_code("nina"))
    assert len(reply["Session"]) >= 20
    user = cognito.user("nina")
    assert (user.status, user.attributes["email_verified"]) == ("CONFIRMED", "true")


def test_a_wrong_code_changes_nothing_and_the_right_one_still_works(cognito, idp, signed_up):
    code = cognito.last_code("nina")
    for _ in range(5):
        with raises(idp, "CodeMismatchException") as raised:
            confirm(cognito, idp, "nina", other(code))
    assert message(raised) == "Invalid verification code provided, please try again."
    assert cognito.user("nina").status == "UNCONFIRMED"
    confirm(cognito, idp, "nina", code)


def test_a_code_lasts_24_hours(cognito, idp, signed_up):
    code = cognito.last_code("nina")
    cognito.advance(CODE_VALIDITY_SECONDS)
    with raises(idp, "ExpiredCodeException") as raised:
        confirm(cognito, idp, "nina", code)
    assert message(raised) == "Invalid code provided, please request a code again."


def test_a_code_just_inside_24_hours_still_works(cognito, idp, signed_up):
    code = cognito.last_code("nina")
    cognito.advance(CODE_VALIDITY_SECONDS - 1)
    confirm(cognito, idp, "nina", code)


@pytest.mark.parametrize("existence_errors", ["ENABLED", "LEGACY"])
def test_a_confirmed_user_cannot_be_confirmed_again(cognito, idp, signed_up, existence_errors):
    cognito.use_client(prevent_user_existence_errors=existence_errors)
    code = cognito.last_code("nina")
    confirm(cognito, idp, "nina", code)
    with raises(idp, "NotAuthorizedException") as raised:
        confirm(cognito, idp, "nina", code)
    assert message(raised) == "User cannot be confirmed. Current status is CONFIRMED"


@pytest.mark.parametrize(("existence_errors", "nobody", "disabled"), [
    ("ENABLED", "CodeMismatchException", "CodeMismatchException"),
    ("LEGACY", "UserNotFoundException", "NotAuthorizedException"),
])
def test_a_code_for_nobody_or_a_disabled_user(cognito, idp, existence_errors, nobody, disabled):
    cognito.use_client(prevent_user_existence_errors=existence_errors)
    cognito.add_user("dora", attributes=EMAIL, enabled=False, status="UNCONFIRMED")
    with raises(idp, nobody):
        confirm(cognito, idp, "nobody", "123456")
    with raises(idp, disabled):
        confirm(cognito, idp, "dora", "123456")


def test_the_secret_hash_is_needed_with_a_client_secret(cognito, idp):
    cognito.configure_pool(auto_verified_attributes=("email",))
    cognito.use_client(generate_secret=True)
    sign_up(cognito, idp, "nina", **EMAIL)
    with raises(idp, "NotAuthorizedException"):
        idp.confirm_sign_up(ClientId=cognito.client_id, Username="nina",
                            ConfirmationCode=cognito.last_code("nina"))
    confirm(cognito, idp, "nina", cognito.last_code("nina"))


# -- SignUp's Session -----------------------------------------------------------------------------


def test_sign_up_s_session_is_accepted_once_for_its_user(cognito, idp, signed_up):
    session = signed_up["Session"]
    sign_up(cognito, idp, "omar", email="omar@example.com")
    with raises(idp, "NotAuthorizedException") as raised:
        confirm(cognito, idp, "omar", cognito.last_code("omar"), Session=session)
    assert message(raised) == "Invalid session for the user."
    confirm(cognito, idp, "nina", cognito.last_code("nina"), Session=session)
    with raises(idp, "NotAuthorizedException") as raised:
        confirm(cognito, idp, "omar", cognito.last_code("omar"), Session=session)


# -- aliases --------------------------------------------------------------------------------------


@pytest.fixture
def alias_taken(cognito, idp):
    """Email is a sign-in alias; Ada already signs in with nina@example.com; Nina signs up."""
    cognito.configure_pool(alias_attributes=("email",), auto_verified_attributes=("email",))
    cognito.add_user("ada", attributes={**EMAIL, "email_verified": "true"})
    sign_up(cognito, idp, "nina", **EMAIL)


def test_an_alias_another_user_holds_is_refused(cognito, idp, alias_taken):
    with raises(idp, "AliasExistsException") as raised:
        confirm(cognito, idp, "nina", cognito.last_code("nina"))
    assert message(raised) == "An account with the given email already exists."
    assert cognito.user("nina").status == "UNCONFIRMED"
    assert cognito.user("nina@example.com").username == "ada"


def test_force_alias_creation_moves_the_alias_to_the_new_user(cognito, idp, alias_taken):
    confirm(cognito, idp, "nina", cognito.last_code("nina"), ForceAliasCreation=True)
    assert cognito.user("nina@example.com").username == "nina"
    assert cognito.user("ada").attributes["email_verified"] == "false"
