"""The quick start, followed literally on a fresh ``startproject`` site, signs someone in.

Then the testing how-to, followed in the same site, gives that site's own tests that pass with only
the ``testing`` extra installed. Both pages are read from ``docs/``: change a command or a file
there and this test runs the change.
"""

from __future__ import annotations

import json
import re
import time
from html import unescape
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import pytest

from tests.docs.literal_docs import ROOT, Site

DOCS = ROOT / "docs"
SITE = "http://127.0.0.1:8000"
OUTBOX = "http://127.0.0.1:9229/_local/outbox?username=email-user"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.timeout(900)


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path)
    yield site
    site.close()


class Person:
    """A browser without JavaScript: cookies, forms with their CSRF token, redirects followed."""

    def __init__(self) -> None:
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))
        self.page = ""
        self.url = ""

    def open(self, url: str, form: dict[str, str] | None = None) -> str:
        if form is not None:
            form = {"csrfmiddlewaretoken": unescape(TOKEN.search(self.page)[1]), **form}
        data = urlencode(form).encode() if form is not None else None
        with self.opener.open(url, data, timeout=30) as response:
            self.url, self.page = response.url, response.read().decode()
        return self.page


def test_the_quick_start_followed_literally_signs_a_person_in(site):
    started = time.monotonic()
    site.follow(DOCS / "quickstart.md")
    person = Person()

    person.open(f"{SITE}/accounts/security/")
    assert person.url == f"{SITE}/accounts/login/?next=/accounts/security/"  # LOGIN_URL

    person.open(f"{SITE}/accounts/login/")
    person.open(person.url, {"username": "email-user", "password": "Demo-Pass-1!"})
    assert person.url == f"{SITE}/accounts/login/code/"

    code = json.loads(Person().open(OUTBOX))["messages"][-1]["code"]
    person.open(person.url, {"code": code})

    assert person.url == f"{SITE}/accounts/security/"  # LOGIN_REDIRECT_URL
    assert "Account security" in person.page
    print(f"quick start: {time.monotonic() - started:.0f} s by machine", *site.log, sep="\n")

    site.follow(DOCS / "howto" / "testing.md")
    assert re.search(r"\b2 passed\b", site.log[-1]), site.log[-1]


def test_the_testing_extra_brings_only_the_plugins_dependencies():
    """A site's tests must not need moto, Playwright or ruff (this project's own tools).

    py_webauthn is the local Cognito's: it checks the passkeys a site's tests register."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    testing = re.search(r"^testing = \[(.*?)^\]", pyproject, re.S | re.M)[1]
    names = re.findall(r'"([A-Za-z0-9_.-]+)', testing)
    assert names == ["pytest", "pytest-django", "webauthn"]
