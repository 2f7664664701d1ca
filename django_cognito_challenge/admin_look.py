"""The admin's look for a sign-in begun at an admin site's log-in page."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse

ADMIN_BASE = "cognito_challenge/admin/base.html"
SITE_BASE = "cognito_challenge/base.html"


def site_named(name: str) -> admin.AdminSite | None:
    """The admin site that began a sign-in, found by its name (its URL namespace)."""
    return next((site for site in admin.sites.all_sites if site.name == name), None)


def admin_context(request, site: admin.AdminSite) -> dict:
    """What the admin's templates need around a sign-in page begun at ``site``."""
    return {**site.each_context(request), "base_template": ADMIN_BASE,
            "signed_in_without_access": ""}


def context_for(request, admin_site: str) -> dict:
    """The page's parent and, for a sign-in begun at an admin site, what its templates need."""
    site = site_named(admin_site) if admin_site else None
    return admin_context(request, site) if site else {"base_template": SITE_BASE}


def login_url(admin_site: str = "") -> str:
    """Where a sign-in starts again: the admin's log-in when it began there."""
    if admin_site and site_named(admin_site):
        return reverse("admin:login", current_app=admin_site)
    return reverse("cognito_challenge:login")
