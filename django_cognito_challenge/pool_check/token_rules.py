"""Rules comparing the app client's token lifetimes and rotation with the app's settings."""

from __future__ import annotations

from ..conf import PREFIX, AppSettings
from .client_rules import FULL_UPDATE
from .finding import (
    ERROR,
    OK,
    WARNING,
    Described,
    Finding,
    compare_lifetimes,
    duration,
    validity,
)

#: botocore's model: refresh tokens last 30 days unless set; access tokens, one hour.
DEFAULT_REFRESH, DEFAULT_ACCESS = 30 * 86400, 3600


def refresh_validity(seen: Described, conf: AppSettings) -> list[Finding]:
    cognito = validity(seen.client, "RefreshToken", "days", DEFAULT_REFRESH)
    app = conf.REFRESH_TOKEN_VALIDITY
    return compare_lifetimes(
        "refresh-token-validity", app, cognito,
        longer=(f"{PREFIX}REFRESH_TOKEN_VALIDITY is {duration(app)}, longer than the app "
                f"client's refresh tokens ({duration(cognito)}): sessions are kept past their "
                "refresh token and end at the first refused refresh.",
                f"Set {PREFIX}REFRESH_TOKEN_VALIDITY = {cognito}."),
        matching=(f"Sessions here last at most {duration(app)}; the app client's refresh "
                  f"tokens, {duration(cognito)}."),
        shorter_fix=(f"Set {PREFIX}REFRESH_TOKEN_VALIDITY = {cognito} if sessions should last "
                     "as long as the refresh token."))


def refresh_rotation(seen: Described, conf: AppSettings) -> list[Finding]:
    rotates = (seen.client.get("RefreshTokenRotation") or {}).get("Feature") == "ENABLED"
    if rotates and not conf.REFRESH_TOKEN_ROTATION:
        return [Finding(ERROR, "refresh-token-rotation", "The app client rotates refresh tokens "
                        f"and {PREFIX}REFRESH_TOKEN_ROTATION is False: the app refreshes with "
                        "InitiateAuth (REFRESH_TOKEN_AUTH), which a rotating client refuses, so "
                        "every session ends at its first refresh.",
                        f"Set {PREFIX}REFRESH_TOKEN_ROTATION = True.")]
    if conf.REFRESH_TOKEN_ROTATION and not rotates:
        return [Finding(WARNING, "refresh-token-rotation", f"{PREFIX}REFRESH_TOKEN_ROTATION is "
                        "True but the app client does not rotate refresh tokens: refreshes "
                        "work, and the refresh token never changes.",
                        f"Set {PREFIX}REFRESH_TOKEN_ROTATION = False, or enable "
                        f"RefreshTokenRotation on the app client {FULL_UPDATE}.")]
    state = "rotate" if rotates else "do not rotate"
    return [Finding(OK, "refresh-token-rotation", f"Refresh tokens {state}, as "
                    f"{PREFIX}REFRESH_TOKEN_ROTATION says.")]


def access_validity(seen: Described, conf: AppSettings) -> list[Finding]:
    access = validity(seen.client, "AccessToken", "hours", DEFAULT_ACCESS)
    if access <= conf.REFRESH_MARGIN:
        return [Finding(WARNING, "access-token-validity", f"Access tokens last "
                        f"{duration(access)}, no longer than {PREFIX}REFRESH_MARGIN "
                        f"({duration(conf.REFRESH_MARGIN)}): the app refreshes the tokens on "
                        "every request.", "Make AccessTokenValidity well above the margin "
                        f"{FULL_UPDATE}, or lower {PREFIX}REFRESH_MARGIN.")]
    return [Finding(OK, "access-token-validity", f"Access tokens last {duration(access)}; the "
                    f"app refreshes them {duration(conf.REFRESH_MARGIN)} before they expire.")]
