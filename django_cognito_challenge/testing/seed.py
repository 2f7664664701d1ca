"""Load a pool, its app client, groups and users from a JSON seed file.

The format is declared as data in :data:`SEED_FORMAT` (every section, key, type and default);
:func:`read_seed` and :func:`apply_seed` refuse anything else with a :class:`SeedError` that
names the place, such as ``users[2].mfa: unknown key 'totp'``. The package's own
``demo_seed.json`` is an example of every section.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .backend import LocalCognito
from .errors import ServiceError
from .models import (
    AppClient,
    DeviceConfiguration,
    PasswordPolicy,
    Pool,
    User,
    WebAuthnConfiguration,
)
from .schema import AttributeNotInSchema
from .seed_format import SEED_FORMAT, SeedError, SeedKey, SeedSection, validate_seed

__all__ = [
    "ALL_FLOWS", "DEMO_SEED", "SEED_FORMAT", "SeedError", "SeedKey", "SeedSection", "Seeded",
    "add_seed_user", "add_seed_users", "apply_seed", "pool_options", "read_seed",
    "validate_seed",
]

DEMO_SEED = "demo_seed.json"
ALL_FLOWS = (
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_AUTH",
)
_POOL_LISTS = ("username_attributes", "alias_attributes", "allowed_first_auth_factors",
               "enabled_mfa_factors", "custom_attributes", "auto_verified_attributes")


@dataclass(frozen=True)
class Seeded:
    """What :func:`apply_seed` made: the pool, its client, and the seed's users as given."""

    pool: Pool
    client: AppClient
    users: list[dict[str, Any]]


def read_seed(path: str | Path | None = None) -> dict[str, Any]:
    """Read and check a seed file; without a path, the demo users shipped with the package."""
    if path is None:
        name, text = DEMO_SEED, resources.files(__package__).joinpath(DEMO_SEED).read_text()
    else:
        name, text = str(path), Path(path).read_text()
    try:
        seed = json.loads(text)
        validate_seed(seed)
    except json.JSONDecodeError as error:
        raise SeedError(name, f"not JSON: {error}") from error
    except SeedError as error:
        raise SeedError(f"{name}: {error.position}" if error.position else name,
                        error.problem) from error
    return seed


def apply_seed(cognito: LocalCognito, seed: dict[str, Any]) -> Seeded:
    """Create the seed's pool, client, groups and users in ``cognito``."""
    validate_seed(seed)
    pool = cognito.create_pool(**pool_options(seed.get("pool") or {}))
    client = cognito.create_client(pool.pool_id, **_client_options(seed.get("client") or {}))
    add_seed_groups(cognito, pool.pool_id, seed.get("groups") or [])
    users = seed.get("users") or []
    add_seed_users(cognito, pool.pool_id, users)
    return Seeded(pool, client, users)


def pool_options(given: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :meth:`LocalCognito.create_pool` from a seed's ``pool``."""
    options: dict[str, Any] = {
        "name": given.get("name", "local-pool"),
        "pool_id": given.get("id"),
        "mfa_configuration": given.get("mfa_configuration", "OFF"),
        "required_attributes": tuple(given.get("required_attributes") or ()),
        "password_policy": PasswordPolicy(**(given.get("password_policy") or {})),
    }
    if "allow_admin_create_user_only" in given:
        options["allow_admin_create_user_only"] = given["allow_admin_create_user_only"]
    if "device_configuration" in given:
        options["device_configuration"] = DeviceConfiguration(**given["device_configuration"])
    for key in _POOL_LISTS:
        if key in given:
            options[key] = tuple(given[key])
    if any(key.startswith("webauthn_") for key in given):
        options["webauthn"] = WebAuthnConfiguration(
            relying_party_id=given.get("webauthn_relying_party_id"),
            user_verification=given.get("webauthn_user_verification", "preferred"),
            factor_configuration=given.get("webauthn_factor_configuration", "SINGLE_FACTOR"))
    return options


def _client_options(given: dict[str, Any]) -> dict[str, Any]:
    options = dict(given)
    options["client_id"] = options.pop("id", None)
    options["explicit_auth_flows"] = tuple(options.get("explicit_auth_flows") or ALL_FLOWS)
    return options


def add_seed_groups(cognito: LocalCognito, pool_id: str, groups: list[str]) -> None:
    """Create a seed's groups, naming the one a pool already has."""
    for index, group in enumerate(groups):
        try:
            cognito.create_group(pool_id, group)
        except ServiceError as error:
            raise SeedError(f"groups[{index}]", f"{group!r}: {error.message}") from error


def add_seed_users(cognito: LocalCognito, pool_id: str, users: list[dict[str, Any]]) -> None:
    """Add a seed's users; a refusal names the user's place in the seed."""
    for index, given in enumerate(users):
        try:
            add_seed_user(cognito, pool_id, given)
        except AttributeNotInSchema as error:
            raise SeedError(f"users[{index}].attributes", str(error)) from error
        except ServiceError as error:
            raise SeedError(f"users[{index}]", f"{given['username']!r}: {error}") from error


def add_seed_user(cognito: LocalCognito, pool_id: str, given: dict[str, Any]) -> User:
    """Add one user from a seed's ``users[]`` entry."""
    mfa = given.get("mfa") or {}
    return cognito.add_user(
        pool_id,
        given["username"],
        given.get("password"),
        temporary=given.get("temporary", False),
        attributes=given.get("attributes") or {},
        groups=tuple(given.get("groups") or ()),
        totp_secret=mfa.get("totp_secret"),
        totp_enabled=bool(mfa.get("totp_secret")),
        sms_mfa_enabled=bool(mfa.get("sms")),
        email_mfa_enabled=bool(mfa.get("email")),
        preferred_mfa=mfa.get("preferred"),
        webauthn_mfa_enabled=bool(mfa.get("webauthn")),
        enabled=given.get("enabled", True),
    )
