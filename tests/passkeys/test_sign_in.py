"""Signing in with a passkey (WEB_AUTHN): the page hands Cognito's request options to its script,
the script's answer goes back as CREDENTIAL, and a refused, replayed or malformed answer signs
nobody in."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from django_cognito_challenge import pending as pending_store
from django_cognito_challenge.testing.authenticator import SoftwarePasskey

from ..browsers import Browser
from ..signin.conftest import answers
from .conftest import (
    HOME,
    LOGIN,
    ORIGIN,
    PASSKEY_PAGE,
    SIGN_IN_FAILED,
    is_signed_in,
    messages_of,
    options_of,
    pending_of,
    post_credential,
    start_passkey_sign_in,
)

pytestmark = pytest.mark.usefixtures("passwordless_start")


@pytest.fixture
def kims_passkey(pool) -> SoftwarePasskey:
    return pool.add_passkey("kim", origin=ORIGIN)


def assert_refused_and_restarted(browser, response, cognito) -> None:
    """The sign-in starts again, saying why; nobody is signed in and nothing is pending."""
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not is_signed_in(browser)
    assert pending_of(browser) is None
    assert messages_of(browser.get(LOGIN)) == [SIGN_IN_FAILED]
    assert "AuthenticationResult" not in str(cognito.calls[-1].response)


def test_a_passkey_signs_the_person_in_with_a_new_session_key(browser, pool, kims_passkey):
    page = start_passkey_sign_in(browser, "kim")
    key_before = browser.session.session_key
    options = options_of(page)
    assert options["allowCredentials"][0]["id"] == kims_passkey.credential_id
    credential = kims_passkey.get(options, ORIGIN)

    response = post_credential(browser, PASSKEY_PAGE, credential)

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert is_signed_in(browser)
    assert browser.session.session_key != key_before
    assert browser.get(HOME).content == b"home: kim"
    (sent,) = answers(pool, "WEB_AUTHN")
    assert sent["USERNAME"] == "kim"
    assert json.loads(sent["CREDENTIAL"]) == credential


def test_the_page_gives_the_options_to_its_script_without_any_inline_script(browser, pool,
                                                                            kims_passkey):
    page = start_passkey_sign_in(browser, "kim")
    html = page.content.decode()
    issued = json.loads(pool.calls[-1].response["ChallengeParameters"]
                        ["CREDENTIAL_REQUEST_OPTIONS"])
    assert options_of(page) == issued
    assert page["Cache-Control"].startswith("max-age=0")
    scripts = html.split("<script")[1:]
    assert len(scripts) == 2
    assert scripts[0].startswith(' src="/static/cognito_challenge/passkey.js" defer>')
    assert scripts[1].startswith(' id="cognito-passkey-options" type="application/json">')
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="credential"' in html
    assert "<noscript>" in html
    for message in ("msg-unsupported", "msg-cancelled", "msg-failed", "label-retry"):
        assert f'data-{message}="' in html


def test_choosing_the_passkey_on_the_choice_page_leads_to_the_passkey_page(
        browser, pool, kims_passkey, settings):
    settings.COGNITO_CHALLENGE_PREFERRED_CHALLENGE = None
    response = browser.post(LOGIN, {"username": "kim", "password": ""})
    assert response["Location"] == "/accounts/login/select-challenge/"
    response = browser.post("/accounts/login/select-challenge/", {"challenge": "WEB_AUTHN"})
    assert response["Location"] == PASSKEY_PAGE
    credential = kims_passkey.get(options_of(browser.get(PASSKEY_PAGE)), ORIGIN)
    assert post_credential(browser, PASSKEY_PAGE, credential)["Location"] == HOME
    assert is_signed_in(browser)


def test_an_assertion_made_on_another_origin_is_refused(browser, pool, kims_passkey):
    page = start_passkey_sign_in(browser, "kim")
    phished = kims_passkey.get(options_of(page), "https://localhost.evil.example")

    response = post_credential(browser, PASSKEY_PAGE, phished)

    assert_refused_and_restarted(browser, response, pool)
    assert len(answers(pool, "WEB_AUTHN")) == 1


def test_another_users_passkey_does_not_sign_in_to_this_account(browser, pool, kims_passkey):
    lees_passkey = pool.add_passkey("lee", origin=ORIGIN)
    page = start_passkey_sign_in(browser, "kim")
    # A scripted client signs anyway, though kim's options do not name lee's credential.
    credential = lees_passkey.get(options_of(page), ORIGIN, check_allowed=False)

    response = post_credential(browser, PASSKEY_PAGE, credential)

    assert_refused_and_restarted(browser, response, pool)


def test_posting_the_same_assertion_again_signs_in_nobody_a_second_time(browser, pool,
                                                                         kims_passkey):
    credential = kims_passkey.get(options_of(start_passkey_sign_in(browser, "kim")), ORIGIN)
    assert post_credential(browser, PASSKEY_PAGE, credential)["Location"] == HOME
    pool.reset_calls()

    again = post_credential(browser, PASSKEY_PAGE, credential)  # double submit, back button

    assert again["Location"] == LOGIN
    assert pool.calls == []  # nothing pending: no Cognito call


def test_an_assertion_replayed_into_a_new_sign_in_is_refused(browser, pool):
    # A synced passkey keeps its counter at 0: only the challenge tells one sign-in from another.
    synced = pool.add_passkey("kim", SoftwarePasskey(counts=False), origin=ORIGIN)
    captured = synced.get(options_of(start_passkey_sign_in(browser, "kim")), ORIGIN)
    assert post_credential(browser, PASSKEY_PAGE, captured)["Location"] == HOME

    attacker = Browser()
    start_passkey_sign_in(attacker, "kim")
    response = post_credential(attacker, PASSKEY_PAGE, captured)

    assert_refused_and_restarted(attacker, response, pool)


MALFORMED = {
    "not JSON": "{not json",
    "a JSON list": "[]",
    "no response": json.dumps({"id": "AAAA", "rawId": "AAAA", "type": "public-key"}),
    "no signature": "drop:signature",
    "not base64url": "set:signature:not base64!",
    "another type": "set:type:password",
    "a registration": "registration",
    "empty": "",
}


def malformed(kind: str, passkey: SoftwarePasskey, options: dict) -> str:
    value = MALFORMED[kind]
    if value == "registration":
        return json.dumps(SoftwarePasskey().create(
            {"rp": {"id": "localhost"}, "user": {"id": "dQ"}, "challenge": options["challenge"]},
            ORIGIN))
    if not value.startswith(("drop:", "set:")):
        return value
    credential = passkey.get(options, ORIGIN)
    action, name, *replacement = value.split(":")
    holder = credential if name == "type" else credential["response"]
    if action == "drop":
        del holder[name]
    else:
        holder[name] = replacement[0]
    return json.dumps(credential)


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_a_malformed_credential_is_refused_on_the_page_without_asking_cognito(
        browser, pool, kims_passkey, kind):
    options = options_of(start_passkey_sign_in(browser, "kim"))
    pool.reset_calls()

    response = post_credential(browser, PASSKEY_PAGE, malformed(kind, kims_passkey, options))

    assert response.status_code == 200
    codes = {n: [e.code for e in errs] for n, errs in response.context["form"].errors.as_data()
             .items()}
    assert codes == {"credential": ["required" if kind == "empty" else "invalid_credential"]}
    assert pool.calls == []
    assert not is_signed_in(browser)
    assert pending_of(browser).challenge == "WEB_AUTHN"  # the person may try again
    good = kims_passkey.get(options, ORIGIN)
    assert post_credential(browser, PASSKEY_PAGE, good)["Location"] == HOME


def test_the_passkey_post_needs_the_csrf_token(browser, pool, kims_passkey):
    credential = kims_passkey.get(options_of(start_passkey_sign_in(browser, "kim")), ORIGIN)
    pool.reset_calls()

    response = browser.post(PASSKEY_PAGE, {"credential": json.dumps(credential)},
                            csrf_token=None)

    assert response.status_code == 403
    assert pool.calls == []
    assert not is_signed_in(browser)
    assert pending_of(browser).challenge == "WEB_AUTHN"


def test_unusable_request_options_end_the_sign_in_instead_of_showing_a_page(browser, pool,
                                                                           kims_passkey):
    start_passkey_sign_in(browser, "kim")
    session = browser.session
    pending = pending_store.load(SimpleNamespace(session=session))
    pending.parameters["CREDENTIAL_REQUEST_OPTIONS"] = "{}"
    pending_store.save(SimpleNamespace(session=session), pending)
    session.save()

    response = browser.get(PASSKEY_PAGE)

    assert response["Location"] == LOGIN
    assert pending_of(browser) is None
