"""The seed file's format, declared as data: what the docs render and what the loader enforces.

``SEED_FORMAT`` lists every section of a seed and every key a section takes. A ``type`` is
read by people and by :func:`validate_seed` alike:

* ``string``, ``string or null``, ``boolean``, ``integer``;
* ``A | B | C``: one of those strings;
* ``list of strings``, ``list of A | B | C``;
* ``object of strings``: names to string values (a user's attributes);
* ``object``: a nested section, whose path is the key's path (``pool.password_policy``).

A path ending in ``[]`` is a list of objects (``users[]``); a section without keys is a
list of strings (``groups``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import schema

REQUIRED = "(required)"


class SeedError(ValueError):
    """A seed that does not follow ``SEED_FORMAT``; the message names the place."""

    def __init__(self, position: str, problem: str) -> None:
        super().__init__(f"{position}: {problem}" if position else problem)
        self.position = position
        self.problem = problem


@dataclass(frozen=True)
class SeedKey:
    """One key of a seed section."""

    name: str
    type: str
    default: str
    meaning: str


@dataclass(frozen=True)
class SeedSection:
    """A part of a seed: ``pool``, ``users[]``, ``users[].mfa`` and so on."""

    path: str
    meaning: str
    keys: tuple[SeedKey, ...] = ()


_K = SeedKey
_FLOWS = ("ALLOW_USER_SRP_AUTH | ALLOW_USER_PASSWORD_AUTH | ALLOW_REFRESH_TOKEN_AUTH | "
         "ALLOW_CUSTOM_AUTH | ALLOW_USER_AUTH")
_MFA_FACTORS = "SMS_MFA | SOFTWARE_TOKEN_MFA | EMAIL_OTP"

SEED_FORMAT: tuple[SeedSection, ...] = (
    SeedSection("pool", "The user pool.", (
        _K("id", "string", "random: <region>_ and 9 letters",
          "The pool id; its prefix is the region the start-up text reports."),
        _K("name", "string", "local-pool", "The pool's name."),
        _K("mfa_configuration", "OFF | ON | OPTIONAL", "OFF",
          "MFA off, required of every user, or used by the users who set it up."),
        _K("required_attributes", "list of strings", "none",
          "Standard attributes every user must have; a user without one is asked for it "
          "in NEW_PASSWORD_REQUIRED."),
        _K("custom_attributes", "list of strings", "none",
          'Custom attributes the pool declares, without the prefix: "tenant" declares '
          "custom:tenant. A user may carry only declared ones."),
        _K("password_policy", "object", "see pool.password_policy", "The password policy."),
        _K("device_configuration", "object", "none: devices are not tracked",
          "Remembered devices."),
        _K("username_attributes", "list of email | phone_number", "none",
          "Attributes users sign in with in place of a username."),
        _K("alias_attributes", "list of email | phone_number | preferred_username", "none",
          "Verified attributes users may also sign in with."),
        _K("auto_verified_attributes", "list of email | phone_number", "none: SignUp sends no code",
          "Attributes SignUp sends its confirmation code to (the phone number when a user gives "
          "both); ConfirmSignUp with the code verifies it. Without one, signed-up users stay "
          "UNCONFIRMED."),
        _K("allow_admin_create_user_only", "boolean", "false: people may sign themselves up",
          "Only administrators create users (AdminCreateUserConfig.AllowAdminCreateUserOnly): "
          "SignUp is refused with NotAuthorizedException."),
        _K("allowed_first_auth_factors", "list of PASSWORD | EMAIL_OTP | SMS_OTP | WEB_AUTHN",
          "PASSWORD", "The first factors USER_AUTH offers."),
        _K("webauthn_relying_party_id", "string or null", "none: passkeys cannot be registered",
          "The domain passkeys belong to (WebAuthnConfiguration.RelyingPartyId): pages on it "
          "or a subdomain over HTTPS, or on http://localhost when it is localhost."),
        _K("webauthn_user_verification", "preferred | required", "preferred",
          "Whether passkeys must verify the user (WebAuthnConfiguration.UserVerification)."),
        _K("webauthn_factor_configuration",
          "SINGLE_FACTOR | MULTI_FACTOR_WITH_USER_VERIFICATION", "SINGLE_FACTOR",
          "MULTI_FACTOR_WITH_USER_VERIFICATION lets a user-verified passkey satisfy MFA, so "
          "users with WebAuthn MFA on may sign in with one where MFA is ON."),
        _K("enabled_mfa_factors", f"list of {_MFA_FACTORS}", "all three",
          "The MFA factors the pool allows."),
    )),
    SeedSection("pool.device_configuration", "How the pool remembers devices.", (
        _K("challenge_required_on_new_device", "boolean", "true",
          "A remembered device replaces the MFA code (ChallengeRequiredOnNewDevice)."),
        _K("device_only_remembered_on_user_prompt", "boolean", "true",
          "A device is remembered only when the user agrees (DeviceOnlyRememberedOnUserPrompt)."),
    )),
    SeedSection("pool.password_policy", "What a new password must be.", (
        _K("minimum_length", "integer", "8", "The fewest characters."),
        _K("require_uppercase", "boolean", "true", "At least one upper-case letter."),
        _K("require_lowercase", "boolean", "true", "At least one lower-case letter."),
        _K("require_numbers", "boolean", "true", "At least one digit."),
        _K("require_symbols", "boolean", "true", "At least one symbol."),
        _K("temporary_password_validity_days", "integer", "7",
          "Days a temporary password can be used."),
    )),
    SeedSection("client", "The app client the site signs in through.", (
        _K("id", "string", "random: 26 characters", "The client id."),
        _K("name", "string", "local-client", "The client's name."),
        _K("secret", "string or null", "none",
          "The client secret; with one, every call needs SECRET_HASH."),
        _K("generate_secret", "boolean", "false", "Make up a client secret when none is given."),
        _K("explicit_auth_flows", f"list of {_FLOWS}", "all five",
          "The sign-in flows the client allows."),
        _K("auth_session_validity_minutes", "integer", "3",
          "Minutes a challenge's Session lasts (AWS allows 3 to 15)."),
        _K("access_token_validity_seconds", "integer", "3600", "Lifetime of access tokens."),
        _K("id_token_validity_seconds", "integer", "3600", "Lifetime of ID tokens."),
        _K("refresh_token_validity_seconds", "integer", "2592000 (30 days)",
          "Lifetime of refresh tokens."),
        _K("prevent_user_existence_errors", "ENABLED | LEGACY", "ENABLED",
          "ENABLED hides whether a username exists; LEGACY answers UserNotFoundException."),
        _K("enable_token_revocation", "boolean", "true", "RevokeToken is allowed."),
        _K("enable_propagate_user_context", "boolean", "false",
          "EnablePropagateAdditionalUserContextData."),
        _K("refresh_token_rotation", "boolean", "false",
          "Each refresh returns a new refresh token (GetTokensFromRefreshToken)."),
        _K("rotation_grace_seconds", "integer", "0",
          "Seconds a rotated refresh token still works."),
    )),
    SeedSection("groups", "Names of the groups to create: a list of strings. A user's "
                "groups are created too when this list lacks them."),
    SeedSection("users[]", "The users, one object each.", (
        _K("username", "string", REQUIRED, "The username."),
        _K("password", "string or null", "none: no password",
          "The password, taken as is: the password policy does not apply."),
        _K("temporary", "boolean", "false",
          "The password is temporary: signing in asks for a new one (NEW_PASSWORD_REQUIRED)."),
        _K("attributes", "object of strings", "none",
          "Attribute names and values: standard attributes, or custom:<name> for a name in "
          "pool.custom_attributes."),
        _K("groups", "list of strings", "none", "The groups the user is in."),
        _K("mfa", "object", "none: no MFA", "The user's MFA factors."),
        _K("enabled", "boolean", "true", "False disables the account."),
        _K("description", "string", "none",
          "What signing in as this user shows; serve prints it beside the password."),
    )),
    SeedSection("users[].mfa", "The MFA factors a user has set up.", (
        _K("totp_secret", "string or null", "none",
          "The base32 secret of the user's authenticator app; enables TOTP MFA."),
        _K("sms", "boolean", "false", "SMS MFA; needs a phone_number attribute."),
        _K("email", "boolean", "false", "Email MFA; needs an email attribute."),
        _K("preferred", _MFA_FACTORS, "none", "The factor asked for when the user has several."),
        _K("webauthn", "boolean", "false",
          "WebAuthn MFA (WebAuthnMfaSettings): a passkey may stand for MFA where the pool's "
          "passkeys are MULTI_FACTOR_WITH_USER_VERIFICATION."),
    )),
)

SECTIONS = {section.path: section for section in SEED_FORMAT}


def validate_seed(seed: Any) -> None:
    """Refuse a seed with an unknown key, a wrong type or a missing required key."""
    if not isinstance(seed, dict):
        raise SeedError("", f"a seed is a JSON object, not {_json_type(seed)}")
    roots = {path.removesuffix("[]"): path for path in SECTIONS if "." not in path}
    for name, value in seed.items():
        path = roots.get(name)
        if path is None:
            raise SeedError("", f"unknown key {name!r} (known: {', '.join(roots)})")
        if path.endswith("[]"):
            _check_value("list", value, name)
            for index, item in enumerate(value):
                _check_section(item, path, f"{name}[{index}]")
        elif SECTIONS[path].keys:
            _check_section(value, path, name)
        else:
            _check_value("list of strings", value, name)
    _check_pool_schema(seed.get("pool") or {})


def _check_section(given: Any, path: str, position: str) -> None:
    _check_value("object", given, position)
    keys = {key.name: key for key in SECTIONS[path].keys}
    for name, value in given.items():
        key = keys.get(name)
        if key is None:
            raise SeedError(position, f"unknown key {name!r} (known: {', '.join(keys)})")
        if key.type == "object":
            _check_section(value, f"{path}.{name}", f"{position}.{name}")
        else:
            _check_value(key.type, value, f"{position}.{name}")
    for key in keys.values():
        if key.default == REQUIRED and key.name not in given:
            raise SeedError(position, f"missing required key {key.name!r}")


_PLAIN = {
    "string": lambda value: isinstance(value, str),
    "string or null": lambda value: value is None or isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "list": lambda value: isinstance(value, list),
}


def _check_value(kind: str, value: Any, position: str) -> None:
    if kind.startswith("list of "):
        _check_value("list", value, position)
        item_kind = kind.removeprefix("list of ")
        for index, item in enumerate(value):
            _check_value("string" if item_kind == "strings" else item_kind, item,
                         f"{position}[{index}]")
    elif kind == "object of strings":
        _check_value("object", value, position)
        for name, item in value.items():
            _check_value("string", item, f"{position}.{name}")
    elif " | " in kind:
        if value not in kind.split(" | "):
            raise SeedError(position, f"must be one of {kind}, not {value!r}")
    elif not _PLAIN[kind](value):
        raise SeedError(position, f"must be {_a(kind)}, not {_json_type(value)}")


def understood(kind: str) -> bool:
    """Tell whether :func:`validate_seed` can check values of the type ``kind``."""
    kind = kind.removeprefix("list of ")
    return kind in _PLAIN or kind in ("strings", "object of strings") or " | " in kind


def _check_pool_schema(pool: dict[str, Any]) -> None:
    for index, name in enumerate(pool.get("required_attributes") or ()):
        if name not in schema.STANDARD_ATTRIBUTES:
            raise SeedError(f"pool.required_attributes[{index}]",
                            f"{name!r} is not a standard attribute (custom ones cannot be "
                            "required)")
    try:
        schema.custom_names(pool.get("custom_attributes") or ())
    except ValueError as error:
        raise SeedError("pool.custom_attributes", str(error)) from error


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _json_type(value: Any) -> str:
    names = {type(None): "null", bool: "a boolean", int: "a number", float: "a number",
             str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)
