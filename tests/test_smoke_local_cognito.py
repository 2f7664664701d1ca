from pycognito.aws_srp import AWSSRP


def test_srp_sign_in_through_pycognito(cognito):
    cognito.add_user("alice")
    client = cognito.boto3_client()
    srp = AWSSRP(username="alice", password="Demo-Pass-1!", pool_id=cognito.pool_id,
                 client_id=cognito.client_id, client=client)
    tokens = srp.authenticate_user()
    assert tokens["AuthenticationResult"]["TokenType"] == "Bearer"
    assert cognito.call_names() == ["InitiateAuth:USER_SRP_AUTH",
                                    "RespondToAuthChallenge:PASSWORD_VERIFIER"]
