"""The example project: a small site signed in through django-cognito-challenge."""
