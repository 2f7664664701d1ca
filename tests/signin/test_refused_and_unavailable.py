"""A person this site refuses leaves nothing usable behind; an outage is not a wrong password."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.cache import cache

from django_cognito_challenge.cognito import errors

from ..faults.pages import try_again_link
from .conftest import error_codes, is_signed_in, sign_in


def issued_refresh_tokens(cognito) -> list[str]:
    return [call.response["AuthenticationResult"]["RefreshToken"] for call in cognito.calls
            if "RefreshToken" in (call.response or {}).get("AuthenticationResult", {})]


def test_tokens_cognito_issued_to_a_person_refused_here_are_revoked(browser, cognito):
    """ASVS 7.4.2: a deactivated local user's fresh Cognito tokens do not stay valid."""
    cognito.add_user("ana")
    sign_in(browser, "ana")
    browser.post("/accounts/logout/")
    get_user_model().objects.filter(username="ana").update(is_active=False)
    cognito.reset_calls()

    response = sign_in(browser, "ana")

    assert error_codes(response) == {"__all__": ["invalid_login"]}
    assert not is_signed_in(browser)
    issued = issued_refresh_tokens(cognito)
    assert len(issued) == 1
    assert [c.request["Token"] for c in cognito.calls if c.operation == "RevokeToken"] == issued


def test_signing_keys_out_of_reach_say_unavailable_not_wrong_password(
        browser, cognito, settings):
    """The JWKS cannot be fetched: the person is told to try later, and no failure is counted."""
    settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 1
    cognito.add_user("ana")
    issuer = settings.COGNITO_CHALLENGE_ISSUER
    settings.COGNITO_CHALLENGE_ISSUER = f"{cognito.endpoint_url}/no-such-pool"
    cache.clear()

    response = sign_in(browser, "ana")

    assert try_again_link(response, errors.ServiceUnavailable) == "/accounts/login/"
    assert "Incorrect username or password" not in response.content.decode()
    assert not is_signed_in(browser)

    settings.COGNITO_CHALLENGE_ISSUER = issuer  # the keys are back
    sign_in(browser, "ana")
    assert is_signed_in(browser)  # one counted failure would have been the limit
