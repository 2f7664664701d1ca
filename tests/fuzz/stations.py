"""A page held in a real state while hypothesis sends it bodies: put back when a body moved it on.

A :class:`Page` says how a browser gets there (a way of ``tests/docs/page_visits.py``) and how to
tell it is still there. A :class:`Station` arms it once per test and again only when a request
moved the state on (a sign-in restarted, a session ended): each arming is a fresh pool of the
local Cognito, so the ways of reaching a page can add their users again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from hypothesis import given, settings

from django_cognito_challenge import challenges, mfa_manage, password_reset
from django_cognito_challenge import pending as pending_store
from django_cognito_challenge.forms import json_list
from django_cognito_challenge.testing.fixture import LocalCognitoFixture

from ..browsers import Browser
from .bodies import Post, posts, reflected

#: The profile every fuzz test starts from (registered in conftest.py):
#: ``settings(parent=settings.get_profile(PROFILE))``.
PROFILE = "django_cognito_challenge.fuzz"

Ready = Callable[[Any], bool]


@dataclass(frozen=True)
class Page:
    """A page to fuzz: its path, the way there, its form's fields and how to tell it is there."""

    path: str
    arrive: Callable[[Client, LocalCognitoFixture], Any]
    fields: tuple[str, ...]
    ready: Ready
    settings: dict[str, Any] = field(default_factory=dict)


def as_request(client: Client) -> SimpleNamespace:
    """What the app's session helpers read from a request: its session."""
    return SimpleNamespace(session=client.session)


def at_step(page: str) -> Ready:
    """Ready while the pending sign-in waits on one of ``page``'s challenges."""
    names = challenges.on_page(page)
    return lambda request: getattr(pending_store.load(request), "challenge", None) in names


def password_chosen(request) -> bool:
    pending = pending_store.load(request)
    return pending is not None and pending.challenge == "SELECT_CHALLENGE" and bool(
        pending.chosen_factor)


def anywhere(request) -> bool:
    return True


def signed_in(request) -> bool:
    return SESSION_KEY in request.session


def enrolling(request) -> bool:
    return signed_in(request) and mfa_manage.enrolment(request) is not None


def resetting(request) -> bool:
    return password_reset.current(request) is not None


class Station:
    """One test's client at one page, on its own pool of the shared local Cognito."""

    def __init__(self, page: Page, server, django_settings, *, csrf: bool = False) -> None:
        self.page, self.server, self.django_settings = page, server, django_settings
        self.csrf = csrf  #: a browser held to CSRF, posting the site's token unless told not to
        self.client: Client | None = None
        self.cognito: LocalCognitoFixture | None = None
        self.armings = 0

    def arm(self) -> None:
        """A fresh pool, a fresh browser, and the way to the page walked again."""
        self.close()
        self.cognito = LocalCognitoFixture(self.server)
        self.cognito.bind_django_settings(self.django_settings)
        cache.clear()
        # Exceptions become the 500 a person would get, so a test sees them as one.
        kind = Browser if self.csrf else Client
        self.client = kind(raise_request_exception=False)
        response = self.page.arrive(self.client, self.cognito)
        assert response.status_code == 200, (self.page.path, response.status_code)
        self.armings += 1

    def ensure(self) -> None:
        """Arm the page unless the browser is still there; each body starts unthrottled."""
        if self.client is None or not self.page.ready(as_request(self.client)):
            self.arm()
        cache.clear()

    def close(self) -> None:
        if self.cognito is not None:
            self.cognito.close()
            self.cognito = None

    def send(self, post: Post, **extra: Any):
        """Send one body and check what any body must leave true; return the response."""
        self.ensure()
        client, cognito = self.client, self.cognito
        user, before = client.session.get(SESSION_KEY), pending_of(client)
        first_call = len(cognito.calls)
        response = post.send(client, self.page.path, **extra)
        assert response.status_code < 500, (response.status_code, post)
        assert not reflected(response), post
        # Never a login: the browser's user is who it was (nobody, on a sign-in page) or nobody.
        assert client.session.get(SESSION_KEY) in (user, None), post
        assert_pending_sound(client, before, cognito.calls[first_call:])
        return response


def pending_of(client: Client) -> pending_store.PendingSignIn | None:
    return pending_store.load(as_request(client))


def assert_pending_sound(client: Client, before, calls) -> None:
    """The pending sign-in is cleared, unchanged, or moved on by a reply of Cognito's; it loads."""
    if client.session.get(pending_store.SESSION_KEY) is None:
        return
    after = pending_of(client)
    assert after is not None, "the pending sign-in no longer loads"
    assert after.challenge in challenges.CHALLENGES
    if before is not None and after.session == before.session:
        kept = ("username", "challenge", "parameters", "next_url", "admin_site")
        assert [getattr(after, k) for k in kept] == [getattr(before, k) for k in kept]
    else:
        issued = {call.response.get("Session") for call in calls if call.error is None}
        assert after.session in issued, "the pending sign-in holds a Session Cognito never gave"
    offered = json_list(after.parameters.get("MFAS_CAN_SETUP"))
    assert after.setup_choice in (None, *offered)
    assert after.chosen_factor in (None, *challenges.PASSWORD_FACTORS)
    assert isinstance(after.remember_device, bool)


def send_many(at, examples: int) -> None:
    """Post ``examples`` generated bodies to the page ``at`` holds, each checked as it goes."""
    @settings(settings.get_profile(PROFILE), max_examples=examples)
    @given(posts(at.page.fields))
    def post_anything(post):
        at.send(post)

    post_anything()
