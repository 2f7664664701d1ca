"""Cognito calls per flow, read from the local Cognito's call log: each the protocol's minimum.

- SRP + TOTP: ``InitiateAuth``, ``PASSWORD_VERIFIER``, ``SOFTWARE_TOKEN_MFA``: 3.
- A remembered device: ``InitiateAuth``, ``PASSWORD_VERIFIER``, ``DEVICE_SRP_AUTH``,
  ``DEVICE_PASSWORD_VERIFIER``: 4 (the password still; the device in place of the code).
- A refresh, when the access token is within ``REFRESH_MARGIN`` of expiring: 1.
- JWKS fetches during a sign-in while the keys are known (warm): 0.
"""

from __future__ import annotations

from .django_env import local_cognito
from .flows import (
    HOME,
    mfa_pool,
    new_users,
    sign_in_again_with_device,
    sign_in_through_pages,
)
from .measure import Figure, exactly
from .tokens import counting_fetches, moving_clock


def run(options) -> list[Figure]:
    from django.test import Client

    from django_cognito_challenge.cognito import jwks

    with local_cognito() as cognito:
        mfa_pool(cognito)
        first, second = new_users(cognito, 2)
        sign_in_through_pages(Client(), cognito, first)  # the keys are fetched: warm from here
        cognito.reset_calls()
        browser = Client()
        with counting_fetches(jwks) as fetches:
            sign_in_through_pages(browser, cognito, second)
        figures = [flow_figure("Cognito calls, sign-in with SRP + TOTP", cognito, 3),
                   Figure("JWKS fetches during a sign-in, keys warm", len(fetches), "fetches",
                          goal=exactly(0))]
        figures.append(refresh_figure(cognito, browser))
    with local_cognito() as cognito:
        mfa_pool(cognito, devices=True)
        (person,) = new_users(cognito, 1)
        browser = Client()
        sign_in_through_pages(browser, cognito, person, remember=True)
        browser.post("/accounts/logout/")
        cognito.reset_calls()
        sign_in_again_with_device(browser, person)
        figures.append(flow_figure("Cognito calls, sign-in with a remembered device", cognito, 4))
    return figures


def refresh_figure(cognito, browser) -> Figure:
    """Move the app's clock into the refresh margin; the next request refreshes, once."""
    from django_cognito_challenge.conf import app_settings

    cognito.reset_calls()
    with moving_clock() as moved:
        moved[0] = 3600 - app_settings.REFRESH_MARGIN + 1
        for _ in range(3):
            browser.get(HOME)
    return flow_figure("Cognito calls, token refresh (then 2 more requests)", cognito, 1)


def flow_figure(name: str, cognito, minimum: int) -> Figure:
    names = cognito.call_names()
    return Figure(name, len(names), "calls", goal=exactly(minimum), note=", ".join(names))
