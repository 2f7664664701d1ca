"""Any body posted to the sign-in page and to each step page of a pending sign-in.

Whatever is posted: no server error, nobody signed in, nothing the body carried written back
unescaped, and the pending sign-in cleared, unchanged or moved on by a reply of Cognito's, never
left unreadable (``stations.Station.send``).
"""

from __future__ import annotations

import pytest

from ..docs import page_visits as visits
from .stations import Page, anywhere, at_step, password_chosen, send_many

LOGIN = "/accounts/login/"
USER_AUTH = {"COGNITO_CHALLENGE_AUTH_FLOW": "USER_AUTH"}
CUSTOM_AUTH = {"COGNITO_CHALLENGE_AUTH_FLOW": "CUSTOM_AUTH"}
NEW_PASSWORD = ("new_password1", "new_password2", "attribute_name", "attribute_email")


def step(name: str, arrive, fields: tuple[str, ...], **settings_) -> Page:
    path = f"{LOGIN}{name.replace('_', '-')}/"
    return Page(path, arrive, fields, at_step(name), settings_)


def _at_login(client, cognito):
    cognito.add_user("tess")  # so a fuzzed name is sometimes an account, with a wrong password
    return visits.at_login(client, cognito)


PAGES = {
    "login": Page(LOGIN, _at_login, ("username", "password"), anywhere),
    "login (choice-based)": Page(LOGIN, _at_login, ("username", "password"), anywhere,
                                 USER_AUTH),
    "new_password": step("new_password", visits.at_new_password, NEW_PASSWORD),
    "code": step("code", visits.at_code, ("code", "remember_device")),
    "select_mfa": step("select_mfa", visits.at_select_mfa, ("mfa_type",)),
    "mfa_setup (choice)": step("mfa_setup", visits.at_mfa_setup_choice,
                               ("mfa_type", "code", "email")),
    "mfa_setup (totp)": step("mfa_setup", visits.at_mfa_setup_totp, ("code", "mfa_type")),
    "select_challenge": step("select_challenge", visits.at_select_challenge, ("challenge",),
                             **USER_AUTH),
    "password": Page(f"{LOGIN}password/", visits.at_password, ("password",), password_chosen,
                     USER_AUTH),
    "passkey": step("passkey", visits.at_passkey, ("credential",), **USER_AUTH,
                    COGNITO_CHALLENGE_PREFERRED_CHALLENGE="WEB_AUTHN"),
    "custom": step("custom", visits.at_custom, ("answer",), **CUSTOM_AUTH),
    "custom (quiz)": step("custom", visits.at_custom_quiz, ("answer",), **CUSTOM_AUTH),
}
#: Bodies per page: ~15 a second on two cores (a request, its checks, a re-arming now and then).
EXAMPLES = 30


@pytest.mark.parametrize("name", PAGES)
def test_no_body_posted_to_a_sign_in_page_errs_or_signs_anyone_in(station, name):
    send_many(station(PAGES[name]), EXAMPLES)
