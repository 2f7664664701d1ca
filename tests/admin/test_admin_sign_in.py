"""/admin/ signs in through Cognito's pages, in the admin's look, back to the page asked for."""

from __future__ import annotations

import pytest

from django_cognito_challenge.admin_site import CognitoAdminSite
from tests.browsers import Browser

from ..signin.conftest import PASSWORD, TOTP_SECRET, pending_of

USERS = "/admin/auth/user/"
ADMIN_LOOK = 'id="site-name"'  # the admin's header, from admin/base_site.html

pytestmark = pytest.mark.urls("tests.admin.urls")


@pytest.fixture
def staff_pool(cognito, settings):
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    settings.COGNITO_CHALLENGE_SUPERUSER_GROUPS = ("admins",)
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("ada", totp_secret=TOTP_SECRET, groups=("admins",))
    cognito.add_user("sam", totp_secret=TOTP_SECRET)
    return cognito


def sign_in_from(browser, cognito, page: str, username: str):
    """Open an admin page, follow it to the log-in, and sign in with a TOTP code."""
    login = browser.get(page, follow=True)
    assert ADMIN_LOOK in login.content.decode()
    response = browser.post(login.request["PATH_INFO"] + "?" + login.request["QUERY_STRING"],
                            {"username": username, "password": PASSWORD})
    assert response["Location"] == "/accounts/login/code/"
    code_page = browser.get(response["Location"])
    assert ADMIN_LOOK in code_page.content.decode()
    return browser.post("/accounts/login/code/", {"code": cognito.totp_code(username)})


def test_the_admin_site_is_the_cognito_one():
    from django.contrib import admin

    assert isinstance(admin.site._wrapped if hasattr(admin.site, "_wrapped") else admin.site,
                      CognitoAdminSite)


def test_admin_log_in_with_totp_lands_on_the_admin_page_asked_for(db, staff_pool):
    browser = Browser()
    response = sign_in_from(browser, staff_pool, USERS, "ada")
    assert response["Location"] == USERS
    page = browser.get(USERS)
    assert page.status_code == 200
    assert "ada" in page.content.decode()
    assert page.wsgi_request.user.is_staff


def test_the_admin_log_in_page_is_the_cognito_sign_in_in_the_admins_look(db, staff_pool):
    page = Browser().get("/admin/login/?next=/admin/")
    text = page.content.decode()
    assert page.status_code == 200
    assert ADMIN_LOOK in text
    assert 'name="username"' in text
    assert 'name="password"' in text
    assert 'name="next" value="/admin/"' in text
    assert page.templates[0].name == "cognito_challenge/login.html"


def test_a_person_without_staff_status_sees_the_admins_not_authorised_page(db, staff_pool):
    browser = Browser()
    response = sign_in_from(browser, staff_pool, "/admin/", "sam")
    assert response["Location"] == "/admin/"
    page = browser.get("/admin/", follow=True)
    assert [url for url, _ in page.redirect_chain] == ["/admin/login/?next=/admin/"]
    assert page.status_code == 200
    assert "You are authenticated as sam, but are not authorized" in page.content.decode()


def test_staff_already_signed_in_are_sent_from_the_log_in_to_the_index(db, staff_pool):
    browser = Browser()
    sign_in_from(browser, staff_pool, "/admin/", "ada")
    assert browser.get("/admin/login/?next=https://evil.example/")["Location"] == "/admin/"


def test_a_sign_in_begun_at_the_admin_starts_again_at_the_admins_log_in(db, staff_pool):
    browser = Browser()
    browser.get("/admin/login/?next=/admin/")
    browser.post("/admin/login/?next=/admin/", {"username": "ada", "password": PASSWORD})
    assert pending_of(browser).admin_site == "admin"
    staff_pool.advance(3600)  # the pending sign-in's Session is long gone
    wrong = browser.post("/accounts/login/code/", {"code": "000000"})
    assert wrong["Location"] == "/admin/login/"
    again = browser.get(wrong["Location"])
    assert ADMIN_LOOK in again.content.decode()


def test_a_sign_in_begun_on_the_site_keeps_the_sites_look(db, staff_pool):
    browser = Browser()
    browser.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    page = browser.get("/accounts/login/code/")
    assert ADMIN_LOOK not in page.content.decode()
    assert page.templates[1].name == "cognito_challenge/base.html"


def test_one_line_routes_a_projects_own_admin_site_through_cognito(db, staff_pool):
    browser = Browser()
    response = sign_in_from(browser, staff_pool, "/own-admin/auth/user/", "ada")
    assert response["Location"] == "/own-admin/auth/user/"
    assert browser.get("/own-admin/auth/user/").status_code == 200


def test_a_break_glass_superuser_signs_in_with_djangos_own_form(db, settings,
                                                                 django_user_model):
    """The admin how-to's break-glass page: ModelBackend listed, Django's password form."""
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS,
                                        "django.contrib.auth.backends.ModelBackend"]
    django_user_model.objects.create_superuser("breakglass", password="Long-Random-Pass-1!")
    browser = Browser()
    browser.get("/break-glass/login/")
    response = browser.post("/break-glass/login/?next=/admin/",
                            {"username": "breakglass", "password": "Long-Random-Pass-1!",
                             "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert "Site administration" in browser.get("/admin/").content.decode()


def test_the_otp_admin_refuses_staff_who_signed_in_without_mfa(db, cognito, settings):
    """CognitoOTPAdminSite: staff, and a second factor in this sign-in."""
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    cognito.add_user("ada", groups=("admins",))  # a pool without MFA
    browser = Browser()
    browser.get("/cognito-otp-admin/login/?next=/cognito-otp-admin/")
    response = browser.post("/cognito-otp-admin/login/?next=/cognito-otp-admin/",
                            {"username": "ada", "password": PASSWORD})
    assert response["Location"] == "/cognito-otp-admin/"
    assert browser.get("/home/").content == b"home: ada"  # signed in, and staff

    page = browser.get("/cognito-otp-admin/", follow=True)
    assert page.redirect_chain == [("/cognito-otp-admin/login/?next=/cognito-otp-admin/", 302)]
    assert "You are authenticated as ada, but are not authorized" in page.content.decode()


def test_the_otp_admin_admits_staff_whose_sign_in_had_a_totp_code(db, staff_pool):
    browser = Browser()
    response = sign_in_from(browser, staff_pool, "/cognito-otp-admin/auth/user/", "ada")
    assert response["Location"] == "/cognito-otp-admin/auth/user/"
    assert browser.get(response["Location"]).status_code == 200
