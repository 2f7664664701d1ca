"""A custom challenge begun at the admin's log-in: the admin's look, and its log-in to restart."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing.custom_examples import THREE_ROUNDS

from ..signin.conftest import is_signed_in
from .conftest import CUSTOM_PAGE, quiz_answer

ADMIN_LOOK = 'id="site-name"'  # the admin's header, from admin/base_site.html

pytestmark = pytest.mark.urls("tests.admin.urls")


@pytest.fixture
def admin_quiz(settings, custom_auth):
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    custom_auth.add_user("ada", groups=("admins",))
    custom_auth.set_triggers(**THREE_ROUNDS)
    return custom_auth


def begin_at_the_admin(browser):
    browser.get("/admin/login/?next=/admin/")
    response = browser.post("/admin/login/?next=/admin/", {"username": "ada", "next": "/admin/"})
    assert response["Location"] == CUSTOM_PAGE


def test_the_custom_page_keeps_the_admins_look_and_lands_on_the_admin(browser, admin_quiz):
    begin_at_the_admin(browser)
    for _ in range(3):
        page = browser.get(CUSTOM_PAGE)
        assert ADMIN_LOOK in page.content.decode()
        assert page.templates[0].name == "cognito_challenge/custom/quiz.html"
        response = browser.post(CUSTOM_PAGE, {"answer": quiz_answer(page)})
    assert response["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200


def test_a_wrong_answer_starts_again_at_the_admins_log_in(browser, admin_quiz):
    begin_at_the_admin(browser)
    response = browser.post(CUSTOM_PAGE, {"answer": "Lyon"})
    assert response["Location"] == "/admin/login/"
    assert ADMIN_LOOK in browser.get("/admin/login/").content.decode()
    assert not is_signed_in(browser)
