"""Registering passkeys, listing and deleting them, and the pool's passkey settings.

Driven over boto3 with :class:`SoftwarePasskey`; every reply is checked against botocore's
model, every refusal is one the operation models.
"""

from __future__ import annotations

import base64

import pytest

from django_cognito_challenge.testing.authenticator import PasskeyNotAllowed, SoftwarePasskey
from django_cognito_challenge.testing.passkeys import b64url

from .passkey_steps import (
    ORIGIN,
    access_token,
    creation_options,
    error_of,
    listed_ids,
    register,
)
from .shape_check import WireTap, error_problems, reply_problems


@pytest.fixture
def tap():
    return WireTap()


@pytest.fixture
def idp(cognito, tap):
    return tap.attach(cognito.boto3_client())


@pytest.fixture
def kim(cognito, idp) -> str:
    """The access token of kim, in a pool whose passkeys belong to localhost."""
    cognito.configure_webauthn("localhost")
    cognito.add_user("kim", attributes={"name": "Kim Passkey"})
    return access_token(cognito, idp, "kim")


@pytest.fixture(autouse=True)
def every_reply_is_modelled(tap):
    yield
    problems = [p for operation, status, body in tap.replies for p in (
        reply_problems(operation, body) if status == 200 else error_problems(operation, body))]
    assert problems == []


def refusal(idp, access: str, credential: dict) -> tuple[str, str]:
    return error_of(lambda: idp.complete_web_authn_registration(AccessToken=access,
                                                                Credential=credential))


# -- creation options -------------------------------------------------------------------------


def test_start_offers_creation_options_for_the_signed_in_user(cognito, idp, kim):
    options = creation_options(idp, kim)
    assert options["rp"] == {"id": "localhost", "name": cognito.pool.name}
    assert options["user"] == {"id": b64url(cognito.user("kim").sub.encode()), "name": "kim",
                               "displayName": "Kim Passkey"}
    assert [p["alg"] for p in options["pubKeyCredParams"]] == [-7, -257]  # ES256, RS256
    assert options["excludeCredentials"] == []
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    assert len(base64.urlsafe_b64decode(options["challenge"] + "==")) >= 16
    assert creation_options(idp, kim)["challenge"] != options["challenge"]


def test_a_registered_passkey_is_listed_and_excluded_from_the_next_registration(idp, kim):
    passkey = register(idp, kim)
    [listed] = idp.list_web_authn_credentials(AccessToken=kim)["Credentials"]
    assert listed["CredentialId"] == passkey.credential_id
    assert (listed["RelyingPartyId"], listed["AuthenticatorAttachment"]) == ("localhost",
                                                                            "platform")
    assert listed["AuthenticatorTransports"] == ["internal", "hybrid"]
    assert listed["FriendlyCredentialName"]
    excluded = creation_options(idp, kim)["excludeCredentials"]
    assert [item["id"] for item in excluded] == [passkey.credential_id]
    with pytest.raises(PasskeyNotAllowed):  # the authenticator itself declines
        passkey.create({"excludeCredentials": excluded}, ORIGIN)


@pytest.mark.parametrize("origin", ["https://localhost", "https://localhost:8443",
                                    "http://localhost", "http://localhost:8000"])
def test_localhost_pages_may_register_over_http_or_https(idp, kim, origin):
    passkey = register(idp, kim, origin=origin)
    assert listed_ids(idp, kim) == [passkey.credential_id]


@pytest.mark.parametrize("origin", ["https://example.com", "https://login.example.com:8443"])
def test_the_relying_party_and_its_subdomains_may_register_over_https(cognito, idp, kim, origin):
    cognito.configure_webauthn("example.com")
    passkey = register(idp, kim, origin=origin)
    assert listed_ids(idp, kim) == [passkey.credential_id]


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("rp_id", "origin"), [
    ("example.com", "http://example.com"),
    ("example.com", "https://evil.example"),
    ("example.com", "https://notexample.com"),
    ("example.com", "https://example.com.evil.net"),
    ("localhost", "http://127.0.0.1:8000"),
    ("localhost", "https://localhost/path"),
])
def test_a_page_outside_the_relying_party_cannot_register(cognito, idp, kim, rp_id, origin):
    cognito.configure_webauthn(rp_id)
    credential = SoftwarePasskey().create(creation_options(idp, kim), origin)
    assert refusal(idp, kim, credential)[0] == "WebAuthnOriginNotAllowedException"
    assert listed_ids(idp, kim) == []


def test_a_credential_made_for_another_relying_party_is_refused(idp, kim):
    credential = SoftwarePasskey().create(creation_options(idp, kim), ORIGIN,
                                          rp_id="evil.example")
    assert refusal(idp, kim, credential)[0] == "WebAuthnRelyingPartyMismatchException"
    assert listed_ids(idp, kim) == []


def test_a_spent_challenge_cannot_register_again(idp, kim):
    options = creation_options(idp, kim)
    credential = SoftwarePasskey().create(options, ORIGIN)
    idp.complete_web_authn_registration(AccessToken=kim, Credential=credential)
    another = SoftwarePasskey().create(options, ORIGIN)
    assert refusal(idp, kim, another)[0] == "WebAuthnChallengeNotFoundException"
    assert refusal(idp, kim, credential)[0] == "WebAuthnChallengeNotFoundException"
    assert listed_ids(idp, kim) == [credential["id"]]


def test_a_credential_for_a_challenge_never_issued_is_refused(idp, kim):
    creation_options(idp, kim)
    made_up = {"rp": {"id": "localhost"}, "user": {"id": "a2lt"}, "challenge": b64url(b"x" * 32)}
    assert refusal(idp, kim, SoftwarePasskey().create(made_up, ORIGIN))[0] == (
        "WebAuthnChallengeNotFoundException")
    assert listed_ids(idp, kim) == []


def test_only_the_newest_challenge_counts_and_it_lapses(cognito, idp, kim):
    older = creation_options(idp, kim)
    newer = creation_options(idp, kim)
    assert refusal(idp, kim, SoftwarePasskey().create(older, ORIGIN))[0] == (
        "WebAuthnChallengeNotFoundException")
    cognito.advance(301)
    assert refusal(idp, kim, SoftwarePasskey().create(newer, ORIGIN))[0] == (
        "WebAuthnChallengeNotFoundException")
    assert listed_ids(idp, kim) == []


def test_a_credential_from_a_sign_in_ceremony_is_refused(idp, kim):
    credential = SoftwarePasskey().create(creation_options(idp, kim), ORIGIN,
                                          client_data_type="webauthn.get")
    assert refusal(idp, kim, credential)[0] == "WebAuthnClientMismatchException"
    assert listed_ids(idp, kim) == []


def test_a_passkey_without_user_verification_is_refused_where_the_pool_requires_it(
        cognito, idp, kim):
    cognito.configure_webauthn("localhost", user_verification="required")
    options = creation_options(idp, kim)
    assert options["authenticatorSelection"]["userVerification"] == "required"
    credential = SoftwarePasskey(user_verified=False).create(options, ORIGIN)
    assert refusal(idp, kim, credential)[0] == "WebAuthnCredentialNotSupportedException"
    assert listed_ids(idp, kim) == []
    register(idp, kim, SoftwarePasskey(user_verified=True))
    assert len(listed_ids(idp, kim)) == 1


def test_a_passkey_without_user_verification_is_accepted_where_it_is_preferred(idp, kim):
    register(idp, kim, SoftwarePasskey(user_verified=False))
    assert len(listed_ids(idp, kim)) == 1


def test_an_algorithm_the_options_do_not_offer_is_not_supported(idp, kim):
    credential = SoftwarePasskey(algorithm="EdDSA").create(creation_options(idp, kim), ORIGIN)
    assert refusal(idp, kim, credential)[0] == "WebAuthnCredentialNotSupportedException"
    assert listed_ids(idp, kim) == []


def test_a_credential_that_is_not_json_of_a_registration_is_an_invalid_parameter(idp, kim):
    creation_options(idp, kim)
    assert refusal(idp, kim, {"id": "x"})[0] == "InvalidParameterException"


def test_a_pool_without_passkey_sign_in_refuses_registration(cognito, idp, kim):
    credential = SoftwarePasskey().create(creation_options(idp, kim), ORIGIN)
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD",))
    assert error_of(lambda: creation_options(idp, kim))[0] == "WebAuthnNotEnabledException"
    assert refusal(idp, kim, credential)[0] == "WebAuthnNotEnabledException"


def test_a_pool_without_a_relying_party_id_cannot_start_a_registration(cognito, idp, kim):
    cognito.configure_webauthn(None)
    assert error_of(lambda: creation_options(idp, kim))[0] == (
        "WebAuthnConfigurationMissingException")


@pytest.mark.parametrize("call", [
    lambda idp: idp.start_web_authn_registration(AccessToken="not.a.token"),
    lambda idp: idp.complete_web_authn_registration(AccessToken="not.a.token",
                                                    Credential={"id": "x"}),
    lambda idp: idp.list_web_authn_credentials(AccessToken="not.a.token"),
    lambda idp: idp.delete_web_authn_credential(AccessToken="not.a.token", CredentialId="x"),
])
def test_every_passkey_operation_needs_a_live_access_token(idp, kim, call):
    assert error_of(lambda: call(idp))[0] == "NotAuthorizedException"


def test_a_revoked_access_token_cannot_list_passkeys(idp, kim):
    register(idp, kim)
    idp.global_sign_out(AccessToken=kim)
    assert error_of(lambda: listed_ids(idp, kim))[0] == "NotAuthorizedException"


# -- list and delete --------------------------------------------------------------------------


def test_list_pages_through_the_passkeys_with_next_token(cognito, idp, kim):
    made = [cognito.add_passkey("kim").credential_id for _ in range(3)]
    first = idp.list_web_authn_credentials(AccessToken=kim, MaxResults=2)
    second = idp.list_web_authn_credentials(AccessToken=kim, MaxResults=2,
                                            NextToken=first["NextToken"])
    assert "NextToken" not in second
    assert [c["CredentialId"] for c in first["Credentials"] + second["Credentials"]] == made
    assert error_of(lambda: idp.list_web_authn_credentials(
        AccessToken=kim, NextToken="bm90LWEtbnVtYmVy"))[0] == "InvalidParameterException"


def test_delete_removes_only_the_users_own_passkey(cognito, idp, kim):
    passkey = register(idp, kim)
    cognito.add_user("bob")
    bob = access_token(cognito, idp, "bob")
    theirs = register(idp, bob)
    assert error_of(lambda: idp.delete_web_authn_credential(
        AccessToken=kim, CredentialId=theirs.credential_id))[0] == "ResourceNotFoundException"
    assert listed_ids(idp, bob) == [theirs.credential_id]
    idp.delete_web_authn_credential(AccessToken=kim, CredentialId=passkey.credential_id)
    assert listed_ids(idp, kim) == []
    assert error_of(lambda: idp.delete_web_authn_credential(
        AccessToken=kim, CredentialId=passkey.credential_id))[0] == "ResourceNotFoundException"


# -- the pool's passkey settings --------------------------------------------------------------


def test_set_user_pool_mfa_config_sets_the_passkey_settings_get_reads_them(cognito, idp):
    assert "WebAuthnConfiguration" not in idp.get_user_pool_mfa_config(UserPoolId=cognito.pool_id)
    reply = idp.set_user_pool_mfa_config(UserPoolId=cognito.pool_id, WebAuthnConfiguration={
        "RelyingPartyId": "example.com",
        "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"})
    expected = {"RelyingPartyId": "example.com", "UserVerification": "preferred",
                "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"}
    assert reply["WebAuthnConfiguration"] == expected
    read = idp.get_user_pool_mfa_config(UserPoolId=cognito.pool_id)
    assert (read["WebAuthnConfiguration"], read["MfaConfiguration"]) == (expected, "OFF")


def test_set_user_pool_mfa_config_refuses_a_relying_party_that_is_not_a_domain(cognito, idp):
    assert error_of(lambda: idp.set_user_pool_mfa_config(
        UserPoolId=cognito.pool_id, WebAuthnConfiguration={"RelyingPartyId": "https://x.com"},
    ))[0] == "InvalidParameterException"
    assert "WebAuthnConfiguration" not in idp.get_user_pool_mfa_config(UserPoolId=cognito.pool_id)


def test_set_user_pool_mfa_config_sets_the_mode_and_factors(cognito, idp):
    reply = idp.set_user_pool_mfa_config(
        UserPoolId=cognito.pool_id, MfaConfiguration="ON",
        SoftwareTokenMfaConfiguration={"Enabled": True})
    assert (reply["MfaConfiguration"], reply["SoftwareTokenMfaConfiguration"]) == (
        "ON", {"Enabled": True})
    assert "SmsMfaConfiguration" not in reply
    for refused in ({"MfaConfiguration": "OFF", "EmailMfaConfiguration": {}},
                    {"MfaConfiguration": "OPTIONAL"}):
        assert error_of(lambda r=refused: idp.set_user_pool_mfa_config(
            UserPoolId=cognito.pool_id, **r))[0] == "InvalidParameterException"
