"""The app's settings: one lazy object, each ``COGNITO_CHALLENGE_*`` setting read at call time."""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "COGNITO_CHALLENGE_"


class AppSettings:
    """Typed access to ``COGNITO_CHALLENGE_*`` settings, so ``override_settings`` works."""

    def _get(self, name: str, default: Any = None) -> Any:
        return getattr(settings, PREFIX + name, default)

    @property
    def REGION(self) -> str:
        """AWS region of the user pool, e.g. ``eu-west-1``."""
        return self._get("REGION", "")

    @property
    def USER_POOL_ID(self) -> str:
        """The user pool id, ``<region>_<id>``."""
        return self._get("USER_POOL_ID", "")

    @property
    def CLIENT_ID(self) -> str:
        """The app client id."""
        return self._get("CLIENT_ID", "")

    @property
    def CLIENT_SECRET(self) -> str | None:
        """The app client secret, when the client has one (SECRET_HASH is then sent)."""
        return self._get("CLIENT_SECRET") or None

    @property
    def ENDPOINT_URL(self) -> str | None:
        """Cognito endpoint override (the local Cognito in tests and the demo)."""
        return self._get("ENDPOINT_URL") or None

    @property
    def ISSUER(self) -> str:
        """Expected ``iss`` of tokens; defaults to the AWS form for the region and pool."""
        return self._get("ISSUER") or (
            f"https://cognito-idp.{self.REGION}.amazonaws.com/{self.USER_POOL_ID}"
        )

    @property
    def JWKS_URL(self) -> str:
        """Where the signing keys are fetched: always derived from the configured issuer."""
        return f"{self.ISSUER}/.well-known/jwks.json"

    @property
    def AUTH_FLOW(self) -> str:
        """``USER_SRP_AUTH`` (the password never leaves the server) or ``USER_PASSWORD_AUTH``."""
        return self._get("AUTH_FLOW", "USER_SRP_AUTH")

    @property
    def CONNECT_TIMEOUT(self) -> float:
        """Seconds to wait for a connection to Cognito."""
        return self._get("CONNECT_TIMEOUT", 3.0)

    @property
    def READ_TIMEOUT(self) -> float:
        """Seconds to wait for Cognito's answer."""
        return self._get("READ_TIMEOUT", 10.0)

    @property
    def FIRST_STEP_MAX_ATTEMPTS(self) -> int:
        """Attempts for calls that spend no Session (InitiateAuth); answers are never retried."""
        return self._get("FIRST_STEP_MAX_ATTEMPTS", 3)

    @property
    def AUTH_SESSION_VALIDITY(self) -> int:
        """Seconds a pending sign-in lives: the app client's AuthSessionValidity (3 min)."""
        return self._get("AUTH_SESSION_VALIDITY", 180)

    @property
    def MAX_WRONG_ANSWERS(self) -> int:
        """Wrong codes allowed on one pending sign-in before it is discarded."""
        return self._get("MAX_WRONG_ANSWERS", 3)

    @property
    def GLOBAL_SIGN_OUT(self) -> bool:
        """Also call GlobalSignOut at sign-out, ending the person's other sessions."""
        return self._get("GLOBAL_SIGN_OUT", False)

    @property
    def STAFF_GROUPS(self) -> tuple[str, ...]:
        """Cognito groups whose members are Django staff."""
        return tuple(self._get("STAFF_GROUPS", ()))

    @property
    def SUPERUSER_GROUPS(self) -> tuple[str, ...]:
        """Cognito groups whose members are Django superusers (and staff)."""
        return tuple(self._get("SUPERUSER_GROUPS", ()))

    @property
    def MIRROR_GROUPS(self) -> bool:
        """Copy ``cognito:groups`` into Django groups of the same names."""
        return self._get("MIRROR_GROUPS", False)

    @property
    def JWKS_CACHE_SECONDS(self) -> int:
        """How long the JWKS stays in the Django cache."""
        return self._get("JWKS_CACHE_SECONDS", 24 * 3600)

    @property
    def JWKS_REFETCH_INTERVAL(self) -> int:
        """At most one JWKS fetch per this many seconds when an unknown ``kid`` shows up."""
        return self._get("JWKS_REFETCH_INTERVAL", 10)

    @property
    def TOKEN_LEEWAY(self) -> int:
        """Clock skew allowed on ``exp`` and ``iat``, in seconds."""
        return self._get("TOKEN_LEEWAY", 0)

    @property
    def TOTP_ISSUER(self) -> str:
        """The issuer shown by authenticator apps for the TOTP set-up QR code."""
        return self._get("TOTP_ISSUER", "") or "Django"


    @property
    def ENCRYPTION_KEYS(self) -> tuple[str, ...]:
        """Secrets encrypting tokens, pending sign-ins and device passwords, newest first."""
        keys = self._secrets("ENCRYPTION_KEYS") or self._secrets("DEVICE_SECRET_KEYS")
        # Django's own rotation (SECRET_KEY_FALLBACKS) keeps what the old SECRET_KEY encrypted.
        return keys or (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)

    def _secrets(self, name: str) -> tuple[str, ...]:
        """A setting listing secrets, as a tuple of the non-empty ones."""
        value = self._get(name, ())
        if isinstance(value, str):  # SECURITY: one secret, not one guessable secret per letter
            value = (value,)
        # SECURITY: an empty secret (say, an unset environment variable) is no key at all.
        return tuple(secret for secret in value if secret)

    @property
    def DEVICE_COOKIE_NAME(self) -> str:
        """The remembered-device cookie (an opaque, signed id); ``__Host-`` when Secure."""
        secure = "__Host-" if settings.SESSION_COOKIE_SECURE else ""
        return self._get("DEVICE_COOKIE_NAME", f"{secure}cognito_challenge_device")

    @property
    def DEVICE_COOKIE_AGE(self) -> int:
        """Seconds the remembered-device cookie lives."""
        return self._get("DEVICE_COOKIE_AGE", 365 * 24 * 3600)

    @property
    def REMEMBER_DEVICE_PROMPT(self) -> bool:
        """Offer "remember this device": the pool's DeviceOnlyRememberedOnUserPrompt."""
        return self._get("REMEMBER_DEVICE_PROMPT", True)

    @property
    def REMEMBERED_DEVICE_SKIPS_MFA(self) -> bool:
        """The pool's ChallengeRequiredOnNewDevice: a remembered device replaces the MFA code."""
        return self._get("REMEMBERED_DEVICE_SKIPS_MFA", False)

    @property
    def REFRESH_MARGIN(self) -> int:
        """Refresh the tokens this many seconds before the access token expires."""
        return self._get("REFRESH_MARGIN", 300)

    @property
    def REFRESH_TOKEN_ROTATION(self) -> bool:
        """The app client rotates refresh tokens: refresh with GetTokensFromRefreshToken."""
        return self._get("REFRESH_TOKEN_ROTATION", False)

    @property
    def REFRESH_TOKEN_VALIDITY(self) -> int:
        """The app client's refresh token validity, in seconds: no session outlives it."""
        return self._get("REFRESH_TOKEN_VALIDITY", 30 * 24 * 3600)


    @property
    def THROTTLE_WINDOW(self) -> int:
        """Seconds over which failed sign-ins are counted."""
        return self._get("THROTTLE_WINDOW", 15 * 60)

    @property
    def THROTTLE_ACCOUNT_LIMIT(self) -> int:
        """Failed sign-ins per (username, IP) in a window before the page refuses."""
        return self._get("THROTTLE_ACCOUNT_LIMIT", 10)

    @property
    def THROTTLE_IP_LIMIT(self) -> int:
        """Failed sign-ins per IP in a window before the page refuses."""
        return self._get("THROTTLE_IP_LIMIT", 50)


    @property
    def TRUSTED_PROXIES(self) -> int:
        """Reverse proxies in front of the site that append to X-Forwarded-For (0: none)."""
        return self._get("TRUSTED_PROXIES", 0)


app_settings = AppSettings()

REQUIRED = ("REGION", "USER_POOL_ID", "CLIENT_ID")
