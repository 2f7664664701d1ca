"""The operation table: every module of ``ops/`` is found and registers, every name is AWS's."""

from __future__ import annotations

from django_cognito_challenge.testing import registry

from .shape_check import service_model


def test_every_module_in_ops_registers_at_least_one_operation():
    handlers_by_module = {h.__module__ for h in registry.operations().values()}
    modules = registry.operation_modules()
    assert modules, "ops/ holds the operation modules"
    assert [m for m in modules if m not in handlers_by_module] == []


def test_every_operation_the_registry_claims_is_in_the_botocore_model():
    claimed = set(registry.operations())
    assert {"InitiateAuth", "RespondToAuthChallenge", "GetTokensFromRefreshToken"} <= claimed
    assert claimed - set(service_model().operation_names) == set()


def test_no_handler_is_registered_outside_ops():
    outside = {name: h.__module__ for name, h in registry.operations().items()
               if not h.__module__.startswith(registry.OPERATIONS_PACKAGE + ".")}
    assert outside == {}
