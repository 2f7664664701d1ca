"""Signals sent by the sign-in flow (Django's own ``user_login_failed`` is sent too)."""

from __future__ import annotations

from django.dispatch import Signal

#: A sign-in attempt failed. Arguments: ``request``, ``username``, ``reason`` (an error code).
cognito_sign_in_failed = Signal()

#: A person completed a Cognito sign-in. Arguments: ``request``, ``user``, ``claims`` (the ID
#: token's verified claims); ``factors``, a tuple of what the person answered, in order, by
#: Cognito's names: first the password (``PASSWORD_VERIFIER`` with ``USER_SRP_AUTH``,
#: ``PASSWORD`` with ``USER_PASSWORD_AUTH``), then each challenge answered (say
#: ``SELECT_MFA_TYPE``, ``SMS_MFA``; ``DEVICE_SRP_AUTH`` for a remembered device); and
#: ``remembered_device``, True when a remembered device answered in place of an MFA code.
#: Sent after ``login()`` and the new session key, before the response.
cognito_signed_in = Signal()

#: A signed-in person changed their password, or a forgotten one was reset. Arguments: ``request``,
#: ``username`` (Cognito's), ``user`` (the local user, or None for a reset while signed out).
cognito_password_changed = Signal()

#: A signed-in person changed their MFA: added, replaced or turned off a factor, or chose another
#: preferred one. Arguments: ``request``, ``user``, ``change`` (a short code such as
#: ``"totp_added"``), ``factor`` (Cognito's name, e.g. ``SOFTWARE_TOKEN_MFA``). ``change`` is one
#: of ``totp_added``, ``totp_replaced``, ``sms_enabled``, ``email_enabled``, ``preferred_changed``
#: (``factor`` is the one now preferred), ``factor_disabled`` (another factor is still on) and
#: ``mfa_disabled`` (the last one went); sent only for changes Cognito made.
cognito_mfa_changed = Signal()

#: A signed-in person forgot remembered devices. Arguments: ``request``, ``user``, ``count`` (1 for
#: one device, n for "forget all others"); not sent when nothing was forgotten.
cognito_devices_forgotten = Signal()

#: A signed-in person added or removed a passkey. Arguments: ``request``, ``user``, ``change``
#: (``"passkey_added"`` or ``"passkey_removed"``), ``credential_id`` (the passkey's WebAuthn
#: credential id, base64url: public, never a secret); sent only for changes Cognito made.
cognito_passkeys_changed = Signal()

#: A person signed up: Cognito made the account (unconfirmed until its code is entered, unless
#: the pool's pre sign-up trigger confirmed it). Arguments: ``request``, ``username`` (the name
#: given to SignUp). Not sent for a taken name.
cognito_signed_up = Signal()

#: A person's new account is confirmed: with the code Cognito sent, or at once by the pool's pre
#: sign-up trigger; sent before any sign-in. Arguments: ``request``, ``username`` (the name the
#: sign-up or the refused sign-in used).
cognito_sign_up_confirmed = Signal()
