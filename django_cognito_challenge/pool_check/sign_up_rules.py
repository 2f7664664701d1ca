"""Self-service sign-up (``SIGN_UP``) against the pool and app client: the pool lets people sign
themselves up, gets every attribute it requires, can send the confirmation code, takes the name
the page sends, and the app client allows the sign-in that follows."""

from __future__ import annotations

from ..checks import CODE_ATTRIBUTES, sign_up_asks
from ..conf import PREFIX, AppSettings
from ..forms_sign_up import username_attribute
from .client_rules import DEFAULT_FLOWS, FULL_UPDATE, SIGN_UP_FLOW
from .finding import ERROR, OK, WARNING, Described, Finding
from .pool_rules import required_names

TOPIC = "sign-up"


def sign_up(seen: Described, conf: AppSettings) -> list[Finding]:
    if not conf.SIGN_UP:
        return []
    asks = sign_up_asks()
    found = [*_admin_only(seen), *_required(seen, asks), *_code_delivery(seen, asks),
             *_code_attribute(seen, asks, conf), *_username(seen), *_signs_in(seen, conf)]
    return found or [Finding(OK, TOPIC, "The pool lets people sign up with what the sign-up "
                             f"page asks for ({', '.join(sorted(asks))}), and sends the code "
                             "to one of them.")]


def _admin_only(seen: Described) -> list[Finding]:
    if not (seen.pool.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly"):
        return []
    return [Finding(ERROR, TOPIC, "Only administrators may create users in this pool "
                    "(AdminCreateUserConfig.AllowAdminCreateUserOnly is true): Cognito refuses "
                    "every sign-up on the sign-up page.", "Set AllowAdminCreateUserOnly to "
                    f"false in the pool's AdminCreateUserConfig, or {PREFIX}SIGN_UP = False.")]


def _required(seen: Described, asks: set[str]) -> list[Finding]:
    missing = [name for name in required_names(seen.pool) if name not in asks]
    if not missing:
        return []
    return [Finding(ERROR, TOPIC, f"The pool requires {', '.join(missing)}, which the sign-up "
                    "page does not ask for: Cognito refuses every sign-up.",
                    f"Add {', '.join(missing)} to {PREFIX}SIGN_UP_ATTRIBUTES.")]


def _code_delivery(seen: Described, asks: set[str]) -> list[Finding]:
    verified = list(seen.pool.get("AutoVerifiedAttributes") or [])
    if asks & set(verified):
        return []
    asked = sorted(asks & set(CODE_ATTRIBUTES))
    situation = (f"The pool verifies {' and '.join(verified) or 'no attribute'} automatically "
                 "(AutoVerifiedAttributes), and the sign-up page asks for "
                 f"{' and '.join(asked) or 'neither email nor phone_number'}: Cognito sends no "
                 "confirmation code")
    fix = (f"Ask for an attribute the pool verifies: add it to {PREFIX}SIGN_UP_ATTRIBUTES, or "
           "add email (or phone_number) to the pool's AutoVerifiedAttributes")
    if (seen.pool.get("LambdaConfig") or {}).get("PreSignUp"):
        return [Finding(WARNING, TOPIC, f"{situation}; unless the pool's pre sign-up trigger "
                        "confirms each account itself (autoConfirmUser), nobody can finish "
                        "signing up.", f"{fix}; or leave confirming to the trigger.")]
    return [Finding(ERROR, TOPIC, f"{situation}, so nobody can confirm the account they sign up "
                    "for.", f"{fix}.")]


def _code_attribute(seen: Described, asks: set[str], conf: AppSettings) -> list[Finding]:
    """Where Cognito sends the code (the phone number first, DG) against where a taken name's
    confirmation page says it went."""
    verified = set(seen.pool.get("AutoVerifiedAttributes") or [])
    sent_to = next((name for name in ("phone_number", "email")
                    if name in verified and name in asks), None)
    declared = conf.SIGN_UP_CODE_ATTRIBUTE
    if sent_to is None or sent_to == declared or not conf.PREVENT_USER_EXISTENCE_ERRORS:
        return []
    return [Finding(ERROR, TOPIC, f"Cognito sends the confirmation code to the {sent_to}, and "
                    f"{PREFIX}SIGN_UP_CODE_ATTRIBUTE is {declared!r}: the confirmation page of a "
                    f"taken name shows the {declared} typed, a new name's the {sent_to}, which "
                    "tells who has an account.",
                    f"Set {PREFIX}SIGN_UP_CODE_ATTRIBUTE = {sent_to!r}.")]


def _username(seen: Described) -> list[Finding]:
    """The name the page sends (a username, or the attribute people sign up with) must be one
    the pool's UsernameAttributes take."""
    pool_takes = list(seen.pool.get("UsernameAttributes") or [])
    sends = username_attribute()  # "" for a username
    if sends in pool_takes or not (sends or pool_takes):
        return []
    if not pool_takes:
        return [Finding(ERROR, TOPIC, f"The sign-up page sends the {sends} as the username, and "
                        "the pool has no UsernameAttributes: each account's username is the "
                        f"{sends} first typed, which never follows a change of the {sends} (and "
                        f"a pool with {sends} as an alias refuses it).",
                        f"Unset {PREFIX}USERNAME_ATTRIBUTES.")]
    return [Finding(ERROR, TOPIC, f"The pool signs people up with their "
                    f"{' or '.join(pool_takes)} (UsernameAttributes), and the sign-up page sends "
                    f"{f'the {sends}' if sends else 'a username'} as the name: Cognito refuses "
                    "every sign-up.",
                    f"Set {PREFIX}USERNAME_ATTRIBUTES = {tuple(pool_takes)!r}.")]


def _signs_in(seen: Described, conf: AppSettings) -> list[Finding]:
    if not conf.SIGN_UP_SIGNS_IN or SIGN_UP_FLOW in (
            seen.client.get("ExplicitAuthFlows") or DEFAULT_FLOWS):
        return []
    return [Finding(WARNING, TOPIC, f"The app client does not allow {SIGN_UP_FLOW}, and "
                    f"{PREFIX}SIGN_UP_SIGNS_IN is True: once their account is confirmed, people "
                    "land on the sign-in page and type their password again instead of being "
                    "signed in.", f"Add {SIGN_UP_FLOW} to the app client's ExplicitAuthFlows "
                    f"{FULL_UPDATE}, or set {PREFIX}SIGN_UP_SIGNS_IN = False.")]
