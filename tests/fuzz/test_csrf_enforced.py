"""Hostile bodies from a browser held to CSRF: with the site's token, and forged without it.

With the token a body gets as far as the page's form, as on the other fuzz tests; without it,
whatever it carries, the answer is 403 (400 when Django cannot parse it) and nothing changed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from .bodies import posts
from .conftest import PROFILE
from .stations import pending_of
from .test_account_pages import PAGES as ACCOUNT_PAGES
from .test_sign_in_pages import PAGES as SIGN_IN_PAGES

PAGES = {"login": SIGN_IN_PAGES["login"], "code": SIGN_IN_PAGES["code"],
         "security": ACCOUNT_PAGES["security"]}
#: A few bodies per page: the other fuzz tests send many more past CSRF.
WITH_TOKEN, FORGED = 12, 12


@pytest.mark.parametrize("name", PAGES)
def test_hostile_bodies_with_the_sites_token_neither_err_nor_sign_anyone_in(station, name):
    at = station(PAGES[name], csrf=True)

    @settings(settings.get_profile(PROFILE), max_examples=WITH_TOKEN)
    @given(posts(at.page.fields))
    def post_anything(post):
        at.send(post)

    post_anything()


def test_a_forged_body_is_refused_whatever_it_carries(station):
    at = station(SIGN_IN_PAGES["code"], csrf=True)

    @settings(settings.get_profile(PROFILE), max_examples=FORGED)
    @given(posts(at.page.fields))
    def forge(post):
        before = pending_of(at.client)
        calls = len(at.cognito.calls)
        # 403; or 400 for a multipart body Django cannot parse far enough to look for a token.
        assert at.send(post, csrf_token=None).status_code in (400, 403)
        assert pending_of(at.client) == before
        assert len(at.cognito.calls) == calls

    forge()
