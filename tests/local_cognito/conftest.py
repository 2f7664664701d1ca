"""The local Cognito tests' shared fixture: a boto3 client checked against botocore's model."""

from __future__ import annotations

import pytest

from .shape_check import WireTap, error_problems, operation_model, reply_problems


@pytest.fixture
def idp(cognito):
    """A boto3 client whose every raw reply and error is checked against the model after the
    test, each error among those modelled for its operation (a module may define its own)."""
    tap = WireTap()
    client = tap.attach(cognito.boto3_client())
    yield client
    for operation, status, body in tap.replies:
        problems = (reply_problems(operation, body) if status == 200
                    else error_problems(operation, body))
        assert problems == [], problems
        if status != 200:
            modelled = {shape.name for shape in operation_model(operation).error_shapes}
            assert body["__type"] in modelled, (operation, body["__type"])
