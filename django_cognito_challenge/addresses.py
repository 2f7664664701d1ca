"""The address of the person behind a request, as this site's proxies report it."""

from __future__ import annotations

from .conf import app_settings


def client_ip(request) -> str | None:
    """The person's address: REMOTE_ADDR, or the entry the nearest trusted proxy added."""
    proxies = app_settings.TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
