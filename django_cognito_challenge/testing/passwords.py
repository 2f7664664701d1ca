"""Password policy and password checks against the stored SRP verifier."""

from __future__ import annotations

import hashlib
import hmac

from . import srp
from .errors import ServiceError
from .models import PasswordPolicy, Pool, User

SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")


def policy_problems(policy: PasswordPolicy, password: str) -> list[str]:
    problems = []
    if len(password) < policy.minimum_length:
        problems.append("Password not long enough")
    if policy.require_uppercase and not any(c.isupper() for c in password):
        problems.append("Password must have uppercase characters")
    if policy.require_lowercase and not any(c.islower() for c in password):
        problems.append("Password must have lowercase characters")
    if policy.require_numbers and not any(c.isdigit() for c in password):
        problems.append("Password must have numeric characters")
    if policy.require_symbols and not any(c in SYMBOLS for c in password):
        problems.append("Password must have symbol characters")
    return problems


def enforce_policy(policy: PasswordPolicy, password: str) -> None:
    problems = policy_problems(policy, password)
    if problems:
        raise ServiceError(
            "InvalidPasswordException",
            "Password does not conform to policy: " + problems[0],
        )


def set_password(pool: Pool, user: User, password: str) -> None:
    """Store a salt, the SRP verifier and a salted digest; never the password itself."""
    user.srp_salt_hex = srp.new_salt_hex()
    user.srp_verifier = srp.password_verifier(
        pool.srp_pool_name, user.username, password, user.srp_salt_hex
    )
    user.password_digest = _digest(user.srp_salt_hex, password)


def password_matches(pool: Pool, user: User, password: str) -> bool:
    """Check a plain password (USER_PASSWORD_AUTH, ChangePassword) against the digest.

    The digest is written with the verifier, so both always describe the same password; SRP
    rounds use the verifier. Recomputing ``g^x mod N`` here would cost ~7 ms per check.
    """
    if not user.has_password:
        return False
    return hmac.compare_digest(_digest(user.srp_salt_hex, password), user.password_digest)


def _digest(salt_hex: str, password: str) -> bytes:
    return hmac.new(bytes.fromhex(salt_hex), password.encode(), hashlib.sha256).digest()
