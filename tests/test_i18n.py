"""The sign-in pages in French, and a French catalogue that covers every string the app shows."""
# ruff: noqa: RUF001 (French typography: the apostrophe is U+2019)

from __future__ import annotations

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation.template import templatize

import django_cognito_challenge

from .browsers import Browser
from .signin.conftest import PASSWORD, TOTP_SECRET, error_codes, sign_in, wrong_totp_code

APP = Path(django_cognito_challenge.__file__).parent
MESSAGES = APP / "locale" / "fr" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
#: gettext functions the app may use: name -> (has a context, how many msgids).
GETTEXT_CALLS = {"_": (False, 1), "gettext": (False, 1), "gettext_lazy": (False, 1),
                 "ngettext": (False, 2), "ngettext_lazy": (False, 2),
                 "pgettext": (True, 1), "pgettext_lazy": (True, 1)}


# -- the catalogue, read with the standard library ---------------------------------------------


def read_po(path: Path) -> list[dict]:
    """Entries as ``{"msgctxt", "msgid", "msgid_plural", "msgstr": [..], "flags"}``."""
    entries, entry, key = [], None, ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if key.startswith("msgstr") and not line.startswith(('"', "msgstr")):
            entries.append(entry)  # an entry ends at its last msgstr (blank line or not)
            entry, key = None, ""
        if not line.strip() or line.startswith("#~"):  # obsolete entries are not served
            continue
        entry = entry or {"msgctxt": None, "msgid": "", "msgid_plural": "", "msgstr": {},
                          "flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith('"'):
            append(entry, key, ast.literal_eval(line))
        elif not line.startswith("#"):
            key, _, quoted = line.partition(" ")
            append(entry, key, ast.literal_eval(quoted))
    for entry in entries:
        entry["msgstr"] = [entry["msgstr"][k] for k in sorted(entry["msgstr"])]
    return entries


def append(entry: dict, key: str, text: str) -> None:
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if "[" in key else 0
        entry["msgstr"][index] = entry["msgstr"].get(index, "") + text
    else:
        entry[key] = (entry[key] or "") + text


CATALOGUE = read_po(MESSAGES / "django.po")
TRANSLATED = [e for e in CATALOGUE if e["msgid"]]


def source_msgids() -> set[tuple[str | None, str]]:
    """``(context, msgid)`` of every string the app's templates and modules mark for translation."""
    found = set()
    for template in (APP / "templates").rglob("*.html"):
        python_ish = templatize(template.read_text(encoding="utf-8"), origin=str(template))
        for literal in re.findall(r"""(?:gettext|_)\((u?(['"]).*?(?<!\\)\2)\)""", python_ish):
            found.add((None, ast.literal_eval(literal[0])))
    for module in APP.rglob("*.py"):
        if {"testing", "migrations"} & set(module.relative_to(APP).parts):
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_CALLS:
                found.update(marked_strings(node))
    return found


def marked_strings(call: ast.Call) -> set[tuple[str | None, str]]:
    has_context, count = GETTEXT_CALLS[call.func.id]
    values = [a.value if isinstance(a, ast.Constant) else None for a in call.args]
    context, msgids = (values[0], values[1:1 + count]) if has_context else (None, values[:count])
    return {(context, msgid) for msgid in msgids if isinstance(msgid, str)}


# -- what a French-speaking person sees --------------------------------------------------------


class VisibleText(HTMLParser):
    """Text nodes and the attributes a browser shows or reads aloud; not styles or scripts."""

    SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script")
        self.chunks += [value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.chunks.append(re.sub(r"[ \t\r\n]+", " ", data).strip())  # keeps U+00A0


def visible_text(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return "\n".join(parser.chunks)


def english_pattern(msgid: str) -> re.Pattern:
    parts = [re.escape(part) for part in PLACEHOLDER.split(msgid)]
    return re.compile(r"(?<!\w)" + ".+?".join(parts) + r"(?!\w)")


#: The English source strings whose French differs (``Actions`` is the same word in both).
ENGLISH = {e["msgid"]: english_pattern(e["msgid"])
           for e in TRANSLATED if e["msgstr"][0] != e["msgid"]}


def english_left(text: str) -> list[str]:
    return [msgid for msgid, pattern in ENGLISH.items() if pattern.search(text)]


def french_page(response, *expected: str) -> str:
    """Assert the page is marked French, shows ``expected`` and no English source string."""
    assert response.status_code == 200, response
    assert b'<html lang="fr">' in response.content
    text = visible_text(response)
    assert english_left(text) == []
    for phrase in expected:
        assert phrase in text
    return text


@pytest.fixture
def french_browser(db, settings):
    """A browser asking for French, on a site that honours Accept-Language (LocaleMiddleware)."""
    middleware = list(settings.MIDDLEWARE)
    sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    middleware.insert(sessions + 1, "django.middleware.locale.LocaleMiddleware")
    settings.MIDDLEWARE = middleware
    yield Browser(HTTP_ACCEPT_LANGUAGE="fr")
    translation.deactivate()  # LocaleMiddleware leaves French active in this thread


# -- the pages ---------------------------------------------------------------------------------


def test_sign_in_page_is_french_for_a_french_browser(french_browser):
    response = french_browser.get("/accounts/login/")
    assert response["Content-Language"] == "fr"
    french_page(response, "Se connecter", "Nom d’utilisateur ou adresse e-mail", "Mot de passe",
                "Saisissez le nom d’utilisateur ou l’adresse e-mail de votre compte")


def test_sign_in_page_is_french_where_french_is_the_site_language(client, settings):
    settings.LANGUAGE_CODE = "fr"
    french_page(client.get("/accounts/login/"), "Se connecter", "Mot de passe")


def test_translation_override_alone_gives_french_pages(client):
    with translation.override("fr"):
        french_page(client.get("/accounts/login/"), "Se connecter")


def test_english_browser_still_gets_english(french_browser):
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = english.get("/accounts/login/")
    assert b'<html lang="en">' in response.content
    assert "Username or email" in visible_text(response)


def test_wrong_password_is_refused_in_french(french_browser, cognito):
    cognito.add_user("alice")
    response = sign_in(french_browser, "alice", "Wrong-Pass-1!")
    assert error_codes(response) == {"__all__": ["invalid_login"]}
    french_page(response, "Nom d’utilisateur ou mot de passe incorrect, "
                          "ou connexion temporairement bloquée.")


def test_empty_sign_in_form_uses_django_s_french_messages(french_browser):
    response = french_browser.post("/accounts/login/", {})
    french_page(response, "Ce champ est obligatoire.")


def test_totp_code_page_and_a_wrong_code_are_in_french(french_browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET)
    assert sign_in(french_browser, "tess")["Location"] == "/accounts/login/code/"
    french_page(french_browser.get("/accounts/login/code/"),
                "Saisissez votre code de vérification", "Code de vérification",
                "Ouvrez votre application d’authentification et saisissez le code affiché.",
                "Se souvenir de cet appareil", "Vérifier", "Recommencer")
    wrong = french_browser.post("/accounts/login/code/",
                                {"code": wrong_totp_code(cognito, "tess")})
    assert error_codes(wrong) == {"__all__": ["wrong_code"]}
    french_page(wrong, "Ce code est incorrect. Vérifiez-le et réessayez.")
    malformed = french_browser.post("/accounts/login/code/", {"code": "12ab"})
    french_page(malformed, "Saisissez le code\u00a0: 6 à 8 chiffres.")


def test_email_code_page_names_the_masked_address_in_french(french_browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("emma", attributes={"email": "emma@example.com"}, email_mfa=True)
    assert sign_in(french_browser, "emma")["Location"] == "/accounts/login/code/"
    text = french_page(french_browser.get("/accounts/login/code/"))
    assert re.search(r"Nous avons envoyé un code à e\*\*\*@e\*\*\*\S*\.", text), text


def test_new_password_page_and_a_mismatch_are_in_french(french_browser, cognito):
    cognito.configure_pool(required_attributes=("name", "email"))
    cognito.add_user("nora", "Temp-Pass-1!", temporary=True)
    response = sign_in(french_browser, "nora", "Temp-Pass-1!")
    assert response["Location"] == "/accounts/login/new-password/"
    french_page(french_browser.get("/accounts/login/new-password/"),
                "Choisissez un nouveau mot de passe", "Nouveau mot de passe",
                "Confirmez le nouveau mot de passe", "Nom complet", "Adresse e-mail",
                "Continuer")
    mismatch = french_browser.post("/accounts/login/new-password/", {
        "new_password1": PASSWORD, "new_password2": PASSWORD + "x", "attribute_name": "Nora",
        "attribute_email": "nora@example.com"})
    assert error_codes(mismatch) == {"new_password2": ["password_mismatch"]}
    french_page(mismatch, "Les deux mots de passe ne correspondent pas.")


def test_sign_up_and_confirmation_pages_are_in_french(french_browser, cognito, settings):
    settings.COGNITO_CHALLENGE_SIGN_UP = True
    settings.COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("email", "name")
    cognito.configure_pool(auto_verified_attributes=("email",))
    french_page(french_browser.get("/accounts/login/"), "Pas encore de compte ? Inscrivez-vous")
    french_page(french_browser.get("/accounts/signup/"), "Créer un compte", "Nom d’utilisateur",
                "Utilisez au moins 8 caractères, dont une lettre minuscule, une lettre "
                "majuscule, un chiffre et un symbole, comme ! ou #.", "Créer le compte")
    weak = french_browser.post("/accounts/signup/", {
        "username": "nina", "email": "nina@example.com", "attribute_name": "Nina",
        "password1": "short", "password2": "short"})
    french_page(weak, "Ce mot de passe ne respecte pas les règles : il est trop court.")
    response = french_browser.post("/accounts/signup/", {
        "username": "nina", "email": "nina@example.com", "attribute_name": "Nina",
        "password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == "/accounts/signup/confirm/"
    text = french_page(french_browser.get("/accounts/signup/confirm/"),
                       "Confirmez votre compte", "Code de vérification", "Confirmer",
                       "Envoyer un nouveau code")
    assert re.search(r"Nous avons envoyé un code à n\*\*\*@e\*\*\*\S*\.", text), text


def test_mfa_set_up_choice_and_qr_pages_are_in_french(french_browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tina")
    assert sign_in(french_browser, "tina")["Location"] == "/accounts/login/mfa-setup/"
    french_page(french_browser.get("/accounts/login/mfa-setup/"),
                "Configurer la validation en deux étapes", "Méthode de vérification",
                "Application d’authentification", "E-mail",
                "Votre compte a besoin d’un second moyen de confirmer votre identité.")
    french_browser.post("/accounts/login/mfa-setup/", {"mfa_type": "SOFTWARE_TOKEN_MFA"})
    page = french_browser.get("/accounts/login/mfa-setup/")
    assert cognito.user("tina").pending_totp_secret.encode() in page.content
    french_page(page, "Scannez ce code QR avec votre application d’authentification",
                "Impossible de scanner le code\u00a0?",
                "Code QR pour votre application d’authentification")


def test_a_restart_explains_itself_in_french(french_browser):
    response = french_browser.get("/accounts/login/code/", follow=True)
    assert response.redirect_chain == [("/accounts/login/", 302)]
    french_page(response, "Veuillez vous connecter.")


# -- the catalogue -----------------------------------------------------------------------------


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    assert len(TRANSLATED) > 50
    assert [e["msgid"] for e in CATALOGUE if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in TRANSLATED if not all(e["msgstr"])] == []


def test_french_entries_keep_their_placeholders():
    changed = [e["msgid"] for e in TRANSLATED
               if any(sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(e["msgid"]))
                      for s in e["msgstr"])]
    assert changed == []


def test_django_serves_the_po_file_french_for_every_entry():
    """The committed .mo is compiled from this .po, and no other app's catalogue shadows it."""
    with (MESSAGES / "django.mo").open("rb") as mo:
        assert gettext.GNUTranslations(mo).info()["language"] == "fr"
    with translation.override("fr"):
        served = {(e["msgctxt"], e["msgid"]): served_french(e) for e in TRANSLATED}
    assert {key: text for key, text in served.items() if text is not None} == {}


def served_french(entry: dict) -> str | None:
    """What Django shows for ``entry`` when it differs from the .po file, else None."""
    if entry["msgid_plural"]:
        forms = [translation.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
        return None if forms == entry["msgstr"] else " | ".join(forms)
    text = (translation.pgettext(entry["msgctxt"], entry["msgid"]) if entry["msgctxt"]
            else translation.gettext(entry["msgid"]))
    return None if text == entry["msgstr"][0] else text


def test_every_string_the_app_marks_for_translation_is_in_the_catalogue():
    sources = source_msgids()
    assert (None, "Sign in") in sources
    assert ("verification method", "Email") in sources
    assert (None, "Incorrect username or password, or sign-in is temporarily blocked.") in sources
    catalogued = {(e["msgctxt"], e[key]) for e in TRANSLATED for key in ("msgid", "msgid_plural")
                  if e[key]}
    assert sorted(sources - catalogued, key=str) == []
