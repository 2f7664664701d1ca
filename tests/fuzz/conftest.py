"""Hypothesis for the fuzz tests: no example database in the repo, reproducible under CI=true."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

from .stations import PROFILE, Page, Station

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    # Hypothesis caches what it learns of the code (constants, Unicode tables) in its home
    # directory, ./.hypothesis by default: keep even that out of the repo.
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "django-cognito-challenge-hypothesis")

settings.register_profile(
    PROFILE,
    database=None,  # no .hypothesis directory written into the repo
    deadline=None,  # a sign-in's SRP and the local Cognito's RSA keys vary with the machine
    derandomize=os.environ.get("CI") == "true",  # a CI run is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


@pytest.fixture
def station(db, local_cognito_server, settings):
    """``station(page, csrf=False)``: a browser at ``page``, re-armed when a body moved it on."""
    made: list[Station] = []

    def at(page: Page, *, csrf: bool = False) -> Station:
        for name, value in page.settings.items():
            setattr(settings, name, value)
        made.append(Station(page, local_cognito_server, settings, csrf=csrf))
        made[-1].arm()
        return made[-1]

    yield at
    for each in made:
        each.close()
