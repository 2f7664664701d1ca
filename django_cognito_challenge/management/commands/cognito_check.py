"""``manage.py cognito_check``: compare the Cognito user pool and app client with the settings.

Exit status: 0 when nothing is wrong (warnings allowed), 1 when a finding is an error, 2 when the
pool could not be read. Output is for operators, in English.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError

from ... import pool_check
from ...conf import PREFIX, REQUIRED, app_settings

NOT_READ, HAS_ERRORS = 2, 1
PLURALS = {pool_check.ERROR: "errors", pool_check.WARNING: "warnings", pool_check.OK: "ok",
           pool_check.INFO: "info"}


class Command(BaseCommand):
    help = ("Read the Cognito user pool and app client (DescribeUserPool, "
            "DescribeUserPoolClient, GetUserPoolMfaConfig: needs AWS credentials) and compare "
            "them with the COGNITO_CHALLENGE_* settings. Exits 1 on an error, 2 when the pool "
            "cannot be read.")
    # Only this app's settings checks: a mistyped setting is reported before it is compared.
    requires_system_checks = ["cognito_challenge"]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true",
                            help="Print the findings as a JSON list instead of lines.")

    def handle(self, *args, **options) -> None:
        missing = [PREFIX + name for name in REQUIRED if not getattr(app_settings, name)]
        if missing:
            raise CommandError(f"Not set: {', '.join(missing)}.", returncode=NOT_READ)
        try:
            described = pool_check.describe()
        except pool_check.PoolUnreadable as error:
            raise CommandError(f"Could not read the pool: {error}", returncode=NOT_READ) from None
        found = pool_check.findings(described.pool, described.client, described.mfa)
        if options["json"]:
            self.stdout.write(json.dumps([asdict(finding) for finding in found], indent=2))
        else:
            self._print(found)
        errors = sum(finding.level == pool_check.ERROR for finding in found)
        if errors:
            raise CommandError(f"{errors} error(s): the pool and the settings disagree.",
                               returncode=HAS_ERRORS)

    def _print(self, found: list[pool_check.Finding]) -> None:
        styles = {pool_check.ERROR: self.style.ERROR, pool_check.WARNING: self.style.WARNING,
                  pool_check.OK: self.style.SUCCESS}
        for finding in found:
            fix = f" Fix: {finding.fix}" if finding.fix else ""
            line = f"{finding.level.upper():<7} [{finding.topic}] {finding.message}{fix}"
            self.stdout.write(line, styles.get(finding.level))
        self.stdout.write(summary(found))


def summary(found: list[pool_check.Finding]) -> str:
    """``Pool us-east-1_X, app client abc: 1 error, 2 warnings, 8 ok, 3 info.``"""
    counts = {level: sum(f.level == level for f in found) for level in pool_check.LEVELS}
    parts = [f"{count} {level if count == 1 else PLURALS[level]}"
             for level, count in counts.items()]
    return (f"Pool {app_settings.USER_POOL_ID}, app client {app_settings.CLIENT_ID}: "
            f"{', '.join(parts)}.")
