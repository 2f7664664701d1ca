"""Talking to Cognito: the boto3 client, SRP, token verification, error types."""
