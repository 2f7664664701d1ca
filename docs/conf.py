"""Sphinx configuration. Build: ``./scripts/docs`` (warnings are errors, as in CI)."""

from __future__ import annotations

import sys
from importlib.metadata import version as installed_version
from pathlib import Path

import django
from django.conf import settings

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent), str(DOCS / "_ext")]

# The reference pages read the package itself: settings, checks, URLs, templates, signals.
settings.configure(
    SECRET_KEY="docs-build-only",
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes",
                    "django.contrib.sessions", "django_cognito_challenge"],
    USE_I18N=True,
    LANGUAGE_CODE="en",
)
django.setup()

project = "django-cognito-challenge"
author = "django-cognito-challenge contributors"
copyright = "the django-cognito-challenge contributors"
release = installed_version("django-cognito-challenge")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "cognito_reference",
    "template_reference",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
nitpicky = False
html_theme = "alabaster"
html_title = f"{project} {release}"
