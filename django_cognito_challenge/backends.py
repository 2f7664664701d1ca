"""The authentication backend: a verified Cognito ID token becomes a local user.

Override the hooks (``create_user``, ``update_user``, ``sync_groups``, ``user_can_authenticate``)
to change how people are mapped, as with ``RemoteUserBackend``.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.views.decorators.debug import sensitive_variables

from . import users
from .cognito.errors import TokenInvalid
from .cognito.replies import Tokens
from .cognito.tokens import Claims, verify_id_token
from .conf import app_settings

logger = logging.getLogger(__name__)


class CognitoBackend(BaseBackend):
    """Authenticates ``authenticate(request, cognito_tokens=Tokens(...))``."""

    @sensitive_variables()
    def authenticate(self, request, *, cognito_tokens: Tokens):
        try:
            claims = verify_id_token(cognito_tokens.id_token)
        except TokenInvalid as error:
            # A JWKS outage is not caught: it is "unavailable", not a wrong password.
            logger.warning("Cognito ID token refused: %s", error.detail)
            return None
        user = self.user_for_claims(claims)
        if not self.user_can_authenticate(user):
            return None
        user.cognito_claims = claims  # as contrib.auth sets user.backend: for the caller
        return user

    def user_for_claims(self, claims: Claims):
        identity = users.find_identity(claims)
        if identity is None:
            identity = users.link_new_user(claims, self.create_user)
        user = identity.user
        self.update_user(user, claims)
        users.record_sign_in(identity, claims)
        return user

    # -- hooks ------------------------------------------------------------------------------

    def create_user(self, claims: Claims):
        """Create the local user for a first sign-in (password unusable: Cognito owns it)."""
        model = get_user_model()
        user = model(**{model.USERNAME_FIELD: users.free_username(claims)})
        user.set_unusable_password()
        users.copy_profile(user, claims)
        users.apply_group_roles(user, claims.groups)
        user.save()
        return user

    def update_user(self, user, claims: Claims) -> None:
        """Refresh name, email, roles and groups from the claims at each sign-in."""
        changed = users.copy_profile(user, claims) + users.apply_group_roles(user, claims.groups)
        if changed:
            user.save(update_fields=changed)
        self.sync_groups(user, claims.groups)

    def sync_groups(self, user, groups: tuple[str, ...]) -> None:
        """Mirror ``cognito:groups`` into Django groups when ``MIRROR_GROUPS`` is on."""
        if app_settings.MIRROR_GROUPS:
            users.mirror_groups(user, groups)

    def user_can_authenticate(self, user) -> bool:
        """Refuse inactive users, at sign-in and at each request (as ``ModelBackend`` does)."""
        return getattr(user, "is_active", True)

    def get_user(self, user_id):
        """The session's user, with when its sessions were last ended (one query for both:
        :func:`.other_sessions.has_ended` then reads the user instead of the database)."""
        model = get_user_model()
        try:
            user = users.with_sessions_valid_after(model._default_manager).get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
