"""What a person does on the site, one HTTP request per step, and what they see."""

from __future__ import annotations

import urllib.request

from tests.signin.conftest import PASSWORD

from .browser import HTTP_TIMEOUT, Page, Person
from .instances import OPENER

LOGIN = "/accounts/login/"
CODE_PAGE = "/accounts/login/code/"
NEW_PASSWORD_PAGE = "/accounts/login/new-password/"
SECURITY_PAGE = "/accounts/security/"
LOGOUT = "/accounts/logout/"
HOME = "/home/"
TRY_AGAIN = "Please try again"


def open_login(person: Person) -> Page:
    page = person.get(LOGIN)
    assert page.status == 200, page
    assert 'name="password"' in page.text
    return page


def submit_password(person: Person, username: str, password: str = PASSWORD) -> Page:
    """The login form: name and password. The answer is a redirect, or a page."""
    return person.post(LOGIN, {"username": username, "password": password})


def submit_code(person: Person, code: str, *, remember: bool = False) -> Page:
    data = {"code": code, **({"remember_device": "on"} if remember else {})}
    return person.post(CODE_PAGE, data)


def home(person: Person) -> str:
    """The home page's text: ``home: <username>``, or ``home: anonymous``."""
    page = person.get(HOME)
    assert page.status == 200, page
    return page.text


def sign_in_with_password(person: Person, username: str) -> None:
    """Login page, password, home: three requests, alternating instances."""
    open_login(person)
    page = submit_password(person, username)
    assert (page.status, page.location) == (302, HOME), page
    assert home(person) == f"home: {username}"


def sign_out(person: Person) -> Page:
    """The security page (a form, so a CSRF token after the sign-in rotated it), then sign out."""
    assert person.get(SECURITY_PAGE).status == 200
    page = person.post(LOGOUT, {})
    assert (page.status, page.location) == (302, LOGIN), page
    return page


def is_try_again_page(page: Page, status: int = 503) -> bool:
    """The app's "sign-in is not available, try again" page, with its status; no traceback."""
    return (page.status == status and TRY_AGAIN in page.text
            and "Traceback" not in page.text and "text/html" in page.content_type)


def code_sign_in(person, username: str, code_of, *, remember: bool = False) -> str:
    """Password, the code page, the code, home; return the code page's text."""
    open_login(person)
    page = submit_password(person, username)
    assert (page.status, page.location) == (302, CODE_PAGE), page
    code_page = person.follow(page)
    assert code_page.status == 200
    page = submit_code(person, code_of(username), remember=remember)
    assert (page.status, page.location) == (302, HOME), page
    assert home(person) == f"home: {username}"
    return code_page.text


def home_with_session(instance, session_key: str) -> str:
    """GET /home/ on one instance carrying only this session cookie."""
    request = urllib.request.Request(f"{instance.url}{HOME}",
                                     headers={"Cookie": f"sessionid={session_key}"})
    with OPENER.open(request, timeout=HTTP_TIMEOUT) as response:
        return response.read().decode()
