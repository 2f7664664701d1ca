"""Signing in with a passkey (USER_AUTH's WEB_AUTHN), its refusals, and MFA where it is ON."""

from __future__ import annotations

import base64
import json

import jwt
import pytest

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.authenticator import SoftwarePasskey
from django_cognito_challenge.testing.models import DeviceConfiguration

from .passkey_steps import (
    INCORRECT,
    USED_ONCE,
    access_token,
    assertion,
    error_of,
    passkey_sign_in,
    request_options,
    respond,
    stray_passkey,
    user_auth,
)
from .shape_check import WireTap, reply_problems

MULTI = "MULTI_FACTOR_WITH_USER_VERIFICATION"


@pytest.fixture
def idp(cognito):
    return cognito.boto3_client()


@pytest.fixture
def kim(cognito) -> SoftwarePasskey:
    """kim's passkey, in a pool whose passkeys belong to localhost."""
    cognito.configure_webauthn("localhost")
    cognito.add_user("kim", attributes={"email": "kim@example.com"})
    return cognito.add_passkey("kim")


def signed_in_as(reply: dict) -> str:
    claims = jwt.decode(reply["AuthenticationResult"]["IdToken"],
                        options={"verify_signature": False})
    return claims["cognito:username"]


def refused(cognito, idp, username: str, passkey: SoftwarePasskey, **options) -> tuple:
    return error_of(lambda: passkey_sign_in(cognito, idp, username, passkey, **options))


# -- signing in -------------------------------------------------------------------------------


def test_preferring_web_authn_asks_for_the_users_passkey_and_signs_in(cognito, idp, kim):
    tap = WireTap()
    tap.attach(idp)
    reply = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    assert reply["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]
    options = request_options(reply)
    assert options["rpId"] == "localhost"
    assert options["allowCredentials"] == [
        {"type": "public-key", "id": kim.credential_id, "transports": ["internal", "hybrid"]}]
    assert options["userVerification"] == "preferred"
    assert options["challenge"]
    assert options["timeout"] > 0
    done = respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim",
                   CREDENTIAL=assertion(kim, reply))
    assert signed_in_as(done) == "kim"
    assert [p for op, _, body in tap.replies for p in reply_problems(op, body)] == []


def test_web_authn_chosen_from_select_challenge_signs_in(cognito, idp, kim):
    select = user_auth(cognito, idp, "kim")
    assert select["ChallengeName"] == "SELECT_CHALLENGE"
    reply = respond(cognito, idp, select, "SELECT_CHALLENGE", USERNAME="kim", ANSWER="WEB_AUTHN")
    done = respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim",
                   CREDENTIAL=assertion(kim, reply))
    assert signed_in_as(done) == "kim"


def test_a_credential_in_the_select_challenge_answer_is_not_modelled_and_says_so(cognito, idp,
                                                                                 kim):
    select = user_auth(cognito, idp, "kim")
    early = json.dumps({"id": kim.credential_id})
    assert error_of(lambda: respond(cognito, idp, select, "SELECT_CHALLENGE", USERNAME="kim",
                                    ANSWER="WEB_AUTHN", CREDENTIAL=early)
                    )[0] == "InvalidParameterException"
    reply = respond(cognito, idp, select, "SELECT_CHALLENGE", USERNAME="kim", ANSWER="WEB_AUTHN")
    assert reply["ChallengeName"] == "WEB_AUTHN"


def test_a_passkey_that_needs_no_user_verification_signs_in_where_it_is_preferred(cognito, idp):
    cognito.configure_webauthn("localhost")
    cognito.add_user("kim")
    passkey = cognito.add_passkey("kim", SoftwarePasskey(user_verified=False))
    assert signed_in_as(passkey_sign_in(cognito, idp, "kim", passkey)) == "kim"


def test_a_user_without_passkeys_is_not_offered_web_authn(cognito, idp):
    cognito.configure_webauthn("localhost")
    cognito.add_user("pat")
    reply = user_auth(cognito, idp, "pat", PREFERRED_CHALLENGE="WEB_AUTHN")
    assert (reply["ChallengeName"], reply["AvailableChallenges"]) == (
        "SELECT_CHALLENGE", ["PASSWORD", "PASSWORD_SRP"])
    assert error_of(lambda: respond(cognito, idp, reply, "SELECT_CHALLENGE", USERNAME="pat",
                                    ANSWER="WEB_AUTHN"))[0] == "InvalidParameterException"


def test_a_passkey_sign_in_gives_a_new_device_where_the_pool_tracks_them(cognito, idp, kim):
    cognito.configure_pool(device_configuration=DeviceConfiguration())
    done = passkey_sign_in(cognito, idp, "kim", kim)
    assert done["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"]


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("kim")
def test_a_passkey_nobody_registered_is_refused(cognito, idp):
    assert refused(cognito, idp, "kim", stray_passkey(), check_allowed=False) == INCORRECT


def test_another_users_passkey_is_refused(cognito, idp, kim):
    cognito.add_user("bob")
    bobs = cognito.add_passkey("bob")
    assert refused(cognito, idp, "kim", bobs, check_allowed=False) == INCORRECT
    assert signed_in_as(passkey_sign_in(cognito, idp, "bob", bobs)) == "bob"


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:8000",
                                    "https://localhost.evil.example"])
def test_an_assertion_from_a_page_outside_the_relying_party_is_refused(cognito, idp, kim,
                                                                       origin):
    assert refused(cognito, idp, "kim", kim, origin=origin) == INCORRECT


def test_an_assertion_for_another_relying_party_is_refused(cognito, idp, kim):
    assert refused(cognito, idp, "kim", kim, rp_id="evil.example") == INCORRECT


def test_an_assertion_of_a_registration_ceremony_is_refused(cognito, idp, kim):
    assert refused(cognito, idp, "kim", kim, client_data_type="webauthn.create") == INCORRECT


def test_a_forged_signature_is_refused(cognito, idp, kim):
    reply = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    forged = json.loads(assertion(kim, reply))
    signature = bytearray(base64.urlsafe_b64decode(forged["response"]["signature"] + "=="))
    signature[-1] ^= 1
    forged["response"]["signature"] = base64.urlsafe_b64encode(signature).decode().rstrip("=")
    assert error_of(lambda: respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim",
                                    CREDENTIAL=json.dumps(forged))) == INCORRECT


def test_user_verification_is_required_where_the_pool_requires_it(cognito, idp, kim):
    cognito.configure_webauthn("localhost", user_verification="required")
    reply = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    assert request_options(reply)["userVerification"] == "required"
    assert error_of(lambda: respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim",
                                    CREDENTIAL=assertion(kim, reply, user_verified=False))
                    ) == INCORRECT
    assert signed_in_as(passkey_sign_in(cognito, idp, "kim", kim)) == "kim"


def test_an_answer_that_is_no_assertion_is_an_invalid_parameter_and_keeps_the_session(
        cognito, idp, kim):
    reply = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    assert error_of(lambda: respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim",
                                    CREDENTIAL="{}"))[0] == "InvalidParameterException"
    done = respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim",
                   CREDENTIAL=assertion(kim, reply))
    assert signed_in_as(done) == "kim"


# -- the Session and the signature counter ----------------------------------------------------


def test_the_session_is_spent_by_a_sign_in_and_by_a_refusal(cognito, idp, kim):
    reply = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    answer = assertion(kim, reply)
    respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim", CREDENTIAL=answer)
    assert error_of(lambda: respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim",
                                    CREDENTIAL=answer)) == USED_ONCE
    again = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    assert error_of(lambda: respond(cognito, idp, again, "WEB_AUTHN", USERNAME="kim",
                                    CREDENTIAL=assertion(kim, again, origin="https://evil.example"))
                    ) == INCORRECT
    assert error_of(lambda: respond(cognito, idp, again, "WEB_AUTHN", USERNAME="kim",
                                    CREDENTIAL=assertion(kim, again))) == USED_ONCE


def test_an_assertion_for_an_earlier_challenge_is_refused(cognito, idp, kim):
    earlier = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    replayed = assertion(kim, earlier)
    later = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    assert error_of(lambda: respond(cognito, idp, later, "WEB_AUTHN", USERNAME="kim",
                                    CREDENTIAL=replayed)) == INCORRECT


def test_a_cloned_authenticator_whose_counter_goes_back_is_refused(cognito, idp, kim):
    passkey_sign_in(cognito, idp, "kim", kim)
    passkey_sign_in(cognito, idp, "kim", kim)
    assert cognito.user("kim").passkeys[kim.credential_id].sign_count == 2
    kim.sign_count = 1  # the clone's next signature counts 2 again
    assert refused(cognito, idp, "kim", kim) == INCORRECT


def test_a_passkey_whose_counter_stays_at_zero_keeps_signing_in(cognito, idp):
    cognito.configure_webauthn("localhost")
    cognito.add_user("kim")
    synced = cognito.add_passkey("kim", SoftwarePasskey(counts=False))
    for _ in range(2):
        assert signed_in_as(passkey_sign_in(cognito, idp, "kim", synced)) == "kim"


def test_a_disabled_user_with_a_right_passkey_is_told_so(cognito, idp, kim):
    cognito.user("kim").enabled = False
    assert refused(cognito, idp, "kim", kim) == ("NotAuthorizedException", "User is disabled.")


# -- where the pool's MFA is ON ---------------------------------------------------------------


@pytest.fixture
def mfa_on(cognito):
    """MFA ON; kim has TOTP, WebAuthn MFA and a passkey that verifies its user."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.configure_webauthn("localhost", factor_configuration=MULTI)
    cognito.add_user("kim", totp_secret=totp.new_secret(), webauthn_mfa=True)
    return cognito.add_passkey("kim")


def test_with_mfa_on_a_verified_passkey_is_the_whole_sign_in(cognito, idp, mfa_on):
    reply = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    assert request_options(reply)["userVerification"] == "required"
    done = respond(cognito, idp, reply, "WEB_AUTHN", USERNAME="kim",
                   CREDENTIAL=assertion(mfa_on, reply))
    assert signed_in_as(done) == "kim"


def test_with_mfa_on_a_passkey_without_user_verification_is_refused(cognito, idp, mfa_on):
    assert refused(cognito, idp, "kim", mfa_on, user_verified=False) == INCORRECT


def test_with_mfa_on_single_factor_passkeys_are_not_offered(cognito, idp, mfa_on):
    cognito.configure_webauthn("localhost", factor_configuration="SINGLE_FACTOR")
    assert user_auth(cognito, idp, "kim")["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]


def test_with_mfa_on_a_user_without_webauthn_mfa_is_not_offered_passkeys(cognito, idp, mfa_on):
    cognito.user("kim").webauthn_mfa_enabled = False
    reply = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="WEB_AUTHN")
    assert (reply["ChallengeName"], reply["AvailableChallenges"]) == (
        "SELECT_CHALLENGE", ["PASSWORD", "PASSWORD_SRP"])


def test_with_mfa_on_the_password_still_asks_for_the_mfa_code(cognito, idp, mfa_on):
    reply = user_auth(cognito, idp, "kim", PREFERRED_CHALLENGE="PASSWORD",
                      PASSWORD="Demo-Pass-1!")
    assert reply["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_set_user_mfa_preference_turns_webauthn_mfa_on_only_beside_another_factor(cognito,
                                                                                  idp):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.configure_webauthn("localhost", factor_configuration=MULTI)
    cognito.add_user("kim")
    access = access_token(cognito, idp, "kim")
    assert error_of(lambda: idp.set_user_mfa_preference(
        AccessToken=access, WebAuthnMfaSettings={"Enabled": True}))[0] == (
        "InvalidParameterException")
    cognito.add_passkey("kim")
    cognito.configure_pool(mfa_configuration="ON")
    assert "WEB_AUTHN" not in user_auth(cognito, idp, "kim")["AvailableChallenges"]
    cognito.user("kim").totp_secret = totp.new_secret()
    idp.admin_set_user_mfa_preference(UserPoolId=cognito.pool_id, Username="kim",
                                      SoftwareTokenMfaSettings={"Enabled": True},
                                      WebAuthnMfaSettings={"Enabled": True})
    assert "WEB_AUTHN" in user_auth(cognito, idp, "kim")["AvailableChallenges"]


def test_with_mfa_optional_a_passkey_signs_in_without_the_mfa_code(cognito, idp):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.configure_webauthn("localhost")
    cognito.add_user("kim", totp_secret=totp.new_secret())
    passkey = cognito.add_passkey("kim")
    assert signed_in_as(passkey_sign_in(cognito, idp, "kim", passkey)) == "kim"


def test_with_mfa_on_an_emailed_code_alone_still_signs_in_passwordless(cognito, idp):
    cognito.configure_pool(mfa_configuration="ON",
                           allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP"))
    cognito.add_user("pat", None, attributes={"email": "pat@example.com"})
    reply = user_auth(cognito, idp, "pat", PREFERRED_CHALLENGE="EMAIL_OTP")
    done = respond(cognito, idp, reply, "EMAIL_OTP", USERNAME="pat",
                   EMAIL_OTP_CODE=cognito.last_code("pat"))
    assert signed_in_as(done) == "pat"

