"""From verified claims to a local user: find by (issuer, sub), create once, copy details."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, connections, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .cognito.tokens import Claims
from .conf import app_settings
from .models import CognitoIdentity


def find_identity(claims: Claims) -> CognitoIdentity | None:
    return (CognitoIdentity.objects.select_related("user")
            .filter(issuer=claims.issuer, sub=claims.sub).first())


def link_new_user(claims: Claims, create_user) -> CognitoIdentity:
    """Create the user and its identity; when a concurrent first sign-in won, use its user."""
    try:
        with transaction.atomic():
            user = create_user(claims)
            return CognitoIdentity.objects.create(
                user=user, issuer=claims.issuer, sub=claims.sub, username=claims.username)
    except IntegrityError:
        identity = find_identity(claims)
        if identity is None:
            raise
        return identity


def free_username(claims: Claims) -> str:
    """The Cognito username when no local user has it, else one made unique with the sub."""
    model = get_user_model()
    field = model.USERNAME_FIELD
    wanted = (claims.username or claims.sub)[:100]
    if not model._default_manager.filter(**{field: wanted}).exists():
        return wanted
    return f"{wanted}-{claims.sub[:8]}"


def copy_profile(user, claims: Claims) -> list[str]:
    """Copy name and email from the claims; return the fields that changed."""
    given, _, family = (claims.name or "").partition(" ")
    values = {
        "first_name": claims.raw.get("given_name") or given,
        "last_name": claims.raw.get("family_name") or family,
        "email": claims.email or "",
    }
    changed = []
    for name, value in values.items():
        if hasattr(user, name) and value is not None and getattr(user, name) != value[:150]:
            setattr(user, name, value[:150])
            changed.append(name)
    return changed


def apply_group_roles(user, groups: tuple[str, ...]) -> list[str]:
    """Set is_staff / is_superuser from the configured Cognito groups, when any are set."""
    staff, superuser = app_settings.STAFF_GROUPS, app_settings.SUPERUSER_GROUPS
    if not (staff or superuser):
        return []
    is_superuser = bool(set(groups) & set(superuser))
    is_staff = is_superuser or bool(set(groups) & set(staff))
    changed = []
    for name, value in (("is_staff", is_staff), ("is_superuser", is_superuser)):
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    return changed


def mirror_groups(user, groups: tuple[str, ...]) -> None:
    """Make the user's Django groups exactly the Cognito groups."""
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])


#: The attribute :func:`with_sessions_valid_after` gives each user.
SESSIONS_VALID_AFTER = "cognito_sessions_valid_after"


def with_sessions_valid_after(users):
    """Users, each with the latest time their sessions were ended (or None) as an attribute.

    A correlated ``MAX()`` in the users' own query: no second query, and, written as SQL from
    the models' table and column names, about a sixth of what the ORM's ``Subquery`` costs to
    build (a cost paid at every request).
    """
    # SECURITY: only the models' own table and column names, quoted by the database backend;
    # nothing a request carries reaches this SQL.
    quote = connections[users.db].ops.quote_name
    identities, people = CognitoIdentity._meta, users.model._meta
    ended = identities.get_field("sessions_valid_after")
    latest = " ".join([
        f"SELECT MAX({quote(ended.column)}) FROM {quote(identities.db_table)}",  # noqa: S608
        f"WHERE {quote(identities.get_field('user').column)} =",
        f"{quote(people.db_table)}.{quote(people.pk.column)}",
    ])
    return users.annotate(**{
        SESSIONS_VALID_AFTER: RawSQL(latest, (), output_field=ended)})  # noqa: S611


def record_sign_in(identity: CognitoIdentity, claims: Claims) -> None:
    CognitoIdentity.objects.filter(pk=identity.pk).update(
        last_sign_in_at=timezone.now(), username=claims.username)
