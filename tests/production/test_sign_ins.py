"""Complete sign-ins through two gunicorn instances, each request on the other instance than
the one before: what the person sees, what Cognito was asked, what PostgreSQL holds."""

from __future__ import annotations

import time

from django.contrib.sessions.backends.db import SessionStore

from django_cognito_challenge import session_tokens
from django_cognito_challenge.testing.models import DeviceConfiguration
from tests.signin.conftest import PASSWORD, TOTP_SECRET

from .steps import (
    HOME,
    NEW_PASSWORD_PAGE,
    code_sign_in,
    home,
    home_with_session,
    open_login,
    sign_in_with_password,
    sign_out,
    submit_password,
)

PHONE = "+15555550123"
DEVICE_COOKIE = "cognito_challenge_device"  # no __Host- prefix: plain HTTP on loopback
REFRESH = "InitiateAuth:REFRESH_TOKEN_AUTH"


def assert_one_person(deployment, username: str) -> None:
    assert deployment.query("SELECT username FROM auth_user") == [(username,)]
    assert deployment.query("SELECT username FROM cognito_challenge_cognitoidentity") == [
        (username,)]


def test_temporary_password_is_replaced_and_the_required_attribute_given(deployment, cognito):
    cognito.configure_pool(required_attributes=("name",))
    cognito.add_user("nina", "Temp-Pass-1!", temporary=True)
    person = deployment.person()
    open_login(person)
    page = submit_password(person, "nina", "Temp-Pass-1!")
    assert (page.status, page.location, page.instance) == (302, NEW_PASSWORD_PAGE, "b")
    form = person.follow(page)
    assert (form.status, form.instance) == (200, "a")
    assert 'name="attribute_name"' in form.text
    page = person.post(NEW_PASSWORD_PAGE, {
        "new_password1": PASSWORD, "new_password2": PASSWORD, "attribute_name": "Nina Park"})
    assert (page.status, page.location) == (302, HOME), page
    assert home(person) == "home: nina"
    assert cognito.user("nina").status == "CONFIRMED"
    assert cognito.user("nina").attributes["name"] == "Nina Park"
    assert_one_person(deployment, "nina")


def test_totp_code_signs_in_across_instances(deployment, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    code_page = code_sign_in(deployment.person(), "tess", cognito.totp_code)
    assert "authenticator app" in code_page
    assert cognito.call_names() == ["InitiateAuth:USER_SRP_AUTH",
                                    "RespondToAuthChallenge:PASSWORD_VERIFIER",
                                    "RespondToAuthChallenge:SOFTWARE_TOKEN_MFA"]
    assert_one_person(deployment, "tess")


def test_sms_code_from_the_outbox_signs_in_across_instances(deployment, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sam", attributes={"phone_number": PHONE}, sms=True)
    code_page = code_sign_in(deployment.person(), "sam", cognito.last_code)
    assert "We sent a code to" in code_page
    assert PHONE not in code_page  # the number is masked
    assert [m["purpose"] for m in cognito.outbox("sam")] == ["MFA"]
    assert_one_person(deployment, "sam")


def test_remembered_device_spares_the_code_on_the_next_sign_in(deployment, cognito):
    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))
    cognito.add_user("alice", totp_secret=TOTP_SECRET)
    person = deployment.person()
    code_sign_in(person, "alice", cognito.totp_code, remember=True)
    assert person.cookie(DEVICE_COOKIE)
    ((device_key,),) = deployment.query(
        "SELECT device_key FROM cognito_challenge_remembereddevice")
    sign_out(person)
    assert home(person) == "home: anonymous"

    cognito.reset_calls()
    sign_in_with_password(person, "alice")  # no code page
    assert cognito.call_names() == ["InitiateAuth:USER_SRP_AUTH",
                                    "RespondToAuthChallenge:PASSWORD_VERIFIER",
                                    "RespondToAuthChallenge:DEVICE_SRP_AUTH",
                                    "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER"]
    assert cognito.calls[0].request["AuthParameters"]["DEVICE_KEY"] == device_key
    assert deployment.count("devices") == 1
    assert_one_person(deployment, "alice")


def make_tokens_due(deployment, session_key: str) -> float:
    """Move the expiry the app reads into the past, in the session row both instances share."""
    ((data,),) = deployment.query(
        "SELECT session_data FROM django_session WHERE session_key = %s", session_key)
    store = SessionStore()
    session = store.decode(data)
    session[session_tokens.EXPIRES_KEY] = time.time() - 1
    deployment.query("UPDATE django_session SET session_data = %s WHERE session_key = %s"
                     " RETURNING 1", store.encode(session), session_key)
    return session[session_tokens.EXPIRES_KEY]


def stored_expiry(deployment, session_key: str) -> float:
    ((data,),) = deployment.query(
        "SELECT session_data FROM django_session WHERE session_key = %s", session_key)
    return SessionStore().decode(data)[session_tokens.EXPIRES_KEY]


def test_refresh_on_one_instance_then_sign_out_ends_the_session_on_both(deployment, cognito):
    cognito.add_user("rita")
    person = deployment.person()
    sign_in_with_password(person, "rita")
    session_key = person.cookie("sessionid")
    past = make_tokens_due(deployment, session_key)
    cognito.reset_calls()

    assert home(person) == "home: rita"  # the tokens are refreshed on the way
    assert cognito.call_names() == [REFRESH]
    assert stored_expiry(deployment, session_key) > time.time() > past
    assert home(person) == "home: rita"  # and not again
    assert cognito.call_names() == [REFRESH]

    sign_out(person)
    assert "RevokeToken" in cognito.call_names()
    assert deployment.query(
        "SELECT count(*) FROM django_session WHERE session_key = %s", session_key) == [(0,)]
    for instance in deployment.instances:  # the old cookie, replayed, opens nothing anywhere
        assert home_with_session(instance, session_key) == "home: anonymous"
    assert_one_person(deployment, "rita")
