""""Remember this device" promises a skipped code only where the pool keeps that promise.

The pool's ``ChallengeRequiredOnNewDevice`` decides whether a remembered device replaces MFA;
``COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA`` tells the pages what the pool will do.
"""

from __future__ import annotations

from django_cognito_challenge.testing.models import DeviceConfiguration

from .conftest import CODE_PAGE, sign_in

PROMISE = "no code needed next time"


def remember_label(browser) -> str:
    page = browser.get(CODE_PAGE)
    return str(page.context["form"].fields["remember_device"].label)


def test_the_box_promises_no_code_where_the_pool_skips_it(browser, device_pool, settings):
    settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA = True
    sign_in(browser, "alice")
    assert PROMISE in remember_label(browser)


def test_the_box_promises_nothing_where_the_pool_still_asks(browser, cognito, settings):
    settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA = False
    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=False, device_only_remembered_on_user_prompt=True))
    cognito.add_user("alice", totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    sign_in(browser, "alice")
    label = remember_label(browser)
    assert label == "Remember this device"
    assert PROMISE not in browser.get(CODE_PAGE).content.decode()


def test_the_security_page_promises_a_skipped_code_only_where_the_pool_skips_it(
        browser, device_pool, settings):
    sign_in(browser, "alice")
    browser.post(CODE_PAGE, {"code": device_pool.totp_code("alice")})
    promise = "A remembered device skips the verification code."
    for skips in (True, False):
        settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA = skips
        page = browser.get("/accounts/security/").content.decode()
        assert (promise in page) is skips
