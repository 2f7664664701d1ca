"""Every system check of the app, declared once: its id, level, when it fires and how to fix
it. :mod:`.checks` raises them; the docs' reference lists them from ``CATALOGUE``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.checks import CheckMessage, Error, Warning

BACKEND = "django_cognito_challenge.backends.CognitoBackend"
FLOWS = ("USER_SRP_AUTH", "USER_PASSWORD_AUTH", "USER_AUTH", "CUSTOM_AUTH")
#: The first factors choice-based sign-in may ask for straight away (no password typed).
PREFERRED = ("EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")


@dataclass(frozen=True)
class Check:
    """One system check: its id, level, when it fires and how to fix it."""

    id: str
    level: type[CheckMessage]
    fires_when: str
    fix: str

    def __call__(self, message: str) -> CheckMessage:
        return self.level(message, hint=self.fix, id=f"cognito_challenge.{self.id}")


CATALOGUE = {check.id: check for check in (
    Check("E001", Error, "A required setting (REGION, USER_POOL_ID, CLIENT_ID) is not set.",
          "Set it to your user pool's value (the Cognito console, or the local Cognito's "
          "start-up text)."),
    Check("E002", Error, "SESSION_ENGINE is signed_cookies: Cognito's Session and the tokens "
          "would be in a cookie the browser can read.",
          "Use a server-side session engine: db, cache or cached_db."),
    Check("E003", Error, "No CognitoBackend (or subclass of it) is in AUTHENTICATION_BACKENDS.",
          f"Add {BACKEND!r} (or your subclass) to AUTHENTICATION_BACKENDS."),
    Check("E004", Error, f"AUTH_FLOW is not one of {', '.join(FLOWS)}.",
          "Use USER_SRP_AUTH (recommended), USER_PASSWORD_AUTH, USER_AUTH (choice-based "
          "sign-in) or CUSTOM_AUTH (the pool's own challenges)."),
    Check("E005", Error, "A COGNITO_CHALLENGE_ setting has the wrong type (say, a number "
          "given as a string).", "Give it the type the settings reference lists."),
    Check("E006", Error, "The admin is a CognitoOTPAdminSite but django_cognito_challenge.otp "
          "is not installed: no sign-in is ever verified, so every staff member is refused.",
          "Add 'django_otp' and 'django_cognito_challenge.otp' to INSTALLED_APPS and "
          "django_otp.middleware.OTPMiddleware to MIDDLEWARE."),
    Check("E007", Error, f"PREFERRED_CHALLENGE is not one of {', '.join(PREFERRED)}.",
          "Set it to one of them, or leave it unset to let the person choose."),
    Check("E008", Error, "A session or CSRF cookie name has a __Host- or __Secure- prefix the "
          "browser will refuse: __Host- needs Secure, Path=/ and no Domain; __Secure- needs "
          "Secure. The cookie is never stored, so nobody can sign in.",
          "Set the cookie's _SECURE setting to True, its _PATH to '/' and its _DOMAIN to None, "
          "or drop the prefix."),
    Check("W001", Warning, "SESSION_COOKIE_SECURE is False while DEBUG is off.",
          "Set SESSION_COOKIE_SECURE = True: the session cookie must not travel over HTTP."),
    Check("W002", Warning, "CSRF_COOKIE_SECURE is False while DEBUG is off.",
          "Set CSRF_COOKIE_SECURE = True."),
    Check("W003", Warning, "The botocore, boto3 or urllib3 logger is at DEBUG while DEBUG is "
          "off: it logs request bodies with passwords, codes and tokens.",
          "Set that logger to INFO or higher."),
    Check("W004", Warning, "ENDPOINT_URL is plain HTTP to a host other than loopback: passwords "
          "and tokens would travel without TLS.", "Use an https:// endpoint."),
    Check("W005", Warning, "A setting starts with COGNITO_CHALLENGE_ but is not one of this "
          "app's settings (a typo is otherwise silently ignored).",
          "Check its spelling against the settings reference."),
    Check("W006", Warning, "A deprecated setting is set.",
          "Move to the setting the message names."),
    Check("W007", Warning, "django_cognito_challenge.otp is installed but OTPMiddleware is not "
          "after AuthenticationMiddleware: user.is_verified() is missing or always False.",
          "Add 'django_otp.middleware.OTPMiddleware' to MIDDLEWARE after "
          "'django.contrib.auth.middleware.AuthenticationMiddleware'."),
    Check("W008", Warning, "A setting only one AUTH_FLOW reads is set while AUTH_FLOW is "
          "another (PREFERRED_CHALLENGE needs USER_AUTH, CUSTOM_AUTH_SRP needs CUSTOM_AUTH): it "
          "does nothing.", "Set AUTH_FLOW to the flow it belongs to, or remove the setting."),
    Check("W009", Warning, "SESSION_COOKIE_HTTPONLY is False: a script injected into any page "
          "could read the session cookie and take over the signed-in session (ASVS 3.3.4).",
          "Leave SESSION_COOKIE_HTTPONLY at True (Django's default)."),
    Check("W010", Warning, "SESSION_COOKIE_SAMESITE is None, 'None' or False: other sites' "
          "requests carry the session cookie (ASVS 3.3.2).",
          "Set SESSION_COOKIE_SAMESITE to 'Lax' (Django's default) or 'Strict'."),
    Check("W011", Warning, "CSRF_COOKIE_SAMESITE is None, 'None' or False (and CSRF_USE_SESSIONS "
          "is off): other sites' requests carry the CSRF cookie (ASVS 3.3.2).",
          "Set CSRF_COOKIE_SAMESITE to 'Lax' (Django's default) or 'Strict'."),
    Check("W012", Warning, "With manage.py check --deploy, DEBUG off and Secure cookies: the "
          "session or CSRF cookie name has neither the __Host- nor the __Secure- prefix, so a "
          "sibling subdomain or a plain-HTTP page could plant or overwrite it (ASVS 3.3.1).",
          "Name it with the __Host- prefix, e.g. SESSION_COOKIE_NAME = '__Host-sessionid' and "
          "CSRF_COOKIE_NAME = '__Host-csrftoken' (with Path=/ and no Domain). Renaming signs "
          "everybody out once."),
    Check("E009", Error, "PASSWORD_REQUIRED_CHARACTERS names something other than lowercase, "
          "uppercase, numbers and symbols, or 'none' beside another name. The pages ignore the "
          "name: the hint under each new password leaves that rule out, and the sign-up page "
          "lets through passwords Cognito then refuses.",
          "Use only those four names; ('none',) alone for a pool that requires no kind of "
          "character."),
    Check("E010", Error, "PASSWORD_MIN_LENGTH is outside Cognito's 6 to 99: no pool has that "
          "policy, so the hint shows a wrong length and the sign-up page checks it.",
          "Set it to the pool's PasswordPolicy.MinimumLength."),
    Check("E011", Error, "USERNAME_ATTRIBUTES names something other than email and "
          "phone_number, the only UsernameAttributes a pool may have: the sign-up page takes "
          "any other name for phone_number.",
          "List the pool's UsernameAttributes (email, phone_number or both), or leave it unset "
          "for a pool whose people choose a username."),
    Check("W013", Warning, "SIGN_UP is on and the sign-up page asks for neither email nor "
          "phone_number (SIGN_UP_ATTRIBUTES, USERNAME_ATTRIBUTES): Cognito has nowhere to send "
          "the confirmation code, so nobody can confirm their account unless the pool's pre "
          "sign-up trigger confirms it.",
          "Add 'email' (or 'phone_number'), an attribute the pool verifies automatically, to "
          "SIGN_UP_ATTRIBUTES."),
    Check("E012", Error, "SIGN_UP_CODE_ATTRIBUTE is neither email nor phone_number, the only "
          "attributes Cognito sends a confirmation code to.",
          "Set it to the attribute the pool sends the code to: 'email' or 'phone_number'."),
    Check("W014", Warning, "SIGN_UP is on, PREVENT_USER_EXISTENCE_ERRORS too, and the sign-up "
          "page does not ask for SIGN_UP_CODE_ATTRIBUTE: a taken name's confirmation page shows "
          "no address where a new name's shows where the code went, which tells who has an "
          "account.",
          "Set SIGN_UP_CODE_ATTRIBUTE to the attribute the pool sends the code to, and ask for "
          "it (SIGN_UP_ATTRIBUTES)."),
)}
