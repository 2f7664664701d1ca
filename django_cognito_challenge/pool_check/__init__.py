"""Check the user pool and app client against this app's settings (``manage.py cognito_check``).

:func:`describe` reads the pool with IAM-authorized admin calls; :func:`findings` compares what
it read with the settings and touches nothing else, so it can be given any described pool.
"""

from __future__ import annotations

from typing import Any

from ..conf import AppSettings, app_settings
from . import client_rules, pool_rules, sign_up_rules, token_rules
from .fetch import ACTIONS, PoolUnreadable, describe
from .finding import ERROR, INFO, LEVELS, OK, WARNING, Described, Finding

__all__ = ["ACTIONS", "ERROR", "INFO", "LEVELS", "OK", "RULES", "WARNING", "Finding",
           "PoolUnreadable", "describe", "findings"]

#: Each rule reads the described pool and the settings, and returns its findings.
RULES = (
    client_rules.auth_flows, client_rules.client_secret, client_rules.auth_session,
    client_rules.token_revocation, client_rules.user_existence,
    token_rules.refresh_validity, token_rules.refresh_rotation, token_rules.access_validity,
    pool_rules.device_skip, pool_rules.device_prompt, pool_rules.mfa,
    pool_rules.required_attributes, pool_rules.password_policy, sign_up_rules.sign_up,
    pool_rules.issuer,
)


def findings(pool: dict[str, Any], client: dict[str, Any], mfa: dict[str, Any] | None,
             settings: AppSettings = app_settings) -> list[Finding]:
    """Compare DescribeUserPool's ``UserPool``, DescribeUserPoolClient's ``UserPoolClient`` and
    GetUserPoolMfaConfig's reply (None when not read) with the settings, rule by rule."""
    seen = Described(pool=pool, client=client, mfa=mfa)
    return [finding for rule in RULES for finding in rule(seen, settings)]
