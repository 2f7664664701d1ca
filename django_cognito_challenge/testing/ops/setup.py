"""Set-up operations: pools, app clients, groups and users, as an administrator makes them."""

from __future__ import annotations

import secrets
from typing import Any

from .. import passwords, schema
from ..errors import ServiceError, invalid_parameter
from ..flows import pre_sign_up, triggers
from ..flows.access import revoke_everything
from ..models import DeviceConfiguration, PasswordPolicy, Pool
from ..registry import operation
from .account import user_description

DEFAULT_FLOWS = ("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH")
SUB_SCHEMA = {"Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
              "Mutable": False, "Required": True,
              "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"}}


@operation("CreateUserPool")
def create_user_pool(cognito, request: dict[str, Any]) -> dict[str, Any]:
    policies = request.get("Policies") or {}
    required, custom = schema.from_create_request(request.get("Schema") or [])
    options: dict[str, Any] = {
        "mfa_configuration": request.get("MfaConfiguration", "OFF"),
        "password_policy": _password_policy(policies.get("PasswordPolicy") or {}),
        "device_configuration": _device_configuration(request.get("DeviceConfiguration")),
        "required_attributes": required,
        "custom_attributes": custom,
        "username_attributes": tuple(request.get("UsernameAttributes") or ()),
        "alias_attributes": tuple(request.get("AliasAttributes") or ()),
        "auto_verified_attributes": tuple(request.get("AutoVerifiedAttributes") or ()),
        "case_sensitive": (request.get("UsernameConfiguration") or {}).get("CaseSensitive", True),
        "allow_admin_create_user_only": bool(
            (request.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly")),
    }
    first_factors = (policies.get("SignInPolicy") or {}).get("AllowedFirstAuthFactors")
    if first_factors:
        options["allowed_first_auth_factors"] = tuple(first_factors)
    pool = cognito.create_pool(request.get("PoolName") or "pool", **options)
    return {"UserPool": describe_pool(cognito, pool)}


def _password_policy(given: dict[str, Any]) -> PasswordPolicy:
    return PasswordPolicy(
        minimum_length=given.get("MinimumLength", 8),
        require_uppercase=given.get("RequireUppercase", True),
        require_lowercase=given.get("RequireLowercase", True),
        require_numbers=given.get("RequireNumbers", True),
        require_symbols=given.get("RequireSymbols", True),
        temporary_password_validity_days=given.get("TemporaryPasswordValidityDays", 7),
    )


def _device_configuration(given: dict[str, Any] | None) -> DeviceConfiguration | None:
    if given is None:
        return None
    return DeviceConfiguration(
        challenge_required_on_new_device=given.get("ChallengeRequiredOnNewDevice", False),
        device_only_remembered_on_user_prompt=given.get("DeviceOnlyRememberedOnUserPrompt",
                                                        False),
    )


def describe_pool(cognito, pool: Pool) -> dict[str, Any]:
    policy = pool.password_policy
    described: dict[str, Any] = {
        "Id": pool.pool_id,
        "Name": pool.name,
        "Arn": f"arn:aws:cognito-idp:{cognito.region}:000000000000:userpool/{pool.pool_id}",
        "Policies": {"PasswordPolicy": {
            "MinimumLength": policy.minimum_length,
            "RequireUppercase": policy.require_uppercase,
            "RequireLowercase": policy.require_lowercase,
            "RequireNumbers": policy.require_numbers,
            "RequireSymbols": policy.require_symbols,
            "TemporaryPasswordValidityDays": policy.temporary_password_validity_days,
        }},
        "MfaConfiguration": pool.mfa_configuration,
        # Cognito always lists ``sub`` (SchemaAttributesListType has min 1).
        "SchemaAttributes": [SUB_SCHEMA] + [
            {"Name": name, "AttributeDataType": "String", "Mutable": True, "Required": True}
            for name in pool.required_attributes
        ] + [schema.described_custom(name) for name in pool.custom_attributes],
        "UsernameConfiguration": {"CaseSensitive": pool.case_sensitive},
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": pool.allow_admin_create_user_only},
        "LambdaConfig": triggers.lambda_config(cognito.region, pool),
        "EstimatedNumberOfUsers": len(pool.users),
        "CreationDate": pool.created_at,
        "LastModifiedDate": pool.modified_at,
    }
    if pool.username_attributes:
        described["UsernameAttributes"] = list(pool.username_attributes)
    if pool.alias_attributes:
        described["AliasAttributes"] = list(pool.alias_attributes)
    if pool.auto_verified_attributes:
        described["AutoVerifiedAttributes"] = list(pool.auto_verified_attributes)
    if pool.device_configuration is not None:
        devices = pool.device_configuration
        described["DeviceConfiguration"] = {
            "ChallengeRequiredOnNewDevice": devices.challenge_required_on_new_device,
            "DeviceOnlyRememberedOnUserPrompt": devices.device_only_remembered_on_user_prompt,
        }
    return described


@operation("DescribeUserPool")
def describe_user_pool(cognito, request: dict[str, Any]) -> dict[str, Any]:
    return {"UserPool": describe_pool(cognito, cognito.pool(request.get("UserPoolId")))}


@operation("CreateUserPoolClient")
def create_user_pool_client(cognito, request: dict[str, Any]) -> dict[str, Any]:
    rotation = request.get("RefreshTokenRotation") or {}
    units = request.get("TokenValidityUnits") or {}
    options: dict[str, Any] = {
        "explicit_auth_flows": tuple(request.get("ExplicitAuthFlows") or DEFAULT_FLOWS),
        "auth_session_validity_minutes": request.get("AuthSessionValidity", 3),
        # The API default is LEGACY (the console suggests ENABLED).
        "prevent_user_existence_errors": request.get("PreventUserExistenceErrors", "LEGACY"),
        "enable_token_revocation": request.get("EnableTokenRevocation", True),
        "enable_propagate_user_context": request.get(
            "EnablePropagateAdditionalUserContextData", False),
        "refresh_token_rotation": rotation.get("Feature") == "ENABLED",
        "rotation_grace_seconds": rotation.get("RetryGracePeriodSeconds", 0),
    }
    for field_name, key, unit_key, default_unit in (
        ("access_token_validity_seconds", "AccessTokenValidity", "AccessToken", "hours"),
        ("id_token_validity_seconds", "IdTokenValidity", "IdToken", "hours"),
        ("refresh_token_validity_seconds", "RefreshTokenValidity", "RefreshToken", "days"),
    ):
        if key in request:
            options[field_name] = request[key] * _UNIT_SECONDS[units.get(unit_key, default_unit)]
    if not 3 <= options["auth_session_validity_minutes"] <= 15:
        raise invalid_parameter("AuthSessionValidity must be between 3 and 15 minutes.")
    client = cognito.create_client(
        request.get("UserPoolId"), request.get("ClientName") or "client",
        generate_secret=bool(request.get("GenerateSecret")), **options,
    )
    return {"UserPoolClient": describe_client(client)}


_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def describe_client(client) -> dict[str, Any]:
    described = {
        "UserPoolId": client.pool_id,
        "ClientName": client.name,
        "ClientId": client.client_id,
        "CreationDate": client.created_at,
        "LastModifiedDate": client.created_at,
        "RefreshTokenValidity": client.refresh_token_validity_seconds,
        "AccessTokenValidity": client.access_token_validity_seconds,
        "IdTokenValidity": client.id_token_validity_seconds,
        "TokenValidityUnits": {"AccessToken": "seconds", "IdToken": "seconds",
                               "RefreshToken": "seconds"},
        "ExplicitAuthFlows": list(client.explicit_auth_flows),
        "PreventUserExistenceErrors": client.prevent_user_existence_errors,
        "EnableTokenRevocation": client.enable_token_revocation,
        "EnablePropagateAdditionalUserContextData": client.enable_propagate_user_context,
        "AuthSessionValidity": client.auth_session_validity_minutes,
        "RefreshTokenRotation": {
            "Feature": "ENABLED" if client.refresh_token_rotation else "DISABLED",
            "RetryGracePeriodSeconds": client.rotation_grace_seconds,
        },
    }
    if client.secret:
        described["ClientSecret"] = client.secret
    return described


@operation("DescribeUserPoolClient")
def describe_user_pool_client(cognito, request: dict[str, Any]) -> dict[str, Any]:
    pool, client = cognito.app_client(request.get("ClientId"))
    if pool.pool_id != request.get("UserPoolId"):
        raise ServiceError("ResourceNotFoundException",
                           f"User pool client {client.client_id} does not exist.")
    return {"UserPoolClient": describe_client(client)}


@operation("CreateGroup")
def create_group(cognito, request: dict[str, Any]) -> dict[str, Any]:
    group = cognito.create_group(request.get("UserPoolId"), request.get("GroupName") or "",
                                 description=request.get("Description", ""),
                                 precedence=request.get("Precedence"))
    described = {"GroupName": group.name, "UserPoolId": request["UserPoolId"],
                 "Description": group.description, "CreationDate": group.created_at,
                 "LastModifiedDate": group.created_at}
    if group.precedence is not None:
        described["Precedence"] = group.precedence
    return {"Group": described}


@operation("AdminCreateUser")
def admin_create_user(cognito, request: dict[str, Any]) -> dict[str, Any]:
    pool = cognito.pool(request.get("UserPoolId"))
    attributes = {a["Name"]: a["Value"] for a in request.get("UserAttributes") or []}
    temporary = request.get("TemporaryPassword") or _temporary_password()
    passwords.enforce_policy(pool.password_policy, temporary)
    username = request.get("Username") or ""
    schema.check_attributes(pool.custom_attributes, attributes)
    if pool.find_user(username) is not None:
        raise ServiceError("UsernameExistsException", "User account already exists")
    pre_sign_up.at_admin_create_user(cognito, pool, username, attributes, request)
    user = cognito.add_user(pool.pool_id, username, temporary, temporary=True,
                            attributes=attributes)
    return {"User": _admin_view(user)}


def _temporary_password() -> str:
    return "Tmp-" + secrets.token_urlsafe(9) + "9a!"


@operation("AdminSetUserPassword")
def admin_set_user_password(cognito, request: dict[str, Any]) -> dict[str, Any]:
    pool = cognito.pool(request.get("UserPoolId"))
    user = cognito.user(pool.pool_id, request.get("Username") or "")
    passwords.enforce_policy(pool.password_policy, request.get("Password") or "")
    passwords.set_password(pool, user, request["Password"])
    if request.get("Permanent"):
        user.status, user.temporary_password_expires_at = "CONFIRMED", None
    else:
        user.status = "FORCE_CHANGE_PASSWORD"
        days = pool.password_policy.temporary_password_validity_days
        user.temporary_password_expires_at = cognito.now() + days * 86400
    return {}


@operation("AdminAddUserToGroup")
def admin_add_user_to_group(cognito, request: dict[str, Any]) -> dict[str, Any]:
    pool = cognito.pool(request.get("UserPoolId"))
    user = cognito.user(pool.pool_id, request.get("Username") or "")
    if request.get("GroupName") not in pool.groups:
        raise ServiceError("ResourceNotFoundException", "Group not found.")
    user.groups.add(request["GroupName"])
    return {}


@operation("AdminGetUser")
def admin_get_user(cognito, request: dict[str, Any]) -> dict[str, Any]:
    user = cognito.user(request.get("UserPoolId"), request.get("Username") or "")
    return {**user_description(user), "UserCreateDate": user.created_at,
            "UserLastModifiedDate": user.modified_at, "Enabled": user.enabled,
            "UserStatus": user.status}


@operation("AdminDisableUser")
def admin_disable_user(cognito, request: dict[str, Any]) -> dict[str, Any]:
    user = cognito.user(request.get("UserPoolId"), request.get("Username") or "")
    user.enabled = False
    revoke_everything(cognito, user)
    return {}


@operation("AdminEnableUser")
def admin_enable_user(cognito, request: dict[str, Any]) -> dict[str, Any]:
    user = cognito.user(request.get("UserPoolId"), request.get("Username") or "")
    user.enabled = True
    return {}


def _admin_view(user) -> dict[str, Any]:
    return {
        "Username": user.username,
        "Attributes": [{"Name": k, "Value": v} for k, v in user.attributes.items()],
        "UserCreateDate": user.created_at,
        "UserLastModifiedDate": user.modified_at,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }
