"""One test's view of the local Cognito: a fresh pool and client, and the test helpers."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from ..cognito import jwks
from . import schema, totp
from .clients import local_boto3_client
from .fixture_faults import FaultAndCallHelpers
from .fixture_passkeys import PasskeyHelpers
from .fixture_triggers import TriggerHelpers
from .models import AppClient, Pool, User
from .seed import ALL_FLOWS, add_seed_groups, add_seed_users, pool_options, validate_seed
from .server import LocalCognitoServer

__all__ = ["DEFAULT_PASSWORD", "LocalCognitoFixture", "local_boto3_client"]

DEFAULT_PASSWORD = "Demo-Pass-1!"


class LocalCognitoFixture(PasskeyHelpers, TriggerHelpers, FaultAndCallHelpers):
    """A fresh pool and app client on a running local Cognito, with helpers for tests.

    The ``cognito`` pytest fixture gives one to each test. The pool starts with MFA off, the
    default password policy, no required and no custom attributes; the app client has no
    secret, allows every flow the local Cognito answers, and prevents user-existence errors.
    """

    def __init__(self, server: LocalCognitoServer, **pool_settings: Any) -> None:
        self.server = server
        self.backend = server.cognito
        self.pool: Pool = self.backend.create_pool("test-pool", **pool_settings)
        self.client: AppClient = self.backend.create_client(
            self.pool.pool_id, "test-client", explicit_auth_flows=ALL_FLOWS
        )
        self._first_call = len(self.backend.calls)
        self._django_settings: Any = None

    def bind_django_settings(self, settings: Any) -> None:
        """Keep pytest-django's ``settings`` pointed at this pool and the current client."""
        self._django_settings = settings
        for name, value in self.django_settings.items():
            setattr(settings, name, value)

    # -- where it is ----------------------------------------------------------------------

    @property
    def endpoint_url(self) -> str:
        """The service's URL, for boto3's ``endpoint_url``: ``http://127.0.0.1:<port>``."""
        return self.server.url

    @property
    def region(self) -> str:
        """The service's region."""
        return self.backend.region

    @property
    def pool_id(self) -> str:
        """This test's user pool id."""
        return self.pool.pool_id

    @property
    def client_id(self) -> str:
        """The current app client's id (see :meth:`use_client`)."""
        return self.client.client_id

    @property
    def client_secret(self) -> str | None:
        """The current app client's secret, or None when it has none."""
        return self.client.secret

    @property
    def issuer(self) -> str:
        """The ``iss`` of this pool's tokens: ``<endpoint_url>/<pool_id>``; JWKS below it."""
        return self.backend.issuer(self.pool.pool_id)

    @property
    def django_settings(self) -> dict[str, Any]:
        """The ``COGNITO_CHALLENGE_*`` settings that point the app at this pool and client.

        With pytest-django the ``cognito`` fixture applies them to ``settings`` itself, and
        again whenever :meth:`use_client` changes the client.
        """
        return {
            "COGNITO_CHALLENGE_REGION": self.region,
            "COGNITO_CHALLENGE_USER_POOL_ID": self.pool_id,
            "COGNITO_CHALLENGE_CLIENT_ID": self.client_id,
            "COGNITO_CHALLENGE_CLIENT_SECRET": self.client_secret,
            "COGNITO_CHALLENGE_ENDPOINT_URL": self.endpoint_url,
            "COGNITO_CHALLENGE_ISSUER": self.issuer,
        }

    def boto3_client(self, **config: Any):
        """Return a boto3 ``cognito-idp`` client for this service that never retries.

        :param config: options for :class:`botocore.config.Config`, such as
            ``read_timeout=0.5`` for a test of :meth:`hang_next`.
        """
        return local_boto3_client(self.endpoint_url, self.region, **config)

    # -- shaping the pool -----------------------------------------------------------------

    def configure_pool(self, **changes: Any) -> Pool:
        """Change this pool's settings, by :class:`~.models.Pool` field name.

        The ones a test uses: ``mfa_configuration`` (``"OFF"``, ``"ON"``, ``"OPTIONAL"``),
        ``enabled_mfa_factors``, ``device_configuration`` (a
        :class:`~.models.DeviceConfiguration`, or None), ``password_policy`` (a
        :class:`~.models.PasswordPolicy`), ``required_attributes``, ``custom_attributes``
        (names without ``custom:``: ``("tenant",)`` declares ``custom:tenant``),
        ``username_attributes``, ``alias_attributes``, ``auto_verified_attributes``
        (``("email",)``: SignUp emails a confirmation code), ``case_sensitive``,
        ``allowed_first_auth_factors`` (``"PASSWORD"``, ``"EMAIL_OTP"``, ``"SMS_OTP"``,
        ``"WEB_AUTHN"``), ``webauthn`` (a :class:`~.models.WebAuthnConfiguration`; or
        :meth:`configure_webauthn`), ``lockout_threshold``, ``allow_admin_create_user_only``
        (True: SignUp is refused with "SignUp is not permitted for this user pool"),
        ``signing_key`` and ``key_id``. Triggers: :meth:`set_triggers`.

        :raises TypeError: for a name that is no field of the pool.
        :raises ValueError: for custom attribute names given with their prefix.
        """
        names = {f.name for f in fields(Pool)}
        for name, value in changes.items():
            if name not in names:
                raise TypeError(f"Pool has no setting {name!r}")
            if name == "custom_attributes":
                value = schema.custom_names(value)
            setattr(self.pool, name, value)
        return self.pool

    def use_client(self, **options: Any) -> AppClient:
        """Make a new app client of this pool the one the fixture, and the app, use.

        :param options: :class:`~.models.AppClient` fields, and ``generate_secret=True`` for a
            client with a secret (so every call needs ``SECRET_HASH``); for instance
            ``prevent_user_existence_errors="LEGACY"``, ``explicit_auth_flows=(...)``,
            ``auth_session_validity_minutes``, ``refresh_token_rotation=True``,
            ``enable_token_revocation=False``. Every flow is allowed unless
            ``explicit_auth_flows`` says otherwise.
        """
        options.setdefault("explicit_auth_flows", ALL_FLOWS)
        self.client = self.backend.create_client(self.pool_id, "test-client", **options)
        if self._django_settings is not None:
            self.bind_django_settings(self._django_settings)
        return self.client

    def apply_seed(self, seed: dict[str, Any]) -> None:
        """Give this pool a seed's rules (MFA, attributes, devices), groups and users.

        The seed's ``pool.id``, ``pool.name`` and ``client`` are ignored: the pool and client
        stay this test's.

        :param seed: a seed as :func:`~.seed.read_seed` returns it (see
            :data:`~.seed.SEED_FORMAT`).
        :raises ~.seed.SeedError: for a seed that does not follow the format.
        """
        validate_seed(seed)
        options = pool_options(seed.get("pool") or {})
        options.pop("name", None)
        options.pop("pool_id", None)
        self.configure_pool(**options)
        add_seed_groups(self.backend, self.pool_id, seed.get("groups") or [])
        add_seed_users(self.backend, self.pool_id, seed.get("users") or [])

    # -- users ----------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str | None = DEFAULT_PASSWORD,
        *,
        temporary: bool = False,
        attributes: dict[str, str] | None = None,
        groups: tuple[str, ...] = (),
        totp_secret: str | None = None,
        sms: bool = False,
        email_mfa: bool = False,
        preferred_mfa: str | None = None,
        webauthn_mfa: bool = False,
        **state: Any,
    ) -> User:
        """Add a user in any state, without the password policy or any message sent.

        :param username: the username.
        :param password: the password, ``Demo-Pass-1!`` unless given; None for a user
            without one.
        :param temporary: the password is temporary: signing in answers
            ``NEW_PASSWORD_REQUIRED``.
        :param attributes: attribute names and values. Standard attributes only, and the
            custom ones this pool declares: call
            ``configure_pool(custom_attributes=("tenant",))`` before writing
            ``{"custom:tenant": ...}``. Any other name raises
            :class:`~.schema.AttributeNotInSchema`, as AdminCreateUser would refuse it.
        :param groups: the user's groups; a group the pool lacks is created.
        :param totp_secret: a base32 secret (``totp.new_secret()``) enables TOTP MFA;
            :meth:`totp_code` gives its current code.
        :param sms: SMS MFA enabled; it counts only with a ``phone_number`` attribute.
        :param email_mfa: email MFA enabled; it counts only with an ``email`` attribute.
        :param preferred_mfa: ``"SMS_MFA"``, ``"SOFTWARE_TOKEN_MFA"`` or ``"EMAIL_OTP"``.
        :param webauthn_mfa: WebAuthn MFA turned on: where the pool's MFA is ON and its
            passkeys are MULTI_FACTOR_WITH_USER_VERIFICATION, the user may sign in with a
            passkey alone (give one with :meth:`add_passkey`).
        :param state: other :class:`~.models.User` fields: ``status`` (``"CONFIRMED"``,
            ``"FORCE_CHANGE_PASSWORD"``, ``"RESET_REQUIRED"``, ``"UNCONFIRMED"``),
            ``enabled=False``, ``failed_attempts``, ``locked_until``.
        :raises ~.schema.AttributeNotInSchema: for an attribute the pool's schema lacks.
        """
        return self.backend.add_user(
            self.pool_id, username, password, temporary=temporary, attributes=attributes,
            groups=groups, totp_secret=totp_secret, totp_enabled=bool(totp_secret),
            sms_mfa_enabled=sms, email_mfa_enabled=email_mfa, preferred_mfa=preferred_mfa,
            webauthn_mfa_enabled=webauthn_mfa, **state,
        )

    def user(self, username: str) -> User:
        """Return the stored user, found by username or by an alias the pool allows."""
        return self.backend.user(self.pool_id, username)

    def totp_code(self, username: str) -> str:
        """Return the code the user's authenticator shows now (the next one if this was used).

        :raises ValueError: when the user has no TOTP secret, set up or pending.
        """
        user = self.user(username)
        secret = user.totp_secret or user.pending_totp_secret
        if not secret:
            raise ValueError(f"{username} has no TOTP secret")
        step = totp.current_step(self.backend.now())
        while step in user.used_totp_steps:
            step += 1
        return totp.code_at_step(secret, step)

    def outbox(self, username: str | None = None) -> list[dict[str, Any]]:
        """Return the SMS and email messages this pool sent, oldest first.

        :param username: only that user's messages.
        :returns: dicts with ``username``, ``medium`` (``SMS`` or ``EMAIL``),
            ``destination``, ``code``, ``purpose`` (``MFA``, ``MFA_SETUP``, ``SIGN_IN``,
            ``FORGOT_PASSWORD``, ``SIGN_UP``), ``pool_id`` and ``sent_at``.
        """
        messages = self.backend.outbox_json(username)
        return [m for m in messages if m["pool_id"] == self.pool_id]

    def last_code(self, username: str) -> str:
        """Return the code of the last message sent to the user.

        :raises LookupError: when none was sent.
        """
        messages = self.outbox(username)
        if not messages:
            raise LookupError(f"no code was sent to {username}")
        return messages[-1]["code"]

    def close(self) -> None:
        """Reset the clock and faults and remove this pool (the fixture does it after a test)."""
        self.backend.clock.reset()
        self.backend.faults.clear()
        self.backend.pools.pop(self.pool_id, None)
        jwks.forget_keys()  # the app's keys parsed from this pool's key set
