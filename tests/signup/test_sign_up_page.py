"""The sign-up page: when it exists, what it asks for, who it turns away, and the password
policy it checks before Cognito is asked (ASVS 6.2)."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing.models import PasswordPolicy

from .conftest import (
    CONFIRM,
    HOME,
    LOGIN,
    NEW_PASSWORD,
    SIGN_UP,
    confirm,
    error_codes,
    field_names,
    is_signed_in,
    page_text,
    sign_in,
    sign_up,
)

ALL_RULES_HINT = ("Use at least 8 characters, with a lower-case letter, an upper-case letter, "
                  "a number and a symbol, such as ! or #.")


# -- when the page exists, and what it asks for -------------------------------------------------


def test_the_page_does_not_exist_while_sign_up_is_off(browser, cognito):
    assert browser.get(SIGN_UP).status_code == 404
    assert sign_up(browser, "neo").status_code == 404
    assert cognito.calls == []


def test_the_fields_follow_the_attributes_asked_for(browser, signing_up, settings):
    assert field_names(browser.get(SIGN_UP)) == [
        "username", "email", "attribute_name", "password1", "password2"]
    settings.COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("phone_number", "family_name")
    page = browser.get(SIGN_UP)
    assert field_names(page) == ["username", "attribute_phone_number", "attribute_family_name",
                                 "password1", "password2"]
    assert 'type="tel"' in page.content.decode()


def test_people_who_sign_up_with_their_email_are_asked_no_username(browser, signing_up,
                                                                  settings):
    settings.COGNITO_CHALLENGE_USERNAME_ATTRIBUTES = ("email",)
    page = browser.get(SIGN_UP)
    assert field_names(page) == ["email", "attribute_name", "password1", "password2"]
    assert "Username" not in page_text(page)


def test_with_the_email_as_username_the_whole_sign_up_works(browser, signing_up, settings):
    """SignUp's Username is the email; the pool names the user itself (a UUID)."""
    settings.COGNITO_CHALLENGE_USERNAME_ATTRIBUTES = ("email",)
    signing_up.configure_pool(username_attributes=("email",))

    response = sign_up(browser, "", email="nina@example.com")

    assert response["Location"] == CONFIRM
    (call,) = signing_up.calls
    assert call.request["Username"] == "nina@example.com"
    user = signing_up.user("nina@example.com")
    assert user.username != "nina@example.com"
    assert "We sent a code to n***@e***." in page_text(browser.get(CONFIRM))
    assert confirm(browser, signing_up.last_code(user.username))["Location"] == HOME
    assert browser.get(HOME).content == f"home: {user.username}".encode()
    assert user.status == "CONFIRMED"


def test_a_phone_number_must_come_with_its_country_code(browser, signing_up, settings):
    settings.COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("email", "phone_number")
    response = sign_up(browser, "neo", attribute_phone_number="555 0100")
    assert error_codes(response) == {"attribute_phone_number": ["phone_format"]}
    assert signing_up.calls == []
    sign_up(browser, "neo", attribute_phone_number="+1 (555) 555-0100")
    assert signing_up.user("neo").attributes["phone_number"] == "+15555550100"


def test_a_username_with_a_space_is_refused_on_the_page(browser, signing_up):
    response = sign_up(browser, "neo anderson", email="neo@example.com")
    assert error_codes(response) == {"username": ["username_spaces"]}
    assert signing_up.calls == []


def test_the_sign_in_page_links_to_it_only_while_it_is_on_keeping_next(browser, cognito,
                                                                       settings):
    assert "/accounts/signup/" not in browser.get(f"{LOGIN}?next=/home/").content.decode()
    settings.COGNITO_CHALLENGE_SIGN_UP = True
    page = browser.get(f"{LOGIN}?next=/home/")
    assert 'href="/accounts/signup/?next=/home/"' in page.content.decode()
    assert "No account yet? Sign up" in page_text(page)
    back = browser.get(f"{SIGN_UP}?next=/home/")
    assert 'href="/accounts/login/?next=/home/"' in back.content.decode()
    assert '<input type="hidden" name="next" value="/home/">' in back.content.decode()


def test_a_signed_in_person_is_sent_on_not_signed_up_again(browser, signing_up):
    signing_up.add_user("trin")
    assert sign_in(browser, "trin")["Location"] == HOME
    signing_up.reset_calls()

    response = browser.get(f"{SIGN_UP}?next=/verified-only/")

    assert response["Location"] == "/verified-only/"
    assert "no-cache" in response["Cache-Control"]  # a redirect for this browser only
    assert sign_up(browser, "neo")["Location"] == HOME
    assert signing_up.calls == []
    assert browser.get(f"{SIGN_UP}?next=https://evil.example/")["Location"] == HOME


def test_a_forged_cross_site_sign_up_is_refused(browser, signing_up):
    browser.get(SIGN_UP)
    response = browser.post(SIGN_UP, {"username": "neo", "email": "neo@example.com",
                                      "attribute_name": "Neo", "password1": NEW_PASSWORD,
                                      "password2": NEW_PASSWORD}, csrf_token=None)
    assert response.status_code == 403
    assert signing_up.calls == []


# -- the password policy (ASVS 6.2) -----------------------------------------------------------


def test_the_hint_shows_the_declared_policy(browser, signing_up, settings):
    """ASVS 6.2.1: the person is told the rules before choosing."""
    assert ALL_RULES_HINT in page_text(browser.get(SIGN_UP))
    settings.COGNITO_CHALLENGE_PASSWORD_MIN_LENGTH = 12
    settings.COGNITO_CHALLENGE_PASSWORD_REQUIRED_CHARACTERS = ("numbers", "lowercase")
    assert ("Use at least 12 characters, with a lower-case letter and a number."
            in page_text(browser.get(SIGN_UP)))
    settings.COGNITO_CHALLENGE_PASSWORD_REQUIRED_CHARACTERS = ("symbols",)
    assert ("Use at least 12 characters, with a symbol, such as ! or #."
            in page_text(browser.get(SIGN_UP)))


@pytest.mark.parametrize(("password", "broken"), [
    ("sh", ["it is too short", "add an upper-case letter", "add a number",
            "add a symbol, such as ! or #"]),
    ("NO-LOWER-1!", ["add a lower-case letter"]),
    ("No-Digits-Here!", ["add a number"]),
    ("NoSymbols123", ["add a symbol, such as ! or #"]),
])
def test_a_password_breaking_a_declared_rule_is_refused_before_cognito_is_asked(
        browser, signing_up, password, broken):
    """ASVS 6.2.1: each broken rule is named; SignUp is not called with such a password."""
    response = sign_up(browser, "neo", password=password)

    assert response.status_code == 200
    assert error_codes(response) == {"password1": ["invalid_password"] * len(broken)}
    text = page_text(response)
    for rule in broken:
        assert f"That password does not meet the password policy: {rule}" in text
    assert ALL_RULES_HINT in text
    assert signing_up.call_names() == []
    assert browser.get(CONFIRM)["Location"] == SIGN_UP


def test_the_declared_length_is_what_is_checked(browser, signing_up, settings):
    settings.COGNITO_CHALLENGE_PASSWORD_MIN_LENGTH = 15
    assert error_codes(sign_up(browser, "neo", password="Good-Pass-12!")) == {
        "password1": ["invalid_password"]}
    assert sign_up(browser, "neo", password="Good-Pass-1234!")["Location"] == CONFIRM


def test_two_different_passwords_never_reach_cognito(browser, signing_up):
    response = sign_up(browser, "neo", again="Good-Pass-2!")
    assert error_codes(response) == {"password2": ["password_mismatch"]}
    assert "The two passwords do not match." in page_text(response)
    assert signing_up.call_names() == []


def test_no_password_is_written_back_into_the_page(browser, signing_up):
    response = sign_up(browser, "neo", again="Good-Pass-2!")
    html = response.content.decode()
    assert NEW_PASSWORD not in html
    assert "Good-Pass-2!" not in html
    assert 'value="neo@example.com"' in html  # the rest is kept


def test_a_rule_of_the_pool_not_declared_here_is_cognito_s_refusal_beside_the_password(
        browser, signing_up, settings):
    """Cognito stays the judge: local settings weaker than the pool's policy let the password
    through the page, and SignUp's refusal is shown beside it; nothing is left pending."""
    settings.COGNITO_CHALLENGE_PASSWORD_REQUIRED_CHARACTERS = ("lowercase",)
    signing_up.configure_pool(password_policy=PasswordPolicy(minimum_length=10))

    response = sign_up(browser, "neo", password="lowercase")

    assert error_codes(response) == {"password1": ["invalid_password"]}
    assert "That password does not meet the password policy: it is too short." in page_text(
        response)
    assert [call.error for call in signing_up.calls] == ["InvalidPasswordException"]
    assert browser.get(CONFIRM)["Location"] == SIGN_UP
    response = sign_up(browser, "neo", password="lowercase-and-long")
    assert "add an upper-case letter" in page_text(response)
    assert not is_signed_in(browser)
