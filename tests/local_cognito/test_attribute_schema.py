"""A pool's attribute schema: undeclared custom attributes and unknown names are refused."""

from __future__ import annotations

import jwt
import pytest

from django_cognito_challenge.testing.schema import STANDARD_ATTRIBUTES, AttributeNotInSchema
from django_cognito_challenge.testing.seed import SeedError

PASSWORD = "Demo-Pass-1!"
TEMPORARY = "Temp-Pass-1!"
STRONG = "Fresh-Pass-2!"
CONFORM = "Attributes did not conform to the schema: "


@pytest.fixture
def idp(cognito):
    return cognito.boto3_client()


def create(idp, cognito, username: str, pool_id: str | None = None, **attributes: str):
    return idp.admin_create_user(
        UserPoolId=pool_id or cognito.pool_id, Username=username, TemporaryPassword=TEMPORARY,
        UserAttributes=[{"Name": name, "Value": value} for name, value in attributes.items()])


def stored(idp, pool_id: str, username: str) -> dict[str, str]:
    user = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def refusal(raised) -> tuple[str, str]:
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]


# -- AdminCreateUser ------------------------------------------------------------------------


def test_admin_create_user_with_an_undeclared_custom_attribute_is_refused_and_makes_no_user(
        cognito, idp):
    with pytest.raises(idp.exceptions.InvalidParameterException) as raised:
        create(idp, cognito, "ann", email="ann@example.com", **{"custom:tier": "gold"})
    assert refusal(raised) == ("InvalidParameterException",
                               CONFORM + "Type for attribute {custom:tier} could not be determined")
    with pytest.raises(idp.exceptions.UserNotFoundException):
        idp.admin_get_user(UserPoolId=cognito.pool_id, Username="ann")


@pytest.mark.parametrize("name", ["nickname2", "tier"])
def test_admin_create_user_with_a_name_that_is_no_standard_attribute_is_refused(cognito, idp,
                                                                                name):
    with pytest.raises(idp.exceptions.InvalidParameterException) as raised:
        create(idp, cognito, "ann", **{name: "x"})
    assert refusal(raised)[1] == CONFORM + f"{name}: Attribute does not exist in the schema.\n"


def test_every_standard_attribute_can_be_written(cognito, idp):
    values = {name: "true" if name.endswith("_verified") else f"{name}-value"
              for name in STANDARD_ATTRIBUTES - {"sub"}}
    create(idp, cognito, "ann", **values)
    assert stored(idp, cognito.pool_id, "ann").items() >= values.items()


def test_declared_custom_attribute_is_stored_and_carried_in_the_id_token(cognito, idp):
    cognito.configure_pool(custom_attributes=("tenant",))
    create(idp, cognito, "ann", **{"custom:tenant": "acme"})
    idp.admin_set_user_password(UserPoolId=cognito.pool_id, Username="ann", Password=PASSWORD,
                                Permanent=True)
    assert stored(idp, cognito.pool_id, "ann")["custom:tenant"] == "acme"
    tokens = idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})
    claims = jwt.decode(tokens["AuthenticationResult"]["IdToken"],
                        options={"verify_signature": False})
    assert claims["custom:tenant"] == "acme"


def test_declaring_one_custom_attribute_does_not_declare_another(cognito, idp):
    cognito.configure_pool(custom_attributes=("tenant",))
    with pytest.raises(idp.exceptions.InvalidParameterException, match="custom:tier"):
        create(idp, cognito, "ann", **{"custom:tenant": "acme", "custom:tier": "gold"})


# -- CreateUserPool's Schema and DescribeUserPool ---------------------------------------------


@pytest.fixture
def schema_pool(cognito, idp):
    """A pool made over the wire, declaring ``custom:tenant`` and requiring ``email``."""
    pool_id = idp.create_user_pool(PoolName="schema", Schema=[
        {"Name": "tenant", "AttributeDataType": "String", "Mutable": True},
        {"Name": "email", "AttributeDataType": "String", "Mutable": True, "Required": True},
    ])["UserPool"]["Id"]
    yield pool_id
    cognito.backend.pools.pop(pool_id, None)


def test_create_user_pool_schema_declares_the_custom_attributes_describe_lists(idp,
                                                                               schema_pool):
    described = idp.describe_user_pool(UserPoolId=schema_pool)["UserPool"]["SchemaAttributes"]
    by_name = {attribute["Name"]: attribute for attribute in described}
    assert set(by_name) == {"sub", "email", "custom:tenant"}
    assert by_name["email"]["Required"] is True
    assert by_name["custom:tenant"]["Required"] is False
    assert by_name["custom:tenant"]["AttributeDataType"] == "String"


def test_a_pool_made_with_a_schema_accepts_its_custom_attribute_only(cognito, idp, schema_pool):
    create(idp, cognito, "ann", pool_id=schema_pool, email="ann@example.com",
           **{"custom:tenant": "acme"})
    assert stored(idp, schema_pool, "ann")["custom:tenant"] == "acme"
    with pytest.raises(idp.exceptions.InvalidParameterException, match="custom:tier"):
        create(idp, cognito, "bob", pool_id=schema_pool, **{"custom:tier": "gold"})


def test_create_user_pool_refuses_a_required_custom_attribute(cognito, idp):
    with pytest.raises(idp.exceptions.InvalidParameterException) as raised:
        idp.create_user_pool(PoolName="schema", Schema=[
            {"Name": "tenant", "AttributeDataType": "String", "Required": True}])
    assert refusal(raised)[1] == "Required custom attributes are not supported currently."
    assert [pool.name for pool in cognito.backend.pools.values()].count("schema") == 0


# -- NEW_PASSWORD_REQUIRED ------------------------------------------------------------------


@pytest.fixture
def newcomer(cognito, idp):
    """``nia``'s NEW_PASSWORD_REQUIRED challenge, in a pool that requires ``name``."""
    cognito.configure_pool(required_attributes=("name",))
    cognito.add_user("nia", TEMPORARY, temporary=True)
    return idp.initiate_auth(ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "nia", "PASSWORD": TEMPORARY})


def new_password(idp, cognito, challenge, **attributes: str):
    responses = {f"userAttributes.{name}": value for name, value in attributes.items()}
    return idp.respond_to_auth_challenge(
        ClientId=cognito.client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "nia", "NEW_PASSWORD": STRONG, **responses})


def test_new_password_with_an_undeclared_custom_attribute_is_refused_and_the_session_kept(
        cognito, idp, newcomer):
    with pytest.raises(idp.exceptions.InvalidParameterException) as raised:
        new_password(idp, cognito, newcomer, name="Nia", **{"custom:role": "admin"})
    assert refusal(raised)[1] == (
        CONFORM + "Type for attribute {custom:role} could not be determined")
    assert "custom:role" not in cognito.user("nia").attributes
    assert "AccessToken" in new_password(idp, cognito, newcomer, name="Nia")[
        "AuthenticationResult"]


def test_new_password_with_an_unknown_attribute_name_is_refused(cognito, idp, newcomer):
    with pytest.raises(idp.exceptions.InvalidParameterException) as raised:
        new_password(idp, cognito, newcomer, name="Nia", role="admin")
    assert refusal(raised)[1] == CONFORM + "role: Attribute does not exist in the schema.\n"
    assert cognito.user("nia").status == "FORCE_CHANGE_PASSWORD"


# -- the fixture and seeds ------------------------------------------------------------------


def test_fixture_add_user_with_an_undeclared_custom_attribute_says_how_to_declare_it(cognito):
    with pytest.raises(AttributeNotInSchema) as raised:
        cognito.add_user("ann", attributes={"custom:tenant": "acme"})
    assert raised.value.code == "InvalidParameterException"
    assert "configure_pool(custom_attributes=('tenant',))" in str(raised.value)
    assert cognito.backend.pools[cognito.pool_id].users == {}


def test_fixture_add_user_with_a_declared_custom_attribute_stores_it(cognito):
    cognito.configure_pool(custom_attributes=("tenant",))
    cognito.add_user("ann", attributes={"custom:tenant": "acme"})
    assert cognito.user("ann").attributes["custom:tenant"] == "acme"


@pytest.mark.parametrize("names", [("custom:tenant",), ("",), ("x" * 21,), "tenant"])
def test_configure_pool_refuses_custom_attribute_names_aws_would_not_take(cognito, names):
    with pytest.raises((ValueError, TypeError)):
        cognito.configure_pool(custom_attributes=names)
    assert cognito.pool.custom_attributes == ()


def test_seed_declares_custom_attributes_for_its_users(cognito):
    cognito.apply_seed({"pool": {"custom_attributes": ["tenant"]}, "users": [
        {"username": "ann", "attributes": {"custom:tenant": "acme"}}]})
    assert cognito.user("ann").attributes["custom:tenant"] == "acme"


def test_seed_user_with_an_undeclared_custom_attribute_is_refused_naming_the_user(cognito):
    seed = {"users": [{"username": "ann"},
                      {"username": "bob", "attributes": {"custom:tenant": "acme"}}]}
    with pytest.raises(SeedError, match=r"^users\[1\]\.attributes: .*custom:tenant"):
        cognito.apply_seed(seed)
