"""Load a pool, its app client, groups and users from a JSON seed file.

The format (every key but ``users`` optional)::

    {
      "pool": {"id": "us-east-1_Demo", "name": "demo", "mfa_configuration": "ON",
               "required_attributes": ["name"],
               "device_configuration": {"challenge_required_on_new_device": true,
                                        "device_only_remembered_on_user_prompt": true}},
      "client": {"id": "democlient", "name": "demo-site", "secret": null,
                 "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]},
      "groups": ["admins"],
      "users": [{"username": "totp-user", "password": "Demo-Pass-1!", "temporary": false,
                 "attributes": {"email": "totp@example.com"},
                 "mfa": {"totp_secret": "JBSW...", "sms": false, "email": false,
                         "preferred": "SOFTWARE_TOKEN_MFA"},
                 "groups": ["admins"], "description": "TOTP code"}]
    }
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .backend import LocalCognito
from .models import AppClient, DeviceConfiguration, PasswordPolicy, Pool

DEMO_SEED = "demo_seed.json"
ALL_FLOWS = (
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_AUTH",
)


@dataclass(frozen=True)
class Seeded:
    pool: Pool
    client: AppClient
    users: list[dict[str, Any]]


def read_seed(path: str | Path | None = None) -> dict[str, Any]:
    """Read a seed file; without a path, the demo users shipped with the package."""
    if path is None:
        return json.loads(resources.files(__package__).joinpath(DEMO_SEED).read_text())
    return json.loads(Path(path).read_text())


def apply_seed(cognito: LocalCognito, seed: dict[str, Any]) -> Seeded:
    pool = cognito.create_pool(**pool_options(seed.get("pool") or {}))
    client = cognito.create_client(pool.pool_id, **_client_options(seed.get("client") or {}))
    for group in seed.get("groups") or []:
        cognito.create_group(pool.pool_id, group)
    users = seed.get("users") or []
    for user in users:
        add_seed_user(cognito, pool.pool_id, user)
    return Seeded(pool, client, users)


def pool_options(given: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {
        "name": given.get("name", "local-pool"),
        "pool_id": given.get("id"),
        "mfa_configuration": given.get("mfa_configuration", "OFF"),
        "required_attributes": tuple(given.get("required_attributes") or ()),
        "password_policy": PasswordPolicy(**(given.get("password_policy") or {})),
    }
    if given.get("device_configuration") is not None:
        options["device_configuration"] = DeviceConfiguration(**given["device_configuration"])
    for key in ("username_attributes", "alias_attributes", "allowed_first_auth_factors",
                "enabled_mfa_factors"):
        if key in given:
            options[key] = tuple(given[key])
    return options


def _client_options(given: dict[str, Any]) -> dict[str, Any]:
    options = dict(given)
    options["client_id"] = options.pop("id", None)
    options["explicit_auth_flows"] = tuple(options.get("explicit_auth_flows") or ALL_FLOWS)
    return options


def add_seed_user(cognito: LocalCognito, pool_id: str, given: dict[str, Any]):
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
        enabled=given.get("enabled", True),
    )
