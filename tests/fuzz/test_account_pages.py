"""Any body posted to the account pages: security, its MFA and passkey pages, passwords, sign-out.

Whatever is posted: no server error, the browser still signed in as the same person or signed
out (never as someone else), nothing the body carried written back unescaped, no pending
sign-in left unreadable (``stations.Station.send``).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from hypothesis import given, settings

from ..docs import page_visits as visits
from ..signin.conftest import sign_in
from .bodies import posts
from .conftest import PROFILE
from .stations import Page, anywhere, enrolling, resetting, send_many, signed_in

USER_AUTH = {"COGNITO_CHALLENGE_AUTH_FLOW": "USER_AUTH"}
NEW_PASSWORDS = ("new_password1", "new_password2")


def _with_a_passkey(client, cognito):
    """Signed in, with a passkey the security page lists (so removing one has a target)."""
    cognito.configure_webauthn("localhost")
    cognito.add_user("pia")
    cognito.add_passkey("pia", origin="https://localhost")
    assert sign_in(client, "pia")["Location"] == "/home/"
    return client.get("/accounts/security/")


PAGES = {
    "security": Page("/accounts/security/", visits.at_security,
                     ("action", "factor", "device_key"), signed_in),
    "mfa_totp": Page("/accounts/security/mfa/totp/", visits.at_mfa_totp, ("code",), enrolling),
    "passkey_add": Page("/accounts/security/passkeys/add/", visits.at_passkey_add,
                        ("credential",), signed_in, USER_AUTH),
    "passkey_remove": Page("/accounts/security/passkeys/remove/", _with_a_passkey,
                           ("credential_id",), signed_in, USER_AUTH),
    "password_reset": Page("/accounts/password/reset/", visits.at_password_reset,
                           ("username",), anywhere),
    "password_reset_confirm": Page("/accounts/password/reset/confirm/",
                                   visits.at_password_reset_confirm,
                                   ("code", *NEW_PASSWORDS), resetting),
    "password_reset_confirm (required)": Page("/accounts/password/reset/confirm/",
                                              visits.at_password_reset_required,
                                              ("code", *NEW_PASSWORDS), resetting),
    "password_change": Page("/accounts/password/change/", visits.at_password_change,
                            ("old_password", *NEW_PASSWORDS), signed_in),
}
#: Bodies per page (as on the sign-in pages: ~15 a second).
EXAMPLES = 25
#: Every sign-out is followed by a whole sign-in to arm the next: fewer bodies.
SIGN_OUTS = 10


@pytest.mark.parametrize("name", PAGES)
def test_no_body_posted_to_an_account_page_errs_or_changes_who_is_signed_in(station, name):
    send_many(station(PAGES[name]), EXAMPLES)


def test_any_body_posted_to_sign_out_signs_out_and_nothing_else(station):
    at = station(Page("/accounts/logout/", visits.at_security, ("next",), signed_in))

    @settings(settings.get_profile(PROFILE), max_examples=SIGN_OUTS)
    @given(posts(at.page.fields))
    def post_anything(post):
        response = at.send(post)
        assert response.status_code == 302
        assert SESSION_KEY not in at.client.session

    post_anything()
