"""Test clients held to CSRF the way a browser is: they post the token the site gave them."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.test.client import MULTIPART_CONTENT

#: The form field Django's ``{% csrf_token %}`` renders.
FORM_FIELD = "csrfmiddlewaretoken"


class _Token(enum.Enum):
    SITE = "the token the site gave this browser"


#: ``Browser.post(..., csrf_token=SITE_TOKEN)``, the default: post the site's token.
SITE_TOKEN = _Token.SITE


class Browser(Client):
    """A test client that enforces CSRF and posts the site's token, as the site's forms do.

    ``post(..., csrf_token=None)`` sends no token and ``post(..., csrf_token="...")`` sends that
    one: what a forged cross-site form can do. The token is the CSRF cookie the site set; a
    browser without one yet opens the page first (the sign-in page when that sets none, as for
    the POST-only sign-out), as a person opens a form before sending it. With
    ``sends_csrf_token=False`` it only ever posts the tokens it is given.
    """

    def __init__(self, *, sends_csrf_token: bool = True, **defaults: Any) -> None:
        if defaults.pop("enforce_csrf_checks", True) is not True:
            raise TypeError("a Browser always enforces CSRF checks")
        super().__init__(enforce_csrf_checks=True, **defaults)
        self.sends_csrf_token = sends_csrf_token

    def post(self, path: str, data: Any = None, *args: Any,
             csrf_token: str | _Token | None = SITE_TOKEN, **kwargs: Any):
        if csrf_token is SITE_TOKEN:
            csrf_token = None
            if self.sends_csrf_token and not _carries_token(data, kwargs):
                csrf_token = self.site_csrf_token(path)
        if csrf_token is not None:
            content_type = args[0] if args else kwargs.get("content_type", MULTIPART_CONTENT)
            data, kwargs = _carrying(data, content_type, kwargs, csrf_token)
        return super().post(path, data, *args, **kwargs)

    def csrf_cookie(self) -> str | None:
        """The CSRF cookie's value, if the site set one (and has not deleted it)."""
        cookie = self.cookies.get(settings.CSRF_COOKIE_NAME)
        return cookie.value if cookie is not None and cookie.value else None

    def site_csrf_token(self, path: str) -> str | None:
        """The site's token, opening ``path`` (then the sign-in page) first when there is none."""
        for page in (path, resolve_url(settings.LOGIN_URL)):
            if self.csrf_cookie() is None:
                self.get(page)
        return self.csrf_cookie()


def _carries_token(data: Any, extra: dict[str, Any]) -> bool:
    in_form = isinstance(data, Mapping) and FORM_FIELD in data
    return in_form or settings.CSRF_HEADER_NAME in extra


def _carrying(data: Any, content_type: str, extra: dict[str, Any],
              token: str) -> tuple[Any, dict[str, Any]]:
    """A form gets the token as its hidden field; any other body, in the CSRF header."""
    if content_type == MULTIPART_CONTENT and (data is None or type(data) is dict):
        return {**(data or {}), FORM_FIELD: token}, extra
    return data, {**extra, settings.CSRF_HEADER_NAME: token}
