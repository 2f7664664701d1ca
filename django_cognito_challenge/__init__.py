"""Server-rendered Amazon Cognito sign-in for Django."""

__version__ = "0.1.0.dev0"
