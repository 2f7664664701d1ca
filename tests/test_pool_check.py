"""``manage.py cognito_check``: the pool and app client, read over HTTP, against the settings.

Each test shapes the ``cognito`` fixture's pool or client (or a setting), runs the real command
and asserts what an operator sees: the exit status, the findings by level and topic, and that no
secret is printed. A few pool shapes the local Cognito cannot make (an updated issuer, legacy
flows, passkeys as MFA) go straight to ``findings()``, checked against botocore's model first.
"""

from __future__ import annotations

import io
import json
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from django_cognito_challenge import pool_check
from django_cognito_challenge.testing.models import DeviceConfiguration
from django_cognito_challenge.testing.seed import ALL_FLOWS

from .local_cognito.shape_check import WireTap, reply_problems

GOOD_FLOWS = ("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")


def run_check(*args: str) -> tuple[int, str, str]:
    """Run the command; return its exit status, its output and its one-line error, if any."""
    out = io.StringIO()
    try:
        call_command("cognito_check", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def check_json() -> tuple[int, list[dict]]:
    """Run the command with ``--json``; return its exit status and the findings it printed."""
    status, out, _ = run_check("--json")
    return status, json.loads(out)


def levels(found: list[dict], topic: str) -> list[str]:
    return [finding["level"] for finding in found if finding["topic"] == topic]


def shape(cognito, settings, client: dict, pool_changes: dict, app: dict) -> None:
    """Give the well-configured pool one difference: client options, pool fields, settings."""
    cognito.use_client(**{"generate_secret": True, "explicit_auth_flows": GOOD_FLOWS, **client})
    cognito.configure_pool(**pool_changes)
    for name, value in app.items():
        setattr(settings, f"COGNITO_CHALLENGE_{name}", value)


def well_configured(cognito):
    """Configure the pool and app client as ``docs/howto/real-pool.md`` says, settings alike."""
    cognito.configure_pool(device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=False, device_only_remembered_on_user_prompt=True))
    cognito.use_client(generate_secret=True, explicit_auth_flows=GOOD_FLOWS)
    return cognito


@pytest.fixture
def pool(cognito):
    """A pool and app client configured as ``docs/howto/real-pool.md`` says, settings alike."""
    return well_configured(cognito)


# -- a well-configured pool ----------------------------------------------------------------------


def test_a_well_configured_pool_exits_0_with_nothing_to_fix(pool):
    status, found = check_json()
    assert status == 0
    assert {finding["level"] for finding in found} <= {"ok", "info"}
    issuer = next(f for f in found if f["topic"] == "issuer")
    assert pool.issuer in issuer["message"]  # the issuer the app expects, shown
    assert {"auth-flows", "client-secret", "auth-session", "token-revocation",
            "user-existence-errors", "refresh-token-validity", "refresh-token-rotation",
            "device-mfa-skip", "device-prompt", "mfa", "required-attributes",
            "password-policy", "issuer"} <= {finding["topic"] for finding in found}


def test_it_reads_the_pool_and_the_client_and_skips_the_mfa_config_when_mfa_is_off(pool):
    pool.reset_calls()
    assert run_check()[0] == 0
    assert pool.call_names() == ["DescribeUserPool", "DescribeUserPoolClient"]


def test_text_output_is_one_line_per_finding_then_the_summary(pool):
    status, text, error = run_check()
    _, found = check_json()
    lines = text.splitlines()
    assert (status, error) == (0, "")
    assert len(lines) == len(found) + 1
    assert lines[0].startswith("OK      [auth-flows] ")
    ok = sum(finding["level"] == "ok" for finding in found)
    info = sum(finding["level"] == "info" for finding in found)
    assert lines[-1] == (f"Pool {pool.pool_id}, app client {pool.client_id}: 0 errors, "
                         f"0 warnings, {ok} ok, {info} info.")


# -- errors: exit status 1 ------------------------------------------------------------------------


def test_srp_flow_not_allowed_is_an_error(pool):
    pool.use_client(generate_secret=True,
                    explicit_auth_flows=("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))
    status, found = check_json()
    assert status == 1
    error = next(f for f in found if f["level"] == "error")
    assert error["topic"] == "auth-flows"
    assert "ALLOW_USER_SRP_AUTH" in error["message"]
    assert "ALLOW_USER_SRP_AUTH" in error["fix"]


def test_secret_in_the_client_but_not_configured_is_an_error(pool, settings):
    secret = pool.client_secret
    settings.COGNITO_CHALLENGE_CLIENT_SECRET = None
    status, out, error = run_check()
    _, found = check_json()
    text = out + error
    assert status == 1
    assert levels(found, "client-secret") == ["error"]
    assert secret not in text


def test_a_wrong_configured_secret_is_an_error_and_neither_secret_is_printed(pool, settings):
    secret = pool.client_secret
    settings.COGNITO_CHALLENGE_CLIENT_SECRET = "not-the-secret-at-all"
    status, out, error = run_check()
    _, found = check_json()
    text = out + error
    assert status == 1
    assert levels(found, "client-secret") == ["error"]
    assert secret not in text
    assert "not-the-secret-at-all" not in text


#: (id naming the behaviour, app client options, pool changes, settings, topic, its levels)
ERRORS = [
    ("the-password-flow-not-allowed-is-an-error-when-the-app-uses-it", {}, {},
     {"AUTH_FLOW": "USER_PASSWORD_AUTH"}, "auth-flows", ["error", "info"]),
    ("the-refresh-flow-not-allowed-is-an-error",
     {"explicit_auth_flows": ("ALLOW_USER_SRP_AUTH",)}, {}, {}, "auth-flows", ["error"]),
    ("a-secret-configured-for-a-client-without-one-is-an-error", {"generate_secret": False},
     {}, {"CLIENT_SECRET": "a-secret-nobody-issued"}, "client-secret", ["error"]),
    ("promising-a-skipped-code-the-pool-does-not-skip-is-an-error", {}, {},
     {"REMEMBERED_DEVICE_SKIPS_MFA": True}, "device-mfa-skip", ["error"]),
    ("promising-a-skipped-code-without-device-tracking-is-an-error", {},
     {"device_configuration": None},
     {"REMEMBERED_DEVICE_SKIPS_MFA": True, "REMEMBER_DEVICE_PROMPT": False},
     "device-mfa-skip", ["error"]),
    ("offering-a-choice-the-pool-ignores-is-an-error", {}, {"device_configuration": (
        DeviceConfiguration(challenge_required_on_new_device=False,
                            device_only_remembered_on_user_prompt=False))}, {},
     "device-prompt", ["error"]),
    ("a-rotating-client-with-rotation-off-in-the-settings-is-an-error",
     {"refresh_token_rotation": True}, {}, {}, "refresh-token-rotation", ["error"]),
]


@pytest.mark.parametrize(("client", "pool_changes", "app", "topic", "expected"),
                         [pytest.param(*case[1:], id=case[0]) for case in ERRORS])
def test_a_mismatch_that_breaks_sign_in_is_an_error_and_exits_1(
        pool, settings, client, pool_changes, app, topic, expected):
    shape(pool, settings, client, pool_changes, app)
    status, found = check_json()
    assert status == 1
    assert levels(found, topic) == expected


def test_an_issuer_other_than_the_pool_s_is_an_error(pool, settings):
    settings.COGNITO_CHALLENGE_ISSUER = f"https://cognito-idp.us-east-1.amazonaws.com/{pool.pool_id}"
    status, found = check_json()
    assert status == 1
    error = next(f for f in found if f["topic"] == "issuer")
    assert error["level"] == "error"
    assert pool.issuer in error["fix"]


# -- warnings and information: exit status 0 -------------------------------------------------------

#: As ERRORS: (id, app client options, pool changes, settings, topic, its levels).
NOT_ERRORS = [
    ("token-revocation-off-is-a-warning", {"enable_token_revocation": False}, {}, {},
     "token-revocation", ["warning"]),
    ("legacy-user-existence-errors-is-a-warning", {"prevent_user_existence_errors": "LEGACY"},
     {}, {}, "user-existence-errors", ["warning"]),
    ("a-client-without-a-secret-is-a-warning", {"generate_secret": False}, {},
     {"CLIENT_SECRET": None}, "client-secret", ["warning"]),
    ("a-longer-auth-session-in-the-client-is-information",
     {"auth_session_validity_minutes": 5}, {}, {}, "auth-session", ["info"]),
    ("refresh-tokens-shorter-than-the-sessions-are-a-warning",
     {"refresh_token_validity_seconds": 7 * 86400}, {}, {}, "refresh-token-validity",
     ["warning"]),
    ("rotation-in-the-settings-for-a-client-that-does-not-rotate-is-a-warning", {}, {},
     {"REFRESH_TOKEN_ROTATION": True}, "refresh-token-rotation", ["warning"]),
    ("access-tokens-within-the-refresh-margin-are-a-warning",
     {"access_token_validity_seconds": 300}, {}, {}, "access-token-validity", ["warning"]),
    ("a-pool-skipping-the-code-unannounced-is-a-warning", {}, {"device_configuration": (
        DeviceConfiguration(challenge_required_on_new_device=True))}, {}, "device-mfa-skip",
     ["warning"]),
    ("a-pool-waiting-for-a-choice-the-page-never-offers-is-a-warning", {}, {},
     {"REMEMBER_DEVICE_PROMPT": False}, "device-prompt", ["warning"]),
    ("device-tracking-off-while-the-page-offers-it-is-a-warning", {},
     {"device_configuration": None}, {}, "device-prompt", ["warning"]),
    ("unused-flows-allowed-are-listed", {"explicit_auth_flows": ALL_FLOWS}, {}, {},
     "auth-flows", ["ok", "info"]),
]


@pytest.mark.parametrize(("client", "pool_changes", "app", "topic", "expected"),
                         [pytest.param(*case[1:], id=case[0]) for case in NOT_ERRORS])
def test_a_weaker_setting_is_reported_and_exits_0(pool, settings, client, pool_changes, app,
                                                  topic, expected):
    shape(pool, settings, client, pool_changes, app)
    status, found = check_json()
    assert status == 0
    assert levels(found, topic) == expected


def test_an_auth_session_shorter_than_the_app_s_is_a_warning(pool, settings):
    settings.COGNITO_CHALLENGE_AUTH_SESSION_VALIDITY = 600
    status, found = check_json()
    assert status == 0
    assert levels(found, "auth-session") == ["warning"]
    assert "COGNITO_CHALLENGE_AUTH_SESSION_VALIDITY = 180" in next(
        f["fix"] for f in found if f["topic"] == "auth-session")


# -- MFA and attributes ---------------------------------------------------------------------------


def test_mfa_factors_are_read_from_the_pool_s_mfa_configuration(pool):
    pool.configure_pool(mfa_configuration="OPTIONAL")
    pool.reset_calls()
    status, found = check_json()
    assert status == 0
    assert "GetUserPoolMfaConfig" in pool.call_names()
    mfa = next(f for f in found if f["topic"] == "mfa")
    assert mfa["level"] == "info"
    assert "OPTIONAL" in mfa["message"]
    assert all(name in mfa["message"] for name in ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"))


def test_required_mfa_with_no_factor_this_site_can_set_up_is_a_warning(pool):
    pool.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("SMS_MFA",))
    status, found = check_json()
    assert status == 0
    assert levels(found, "mfa") == ["info", "warning"]


def test_required_attributes_are_listed_for_the_new_password_page(pool):
    pool.configure_pool(required_attributes=("name", "email"))
    _, found = check_json()
    attributes = next(f for f in found if f["topic"] == "required-attributes")
    assert attributes["level"] == "info"
    assert "name, email" in attributes["message"]


# -- the pool cannot be read: exit status 2 -------------------------------------------------------


def test_a_missing_pool_exits_2_with_one_clear_line(pool, settings):
    settings.COGNITO_CHALLENGE_USER_POOL_ID = "us-east-1_NoSuchPool"
    status, out, text = run_check()
    assert out == ""
    assert status == 2
    assert text == ("Could not read the pool: DescribeUserPool failed: "
                    "ResourceNotFoundException: User pool us-east-1_NoSuchPool does not exist.")


def test_a_missing_app_client_exits_2(pool, settings):
    settings.COGNITO_CHALLENGE_CLIENT_ID = "nosuchclient"
    status, out, text = run_check()
    assert out == ""
    assert status == 2
    assert "DescribeUserPoolClient failed: ResourceNotFoundException" in text


def test_refused_credentials_exit_2_and_name_the_iam_actions(pool):
    pool.fail_next("DescribeUserPool", "NotAuthorizedException", "Not authorized.")
    status, out, text = run_check()
    assert out == ""
    assert status == 2
    assert "\n" not in text
    assert all(action in text for action in pool_check.ACTIONS)


def test_cognito_out_of_reach_exits_2_with_one_clear_line(pool, settings):
    with socket.socket() as closed:  # bound, never listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        settings.COGNITO_CHALLENGE_ENDPOINT_URL = f"http://127.0.0.1:{closed.getsockname()[1]}"
        status, out, text = run_check()
    assert out == ""
    assert status == 2
    assert text.startswith("Could not read the pool: Cognito could not be asked: Could not "
                           "connect to the endpoint URL")
    assert "\n" not in text


def test_a_missing_setting_exits_2_without_calling_cognito(pool, settings):
    settings.COGNITO_CHALLENGE_CLIENT_ID = ""
    pool.reset_calls()
    status, out, text = run_check()
    assert out == ""
    assert (status, text) == (2, "Not set: COGNITO_CHALLENGE_CLIENT_ID.")
    assert pool.call_names() == []


# -- shapes the local Cognito cannot make, straight to findings() ---------------------------------


def described(cognito) -> tuple[dict, dict]:
    """The pool and client as the local Cognito sent them (JSON, before boto3 parses it)."""
    tap = WireTap()
    idp = tap.attach(cognito.boto3_client())
    idp.describe_user_pool(UserPoolId=cognito.pool_id)
    idp.describe_user_pool_client(UserPoolId=cognito.pool_id, ClientId=cognito.client_id)
    (_, _, pool), (_, _, client) = tap.replies
    return pool["UserPool"], client["UserPoolClient"]


def valid(operation: str, body: dict) -> dict:
    """``body``, once it is shown to be a reply botocore's model allows."""
    assert reply_problems(operation, body) == []
    return body


def test_an_aws_pool_with_the_updated_issuer_needs_the_issuer_setting(pool, settings):
    settings.COGNITO_CHALLENGE_ENDPOINT_URL = None
    settings.COGNITO_CHALLENGE_ISSUER = None  # the default: the original issuer
    described_pool, client = described(pool)
    updated = valid("DescribeUserPool", {"UserPool": {
        **described_pool, "IssuerConfiguration": {"Type": "UPDATED"}}})["UserPool"]
    region = pool.pool_id.split("_")[0]
    issuer = next(f for f in pool_check.findings(updated, client, None) if f.topic == "issuer")
    assert issuer.level == "error"
    assert f"https://issuer-cognito-idp.{region}.amazonaws.com/{pool.pool_id}" in issuer.fix


def test_legacy_flow_names_are_a_warning_not_a_guess(pool):
    described_pool, client = described(pool)
    legacy = valid("DescribeUserPoolClient", {"UserPoolClient": {
        **client, "ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH"]}})["UserPoolClient"]
    found = [f for f in pool_check.findings(described_pool, legacy, None)
             if f.topic == "auth-flows"]
    assert [f.level for f in found] == ["warning"]


def test_passkeys_as_mfa_need_choice_based_sign_in(pool):
    described_pool, client = described(pool)
    mfa = valid("GetUserPoolMfaConfig", {
        "MfaConfiguration": "OPTIONAL", "SoftwareTokenMfaConfiguration": {"Enabled": True},
        "WebAuthnConfiguration": {"RelyingPartyId": "example.com",
                                  "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"}})
    found = [f for f in pool_check.findings(described_pool, client, mfa) if f.topic == "mfa"]
    assert [f.level for f in found] == ["info", "warning"]
    assert "WEB_AUTHN" in found[1].message
    assert "USER_AUTH" in found[1].fix
    with override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_AUTH"):
        found = [f for f in pool_check.findings(described_pool, client, mfa) if f.topic == "mfa"]
    assert [f.level for f in found] == ["info"]
