"""``manage.py cognito_check`` on the declared password policy and on self-service sign-up.

As in ``test_pool_check.py``: each test shapes the ``cognito`` fixture's pool or client (or a
setting), runs the real command and reads its exit status and findings by level and topic. The
one pool shape the local Cognito cannot make (a pool described without a password policy) goes
straight to ``findings()``, checked against botocore's model first.
"""

from __future__ import annotations

import pytest

from django_cognito_challenge import pool_check
from django_cognito_challenge.testing.models import PasswordPolicy

from .test_pool_check import (
    GOOD_FLOWS,
    check_json,
    described,
    levels,
    shape,
    valid,
    well_configured,
)

#: The client's flows for a site whose sign-up signs people in (SIGN_UP_SIGNS_IN).
SIGNS_IN = {"explicit_auth_flows": (*GOOD_FLOWS, "ALLOW_USER_AUTH")}
#: The pool's side of a working sign-up: it emails the confirmation code.
EMAILS_CODES = {"auto_verified_attributes": ("email",)}
SIGN_UP = {"SIGN_UP": True}


@pytest.fixture
def pool(cognito):
    """The well-configured pool of ``test_pool_check.py``."""
    return well_configured(cognito)


@pytest.fixture
def sign_up_pool(pool, settings):
    """The well-configured pool, set up for sign-up as ``docs/howto/sign-up.md`` says."""
    shape(pool, settings, SIGNS_IN, EMAILS_CODES, SIGN_UP)
    return pool


def findings_for(pool, settings, changes: dict, topic: str) -> list[pool_check.Finding]:
    """The findings on ``topic`` for the pool as the local Cognito describes it, with
    ``changes`` it cannot make (a valid DescribeUserPool reply), and SIGN_UP on."""
    settings.COGNITO_CHALLENGE_SIGN_UP = True
    described_pool, client = described(pool)
    changed = valid("DescribeUserPool", {"UserPool": {**described_pool, **changes}})["UserPool"]
    return [f for f in pool_check.findings(changed, client, None) if f.topic == topic]


# -- the password policy -------------------------------------------------------------------------

#: (id naming the behaviour, pool's PasswordPolicy, settings, exit status, the topic's levels)
POLICIES = [
    ("the-pool-s-own-policy-declared-is-ok", PasswordPolicy(), {}, 0, ["ok"]),
    ("a-pool-requiring-nothing-declared-as-none-is-ok",
     PasswordPolicy(minimum_length=6, require_uppercase=False, require_lowercase=False,
                    require_numbers=False, require_symbols=False),
     {"PASSWORD_MIN_LENGTH": 6, "PASSWORD_REQUIRED_CHARACTERS": ("none",)}, 0, ["ok"]),
    ("a-longer-minimum-in-the-pool-is-a-warning", PasswordPolicy(minimum_length=12), {}, 0,
     ["warning"]),
    ("a-kind-the-pool-requires-and-the-settings-leave-out-is-a-warning", PasswordPolicy(),
     {"PASSWORD_REQUIRED_CHARACTERS": ("lowercase", "numbers")}, 0, ["warning"]),
    ("a-longer-declared-minimum-is-an-error", PasswordPolicy(),
     {"PASSWORD_MIN_LENGTH": 10}, 1, ["error"]),
    ("a-declared-kind-the-pool-does-not-require-is-an-error",
     PasswordPolicy(require_symbols=False), {}, 1, ["error"]),
    ("stricter-in-one-rule-and-weaker-in-another-is-both",
     PasswordPolicy(require_symbols=False), {"PASSWORD_MIN_LENGTH": 6}, 1,
     ["error", "warning"]),
]


@pytest.mark.parametrize(("policy", "app", "status", "expected"),
                         [pytest.param(*case[1:], id=case[0]) for case in POLICIES])
def test_the_declared_password_policy_is_compared_with_the_pool_s(pool, settings, policy, app,
                                                                   status, expected):
    shape(pool, settings, {}, {"password_policy": policy}, app)
    exit_status, found = check_json()
    assert exit_status == status
    assert levels(found, "password-policy") == expected


def test_each_password_policy_finding_says_what_to_declare(pool, settings):
    shape(pool, settings, {}, {"password_policy": PasswordPolicy(
        minimum_length=12, require_symbols=False)}, {})
    _, found = check_json()
    error, warning = (f for f in found if f["topic"] == "password-policy")
    assert "symbols (RequireSymbols is false)" in error["message"]
    assert "at least 12 characters" in warning["message"]
    declared = ("COGNITO_CHALLENGE_PASSWORD_MIN_LENGTH = 12 and COGNITO_CHALLENGE_PASSWORD_"
                "REQUIRED_CHARACTERS = ('lowercase', 'uppercase', 'numbers')")
    assert declared in error["fix"]
    assert declared in warning["fix"]


def test_a_pool_described_without_a_password_policy_is_information(pool, settings):
    found = findings_for(pool, settings, {"Policies": {}}, "password-policy")
    assert [f.level for f in found] == ["info"]


# -- sign-up ---------------------------------------------------------------------------------------


def test_a_pool_ready_for_sign_up_is_ok_and_keeps_the_flow_the_sign_up_signs_in_with(
        sign_up_pool):
    status, found = check_json()
    assert status == 0
    assert {finding["level"] for finding in found} <= {"ok", "info"}
    assert levels(found, "sign-up") == ["ok"]
    assert levels(found, "auth-flows") == ["ok"]  # ALLOW_USER_AUTH is not called unused


def test_sign_up_is_not_checked_while_it_is_off(pool):
    status, found = check_json()  # the pool sends no code, and nobody signs up here
    assert status == 0
    assert levels(found, "sign-up") == []


#: (id, app client options, pool changes, settings: with the sign-up pool's, exit status,
#: the topic's levels)
SIGN_UPS = [
    ("a-required-attribute-the-page-does-not-ask-for-is-an-error", SIGNS_IN,
     {**EMAILS_CODES, "required_attributes": ("name", "email")}, SIGN_UP, 1, ["error"]),
    ("every-required-attribute-asked-for-is-ok", SIGNS_IN,
     {**EMAILS_CODES, "required_attributes": ("name", "email")},
     {**SIGN_UP, "SIGN_UP_ATTRIBUTES": ("email", "name")}, 0, ["ok"]),
    ("a-pool-verifying-nothing-sends-no-code-and-is-an-error", SIGNS_IN,
     {"auto_verified_attributes": ()}, SIGN_UP, 1, ["error"]),
    ("a-pool-verifying-an-attribute-the-page-does-not-ask-for-is-an-error", SIGNS_IN,
     {"auto_verified_attributes": ("phone_number",)}, SIGN_UP, 1, ["error"]),
    ("a-pool-taking-emails-as-names-while-the-page-asks-a-username-is-an-error", SIGNS_IN,
     {**EMAILS_CODES, "username_attributes": ("email",)}, SIGN_UP, 1, ["error"]),
    ("the-page-sending-emails-to-a-pool-of-usernames-is-an-error", SIGNS_IN, EMAILS_CODES,
     {**SIGN_UP, "USERNAME_ATTRIBUTES": ("email",)}, 1, ["error"]),
    ("the-page-sending-an-email-the-pool-takes-as-a-name-is-ok", SIGNS_IN,
     {**EMAILS_CODES, "username_attributes": ("email", "phone_number")},
     {**SIGN_UP, "USERNAME_ATTRIBUTES": ("email",)}, 0, ["ok"]),
    ("signing-in-after-sign-up-without-allow-user-auth-is-a-warning", {}, EMAILS_CODES,
     SIGN_UP, 0, ["warning"]),
    ("not-signing-in-after-sign-up-needs-no-allow-user-auth", {}, EMAILS_CODES,
     {**SIGN_UP, "SIGN_UP_SIGNS_IN": False}, 0, ["ok"]),
    # ASVS 6.3.8: Cognito texts the code when it can; a taken name's page must show the phone.
    ("a-texted-code-while-a-taken-name-s-page-shows-the-email-is-an-error", SIGNS_IN,
     {"auto_verified_attributes": ("email", "phone_number")},
     {**SIGN_UP, "SIGN_UP_ATTRIBUTES": ("email", "phone_number")}, 1, ["error"]),
    ("a-texted-code-declared-so-is-ok", SIGNS_IN,
     {"auto_verified_attributes": ("email", "phone_number")},
     {**SIGN_UP, "SIGN_UP_ATTRIBUTES": ("email", "phone_number"),
      "SIGN_UP_CODE_ATTRIBUTE": "phone_number"}, 0, ["ok"]),
    ("an-emailed-code-where-the-phone-is-asked-but-not-verified-is-ok", SIGNS_IN,
     EMAILS_CODES, {**SIGN_UP, "SIGN_UP_ATTRIBUTES": ("email", "phone_number")}, 0, ["ok"]),
    ("a-page-that-tells-taken-names-anyway-need-not-declare-it", SIGNS_IN,
     {"auto_verified_attributes": ("email", "phone_number")},
     {**SIGN_UP, "SIGN_UP_ATTRIBUTES": ("email", "phone_number"),
      "PREVENT_USER_EXISTENCE_ERRORS": False}, 0, ["ok"]),
]


@pytest.mark.parametrize(("client", "pool_changes", "app", "status", "expected"),
                         [pytest.param(*case[1:], id=case[0]) for case in SIGN_UPS])
def test_the_pool_must_take_what_the_sign_up_page_sends(pool, settings, client, pool_changes,
                                                        app, status, expected):
    shape(pool, settings, client, pool_changes, app)
    exit_status, found = check_json()
    assert exit_status == status
    assert levels(found, "sign-up") == expected


def test_each_sign_up_finding_names_the_setting_or_pool_field_to_change(pool, settings):
    shape(pool, settings, {}, {"required_attributes": ("name",), "username_attributes": (
        "email",)}, SIGN_UP)
    _, found = check_json()
    fixes = " ".join(f["fix"] for f in found if f["topic"] == "sign-up")
    assert levels(found, "sign-up") == ["error", "error", "error", "warning"]
    assert "Add name to COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES" in fixes
    assert "AutoVerifiedAttributes" in fixes
    assert "COGNITO_CHALLENGE_USERNAME_ATTRIBUTES = ('email',)" in fixes
    assert "ALLOW_USER_AUTH" in fixes


def sign_up_findings() -> tuple[int, list[dict]]:
    """The command's exit status and its findings on sign-up."""
    status, found = check_json()
    return status, [finding for finding in found if finding["topic"] == "sign-up"]


def test_a_pool_where_only_administrators_create_users_refuses_every_sign_up(sign_up_pool):
    sign_up_pool.configure_pool(allow_admin_create_user_only=True)
    status, found = sign_up_findings()
    assert (status, [f["level"] for f in found]) == (1, ["error"])
    assert "AllowAdminCreateUserOnly" in found[0]["fix"]
    assert "COGNITO_CHALLENGE_SIGN_UP = False" in found[0]["fix"]
    sign_up_pool.configure_pool(allow_admin_create_user_only=False)
    assert [f["level"] for f in sign_up_findings()[1]] == ["ok"]


def test_no_code_with_a_pre_sign_up_trigger_is_a_warning_the_trigger_may_confirm(
        sign_up_pool):
    sign_up_pool.configure_pool(auto_verified_attributes=())
    sign_up_pool.set_triggers(PreSignUp=lambda event: event)
    status, found = sign_up_findings()
    assert (status, [f["level"] for f in found]) == (0, ["warning"])
    assert "autoConfirmUser" in found[0]["message"]
    sign_up_pool.set_triggers(PreSignUp=None)
    assert [f["level"] for f in sign_up_findings()[1]] == ["error"]


# -- taken names on the sign-up page ---------------------------------------------------------------

#: (id, PreventUserExistenceErrors, settings, the topic's levels)
EXISTENCE = [
    ("a-page-telling-taken-names-while-the-client-hides-them-is-a-warning", "ENABLED",
     {**SIGN_UP, "PREVENT_USER_EXISTENCE_ERRORS": False}, ["ok", "warning"]),
    ("a-page-hiding-taken-names-a-legacy-client-tells-is-information", "LEGACY", SIGN_UP,
     ["warning", "info"]),
    ("a-page-telling-taken-names-like-a-legacy-client-adds-nothing", "LEGACY",
     {**SIGN_UP, "PREVENT_USER_EXISTENCE_ERRORS": False}, ["warning"]),
    ("without-sign-up-the-setting-does-nothing", "ENABLED",
     {"PREVENT_USER_EXISTENCE_ERRORS": False}, ["ok"]),
]


@pytest.mark.parametrize(("value", "app", "expected"),
                         [pytest.param(*case[1:], id=case[0]) for case in EXISTENCE])
def test_the_sign_up_page_answers_taken_names_as_the_app_client_does(pool, settings, value, app,
                                                                      expected):
    shape(pool, settings, {**SIGNS_IN, "prevent_user_existence_errors": value}, EMAILS_CODES,
          app)
    status, found = check_json()
    assert status == 0
    assert levels(found, "user-existence-errors") == expected
