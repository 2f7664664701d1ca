"""What the in-process benchmarks do: a person signing in through the app's pages, and the same
Cognito conversation driven with boto3 alone (the least any site would have to do).

Each sign-in uses its own user, each with a TOTP secret, because a TOTP code is good once:
the local Cognito refuses a code already used, as Cognito does.
"""

from __future__ import annotations

import itertools
import time

PASSWORD = "Demo-Pass-1!"
LOGIN_PAGE = "/accounts/login/"
CODE_PAGE = "/accounts/login/code/"
HOME = "/home/"

_numbers = itertools.count()


def new_users(cognito, count: int, *, prefix: str = "person") -> list[str]:
    """``count`` new users of the pool, each with a TOTP secret (MFA by authenticator app)."""
    from django_cognito_challenge.testing import totp

    names = [f"{prefix}-{next(_numbers)}" for _ in range(count)]
    for name in names:
        cognito.add_user(name, PASSWORD, totp_secret=totp.new_secret(),
                         attributes={"email": f"{name}@example.com"})
    return names


def mfa_pool(cognito, *, devices: bool = False) -> None:
    """MFA required, by authenticator app; with ``devices``, devices tracked when the person
    asks (then every sign-in from a new browser also confirms its device: one call more)."""
    from django_cognito_challenge.testing.models import DeviceConfiguration

    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True,
    ) if devices else None)


def sign_in_through_pages(browser, cognito, username: str, *, remember: bool = False,
                          timings: list[tuple[str, float]] | None = None) -> None:
    """What a person does: open the sign-in page, send the password, open the code page, send
    the code; they land on the home page (SRP: the password never leaves the server).

    With ``timings``, each request's method and seconds are appended to it; reading the code
    off the authenticator is not timed.
    """

    def send(method: str, path: str, data: dict | None, *expected) -> None:
        started = time.perf_counter()
        response = browser.post(path, data) if method == "POST" else browser.get(path)
        if timings is not None:
            timings.append((method, time.perf_counter() - started))
        expect(response, *expected)

    send("GET", LOGIN_PAGE, None, 200)
    send("POST", LOGIN_PAGE, {"username": username, "password": PASSWORD}, 302, CODE_PAGE)
    send("GET", CODE_PAGE, None, 200)
    answer = {"code": cognito.totp_code(username)}
    if remember:
        answer["remember_device"] = "on"
    send("POST", CODE_PAGE, answer, 302, HOME)


def sign_in_again_with_device(browser, username: str) -> None:
    """A remembered browser: the password only; the device answers in place of the code."""
    expect(browser.post(LOGIN_PAGE, {"username": username, "password": PASSWORD}), 302, HOME)


def sign_in_with_boto3(client, cognito, username: str) -> dict:
    """The same three calls with boto3 and the same SRP maths, nothing else: no page, no
    session, no token verified, no user stored."""
    from django_cognito_challenge.cognito import srp

    ephemeral = srp.Ephemeral.new()
    started = client.initiate_auth(
        ClientId=cognito.client_id, AuthFlow="USER_SRP_AUTH",
        AuthParameters={"USERNAME": username, "SRP_A": ephemeral.srp_a})
    parameters = started["ChallengeParameters"]
    claim = srp.password_claim(
        ephemeral, realm=cognito.pool_id.split("_", 1)[1],
        user_id=parameters["USER_ID_FOR_SRP"], password=PASSWORD, salt_hex=parameters["SALT"],
        srp_b_hex=parameters["SRP_B"], secret_block=parameters["SECRET_BLOCK"])
    session = {"Session": started["Session"]} if "Session" in started else {}
    verified = client.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="PASSWORD_VERIFIER", **session,
        ChallengeResponses={"USERNAME": parameters["USER_ID_FOR_SRP"], **claim})
    done = client.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=verified["Session"], ChallengeResponses={
            "USERNAME": parameters["USER_ID_FOR_SRP"],
            "SOFTWARE_TOKEN_MFA_CODE": cognito.totp_code(username)})
    return done["AuthenticationResult"]


def expect(response, status: int, location: str | None = None):
    if response.status_code != status or (location and response["Location"] != location):
        where = response.get("Location", "")
        raise RuntimeError(f"expected {status} {location or ''}, got {response.status_code} "
                           f"{where} {response.content[:300]!r}")
    return response


def verify_for_django_otp(session, user) -> None:
    """Mark a logged-in ``session`` verified by a django-otp device of ``user`` (made for it),
    as the app's sign-in verifies its own sessions: django-otp then loads the device at each
    request, so a baseline session pays for it as the app's does."""
    import django_otp

    from django_cognito_challenge.otp.models import CognitoFactor

    device = CognitoFactor.objects.create(user=user, factor="SOFTWARE_TOKEN_MFA",
                                          name="authenticator app", confirmed=True)
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
