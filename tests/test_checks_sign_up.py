"""System checks of the password policy and sign-up settings: what no pool can have, and a
sign-up page that cannot send a code or would tell who has an account."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import override_settings

from django_cognito_challenge.checks import check_settings

from .test_checks import ids


@pytest.mark.parametrize(("kinds", "named"), [
    (("digits",), "'digits'"), (("lowercase", "Numbers"), "names 'Numbers'."),
    ("special", "'special'"), (("none", "symbols"), "names 'none'.")])
def test_a_kind_of_character_the_pages_do_not_know_is_an_error(kinds, named):
    """The pages would ignore it: the hint leaves the rule out, the sign-up page lets it by."""
    with override_settings(COGNITO_CHALLENGE_PASSWORD_REQUIRED_CHARACTERS=kinds):
        problems = check_settings()
    assert ids(problems) == ["cognito_challenge.E009"]
    assert problems[0].level == checks.ERROR
    assert named in problems[0].msg


@pytest.mark.parametrize("kinds", [("none",), "none", ("numbers", "symbols"), [],
                                   ["lowercase", "uppercase", "numbers", "symbols"]])
def test_the_four_kinds_or_none_alone_are_fine(kinds):
    with override_settings(COGNITO_CHALLENGE_PASSWORD_REQUIRED_CHARACTERS=kinds):
        assert ids(check_settings()) == []


@pytest.mark.parametrize(("length", "expected"), [
    (0, ["cognito_challenge.E010"]), (5, ["cognito_challenge.E010"]),
    (100, ["cognito_challenge.E010"]), (6, []), (12, []), (99, [])])
def test_a_minimum_length_no_pool_can_have_is_an_error(length, expected):
    """Cognito's PasswordPolicy.MinimumLength is 6 to 99."""
    with override_settings(COGNITO_CHALLENGE_PASSWORD_MIN_LENGTH=length):
        assert ids(check_settings()) == expected


def test_password_and_sign_up_settings_of_the_wrong_type_are_only_type_errors():
    with override_settings(COGNITO_CHALLENGE_PASSWORD_MIN_LENGTH="12",
                           COGNITO_CHALLENGE_PASSWORD_REQUIRED_CHARACTERS=4,
                           COGNITO_CHALLENGE_USERNAME_ATTRIBUTES=1, COGNITO_CHALLENGE_SIGN_UP="on"):
        assert ids(check_settings()) == ["cognito_challenge.E005"] * 4


@pytest.mark.parametrize(("names", "expected"), [
    (("username",), ["cognito_challenge.E011"]),
    (("email", "preferred_username"), ["cognito_challenge.E011"]),
    (("email",), []), ("phone_number", []), (("email", "phone_number"), [])])
def test_a_username_attribute_no_pool_can_have_is_an_error(names, expected):
    """UsernameAttributes are email, phone_number or both; any other name is a mistake."""
    with override_settings(COGNITO_CHALLENGE_USERNAME_ATTRIBUTES=names):
        assert ids(check_settings()) == expected


@pytest.mark.parametrize(("attributes", "named_by", "sign_up", "expected"), [
    (("name",), None, True, ["cognito_challenge.W013"]),
    (("given_name", "family_name"), None, True, ["cognito_challenge.W013"]),
    # A phone number to send the code to, while a taken name's page would show an email.
    (("name",), ("phone_number",), True, ["cognito_challenge.W014"]),
    (("name", "phone_number"), None, True, ["cognito_challenge.W014"]),
    (None, None, True, []),  # the default asks for the email
    (("name",), None, False, []),
])
def test_a_sign_up_page_with_nowhere_to_send_the_code_warns(attributes, named_by, sign_up,
                                                            expected):
    """Cognito sends the confirmation code to an email or phone number the page asked for."""
    with override_settings(COGNITO_CHALLENGE_SIGN_UP=sign_up,
                           COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES=attributes,
                           COGNITO_CHALLENGE_USERNAME_ATTRIBUTES=named_by):
        problems = check_settings()
    assert ids(problems) == expected
    assert all(problem.level == checks.WARNING and "SIGN_UP_ATTRIBUTES" in problem.hint
               for problem in problems)


@pytest.mark.parametrize(("code_attribute", "attributes", "prevent", "expected"), [
    ("phone_number", ("name", "phone_number"), True, []),
    ("phone_number", ("email",), True, ["cognito_challenge.W014"]),
    ("phone_number", ("email",), False, []),  # the page tells who exists anyway
    ("sms", ("email",), True, ["cognito_challenge.E012", "cognito_challenge.W014"]),
])
def test_where_a_taken_name_s_page_says_the_code_went_must_be_asked_for(code_attribute,
                                                                        attributes, prevent,
                                                                        expected):
    """ASVS 6.3.8: a taken name's confirmation page shows SIGN_UP_CODE_ATTRIBUTE, masked, as a
    new name's shows where Cognito sent the code; the page must have asked for it."""
    with override_settings(COGNITO_CHALLENGE_SIGN_UP=True,
                           COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES=attributes,
                           COGNITO_CHALLENGE_SIGN_UP_CODE_ATTRIBUTE=code_attribute,
                           COGNITO_CHALLENGE_PREVENT_USER_EXISTENCE_ERRORS=prevent):
        assert ids(check_settings()) == expected
