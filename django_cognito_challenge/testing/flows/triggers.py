"""Lambda triggers as Python callables: which ones the local Cognito runs, the ARN
DescribeUserPool names each by, the parameters every event shares, and how one is run.

A trigger receives the event (a dict) and returns it with ``response`` filled in, as a Lambda
function returns it to Cognito. The sources are in ``testing/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ServiceError
from ..models import Pool

#: The triggers the local Cognito runs, in botocore's ``LambdaConfigType`` order.
TRIGGERS = ("PreSignUp", "DefineAuthChallenge", "CreateAuthChallenge",
            "VerifyAuthChallengeResponse")
#: ``callerContext.clientId`` of a trigger an administrator's operation fired (no app client).
NO_CLIENT = "CLIENT_ID_NOT_APPLICABLE"
#: ``callerContext.awsSdkVersion``: the local Cognito does not read the caller's SDK.
SDK_VERSION = "aws-sdk-unknown-unknown"


def arn(region: str, trigger: str) -> str:
    """The placeholder Lambda ARN DescribeUserPool names an installed trigger by."""
    return f"arn:aws:lambda:{region}:000000000000:function:local-cognito-{trigger}"


def lambda_config(region: str, pool: Pool) -> dict[str, str]:
    """DescribeUserPool's ``LambdaConfig``: an ARN per installed trigger, ``{}`` for none."""
    return {name: arn(region, name) for name in TRIGGERS if name in pool.triggers}


def event(region: str, pool: Pool, client_id: str, source: str, user_name: str
          ) -> dict[str, Any]:
    """The parameters every trigger's event carries (DG, the common parameters)."""
    return {
        "version": "1",
        "region": region,
        "userPoolId": pool.pool_id,
        "userName": user_name,
        "callerContext": {"awsSdkVersion": SDK_VERSION, "clientId": client_id},
        "triggerSource": source,
        "request": {},
        "response": {},
    }


def invoke(function: Callable[[dict[str, Any]], Any], trigger: str,
           sent: dict[str, Any]) -> Any:
    """Run ``function`` on the event; an exception it raises refuses the call that fired it
    with ``UserLambdaValidationException`` "<trigger> failed with error <message>."."""
    try:
        return function(sent)
    except Exception as error:  # a trigger's failure is the caller's answer, as with Lambda
        raise ServiceError("UserLambdaValidationException",
                           f"{trigger} failed with error {error}.") from error


def unrecognizable() -> ServiceError:
    """A trigger's answer that is not the event with its ``response``."""
    return ServiceError("InvalidLambdaResponseException", "Unrecognizable lambda output")
