"""Settings: defaults, empty values, and the issuer that follows the endpoint."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_cognito_challenge.conf import app_settings, declared

POOL = {"COGNITO_CHALLENGE_REGION": "eu-west-1", "COGNITO_CHALLENGE_USER_POOL_ID": "eu-west-1_Ab"}


def test_issuer_is_aws_s_for_the_region_and_pool_without_an_endpoint():
    with override_settings(**POOL, COGNITO_CHALLENGE_ENDPOINT_URL=None,
                           COGNITO_CHALLENGE_ISSUER=None):
        assert app_settings.ISSUER == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab"


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:9229", "http://127.0.0.1:9229/"])
def test_issuer_follows_an_endpoint_outside_aws(endpoint):
    """The local Cognito signs with ``<endpoint>/<pool>``: no ISSUER setting needed."""
    with override_settings(**POOL, COGNITO_CHALLENGE_ENDPOINT_URL=endpoint,
                           COGNITO_CHALLENGE_ISSUER=None):
        assert app_settings.ISSUER == "http://127.0.0.1:9229/eu-west-1_Ab"
        assert app_settings.JWKS_URL == "http://127.0.0.1:9229/eu-west-1_Ab/.well-known/jwks.json"


@pytest.mark.parametrize("endpoint", ["https://cognito-idp.eu-west-1.amazonaws.com",
                                      "https://cognito-idp-fips.us-east-1.amazonaws.com",
                                      "https://vpce-0a1b.cognito-idp.eu-west-1.vpce.amazonaws.com"])
def test_an_aws_endpoint_keeps_aws_s_issuer(endpoint):
    """FIPS and PrivateLink endpoints still issue tokens under the regional issuer."""
    with override_settings(**POOL, COGNITO_CHALLENGE_ENDPOINT_URL=endpoint,
                           COGNITO_CHALLENGE_ISSUER=None):
        assert app_settings.ISSUER == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab"


def test_an_explicit_issuer_wins():
    with override_settings(**POOL, COGNITO_CHALLENGE_ENDPOINT_URL="http://127.0.0.1:9229",
                           COGNITO_CHALLENGE_ISSUER="https://issuer.example/p"):
        assert app_settings.ISSUER == "https://issuer.example/p"


@pytest.mark.django_db
def test_an_issuer_defaulted_from_the_endpoint_signs_people_in(cognito, client):
    """The quick start's settings: ENDPOINT_URL and no ISSUER, and the sign-in verifies."""
    cognito.add_user("ann")
    with override_settings(COGNITO_CHALLENGE_ISSUER=None):
        response = client.post("/accounts/login/", {"username": "ann",
                                                    "password": "Demo-Pass-1!"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.parametrize("empty", [None, "", []])
def test_an_empty_value_counts_as_unset(empty):
    """An unset environment variable gives the default, not an empty secret or flow."""
    with override_settings(COGNITO_CHALLENGE_AUTH_FLOW=empty, COGNITO_CHALLENGE_TOTP_ISSUER=empty,
                           COGNITO_CHALLENGE_ENCRYPTION_KEYS=empty, SECRET_KEY="s" * 50,
                           SECRET_KEY_FALLBACKS=[]):
        assert app_settings.AUTH_FLOW == "USER_SRP_AUTH"
        assert app_settings.TOTP_ISSUER == "Django"
        assert app_settings.ENCRYPTION_KEYS == ("s" * 50,)


def test_one_group_given_as_a_string_is_one_group():
    with override_settings(COGNITO_CHALLENGE_STAFF_GROUPS="admins"):
        assert app_settings.STAFF_GROUPS == ("admins",)


def test_every_setting_is_documented_with_a_type_and_default():
    for setting in declared():
        assert setting.doc.endswith("."), setting.name
        assert setting.type_doc, setting.name
        assert setting.default_text, setting.name
