"""The README's demo users table says what the demo seed holds: the same users, in order."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django_cognito_challenge.testing.seed import DEMO_SEED

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `([^`]+)` \| (.+?) \| (.+?) \|$")


def readme_rows() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text()
    section = text.split("### The demo users", 1)[1].split("\n## ", 1)[0]
    return [match.groups() for line in section.splitlines() if (match := ROW.match(line))]


def seed_users() -> list[dict]:
    seed = ROOT / "django_cognito_challenge" / "testing" / DEMO_SEED
    return json.loads(seed.read_text())["users"]


def test_the_readme_lists_every_demo_user_with_the_seed_s_description():
    rows = readme_rows()
    users = seed_users()
    assert [name for name, _password, _shows in rows] == [u["username"] for u in users]
    # The README may set names in code type: `name` reads as name.
    shown = [shows.replace("`", "") for _name, _password, shows in rows]
    assert shown == [u["description"] for u in users]


def test_the_readme_gives_each_demo_user_s_password_or_says_none_is_needed():
    for (name, password, _shows), user in zip(readme_rows(), seed_users(), strict=True):
        if user.get("password"):
            assert password.startswith(f"`{user['password']}`"), name
        else:
            assert password == "none needed", name
