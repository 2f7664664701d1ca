"""The ``cognito`` fixture's passkey helpers: turn passkeys on, give a user one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .authenticator import SoftwarePasskey
from .flows.passkey_registration import creation_options, register
from .flows.webauthn import WEB_AUTHN
from .models import WebAuthnConfiguration

if TYPE_CHECKING:
    from .backend import LocalCognito
    from .models import Pool, User


class PasskeyHelpers:
    """Mixed into :class:`~.fixture.LocalCognitoFixture`."""

    backend: LocalCognito
    pool: Pool

    if TYPE_CHECKING:
        def user(self, username: str) -> User: ...

    def configure_webauthn(
        self, relying_party_id: str | None = "localhost", *, user_verification: str = "preferred",
        factor_configuration: str = "SINGLE_FACTOR", sign_in: bool = True,
    ) -> WebAuthnConfiguration:
        """Set the pool's passkey settings, as SetUserPoolMfaConfig's WebAuthnConfiguration.

        :param relying_party_id: the domain passkeys belong to; pages may be on it or a
            subdomain, over HTTPS (any port), or on ``http://localhost`` when it is
            ``localhost``. None leaves passkeys unconfigured.
        :param user_verification: ``"preferred"`` or ``"required"``.
        :param factor_configuration: ``"SINGLE_FACTOR"`` or
            ``"MULTI_FACTOR_WITH_USER_VERIFICATION"`` (where MFA is ON, a user-verified
            passkey of a user with WebAuthn MFA on is then a whole sign-in).
        :param sign_in: also add ``WEB_AUTHN`` to the pool's AllowedFirstAuthFactors.
        """
        self.pool.webauthn = WebAuthnConfiguration(relying_party_id, user_verification,
                                                   factor_configuration)
        if sign_in and WEB_AUTHN not in self.pool.allowed_first_auth_factors:
            self.pool.allowed_first_auth_factors = (*self.pool.allowed_first_auth_factors,
                                                    WEB_AUTHN)
        return self.pool.webauthn

    def add_passkey(self, username: str, passkey: SoftwarePasskey | None = None, *,
                    origin: str | None = None) -> SoftwarePasskey:
        """Register a passkey for the user, as Start- then CompleteWebAuthnRegistration would.

        :param passkey: the authenticator to register (a fresh :class:`SoftwarePasskey`
            with user verification unless given); sign in with its ``get()``.
        :param origin: the registering page's origin; ``https://<relying party id>``.
        :returns: the passkey, now holding its credential.
        :raises ~.errors.ServiceError: as CompleteWebAuthnRegistration would refuse it
            (passkeys not enabled in the pool, a wrong origin ...).
        """
        user, now = self.user(username), self.backend.now()
        options = creation_options(self.pool, user, now)
        passkey = passkey or SoftwarePasskey()
        origin = origin or f"https://{options['rp']['id']}"
        register(self.pool, user, passkey.create(options, origin), now)
        return passkey
