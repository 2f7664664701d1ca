"""CognitoBackend: a verified ID token becomes exactly one local user, found by (iss, sub).

Claims come from real tokens of the local Cognito, verified by the app. ASVS 5.0 ids are named in
each test's docstring (see the security checklist).
"""

from __future__ import annotations

import threading

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import authenticate, get_user_model
from django.db import connections

from django_cognito_challenge.backends import CognitoBackend
from django_cognito_challenge.cognito.replies import Tokens
from django_cognito_challenge.cognito.tokens import verify_id_token
from django_cognito_challenge.models import CognitoIdentity
from tests.browsers import Browser

PASSWORD = "Demo-Pass-1!"
User = get_user_model()


def id_token(cognito, username: str) -> str:
    result = cognito.boto3_client().initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH", ClientId=cognito.client_id,
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD})["AuthenticationResult"]
    return result["IdToken"]


def claims_for(cognito, username: str):
    return verify_id_token(id_token(cognito, username))


def sign_in(cognito, username: str):
    """The local user for a fresh sign-in of ``username``, straight through the backend."""
    return CognitoBackend().user_for_claims(claims_for(cognito, username))


def test_same_email_on_two_cognito_users_gives_two_local_users(db, cognito):
    """ASVS 10.5.2: email is not identity; a shared (even verified) email links nothing."""
    for name in ("ana", "ana2"):
        cognito.add_user(name, attributes={"email": "ana@example.com", "email_verified": "true"})
    first, second = sign_in(cognito, "ana"), sign_in(cognito, "ana2")
    assert first.pk != second.pk
    assert first.email == second.email == "ana@example.com"
    subs = set(CognitoIdentity.objects.values_list("sub", flat=True))
    assert subs == {cognito.user("ana").sub, cognito.user("ana2").sub}


def test_changed_email_in_cognito_keeps_the_same_local_user(db, cognito):
    """ASVS 10.5.2: the user is keyed by sub; a new email updates the same account."""
    cognito.add_user("ana", attributes={"email": "old@example.com"})
    before = sign_in(cognito, "ana")
    cognito.user("ana").attributes["email"] = "new@example.com"
    after = sign_in(cognito, "ana")
    assert after.pk == before.pk
    assert User.objects.get(pk=before.pk).email == "new@example.com"
    assert User.objects.count() == 1


def test_changed_username_in_cognito_keeps_the_same_local_user(db, cognito):
    """ASVS 10.5.2: a new cognito:username with the same sub is the same person."""
    cognito.add_user("ana")
    before = sign_in(cognito, "ana")
    # Real pools cannot rename; a new local-Cognito user with the same sub models a username
    # change (e.g. an email-as-username pool) while the sub stays.
    sub = cognito.pool.users.pop("ana").sub
    cognito.add_user("ana.renamed", sub=sub)
    after = sign_in(cognito, "ana.renamed")
    assert after.pk == before.pk
    assert User.objects.count() == 1
    assert CognitoIdentity.objects.get(user=after).username == "ana.renamed"


def test_existing_local_admin_is_not_taken_over_by_a_cognito_user_of_that_name(db, cognito):
    """ASVS 10.5.2 / 8.3.1: a Cognito user named like a local account (createsuperuser's
    "admin") gets a new, unprivileged user with a suffixed username."""
    admin = User.objects.create_superuser("admin", "root@example.com", "local-pass")
    cognito.add_user("admin")
    browser = Browser()
    response = browser.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    assert response["Location"] == "/home/"
    sub = cognito.user("admin").sub
    assert browser.get("/home/").content == f"home: admin-{sub[:8]}".encode()
    linked = CognitoIdentity.objects.get(sub=sub).user
    assert linked.pk != admin.pk
    assert not linked.is_staff
    assert not linked.is_superuser
    assert not admin.cognito_identities.exists()


def test_name_and_email_are_copied_from_the_id_token(db, cognito):
    cognito.add_user("ana", attributes={"email": "ana@example.com", "name": "Ana Lima"})
    user = sign_in(cognito, "ana")
    assert (user.username, user.first_name, user.last_name, user.email) == (
        "ana", "Ana", "Lima", "ana@example.com")
    assert not user.has_usable_password()


def test_superuser_group_grants_and_its_removal_revokes_at_next_sign_in(db, cognito, settings):
    """ASVS 8.3.1 / 8.3.2: roles come from the trusted cognito:groups claim, and a removal in
    Cognito takes effect at the next sign-in."""
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    settings.COGNITO_CHALLENGE_SUPERUSER_GROUPS = ("admins",)
    cognito.add_user("ana", groups=("admins",))
    user = sign_in(cognito, "ana")
    assert user.is_staff
    assert user.is_superuser
    cognito.user("ana").groups.discard("admins")
    user = sign_in(cognito, "ana")
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.is_superuser


def test_staff_group_gives_staff_only(db, cognito, settings):
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("editors",)
    settings.COGNITO_CHALLENGE_SUPERUSER_GROUPS = ("admins",)
    cognito.add_user("ana", groups=("editors",))
    user = sign_in(cognito, "ana")
    assert user.is_staff
    assert not user.is_superuser


def test_user_writable_attribute_never_grants_a_role(db, cognito, settings):
    """ASVS 8.3.1: only cognito:groups counts, not an attribute the person could set."""
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    settings.COGNITO_CHALLENGE_SUPERUSER_GROUPS = ("admins",)
    settings.COGNITO_CHALLENGE_MIRROR_GROUPS = True
    cognito.configure_pool(custom_attributes=("groups", "role"))
    cognito.add_user("ana", attributes={"custom:groups": "admins", "custom:role": "admins"})
    user = sign_in(cognito, "ana")
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.groups.exists()


def test_mirror_groups_makes_django_groups_follow_cognito(db, cognito, settings):
    """ASVS 8.3.2: with MIRROR_GROUPS, Django groups are exactly the Cognito groups."""
    settings.COGNITO_CHALLENGE_MIRROR_GROUPS = True
    cognito.add_user("ana", groups=("editors", "readers"))
    user = sign_in(cognito, "ana")
    assert sorted(user.groups.values_list("name", flat=True)) == ["editors", "readers"]
    cognito.user("ana").groups.discard("editors")
    user = sign_in(cognito, "ana")
    assert list(user.groups.values_list("name", flat=True)) == ["readers"]


def test_groups_are_not_mirrored_by_default(db, cognito):
    cognito.add_user("ana", groups=("editors",))
    assert not sign_in(cognito, "ana").groups.exists()


def test_inactive_local_user_cannot_sign_in(db, cognito):
    """ASVS 7.4.2: a local is_active=False blocks sign-in with the generic failure."""
    cognito.add_user("ana")
    sign_in(cognito, "ana")
    User.objects.filter(username="ana").update(is_active=False)
    browser = Browser()
    response = browser.post("/accounts/login/", {"username": "ana", "password": PASSWORD})
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].non_field_errors().as_data()]
    assert codes == ["invalid_login"]
    assert browser.get("/home/").content == b"home: anonymous"


def test_deactivating_a_signed_in_user_ends_their_session_at_the_next_request(db, cognito):
    """ASVS 7.4.2: get_user() refuses an inactive user, so the open session is anonymous."""
    cognito.add_user("ana")
    browser = Browser()
    browser.post("/accounts/login/", {"username": "ana", "password": PASSWORD})
    assert browser.get("/home/").content == b"home: ana"
    User.objects.filter(username="ana").update(is_active=False)
    assert browser.get("/home/").content == b"home: anonymous"


def test_username_and_password_never_reach_the_cognito_backend(db, cognito):
    """ASVS 6.3.4: no second pathway; authenticate() with a password finds nobody, asks nobody."""
    cognito.add_user("ana")
    sign_in(cognito, "ana")
    cognito.reset_calls()
    assert authenticate(None, username="ana", password=PASSWORD) is None
    assert cognito.calls == []


def test_forged_id_token_signed_with_another_key_is_refused(db, cognito):
    """ASVS 9.1.1 / 6.8.2: the right claims and kid under another key get no user."""
    cognito.add_user("ana")
    real = id_token(cognito, "ana")
    claims = jwt.decode(real, options={"verify_signature": False})
    claims["cognito:username"] = "ana"
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, other_key, algorithm="RS256",
                        headers={"kid": jwt.get_unverified_header(real)["kid"]})
    tokens = Tokens(id_token=forged, access_token="unused", refresh_token=None, expires_in=3600)
    assert CognitoBackend().authenticate(None, cognito_tokens=tokens) is None
    assert not User.objects.exists()
    genuine = Tokens(id_token=real, access_token="unused", refresh_token=None, expires_in=3600)
    assert CognitoBackend().authenticate(None, cognito_tokens=genuine).username == "ana"


class LosingBackend(CognitoBackend):
    """A first sign-in that loses the race: after its lookup found no identity, another
    request (another thread, so another database connection) links the person and commits."""

    def create_user(self, claims):
        winner = threading.Thread(target=self._other_request, args=(claims,))
        winner.start()
        winner.join()
        return super().create_user(claims)

    def _other_request(self, claims) -> None:
        try:
            CognitoBackend().user_for_claims(claims)
        finally:
            connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_sign_ins_of_one_person_make_one_user(cognito):
    """The losing insert hits the (issuer, sub) constraint and uses the winner's user.

    The race is staged, not run: on the suite's in-memory SQLite (shared cache) truly parallel
    threads fail with "database table is locked" instead of racing, so the winner commits from
    another connection exactly between the loser's lookup and its insert.
    """
    cognito.add_user("ana")
    claims = claims_for(cognito, "ana")
    user = LosingBackend().user_for_claims(claims)
    assert User.objects.count() == 1
    assert CognitoIdentity.objects.get().user_id == user.pk
    assert user.username == "ana"
