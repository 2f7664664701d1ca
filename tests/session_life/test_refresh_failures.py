"""A refresh Cognito refuses ends the session here too, with a message saying so.

ASVS 7.4.1 / cognito-contract pitfall 9: revoked or disabled accounts keep verifying locally
until the tokens expire, so the session must end at the first refused refresh.
"""

from __future__ import annotations

import pytest

from django_cognito_challenge import session_tokens

from .conftest import (
    INTO_REFRESH_MARGIN,
    REFRESH,
    SESSION_ENDED,
    TOTP_SECRET,
    message_texts,
    sign_in_plain,
    sign_in_with_totp,
    stored,
    track_devices,
)

REFRESH_TOKEN_LIFE = 7200  # the app client's; the app's own setting stays at 30 days


def revoke_refresh_token(cognito, browser) -> None:
    """RevokeToken behind the app's back (another tab's sign-out, an admin tool)."""
    cognito.boto3_client().revoke_token(Token=stored(browser).refresh_token,
                                        ClientId=cognito.client_id)


def disable_user(cognito, browser) -> None:
    cognito.boto3_client().admin_disable_user(UserPoolId=cognito.pool_id, Username="tess")


def let_refresh_token_expire(cognito, browser) -> None:
    cognito.advance(REFRESH_TOKEN_LIFE + 1)


@pytest.mark.parametrize(("end_at_cognito", "why"), [
    (revoke_refresh_token, "Refresh Token has been revoked"),
    (disable_user, "Refresh Token has been revoked"),  # disabling revokes the user's tokens
    (let_refresh_token_expire, "Refresh Token has expired"),
], ids=["revoked", "disabled", "expired"])
def test_refused_refresh_signs_out_locally_with_a_message(
        browser, cognito, app_clock, end_at_cognito, why):
    cognito.use_client(refresh_token_validity_seconds=REFRESH_TOKEN_LIFE)
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    refresh_token = stored(browser).refresh_token
    end_at_cognito(cognito, browser)
    assert browser.get("/home/").content == b"home: tess"  # fresh: nobody asked Cognito yet
    cognito.reset_calls()

    app_clock.advance(REFRESH_TOKEN_LIFE + 1 if end_at_cognito is let_refresh_token_expire
                      else INTO_REFRESH_MARGIN)
    response = browser.get("/accounts/security/", follow=True)

    assert cognito.call_names() == [REFRESH]
    assert cognito.calls[0].error == "NotAuthorizedException"
    assert cognito.calls[0].response == {}
    assert response.redirect_chain[0][0].startswith("/accounts/login/?next=/accounts/security/")
    assert not response.wsgi_request.user.is_authenticated
    assert message_texts(response) == [SESSION_ENDED]
    assert SESSION_ENDED.encode() in response.content
    assert session_tokens.SESSION_KEY not in browser.session

    cognito.reset_calls()
    assert browser.get("/home/").content == b"home: anonymous"
    assert cognito.calls == []
    idp = cognito.boto3_client()  # and Cognito's reason is the one this test set up
    with pytest.raises(idp.exceptions.NotAuthorizedException) as refused:
        idp.initiate_auth(AuthFlow="REFRESH_TOKEN_AUTH", ClientId=cognito.client_id,
                          AuthParameters={"REFRESH_TOKEN": refresh_token})
    assert refused.value.response["Error"]["Message"] == why


def test_refused_refresh_of_a_tracked_device_signs_out(browser, cognito, app_clock):
    """The device-bound refresh token of an MFA sign-in fails the same way once revoked."""
    track_devices(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess")
    revoke_refresh_token(cognito, browser)
    cognito.reset_calls()
    app_clock.advance(INTO_REFRESH_MARGIN)
    response = browser.get("/home/")
    assert response.content == b"home: anonymous"
    assert cognito.call_names() == [REFRESH]
    assert cognito.calls[0].request["AuthParameters"]["DEVICE_KEY"]
    assert message_texts(response) == [SESSION_ENDED]


def test_refresh_while_cognito_is_down_signs_out(browser, cognito, app_clock):
    """No refresh, no session: an unreachable Cognito cannot extend a session (fail closed)."""
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    cognito.reset_calls()
    cognito.fail_next("InitiateAuth", "InternalErrorException", times=3)
    app_clock.advance(INTO_REFRESH_MARGIN)
    response = browser.get("/home/")
    assert response.content == b"home: anonymous"
    assert set(cognito.call_names()) == {REFRESH}
    assert message_texts(response) == [SESSION_ENDED]
