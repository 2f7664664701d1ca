"""Cognito MFA as django-otp verification: an optional sub-app.

Add ``"django_otp"`` and ``"django_cognito_challenge.otp"`` to ``INSTALLED_APPS`` and
``django_otp.middleware.OTPMiddleware`` after ``AuthenticationMiddleware``; a sign-in that
answered a Cognito MFA challenge then leaves ``request.user.is_verified()`` true.
"""
