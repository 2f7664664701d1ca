"""Refreshing tokens: fresh requests cost nothing, refresh happens once at expiry, with the
device key and SECRET_HASH, rotation keeps the newest refresh token, and groups follow Cognito.
"""

from __future__ import annotations

import pytest

from django_cognito_challenge.cognito.srp import secret_hash

from .conftest import (
    INTO_REFRESH_MARGIN,
    REFRESH,
    TOTP_SECRET,
    calls_named,
    sign_in_plain,
    sign_in_with_totp,
    stored,
    track_devices,
)


def test_fresh_request_makes_no_cognito_call_and_decodes_no_jwt(
        browser, cognito, app_clock, jwt_decodes):
    """Fresh tokens: the middleware reads one number from the session, nothing else."""
    track_devices(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess")
    assert jwt_decodes, "the ID token verified at sign-in shows the counter works"
    cognito.reset_calls()
    jwt_decodes.clear()
    assert browser.get("/home/").content == b"home: tess"
    app_clock.advance(3600 - 310)  # ten seconds before the refresh margin
    assert browser.get("/home/").content == b"home: tess"
    assert cognito.calls == []
    assert jwt_decodes == []


def test_refresh_at_expiry_sends_refresh_token_device_key_and_secret_hash(
        browser, cognito, app_clock, jwt_decodes):
    """One REFRESH_TOKEN_AUTH; SECRET_HASH names the user, not the email typed at sign-in."""
    cognito.use_client(generate_secret=True)
    track_devices(cognito)
    cognito.configure_pool(alias_attributes=("email",))
    cognito.add_user("tess-0001", totp_secret=TOTP_SECRET, attributes={
        "email": "tess@example.com", "email_verified": "true"})
    sign_in_with_totp(browser, cognito, "tess@example.com")
    before = stored(browser)
    assert before.device_key
    assert before.refresh_token
    cognito.reset_calls()
    jwt_decodes.clear()

    app_clock.advance(INTO_REFRESH_MARGIN)
    assert browser.get("/home/").content == b"home: tess-0001"

    assert cognito.call_names() == [REFRESH]
    call = cognito.calls[0]
    assert call.error is None
    assert call.request["ClientId"] == cognito.client_id
    assert call.request["AuthParameters"] == {
        "REFRESH_TOKEN": before.refresh_token,
        "DEVICE_KEY": before.device_key,
        "SECRET_HASH": secret_hash(cognito.client_id, cognito.client_secret, "tess-0001"),
    }
    assert jwt_decodes, "the new ID token is verified"
    after = stored(browser)
    issued = call.response["AuthenticationResult"]
    assert after.access_token == issued["AccessToken"] != before.access_token
    assert after.id_token == issued["IdToken"] != before.id_token
    assert after.expires_at > before.expires_at
    assert after.refresh_token == before.refresh_token
    assert after.device_key == before.device_key

    cognito.reset_calls()
    assert browser.get("/home/").content == b"home: tess-0001"
    assert cognito.calls == []


def test_rotation_refreshes_with_get_tokens_and_keeps_the_rotated_refresh_token(
        browser, cognito, app_clock, settings):
    """With rotation the next refresh token replaces the old, which Cognito then refuses."""
    settings.COGNITO_CHALLENGE_REFRESH_TOKEN_ROTATION = True
    cognito.use_client(refresh_token_rotation=True, rotation_grace_seconds=10,
                       generate_secret=True)
    track_devices(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess")
    first = stored(browser)
    cognito.reset_calls()

    app_clock.advance(INTO_REFRESH_MARGIN)
    assert browser.get("/home/").content == b"home: tess"
    assert cognito.call_names() == ["GetTokensFromRefreshToken"]
    call = cognito.calls[0]
    assert call.error is None
    assert call.request == {"RefreshToken": first.refresh_token, "ClientId": cognito.client_id,
                            "ClientSecret": cognito.client_secret,
                            "DeviceKey": first.device_key}
    second = stored(browser)
    rotated = call.response["AuthenticationResult"]["RefreshToken"]
    assert second.refresh_token == rotated != first.refresh_token
    assert second.access_token == call.response["AuthenticationResult"]["AccessToken"]

    app_clock.advance(3600)  # the rotated token is the one used next
    assert browser.get("/home/").content == b"home: tess"
    assert [c.request["RefreshToken"] for c in cognito.calls] == [first.refresh_token, rotated]
    assert cognito.calls[-1].error is None
    assert stored(browser).refresh_token not in (first.refresh_token, rotated)

    cognito.advance(11)  # past the grace period
    idp = cognito.boto3_client()
    with pytest.raises(idp.exceptions.ClientError) as refused:
        idp.get_tokens_from_refresh_token(
            RefreshToken=first.refresh_token, ClientId=cognito.client_id,
            ClientSecret=cognito.client_secret, DeviceKey=first.device_key)
    assert refused.value.response["Error"]["Code"] == "RefreshTokenReuseException"


def test_group_removed_in_cognito_takes_staff_away_at_refresh(
        browser, cognito, app_clock, settings, django_user_model):
    """ASVS 8.3.2: a role removed in Cognito stops working at the next refresh, not later."""
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    cognito.add_user("ada", groups=("admins",))
    sign_in_plain(browser, "ada")
    assert browser.get("/home/").wsgi_request.user.is_staff

    cognito.user("ada").groups.discard("admins")
    assert browser.get("/home/").wsgi_request.user.is_staff  # tokens still fresh: no call
    app_clock.advance(INTO_REFRESH_MARGIN)
    response = browser.get("/home/")
    assert response.content == b"home: ada"
    assert not response.wsgi_request.user.is_staff
    assert not django_user_model.objects.get(username="ada").is_staff
    assert len(calls_named(cognito, REFRESH)) == 1
