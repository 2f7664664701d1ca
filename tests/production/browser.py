"""A person's browser over plain HTTP: a cookie jar, the CSRF token from the page, and each
request sent to the next instance in turn, as a load balancer without sticky sessions would.

Redirects are not followed on their own: a test sees each one (``follow`` takes the next step).
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from .instances import Instance

HTTP_TIMEOUT = 30  # seconds for one request
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # urllib then raises HTTPError, which ``Person._send`` turns into a Page


@dataclass(frozen=True)
class Page:
    """One response as the person's browser received it."""

    status: int
    location: str | None  # a redirect's target
    text: str
    instance: str  # which instance answered: "a" or "b"
    content_type: str = ""


class Person:
    """One browser; consecutive requests alternate between ``instances``."""

    def __init__(self, instances: list[Instance], first: int = 0) -> None:
        self.instances = instances
        self.turn = first
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar),
            _NoRedirects())
        self.csrf_token: str | None = None

    def get(self, path: str) -> Page:
        return self._send(path, None)

    def post(self, path: str, data: dict[str, str]) -> Page:
        """Submit a form with the CSRF token of the last page that had one."""
        assert self.csrf_token, "no page with a form was loaded before this POST"
        form = {**data, "csrfmiddlewaretoken": self.csrf_token}
        return self._send(path, urlencode(form).encode())

    def follow(self, page: Page) -> Page:
        assert page.status == 302, page
        assert page.location, page
        return self.get(page.location)

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.jar if cookie.name == name), None)

    def _next_instance(self) -> Instance:
        instance = self.instances[self.turn % len(self.instances)]
        self.turn += 1
        return instance

    def _send(self, path: str, body: bytes | None) -> Page:
        instance = self._next_instance()
        try:
            response = self.opener.open(f"{instance.url}{path}", body, timeout=HTTP_TIMEOUT)
        except urllib.error.HTTPError as error:  # a redirect or an error status: still a page
            response = error
        with response:
            text = response.read().decode(errors="replace")
            page = Page(response.status, response.headers.get("Location"), text, instance.name,
                        response.headers.get("Content-Type", ""))
        found = TOKEN.search(text)
        if found:
            self.csrf_token = found.group(1)
        return page
