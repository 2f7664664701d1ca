"""SRP's TIMESTAMP is English whatever the process locale (Cognito parses English names)."""

from __future__ import annotations

import locale
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from django_cognito_challenge.cognito.srp import timestamp

FRENCH = "fr_FR.UTF-8"
PRINT_A_YEAR = """
import locale, sys
from datetime import datetime, timedelta, timezone
locale.setlocale(locale.LC_ALL, sys.argv[1])
from django_cognito_challenge.cognito.srp import timestamp
start = datetime(2025, 1, 1, 9, 3, 7, tzinfo=timezone.utc)
print("\\n".join(timestamp(start + timedelta(days=d)) for d in range(0, 365, 9)))
"""


def french_locale_available() -> bool:
    try:
        previous = locale.setlocale(locale.LC_TIME)
        locale.setlocale(locale.LC_TIME, FRENCH)
    except locale.Error:
        return False
    locale.setlocale(locale.LC_TIME, previous)
    return True


def test_the_format_has_no_zero_padded_day():
    assert timestamp(datetime(2025, 8, 5, 9, 3, 7, tzinfo=timezone.utc)) == (
        "Tue Aug 5 09:03:07 UTC 2025")


@pytest.mark.skipif(not french_locale_available(),
                    reason=f"the {FRENCH} locale is not installed (.ci/run generates it)")
def test_a_french_process_locale_still_gives_english_names():
    def year_in(name: str) -> str:
        return subprocess.run([sys.executable, "-c", PRINT_A_YEAR, name], check=True,
                              capture_output=True, text=True).stdout
    french, plain = year_in(FRENCH), year_in("C.UTF-8")
    assert french == plain
    assert "Wed Jan 1 09:03:07 UTC 2025" in plain
