"""ASVS 7.4.2: an account disabled or deleted in Cognito, or whose tokens were revoked, is signed
out here at the next request that uses its tokens, whichever call gets Cognito's answer.

A request that needs no token (a plain page) calls Cognito for nothing: such a session lasts at
most until its access token is due for refresh (its validity minus ``REFRESH_MARGIN``).
"""

from __future__ import annotations

import pytest

from django_cognito_challenge import mfa_manage, session_tokens

from ..account.conftest import SECURITY, TOTP_PAGE, act, enrolment_of, new_app_code
from .conftest import INTO_REFRESH_MARGIN, REFRESH, SESSION_ENDED, message_texts, sign_in_plain

SIGN_IN_AGAIN = "/accounts/login/?next=/accounts/security/"


def admin_disable_user(cognito) -> None:
    """What an administrator does: Cognito also revokes the user's tokens."""
    cognito.boto3_client().admin_disable_user(UserPoolId=cognito.pool_id, Username="tess")


def disabled_tokens_kept(cognito) -> None:
    """Disabled while the tokens stay unrevoked: Cognito answers "User is disabled."."""
    cognito.user("tess").enabled = False


def deleted(cognito) -> None:
    """Gone from the pool: every call with the person's tokens is UserNotFoundException."""
    for operation in ("ListDevices", "GetUser", "SetUserMFAPreference", "UpdateDeviceStatus",
                      "ForgetDevice", "AssociateSoftwareToken", "VerifySoftwareToken"):
        cognito.fail_next(operation, "UserNotFoundException", "User does not exist.")


ENDINGS = pytest.mark.parametrize("end_at_cognito", [
    admin_disable_user, disabled_tokens_kept, deleted], ids=["disabled", "disabled-tokens-kept",
                                                             "deleted"])


def signed_out_with_a_message(browser, response) -> None:
    assert response["Location"] == SIGN_IN_AGAIN, response
    page = browser.get(response["Location"])
    assert SESSION_ENDED.encode() in page.content
    assert not page.wsgi_request.user.is_authenticated
    assert session_tokens.SESSION_KEY not in browser.session
    assert browser.get("/home/").content == b"home: anonymous"


@ENDINGS
def test_the_security_page_signs_out_an_account_cognito_has_ended(browser, cognito,
                                                                    end_at_cognito):
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    end_at_cognito(cognito)
    cognito.reset_calls()

    # A plain page needs no token: it asks Cognito nothing, and the session is still here.
    assert browser.get("/home/").content == b"home: tess"
    assert cognito.calls == []

    response = browser.get(SECURITY)
    assert cognito.call_names()[0] == "ListDevices"
    assert cognito.calls[0].error in ("NotAuthorizedException", "UserNotFoundException")
    assert "GetUser" not in cognito.call_names()  # the first refusal ends it
    assert cognito.call_names()[-1] == "RevokeToken"  # the sign-out revokes what is left
    signed_out_with_a_message(browser, response)


@ENDINGS
@pytest.mark.parametrize("change", [
    {"action": "forget", "device_key": "eu-west-1_none"}, {"action": "forget_others"},
    {"action": "totp"}, {"action": "enable", "factor": "SMS_MFA"},
    {"action": "prefer", "factor": "SOFTWARE_TOKEN_MFA"},
    {"action": "disable", "factor": "SOFTWARE_TOKEN_MFA"},
], ids=lambda change: change["action"])
def test_each_change_signs_out_an_account_cognito_has_ended(browser, cognito, end_at_cognito,
                                                            change):
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    end_at_cognito(cognito)
    cognito.reset_calls()

    response = act(browser, **change)
    assert cognito.calls[0].error in ("NotAuthorizedException", "UserNotFoundException")
    assert not {"SetUserMFAPreference", "AssociateSoftwareToken"} & {
        call.operation for call in cognito.calls if call.error is None}
    signed_out_with_a_message(browser, response)


@ENDINGS
def test_the_authenticator_code_signs_out_an_account_cognito_has_ended(browser, cognito,
                                                                         end_at_cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    assert act(browser, "totp")["Location"] == TOTP_PAGE
    code = new_app_code(cognito, "tess")
    end_at_cognito(cognito)
    cognito.reset_calls()

    response = browser.post(TOTP_PAGE, {"code": code})
    assert cognito.call_names()[0] == "VerifySoftwareToken"
    assert cognito.calls[0].error in ("NotAuthorizedException", "UserNotFoundException")
    signed_out_with_a_message(browser, response)
    assert not cognito.user("tess").totp_enabled
    assert enrolment_of(browser) is None
    assert mfa_manage.ENROLMENT_KEY not in browser.session


@pytest.mark.parametrize("end_at_cognito", [admin_disable_user, disabled_tokens_kept],
                         ids=["disabled", "disabled-tokens-kept"])
def test_the_refresh_signs_out_an_account_cognito_has_ended(browser, cognito, app_clock,
                                                            end_at_cognito):
    """The bound for pages that need no token: the access token's refresh."""
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    end_at_cognito(cognito)
    cognito.reset_calls()
    app_clock.advance(INTO_REFRESH_MARGIN)

    response = browser.get("/home/")
    assert response.content == b"home: anonymous"
    assert cognito.call_names() == [REFRESH]
    assert cognito.calls[0].error == "NotAuthorizedException"
    assert message_texts(response) == [SESSION_ENDED]
