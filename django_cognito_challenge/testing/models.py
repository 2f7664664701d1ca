"""The state a local user pool keeps: pools, app clients, users, devices, tokens."""

from __future__ import annotations

import secrets
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from .keys import SigningKey

_ALNUM = string.ascii_letters + string.digits

MFA_FACTORS = ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP")


def random_id(length: int, alphabet: str = _ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


@dataclass
class PasswordPolicy:
    minimum_length: int = 8
    require_uppercase: bool = True
    require_lowercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    temporary_password_validity_days: int = 7


@dataclass
class DeviceConfiguration:
    challenge_required_on_new_device: bool = True
    device_only_remembered_on_user_prompt: bool = True


@dataclass
class WebAuthnConfiguration:
    """The pool's passkey settings (botocore's ``WebAuthnConfigurationType``)."""

    relying_party_id: str | None = None
    user_verification: str = "preferred"  # required | preferred
    factor_configuration: str = "SINGLE_FACTOR"  # | MULTI_FACTOR_WITH_USER_VERIFICATION


@dataclass
class PasskeyCredential:
    """A registered passkey: what ListWebAuthnCredentials shows, and its public key."""

    credential_id: str  # base64url, as the browser sends it
    public_key: bytes  # COSE_Key
    sign_count: int
    relying_party_id: str
    friendly_name: str
    created_at: float
    attachment: str | None = None
    transports: tuple[str, ...] = ()


@dataclass
class AppClient:
    client_id: str
    pool_id: str
    name: str
    secret: str | None = None
    explicit_auth_flows: tuple[str, ...] = (
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_CUSTOM_AUTH",
    )
    auth_session_validity_minutes: int = 3
    access_token_validity_seconds: int = 3600
    id_token_validity_seconds: int = 3600
    refresh_token_validity_seconds: int = 30 * 24 * 3600
    prevent_user_existence_errors: str = "ENABLED"
    enable_token_revocation: bool = True
    enable_propagate_user_context: bool = False
    refresh_token_rotation: bool = False
    rotation_grace_seconds: int = 0
    created_at: float = 0.0

    def allows(self, explicit_flow: str) -> bool:
        return explicit_flow in self.explicit_auth_flows


@dataclass
class Device:
    key: str
    group_key: str
    salt_hex: str = ""
    verifier: int = 0
    confirmed: bool = False
    name: str | None = None
    remembered: str | None = None  # "remembered" | "not_remembered" | None (not asked yet)
    created_at: float = 0.0
    modified_at: float = 0.0
    last_authenticated_at: float | None = None
    last_ip: str | None = None


@dataclass
class PendingCode:
    """A code sent by SMS or email and not yet given back: what it is, until when, where to."""

    code: str
    expires_at: float
    medium: str  # SMS | EMAIL


@dataclass
class User:
    username: str
    sub: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: str = "CONFIRMED"  # CONFIRMED | FORCE_CHANGE_PASSWORD | RESET_REQUIRED | UNCONFIRMED
    enabled: bool = True
    attributes: dict[str, str] = field(default_factory=dict)
    srp_salt_hex: str = ""
    srp_verifier: int = 0
    password_digest: bytes = b""  # HMAC-SHA256(salt, password): a cheap USER_PASSWORD_AUTH check
    temporary_password_expires_at: float | None = None
    created_at: float = 0.0
    modified_at: float = 0.0
    sms_mfa_enabled: bool = False
    email_mfa_enabled: bool = False
    totp_enabled: bool = False
    totp_secret: str | None = None
    totp_device_name: str | None = None  # VerifySoftwareToken's FriendlyDeviceName
    pending_totp_secret: str | None = None
    preferred_mfa: str | None = None
    used_totp_steps: set[int] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    failed_attempts: int = 0
    locked_until: float = 0.0
    devices: dict[str, Device] = field(default_factory=dict)
    device_group_key: str = field(default_factory=lambda: "-" + random_id(8))
    tokens_valid_after: float = 0.0
    reset_code: PendingCode | None = None  # the last ForgotPassword code; only it is valid
    sign_up_code: PendingCode | None = None  # the last SignUp / ResendConfirmationCode code
    passkeys: dict[str, PasskeyCredential] = field(default_factory=dict)  # by credential id
    passkeys_made: int = 0  # how many were ever registered: the next friendly name's number
    webauthn_mfa_enabled: bool = False
    # The pending StartWebAuthnRegistration challenge and when it lapses; one at a time.
    webauthn_challenge: tuple[str, float] | None = None

    @property
    def has_password(self) -> bool:
        return bool(self.srp_salt_hex)

    def enabled_mfa(self) -> list[str]:
        """Return the MFA factors this user has set up, in Cognito's order."""
        enabled = []
        if self.sms_mfa_enabled and self.attributes.get("phone_number"):
            enabled.append("SMS_MFA")
        if self.totp_enabled and self.totp_secret:
            enabled.append("SOFTWARE_TOKEN_MFA")
        if self.email_mfa_enabled and self.attributes.get("email"):
            enabled.append("EMAIL_OTP")
        return enabled


@dataclass
class Group:
    name: str
    description: str = ""
    precedence: int | None = None
    created_at: float = 0.0


TriggerFn = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class Pool:
    pool_id: str
    name: str
    # Two keys, as AWS's JWKS lists: ``signing_key`` (``key_id``) signs ID tokens, keys[0];
    # ``access_key`` signs access tokens, keys[1] (awsdocs/amazon-cognito-developer-guide#22).
    signing_key: rsa.RSAPrivateKey
    key_id: str
    access_key: SigningKey = field(default_factory=SigningKey)
    mfa_configuration: str = "OFF"  # OFF | ON | OPTIONAL
    enabled_mfa_factors: tuple[str, ...] = MFA_FACTORS
    password_policy: PasswordPolicy = field(default_factory=PasswordPolicy)
    device_configuration: DeviceConfiguration | None = None
    required_attributes: tuple[str, ...] = ()
    custom_attributes: tuple[str, ...] = ()  # declared without "custom:": ("tenant",)
    username_attributes: tuple[str, ...] = ()  # e.g. ("email",): sign in with email
    alias_attributes: tuple[str, ...] = ()
    auto_verified_attributes: tuple[str, ...] = ()  # SignUp sends its code to one of these
    case_sensitive: bool = True
    allowed_first_auth_factors: tuple[str, ...] = ("PASSWORD",)
    webauthn: WebAuthnConfiguration = field(default_factory=WebAuthnConfiguration)
    lockout_threshold: int = 5
    # AdminCreateUserConfig.AllowAdminCreateUserOnly: SignUp is refused, AdminCreateUser is not.
    allow_admin_create_user_only: bool = False
    # Lambda triggers as Python callables, by LambdaConfigType name (flows/triggers.py).
    triggers: dict[str, TriggerFn] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    clients: dict[str, AppClient] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    # Recent ForgotPassword / ConfirmForgotPassword / ChangePassword calls, by "<op>:<name>".
    attempt_log: dict[str, list[float]] = field(default_factory=dict)
    created_at: float = 0.0
    modified_at: float = 0.0

    @property
    def srp_pool_name(self) -> str:
        """The part of the pool id after the underscore, used in SRP hashes."""
        return self.pool_id.split("_", 1)[1]

    def user_key(self, username: str) -> str:
        return username if self.case_sensitive else username.lower()

    def find_user(self, name: str) -> User | None:
        """Find a user by username, or by a sign-in alias the pool allows."""
        user = self.users.get(self.user_key(name))
        if user is not None:
            return user
        for candidate in self.users.values():
            if _signs_in_with(self, candidate, name):
                return candidate
        return None


def _signs_in_with(pool: Pool, user: User, name: str) -> bool:
    for attribute in pool.username_attributes:
        if user.attributes.get(attribute, "").lower() == name.lower():
            return True
    return any(holds_alias(user, attribute, name) for attribute in pool.alias_attributes)


def holds_alias(user: User, attribute: str, value: str) -> bool:
    """True when ``user`` signs in with ``value`` as its verified ``attribute`` (an alias)."""
    return (user.attributes.get(f"{attribute}_verified") == "true"
            and user.attributes.get(attribute, "").lower() == value.lower())


@dataclass
class RefreshToken:
    token: str
    pool_id: str
    client_id: str
    username: str
    device_key: str | None
    origin_jti: str
    issued_at: float
    expires_at: float
    auth_time: int
    revoked: bool = False
    rotated_at: float | None = None


@dataclass
class OutboxMessage:
    pool_id: str
    username: str
    medium: str  # SMS | EMAIL
    destination: str
    code: str
    purpose: str
    sent_at: float

    def as_json(self) -> dict[str, Any]:
        return {
            "pool_id": self.pool_id,
            "username": self.username,
            "medium": self.medium,
            "destination": self.destination,
            "code": self.code,
            "purpose": self.purpose,
            "sent_at": self.sent_at,
        }
