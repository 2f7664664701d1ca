"""Signals sent by the sign-in flow (Django's own ``user_login_failed`` is sent too)."""

from __future__ import annotations

from django.dispatch import Signal

#: A sign-in attempt failed. Arguments: ``request``, ``username``, ``reason`` (an error code).
cognito_sign_in_failed = Signal()

#: A person completed a Cognito sign-in. Arguments: ``request``, ``user``, ``claims``.
cognito_signed_in = Signal()
