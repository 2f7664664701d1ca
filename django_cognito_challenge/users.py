"""From verified claims to a local user: find by (issuer, sub), create once, copy details."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
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


def record_sign_in(identity: CognitoIdentity, claims: Claims) -> None:
    CognitoIdentity.objects.filter(pk=identity.pk).update(
        last_sign_in_at=timezone.now(), username=claims.username)
