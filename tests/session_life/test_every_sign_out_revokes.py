"""Every way a signed-in session ends revokes its refresh token at Cognito (ASVS 7.4.1).

The app's sign-out page, the admin's own log-out, a site's own ``logout()``, the session-age
sign-out (``test_session_age.py``) and a new sign-in over a signed-in session.
"""

from __future__ import annotations

import pytest

from tests.browsers import Browser

from .conftest import sign_in_plain, stored


def refused_at_cognito(cognito, refresh_token: str) -> bool:
    idp = cognito.boto3_client()
    try:
        idp.initiate_auth(AuthFlow="REFRESH_TOKEN_AUTH", ClientId=cognito.client_id,
                          AuthParameters={"REFRESH_TOKEN": refresh_token})
    except idp.exceptions.NotAuthorizedException:
        return True
    return False


def revoked_tokens(cognito) -> list[str]:
    return [c.request["Token"] for c in cognito.calls if c.operation == "RevokeToken"]


@pytest.mark.parametrize("path", ["/accounts/logout/", "/admin/logout/", "/site-logout/"],
                         ids=["sign-out page", "admin log-out", "site's own logout()"])
def test_each_sign_out_revokes_the_refresh_token(cognito, db, settings, path):
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)  # the admin logs out staff only
    cognito.add_user("tess", groups=("admins",))
    browser = Browser()
    sign_in_plain(browser, "tess")
    refresh_token = stored(browser).refresh_token
    cognito.reset_calls()
    browser.post(path)
    assert browser.get("/home/").content == b"home: anonymous"
    assert revoked_tokens(cognito) == [refresh_token]
    assert refused_at_cognito(cognito, refresh_token)


@pytest.mark.parametrize("second", ["sam", "tess"], ids=["another person", "the same person"])
def test_a_new_sign_in_over_a_signed_in_session_revokes_the_earlier_token(cognito, db, second):
    cognito.add_user("tess")
    cognito.add_user("sam")
    browser = Browser()
    sign_in_plain(browser, "tess")
    first = stored(browser).refresh_token
    cognito.reset_calls()
    sign_in_plain(browser, second)
    assert browser.get("/home/").content == f"home: {second}".encode()
    assert revoked_tokens(cognito) == [first]
    assert refused_at_cognito(cognito, first)
    assert not refused_at_cognito(cognito, stored(browser).refresh_token)
