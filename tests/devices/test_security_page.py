"""The account security page: the person's devices, and forgetting them brings MFA back."""

from __future__ import annotations

import re

from django.contrib.messages import constants

from .conftest import (
    COOKIE,
    SECURITY_PAGE,
    TOTP_SECRET,
    asked_for_code_again,
    calls_of,
    cognito_device,
    confirmed_device_keys,
    new_browser,
    only_row,
    rows,
    sign_in_with_code,
    sign_out,
    signed_in_again_without_code,
)

CHROME_ON_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                     "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36")


def listed(page) -> dict[str, str]:
    """The devices the page lists: device key -> the row's visible text."""
    found = re.findall(r'<tr data-device-key="([^"]+)"(.*?)</tr>', page.content.decode(), re.S)
    return {key: " ".join(re.sub(r"<[^>]+>", " ", html[html.index(">") + 1:]).split())
            for key, html in found}


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.context["messages"]]


def forget(browser, device_key: str):
    return browser.post(SECURITY_PAGE, {"action": "forget", "device_key": device_key})


def remembered_elsewhere(cognito, elsewhere=None) -> str:
    """Alice remembers the device of another browser and signs out there; its key."""
    elsewhere = elsewhere or new_browser()
    sign_in_with_code(elsewhere, cognito, "alice", remember=True)
    sign_out(elsewhere)
    return only_row("alice").device_key


def test_anonymous_visitor_is_sent_to_sign_in(browser, device_pool):
    response = browser.get(SECURITY_PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/security/"
    response = browser.post(SECURITY_PAGE, {"action": "forget_others"})
    assert response["Location"] == "/accounts/login/?next=/accounts/security/"
    assert device_pool.call_names() == []


def test_page_lists_each_device_with_its_name_and_remembered_state(browser, device_pool):
    cognito = device_pool
    other = remembered_elsewhere(cognito)
    here_browser = new_browser(user_agent=CHROME_ON_WINDOWS)
    sign_in_with_code(here_browser, cognito, "alice", remember=False)
    here = confirmed_device_keys(cognito)[-1]
    cognito.reset_calls()

    page = here_browser.get(SECURITY_PAGE)
    assert page.status_code == 200
    assert cognito.call_names() == ["ListDevices", "GetUser"]  # GetUser: the MFA section
    assert page["Cache-Control"].startswith("max-age=0")
    devices = listed(page)
    assert devices.keys() == {other, here}
    assert devices[other].startswith("Firefox on Linux Remembered")
    assert "this device" not in devices[other]
    assert devices[here].startswith("Chrome on Windows (this device) Not remembered")
    assert b'value="forget_others"' in page.content


def test_forgetting_this_device_stops_remembering_it_and_the_code_comes_back(
        browser, device_pool):
    cognito = device_pool
    sign_in_with_code(browser, cognito, "alice", remember=True)
    key = only_row("alice").device_key
    cognito.reset_calls()

    response = forget(browser, key)
    assert response["Location"] == SECURITY_PAGE
    # Its refresh token is bound to it: not remembered now, forgotten at sign-out.
    assert cognito.call_names() == ["UpdateDeviceStatus"]
    assert calls_of(cognito, "UpdateDeviceStatus")[0].request["DeviceRememberedStatus"] == (
        "not_remembered")
    assert rows() == []
    assert response.cookies[COOKIE].value == ""
    assert int(response.cookies[COOKIE]["max-age"]) == 0
    page = browser.get(SECURITY_PAGE)
    assert (constants.SUCCESS, "The device was forgotten.") in messages_of(page)
    assert "Not remembered" in listed(page)[key]

    cognito.reset_calls()
    sign_out(browser)
    assert cognito.call_names() == ["ForgetDevice", "RevokeToken"]
    assert cognito_device(cognito, "alice", key) is None
    asked_for_code_again(browser, cognito, "alice")


def test_forgetting_a_device_from_another_browser_brings_the_code_back_there(
        browser, device_pool):
    cognito = device_pool
    elsewhere = new_browser()
    other = remembered_elsewhere(cognito, elsewhere)
    sign_in_with_code(browser, cognito, "alice", remember=False)
    cognito.reset_calls()

    response = forget(browser, other)
    assert cognito.call_names() == ["ForgetDevice"]
    assert calls_of(cognito, "ForgetDevice")[0].request["DeviceKey"] == other
    assert rows() == []
    assert COOKIE not in response.cookies
    assert cognito_device(cognito, "alice", other) is None

    cognito.reset_calls()
    asked_for_code_again(elsewhere, cognito, "alice")
    assert "DEVICE_KEY" not in calls_of(cognito, "InitiateAuth")[0].request["AuthParameters"]


def test_forget_others_forgets_every_device_but_this_one(browser, device_pool):
    cognito = device_pool
    elsewhere = new_browser()
    other = remembered_elsewhere(cognito, elsewhere)
    sign_in_with_code(browser, cognito, "alice", remember=True)
    (here,) = [r.device_key for r in rows() if r.device_key != other]
    cognito.reset_calls()

    response = browser.post(SECURITY_PAGE, {"action": "forget_others"})
    assert response["Location"] == SECURITY_PAGE
    assert cognito.call_names() == ["ListDevices", "ForgetDevice"]
    assert calls_of(cognito, "ForgetDevice")[0].request["DeviceKey"] == other
    assert [r.device_key for r in rows()] == [here]
    assert COOKIE not in response.cookies  # this browser's device is still remembered
    assert (constants.SUCCESS, "Forgot 1 other device.") in messages_of(
        browser.get(SECURITY_PAGE))

    asked_for_code_again(elsewhere, cognito, "alice")
    sign_out(browser)
    signed_in_again_without_code(browser, cognito, "alice")


def test_forgetting_needs_the_csrf_token(browser, device_pool):
    cognito = device_pool
    sign_in_with_code(browser, cognito, "alice", remember=True)
    key = only_row("alice").device_key
    strict = new_browser(sends_csrf_token=False)
    strict.cookies = browser.cookies
    cognito.reset_calls()

    response = forget(strict, key)
    assert response.status_code == 403
    assert cognito.call_names() == []
    assert only_row("alice").device_key == key

    page = strict.get(SECURITY_PAGE)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    response = strict.post(SECURITY_PAGE, {"action": "forget", "device_key": key,
                                           "csrfmiddlewaretoken": token})
    assert response["Location"] == SECURITY_PAGE
    assert rows() == []


def test_nobody_can_forget_another_persons_device(browser, device_pool):
    cognito = device_pool
    cognito.add_user("bob", attributes={"email": "bob@example.com"}, totp_secret=TOTP_SECRET)
    bobs_browser = new_browser()
    sign_in_with_code(bobs_browser, cognito, "bob", remember=True)
    sign_out(bobs_browser)
    bobs = only_row("bob")
    sign_in_with_code(browser, cognito, "alice", remember=False)
    cognito.reset_calls()

    forget(browser, bobs.device_key)
    assert cognito.call_names() == ["ForgetDevice"]
    assert cognito.calls[0].error == "ResourceNotFoundException"
    assert [level for level, _ in messages_of(browser.get(SECURITY_PAGE))] == [constants.ERROR]
    assert only_row("bob").pk == bobs.pk
    assert cognito_device(cognito, "bob", bobs.device_key).remembered == "remembered"
    signed_in_again_without_code(bobs_browser, cognito, "bob")
