"""The app's settings: one lazy object, each ``COGNITO_CHALLENGE_*`` setting read at call time.

Each setting is declared once below, with its type, default and meaning: the declaration is what
the code reads, what the system checks validate and what the docs' settings reference lists.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

PREFIX = "COGNITO_CHALLENGE_"
SECRETS = (str,)
NAMES = (list, tuple)


class Setting:
    """One ``COGNITO_CHALLENGE_*`` setting, read from ``django.conf.settings`` at each access.

    ``None``, ``""`` and an empty list count as unset (so an unset environment variable gives the
    default). ``default`` may be a function of the settings object, described by ``default_doc``.
    """

    def __init__(self, kind: type | tuple[type, ...], default: Any, doc: str, *,
                 default_doc: str | None = None, deprecated: str | None = None) -> None:
        self.kind = kind
        self.default = default
        self.doc = doc
        self.default_doc = default_doc
        self.deprecated = deprecated
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @property
    def setting_name(self) -> str:
        return PREFIX + self.name

    def __get__(self, instance: AppSettings | None, owner: type) -> Any:
        if instance is None:
            return self
        value = self.given()
        if value is None:
            return self.default(instance) if callable(self.default) else self.default
        return tuple(value) if self.kind is NAMES else value

    def given(self) -> Any:
        """The project's value, or None where it counts as unset."""
        value = getattr(settings, self.setting_name, None)
        if self.kind is NAMES and isinstance(value, str):
            value = (value,)  # SECURITY: one name or secret, not one per letter
        if self.kind is NAMES and value is not None:
            # SECURITY: an empty secret (say, an unset environment variable) is no key at all.
            value = [item for item in value if item]
        return None if value in (None, "", []) else value

    def is_valid(self) -> bool:
        """Whether the project's value, when set, has this setting's type."""
        value = getattr(settings, self.setting_name, None)
        if value in (None, ""):
            return True
        if self.kind is NAMES:
            return isinstance(value, str) or (isinstance(value, NAMES) and all(
                isinstance(item, str) for item in value))
        if self.kind is float:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if self.kind is int:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, self.kind)

    @property
    def type_doc(self) -> str:
        return TYPE_NAMES[self.kind]

    @property
    def default_text(self) -> str:
        if self.default_doc is not None:
            return self.default_doc
        if self.default in ("", None, ()):
            return "(required)" if self.name in REQUIRED else "none"
        return repr(self.default)


TYPE_NAMES: dict[Any, str] = {
    str: "str", int: "int", float: "float (seconds)", bool: "bool", NAMES: "list of str",
}


def _aws_or_endpoint_issuer(conf: AppSettings) -> str:
    endpoint = conf.ENDPOINT_URL
    if endpoint and not is_aws_host(endpoint):
        return f"{endpoint.rstrip('/')}/{conf.USER_POOL_ID}"
    return f"https://cognito-idp.{conf.REGION}.amazonaws.com/{conf.USER_POOL_ID}"


def is_aws_host(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "amazonaws.com" or host.endswith(".amazonaws.com")


def _django_secrets(conf: AppSettings) -> tuple[str, ...]:
    # Django's own rotation (SECRET_KEY_FALLBACKS) keeps what the old SECRET_KEY encrypted.
    older_name = AppSettings.DEVICE_SECRET_KEYS.given()
    return tuple(older_name) if older_name else (settings.SECRET_KEY,
                                                 *settings.SECRET_KEY_FALLBACKS)


def _device_cookie_name(conf: AppSettings) -> str:
    return ("__Host-" if settings.SESSION_COOKIE_SECURE else "") + "cognito_challenge_device"


class AppSettings:
    """Typed access to ``COGNITO_CHALLENGE_*`` settings, so ``override_settings`` works."""

    # -- the pool and app client -------------------------------------------------------------
    REGION = Setting(str, "", "AWS region of the user pool, e.g. ``eu-west-1``.")
    USER_POOL_ID = Setting(str, "", "The user pool id, ``<region>_<id>``.")
    CLIENT_ID = Setting(str, "", "The app client id.")
    CLIENT_SECRET = Setting(
        str, None, "The app client's secret, when it has one: ``SECRET_HASH`` is then sent with "
        "each call, computed over the canonical username.")
    ENDPOINT_URL = Setting(
        str, None, "Another Cognito endpoint, such as the local Cognito "
        "(``http://127.0.0.1:9229``); unset for AWS.", default_doc="AWS's regional endpoint")
    ISSUER = Setting(
        str, _aws_or_endpoint_issuer, "The ``iss`` tokens must carry; the signing keys are "
        "fetched from ``<ISSUER>/.well-known/jwks.json`` only. Leave it unset: the default "
        "follows ``ENDPOINT_URL`` when that is not an AWS host.",
        default_doc="``https://cognito-idp.<REGION>.amazonaws.com/<USER_POOL_ID>``, or "
                    "``<ENDPOINT_URL>/<USER_POOL_ID>`` when ``ENDPOINT_URL`` is set to a host "
                    "outside ``amazonaws.com``")
    AUTH_FLOW = Setting(
        str, "USER_SRP_AUTH", "How a sign-in starts. ``USER_SRP_AUTH`` (the password proof is "
        "computed on the server, the password never sent) or ``USER_PASSWORD_AUTH``; "
        "``USER_AUTH``, choice-based sign-in: the person may leave the password empty and "
        "choose among the first factors Cognito offers (an emailed or texted code, a passkey, "
        "the password); ``CUSTOM_AUTH``: the pool's Lambda triggers ask their own challenges.")
    PREFERRED_CHALLENGE = Setting(
        str, None, "With ``USER_AUTH``, when no password is typed: the first factor to ask for "
        "straight away (``EMAIL_OTP``, ``SMS_OTP`` or ``WEB_AUTHN``) when Cognito offers it "
        "for the account. Unset, the person chooses among the factors Cognito offers.")
    CUSTOM_AUTH_SRP = Setting(
        bool, False, "With ``CUSTOM_AUTH``: the sign-in page asks for the password too, proven "
        "by SRP (``CHALLENGE_NAME=SRP_A``) before the pool's custom challenges.")
    CUSTOM_CHALLENGE_NAME_KEY = Setting(
        str, "challenge", "The public challenge parameter that names a custom challenge: one "
        "named ``captcha`` is shown with ``cognito_challenge/custom/captcha.html`` when that "
        "template exists, else with ``cognito_challenge/custom.html``.")

    # -- calls to Cognito --------------------------------------------------------------------
    CONNECT_TIMEOUT = Setting(float, 3.0, "Seconds to wait for a connection to Cognito.")
    READ_TIMEOUT = Setting(float, 10.0, "Seconds to wait for Cognito's answer.")
    FIRST_STEP_MAX_ATTEMPTS = Setting(
        int, 3, "Attempts for ``InitiateAuth`` on throttling or a network fault; answers to "
        "challenges spend their ``Session`` and are never retried.")

    # -- the sign-in conversation ----------------------------------------------------------
    AUTH_SESSION_VALIDITY = Setting(
        int, 180, "Seconds a pending sign-in lives: the app client's ``AuthSessionValidity``.")
    MAX_WRONG_ANSWERS = Setting(
        int, 3, "Wrong codes allowed on one pending sign-in before it is dropped.")
    TOTP_ISSUER = Setting(str, "Django", "The name authenticator apps show for a TOTP set up here.")

    # -- sign-out, roles and groups ----------------------------------------------------------
    GLOBAL_SIGN_OUT = Setting(
        bool, False, "Also call ``GlobalSignOut`` at sign-out, ending the person's sessions on "
        "every device and site.")
    STAFF_GROUPS = Setting(
        NAMES, (), "Cognito groups whose members are Django staff. ``is_staff`` is set **or "
        "cleared** from the groups at every sign-in and refresh when this or "
        "``SUPERUSER_GROUPS`` is set.")
    SUPERUSER_GROUPS = Setting(
        NAMES, (), "Cognito groups whose members are Django superusers (and staff); "
        "``is_superuser`` is set or cleared at every sign-in and refresh.")
    MIRROR_GROUPS = Setting(
        bool, False, "Mirror ``cognito:groups`` into Django groups of the same names at every "
        "sign-in and refresh.")

    # -- token verification -----------------------------------------------------------------
    JWKS_CACHE_SECONDS = Setting(
        int, 24 * 3600, "How long a fetched JWKS is used: in the Django cache, and in each "
        "process's memory, counted from the fetch.")
    JWKS_REFETCH_INTERVAL = Setting(
        int, 10, "At most one JWKS fetch per this many seconds when an unknown ``kid`` shows up.")
    TOKEN_LEEWAY = Setting(int, 0, "Clock skew allowed on ``exp`` and ``iat``, in seconds.")

    # -- encryption at rest ------------------------------------------------------------------
    ENCRYPTION_KEYS = Setting(
        NAMES, _django_secrets, "Secrets encrypting tokens, pending sign-ins and device "
        "secrets at rest, newest first: the first encrypts, all decrypt.",
        default_doc="``DEVICE_SECRET_KEYS`` when set, else "
                    "``(SECRET_KEY, *SECRET_KEY_FALLBACKS)``")
    DEVICE_SECRET_KEYS = Setting(
        NAMES, (), "The older name of ``ENCRYPTION_KEYS``, read only when that is unset.",
        deprecated="0.1: use ENCRYPTION_KEYS, listing these secrets after the new one")

    # -- remembered devices ------------------------------------------------------------------
    DEVICE_COOKIE_NAME = Setting(
        str, _device_cookie_name, "The remembered-device cookie: an opaque signed id, HttpOnly, "
        "SameSite=Lax, Secure with the session cookie.",
        default_doc="``__Host-cognito_challenge_device``, without ``__Host-`` when "
                    "``SESSION_COOKIE_SECURE`` is off")
    DEVICE_COOKIE_AGE = Setting(
        int, 365 * 24 * 3600, "Seconds the remembered-device cookie lives.")
    REMEMBER_DEVICE_PROMPT = Setting(
        bool, True, "Offer \"remember this device\": the pool's "
        "``DeviceOnlyRememberedOnUserPrompt``.")
    REMEMBERED_DEVICE_SKIPS_MFA = Setting(
        bool, False, "The pool's ``ChallengeRequiredOnNewDevice``: only when it is true does a "
        "remembered device replace the MFA code, and only then does the page promise it.")
    REMEMBERED_DEVICE_VERIFIES_OTP = Setting(
        bool, False, "Count a sign-in where a remembered device replaced the MFA code as "
        "django-otp verification (``django_cognito_challenge.otp``): off by default, because "
        "the device proved it holds a secret from an earlier sign-in, not a second factor now.")

    # -- account self-service ----------------------------------------------------------------
    REAUTH_WINDOW = Setting(
        int, 300, "Seconds after a sign-in during which the person may change their MFA or "
        "forget devices without signing in again (re-authentication, ASVS 6.3).")
    PASSWORD_CHANGE_SIGNS_OUT_EVERYWHERE = Setting(
        bool, False, "After a password change, also end the person's sessions at Cognito on "
        "every device and site (``GlobalSignOut``); their other sessions on this site end "
        "either way.")
    PASSWORD_RESET_RESEND_INTERVAL = Setting(
        int, 60, "Seconds before a forgotten-password code may be sent again to the same "
        "account from the same address.")

    # -- passwords and sign-up ---------------------------------------------------------------
    PASSWORD_MIN_LENGTH = Setting(
        int, 8, "The pool's ``PasswordPolicy.MinimumLength``: shown on every page that sets a "
        "password, and checked on the sign-up page before Cognito is asked.")
    PASSWORD_REQUIRED_CHARACTERS = Setting(
        NAMES, ("lowercase", "uppercase", "numbers", "symbols"), "The kinds of character the "
        "pool's ``PasswordPolicy`` requires (``RequireLowercase``, ``RequireUppercase``, "
        "``RequireNumbers``, ``RequireSymbols``): any of ``lowercase``, ``uppercase``, "
        "``numbers``, ``symbols``; ``(\"none\",)`` for a pool that requires none (an empty list "
        "counts as unset). Shown and checked as ``PASSWORD_MIN_LENGTH`` is; ``cognito_check`` "
        "compares both with the pool.")
    SIGN_UP = Setting(
        bool, False, "Offer self-service sign-up: the ``sign_up`` and ``confirm_sign_up`` pages, "
        "and a link from the sign-in page. The pool must let users sign themselves up "
        "(``AllowAdminCreateUserOnly`` false).")
    SIGN_UP_ATTRIBUTES = Setting(
        NAMES, ("email",), "The user attributes the sign-up page asks for: every attribute the "
        "pool requires, and ``email`` or ``phone_number`` for the confirmation code. ``email`` "
        "is the field ``email``; any other is ``attribute_<name>``.")
    SIGN_UP_CODE_ATTRIBUTE = Setting(
        str, "email", "Where Cognito sends the sign-up confirmation code: ``email``, or "
        "``phone_number`` where the pool verifies phone numbers automatically and the page asks "
        "for one (Cognito then prefers it). A taken name's confirmation page shows this "
        "attribute, masked, where a new name's shows where Cognito sent the code "
        "(``PREVENT_USER_EXISTENCE_ERRORS``); ``cognito_check`` compares it with the pool, and "
        "a warning is logged when Cognito sends a code elsewhere.")
    USERNAME_ATTRIBUTES = Setting(
        NAMES, (), "The pool's ``UsernameAttributes``: where people sign up with their "
        "``email`` (or ``phone_number``) instead of a username, the sign-up page asks for no "
        "username and sends that attribute as the name.")
    SIGN_UP_SIGNS_IN = Setting(
        bool, True, "Sign the person in right after confirming the sign-up, with the "
        "``Session`` ``ConfirmSignUp`` returns (``InitiateAuth`` ``USER_AUTH``; the app client "
        "must allow ``ALLOW_USER_AUTH``); the pool's MFA then follows. Off, or where Cognito "
        "refuses, the sign-in page opens with the username filled in.")
    SIGN_UP_RESEND_INTERVAL = Setting(
        int, 60, "Seconds before a sign-up confirmation code may be sent again to the same "
        "account from the same address.")
    PREVENT_USER_EXISTENCE_ERRORS = Setting(
        bool, True, "The app client's ``PreventUserExistenceErrors`` is ``ENABLED``. Cognito's "
        "``SignUp`` says a username is taken whatever that setting is; with this on, the "
        "sign-up page does not repeat it: a taken name leads to the same confirmation page as "
        "a new one, and no code arrives. Set it to False only for a pool in ``LEGACY`` mode, "
        "where other pages already tell who has an account.")

    # -- refresh and session life ------------------------------------------------------------
    REFRESH_MARGIN = Setting(
        int, 300, "Refresh the tokens this many seconds before the access token expires.")
    REFRESH_TOKEN_ROTATION = Setting(
        bool, False, "The app client rotates refresh tokens: refresh with "
        "``GetTokensFromRefreshToken``.")
    REFRESH_TOKEN_VALIDITY = Setting(
        int, 30 * 24 * 3600, "The app client's refresh token validity, in seconds: no session "
        "outlives it.")
    IDLE_TIMEOUT = Setting(
        int, 0, "Seconds without a request after which a signed-in session ends and its refresh "
        "token is revoked (ASVS 7.3.1); 0 or unset: no idle limit. Off by default, because the "
        "limit is each site's risk decision and one set by an upgrade would sign out everyone "
        "idle; 900 to 1800 suits most sites. Activity is stamped at most once a minute, so a "
        "session may end up to a minute early.", default_doc="0 (no idle limit)")

    # -- throttling ---------------------------------------------------------------------------
    THROTTLE_WINDOW = Setting(int, 15 * 60, "Seconds over which failed sign-ins are counted.")
    THROTTLE_ACCOUNT_LIMIT = Setting(
        int, 10, "Failed sign-ins per (username, IP) in a window before the page refuses "
        "without asking Cognito.")
    THROTTLE_IP_LIMIT = Setting(
        int, 50, "Failed sign-ins per IP in a window before the page refuses.")
    TRUSTED_PROXIES = Setting(
        int, 0, "Reverse proxies in front of the site that append to ``X-Forwarded-For``: the "
        "client IP (for throttling and ``UserContextData``) is read that far from its end.")

    @property
    def JWKS_URL(self) -> str:
        """Where the signing keys are fetched: always derived from the configured issuer."""
        return f"{self.ISSUER}/.well-known/jwks.json"


def declared() -> list[Setting]:
    """Every setting, in declaration order."""
    return [value for value in vars(AppSettings).values() if isinstance(value, Setting)]


app_settings = AppSettings()

REQUIRED = ("REGION", "USER_POOL_ID", "CLIENT_ID")
