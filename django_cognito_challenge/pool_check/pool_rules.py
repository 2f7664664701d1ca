"""Rules comparing the user pool (DescribeUserPool, GetUserPoolMfaConfig) with the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import challenges
from ..checks import NO_CHARACTERS
from ..conf import PREFIX, AppSettings, is_aws_host
from ..password_policy import required_kinds
from .finding import ERROR, INFO, OK, WARNING, Described, Finding

#: How GetUserPoolMfaConfig shows each factor enabled (botocore's model): SMS and email by
#: their block, TOTP by ``Enabled``, passkeys by counting as MFA.
FACTORS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "SMS_MFA": lambda mfa: "SmsMfaConfiguration" in mfa,
    "SOFTWARE_TOKEN_MFA": lambda mfa: bool(
        (mfa.get("SoftwareTokenMfaConfiguration") or {}).get("Enabled")),
    "EMAIL_OTP": lambda mfa: "EmailMfaConfiguration" in mfa,
    "WEB_AUTHN": lambda mfa: (mfa.get("WebAuthnConfiguration") or {}).get(
        "FactorConfiguration") == "MULTI_FACTOR_WITH_USER_VERIFICATION",
}

#: The pool's PasswordPolicy field for each kind of character PASSWORD_REQUIRED_CHARACTERS names.
POLICY_FIELDS = {"lowercase": "RequireLowercase", "uppercase": "RequireUppercase",
                 "numbers": "RequireNumbers", "symbols": "RequireSymbols"}


def device_skip(seen: Described, conf: AppSettings) -> list[Finding]:
    devices = seen.pool.get("DeviceConfiguration")
    skips = bool(devices and devices.get("ChallengeRequiredOnNewDevice"))
    pool_says = ("ChallengeRequiredOnNewDevice is false" if devices
                 else "device tracking is off")
    if conf.REMEMBERED_DEVICE_SKIPS_MFA and not skips:
        return [Finding(ERROR, "device-mfa-skip", f"{PREFIX}REMEMBERED_DEVICE_SKIPS_MFA is True "
                        f"but the pool's {pool_says}: the page promises \"no code needed next "
                        "time\" and Cognito asks for the code anyway.",
                        f"Set {PREFIX}REMEMBERED_DEVICE_SKIPS_MFA = False, or set "
                        "ChallengeRequiredOnNewDevice in the pool's DeviceConfiguration.")]
    if skips and not conf.REMEMBERED_DEVICE_SKIPS_MFA:
        return [Finding(WARNING, "device-mfa-skip", "A remembered device replaces the MFA code "
                        f"in this pool, and {PREFIX}REMEMBERED_DEVICE_SKIPS_MFA is False: the "
                        "page does not tell people that remembering a device skips the code.",
                        f"Set {PREFIX}REMEMBERED_DEVICE_SKIPS_MFA = True.")]
    outcome = "replaces" if skips else "does not replace"
    return [Finding(OK, "device-mfa-skip", f"A remembered device {outcome} the MFA code, as "
                    f"{PREFIX}REMEMBERED_DEVICE_SKIPS_MFA says.")]


def device_prompt(seen: Described, conf: AppSettings) -> list[Finding]:
    devices, offered = seen.pool.get("DeviceConfiguration"), conf.REMEMBER_DEVICE_PROMPT
    asks = bool(devices and devices.get("DeviceOnlyRememberedOnUserPrompt"))
    if devices is None and offered:
        return [Finding(WARNING, "device-prompt", "Device tracking is off in the pool, yet the "
                        "code pages offer \"Remember this device\", which then does nothing.",
                        f"Set {PREFIX}REMEMBER_DEVICE_PROMPT = False, or turn on device "
                        "tracking (the pool's DeviceConfiguration).")]
    if devices is not None and offered and not asks:
        return [Finding(ERROR, "device-prompt", "The pool remembers every device without asking "
                        "(DeviceOnlyRememberedOnUserPrompt is false) while the code pages offer "
                        "\"Remember this device\": a device whose box is left unticked is "
                        "remembered anyway.", "Set DeviceOnlyRememberedOnUserPrompt in the "
                        f"pool, or {PREFIX}REMEMBER_DEVICE_PROMPT = False.")]
    if asks and not offered:
        return [Finding(WARNING, "device-prompt", "The pool remembers a device only when the "
                        f"person asks, and {PREFIX}REMEMBER_DEVICE_PROMPT is False: no device "
                        "is ever remembered.", f"Set {PREFIX}REMEMBER_DEVICE_PROMPT = True.")]
    return [Finding(OK, "device-prompt", "Remembering devices works as "
                    f"{PREFIX}REMEMBER_DEVICE_PROMPT says.")]


def mfa(seen: Described, conf: AppSettings) -> list[Finding]:
    mode = (seen.mfa or seen.pool).get("MfaConfiguration") or "OFF"
    if mode == "OFF":
        return [Finding(INFO, "mfa", "MFA is off in the pool.")]
    if seen.mfa is None:
        return [Finding(INFO, "mfa", f"MFA is {mode} in the pool; its factors were not read.")]
    factors = [name for name, enabled in FACTORS.items() if enabled(seen.mfa)]
    found = [Finding(INFO, "mfa", f"MFA is {mode} in the pool, with "
                     f"{', '.join(factors) or 'no factor'}.")]
    found += [Finding(WARNING, "mfa", f"The pool offers {name} as MFA, and this app has no page "
                      f"for it: a person whose factor is {name} cannot sign in here.",
                      f"Turn {name} off in the pool's MFA configuration.")
              for name in factors if challenges.get(name) is None]
    if "WEB_AUTHN" in factors and conf.AUTH_FLOW != "USER_AUTH":
        found.append(Finding(WARNING, "mfa", "The pool counts a passkey (WEB_AUTHN) as MFA, and "
                             f"passkeys are offered here only with {PREFIX}AUTH_FLOW = "
                             "'USER_AUTH': nobody signs in with one on this site.",
                             f"Set {PREFIX}AUTH_FLOW = 'USER_AUTH' to offer passkeys."))
    set_up_here = _set_up_here()
    if mode == "ON" and not set(factors) & set(set_up_here):
        found.append(Finding(WARNING, "mfa", "MFA is required, and none of the pool's factors "
                             f"can be set up during sign-in here (only {', '.join(set_up_here)} "
                             "can): a person without a factor cannot finish signing in.",
                             "Enable TOTP or email MFA in the pool."))
    return found


def _set_up_here() -> tuple[str, ...]:
    from ..views.steps import MfaSetupView  # the MFA_SETUP page and the methods it completes

    return tuple(MfaSetupView.METHOD_FORMS)


def password_policy(seen: Described, conf: AppSettings) -> list[Finding]:
    policy = (seen.pool.get("Policies") or {}).get("PasswordPolicy")
    if policy is None:
        return [Finding(INFO, "password-policy", "DescribeUserPool gave no PasswordPolicy: the "
                        "declared policy could not be compared with it.")]
    length, kinds = policy.get("MinimumLength", 8), [
        kind for kind, name in POLICY_FIELDS.items() if policy.get(name)]
    stricter, weaker = _policy_gaps(length, kinds, conf)
    declare = (f"{PREFIX}PASSWORD_MIN_LENGTH = {length} and "
               f"{PREFIX}PASSWORD_REQUIRED_CHARACTERS = {tuple(kinds) or (NO_CHARACTERS,)!r}")
    found = []
    if stricter:
        found.append(Finding(ERROR, "password-policy", "The declared password policy asks for "
                             f"{', '.join(stricter)}, more than the pool's PasswordPolicy: the "
                             "sign-up page refuses passwords Cognito accepts, and every page "
                             "that sets a password shows rules that are not the pool's.",
                             f"Declare the pool's policy: {declare}."))
    if weaker:
        found.append(Finding(WARNING, "password-policy", "The pool's PasswordPolicy asks for "
                             f"{', '.join(weaker)}, which the declared policy leaves out: the "
                             "hint under each new password does not say so, and the sign-up "
                             "page lets such a password through; Cognito refuses it, and its "
                             "refusal is shown.", f"Declare the pool's policy: {declare}."))
    return found or [Finding(OK, "password-policy", "The declared password policy is the "
                             f"pool's: {declare}.")]


def _policy_gaps(length: int, kinds: list[str], conf: AppSettings) -> tuple[list[str], list[str]]:
    """What the declared policy asks beyond the pool's (stricter) and leaves out (weaker)."""
    declared_length, declared_kinds = conf.PASSWORD_MIN_LENGTH, required_kinds()
    stricter = [f"{kind} ({POLICY_FIELDS[kind]} is false)" for kind in declared_kinds
                if kind not in kinds]
    weaker = [f"{kind} ({POLICY_FIELDS[kind]})" for kind in kinds if kind not in declared_kinds]
    if declared_length > length:
        stricter.insert(0, f"at least {declared_length} characters (MinimumLength is {length})")
    elif declared_length < length:
        weaker.insert(0, f"at least {length} characters ({PREFIX}PASSWORD_MIN_LENGTH is "
                      f"{declared_length})")
    return stricter, weaker


def required_names(pool: dict[str, Any]) -> list[str]:
    """The attributes the pool's schema requires, ``sub`` aside (Cognito sets it)."""
    return [attribute["Name"] for attribute in pool.get("SchemaAttributes") or []
            if attribute.get("Required") and attribute.get("Name") != "sub"]


def required_attributes(seen: Described, conf: AppSettings) -> list[Finding]:
    names = required_names(seen.pool)
    if not names:
        return [Finding(INFO, "required-attributes", "The pool requires no attribute: the "
                        "new-password page of a first sign-in asks only for a password.")]
    return [Finding(INFO, "required-attributes", f"The pool requires {', '.join(names)}: the "
                    "new-password page of a first sign-in asks for those a user lacks.")]


def issuer(seen: Described, conf: AppSettings) -> list[Finding]:
    expected = pool_issuer(seen.pool, conf)
    if expected != conf.ISSUER:
        return [Finding(ERROR, "issuer", f"The app expects ID tokens issued by {conf.ISSUER}, "
                        f"and this pool issues them as {expected}: every sign-in is refused.",
                        f"Set {PREFIX}ISSUER = {expected!r}.")]
    return [Finding(INFO, "issuer", f"ID tokens must carry iss {conf.ISSUER}; the signing keys "
                    f"are fetched from {conf.JWKS_URL}.")]


def pool_issuer(pool: dict[str, Any], conf: AppSettings) -> str:
    """The ``iss`` of the pool's tokens: AWS's original or updated issuer, or the endpoint's."""
    pool_id = pool.get("Id") or conf.USER_POOL_ID
    endpoint = conf.ENDPOINT_URL
    if endpoint and not is_aws_host(endpoint):
        return f"{endpoint.rstrip('/')}/{pool_id}"
    updated = (pool.get("IssuerConfiguration") or {}).get("Type") == "UPDATED"
    host = "issuer-cognito-idp" if updated else "cognito-idp"
    return f"https://{host}.{pool_id.split('_')[0]}.amazonaws.com/{pool_id}"
