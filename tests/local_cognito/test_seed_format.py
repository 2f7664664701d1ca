"""The seed format is declared as data, and the loader accepts exactly what it declares."""

from __future__ import annotations

import copy
import dataclasses
import functools
import json

import pytest

from django_cognito_challenge.testing.__main__ import describe
from django_cognito_challenge.testing.backend import LocalCognito
from django_cognito_challenge.testing.models import AppClient, DeviceConfiguration, PasswordPolicy
from django_cognito_challenge.testing.seed import (
    SEED_FORMAT,
    SeedError,
    SeedKey,
    SeedSection,
    apply_seed,
    read_seed,
    validate_seed,
)
from django_cognito_challenge.testing.seed_format import SECTIONS, understood

DECLARED = [pytest.param(section, key, id=f"{section.path}.{key.name}")
            for section in SEED_FORMAT for key in section.keys]
SAMPLES = {  # values a type alone cannot suggest
    ("pool", "id"): "us-east-1_Sampled1",
    ("pool", "required_attributes"): ["email"],
    ("pool", "custom_attributes"): ["tenant"],
    ("pool", "password_policy"): {"minimum_length": 12},
    ("users[].mfa", "totp_secret"): "JBSWY3DPEHPK3PXP",
    ("users[]", "attributes"): {"email": "ann@example.com"},
    ("users[]", "mfa"): {"sms": True},
}
BASE = {"pool": {"id": "us-east-1_Base1"}, "client": {"id": "baseclient"},
        "users": [{"username": "ann"}]}
RANDOM = {"sub", "srp_salt_hex", "srp_verifier", "password_digest", "device_group_key",
          "created_at", "modified_at", "temporary_password_expires_at", "signing_key",
          "key_id", "access_key", "users", "clients", "groups"}


def sample(section: SeedSection, key: SeedKey):
    """A value of ``key``'s declared type, other than its default, that the loader takes."""
    if (section.path, key.name) in SAMPLES:
        return SAMPLES[section.path, key.name]
    kind = key.type
    if kind.startswith("list of ") and " | " in kind:
        return [kind.removeprefix("list of ").split(" | ")[-1]]
    if " | " in kind:
        return next(choice for choice in kind.split(" | ") if choice != key.default)
    if kind == "boolean":
        return key.default != "true"
    return {"string": "sample", "string or null": "sample", "integer": 4, "object": {},
            "list of strings": ["sample"]}[kind]


def seed_with(path: str, entries: dict) -> dict:
    """The base seed with ``entries`` added to its section ``path``."""
    seed = copy.deepcopy(BASE)
    head, _, nested = path.partition(".")
    if head == "users[]":
        user = seed["users"][0]
        (user.setdefault(nested, {}) if nested else user).update(entries)
    elif nested:
        seed[head][nested] = entries
    else:
        seed.setdefault(head, {}).update(entries)
    return seed


@functools.cache
def base_outcome() -> dict:
    return outcome(BASE)


def outcome(seed: dict) -> dict:
    """Everything a seed makes, but what is random each time."""
    seeded = apply_seed(LocalCognito(), seed)
    pool = seeded.pool
    return {
        "pool": _fields(pool), "client": _fields(seeded.client), "groups": set(pool.groups),
        "users": {name: {**_fields(user), "password": user.has_password,
                         "attributes": {**user.attributes, "sub": None}}
                  for name, user in pool.users.items()},
        "start-up text": describe("http://127.0.0.1:9229", seeded, settings=True),
    }


def _fields(item) -> dict:
    return {field.name: getattr(item, field.name) for field in dataclasses.fields(item)
            if field.name not in RANDOM}


# -- the declaration ------------------------------------------------------------------------


def test_the_format_names_every_section_of_a_seed():
    assert [section.path for section in SEED_FORMAT] == [
        "pool", "pool.device_configuration", "pool.password_policy", "client", "groups",
        "users[]", "users[].mfa"]
    assert all(dataclasses.is_dataclass(item) and item.__dataclass_params__.frozen
               for item in (SEED_FORMAT[0], SEED_FORMAT[0].keys[0]))


@pytest.mark.parametrize(("section", "key"), DECLARED)
def test_every_declared_key_has_a_type_the_loader_checks_a_default_and_a_meaning(section, key):
    assert understood(key.type)
    assert key.default
    assert key.meaning.endswith(".")
    if key.type == "object":
        assert f"{section.path}.{key.name}" in SECTIONS


@pytest.mark.parametrize(("path", "model", "loader_only", "internal"), [
    ("pool.password_policy", PasswordPolicy, set(), set()),
    ("pool.device_configuration", DeviceConfiguration, set(), set()),
    ("client", AppClient, {"id", "generate_secret"}, {"client_id", "pool_id", "created_at"}),
])
def test_sections_passed_to_a_model_declare_each_of_its_fields(path, model, loader_only,
                                                               internal):
    declared = {key.name for key in SECTIONS[path].keys}
    fields = {field.name for field in dataclasses.fields(model)}
    assert declared == (fields - internal) | loader_only


# -- the loader accepts exactly what is declared ----------------------------------------------


@pytest.mark.parametrize(("section", "key"), DECLARED)
def test_the_loader_takes_every_declared_key_and_it_changes_what_the_seed_makes(section, key):
    seed = seed_with(section.path, {key.name: sample(section, key)})
    validate_seed(seed)
    assert outcome(seed) != base_outcome()


def test_the_loader_accepts_a_list_of_group_names():
    seeded = apply_seed(LocalCognito(), {"groups": ["staff", "admins"]})
    assert set(seeded.pool.groups) == {"staff", "admins"}


@pytest.mark.parametrize("path", [s.path for s in SEED_FORMAT if s.keys])
def test_an_undeclared_key_is_refused_in_every_section(path):
    seed = seed_with(path, {"colour": "blue"})
    with pytest.raises(SeedError) as raised:
        validate_seed(seed)
    position = path.replace("[]", "[0]")
    assert str(raised.value).startswith(f"{position}: unknown key 'colour' (known: ")


def test_an_undeclared_top_level_key_is_refused():
    with pytest.raises(SeedError, match=r"^unknown key 'user' \(known: pool, client, groups, "):
        validate_seed({"user": []})


def test_a_typo_deep_in_a_seed_names_its_place():
    users = [{"username": "ann"}, {"username": "bob"},
             {"username": "cy", "mfa": {"totp": "JBSWY3DPEHPK3PXP"}}]
    with pytest.raises(SeedError) as raised:
        validate_seed({"users": users})
    assert str(raised.value).startswith("users[2].mfa: unknown key 'totp'")
    assert raised.value.position == "users[2].mfa"


@pytest.mark.parametrize(("seed", "message"), [
    ({"pool": {"mfa_configuration": "MAYBE"}},
     "pool.mfa_configuration: must be one of OFF | ON | OPTIONAL, not 'MAYBE'"),
    ({"pool": {"password_policy": {"minimum_length": "8"}}},
     "pool.password_policy.minimum_length: must be an integer, not a string"),
    ({"pool": {"device_configuration": None}},
     "pool.device_configuration: must be an object, not null"),
    ({"client": {"explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH"]}},
     "client.explicit_auth_flows[1]: must be one of ALLOW_USER_SRP_AUTH"),
    ({"client": {"refresh_token_rotation": 1}},
     "client.refresh_token_rotation: must be a boolean, not a number"),
    ({"groups": "admins"}, "groups: must be a list, not a string"),
    ({"users": {"username": "ann"}}, "users: must be a list, not an object"),
    ({"users": [{"username": "ann", "temporary": "yes"}]},
     "users[0].temporary: must be a boolean, not a string"),
    ({"users": [{"username": "ann", "attributes": {"email_verified": True}}]},
     "users[0].attributes.email_verified: must be a string, not a boolean"),
    ({"users": [{"password": "Demo-Pass-1!"}]}, "users[0]: missing required key 'username'"),
    ({"pool": {"required_attributes": ["nmae"]}},
     "pool.required_attributes[0]: 'nmae' is not a standard attribute"),
    ({"pool": {"custom_attributes": ["custom:tenant"]}},
     "pool.custom_attributes: declare custom attributes without the 'custom:' prefix"),
    ([], "a seed is a JSON object, not a list"),
])
def test_a_value_of_the_wrong_type_is_refused_naming_its_place(seed, message):
    with pytest.raises(SeedError) as raised:
        validate_seed(seed)
    assert str(raised.value).startswith(message)


def test_apply_seed_checks_the_seed_before_making_anything():
    cognito = LocalCognito()
    with pytest.raises(SeedError, match="client: unknown key 'secrett'"):
        apply_seed(cognito, {"pool": {"name": "p"}, "client": {"secrett": "x"}})
    assert cognito.pools == {}


def test_the_fixture_refuses_a_seed_with_an_unknown_key(cognito):
    with pytest.raises(SeedError, match=r"^users\[0\]: unknown key 'pasword'"):
        cognito.apply_seed({"users": [{"username": "ann", "pasword": "Demo-Pass-1!"}]})
    assert cognito.backend.pools[cognito.pool_id].users == {}


def test_a_duplicate_user_is_refused_naming_its_place():
    users = [{"username": "ann"}, {"username": "ann"}]
    with pytest.raises(SeedError, match=r"^users\[1\]: 'ann': UsernameExistsException"):
        apply_seed(LocalCognito(), {"users": users})


# -- files ----------------------------------------------------------------------------------


def test_read_seed_names_the_file_and_the_place(tmp_path):
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"users": [{"username": "ann", "mfa": {"totp": "x"}}]}))
    with pytest.raises(SeedError) as raised:
        read_seed(path)
    assert str(raised.value).startswith(f"{path}: users[0].mfa: unknown key 'totp'")


def test_read_seed_refuses_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "seed.json"
    path.write_text('{"users": [}')
    with pytest.raises(SeedError, match=r"seed\.json: not JSON: .*line 1 column 12"):
        read_seed(path)


def test_the_demo_seed_still_loads():
    seeded = apply_seed(LocalCognito(), read_seed())
    assert seeded.pool.pool_id == "us-east-1_DemoPool1"
    assert {user["username"] for user in seeded.users} <= set(seeded.pool.users)
