"""The sign-in state machine: each Cognito reply becomes the next step or a completed sign-in.

Views call :func:`start` with the first factor and :func:`answer` with each step's answer;
both return the URL to redirect to, or raise a ``CognitoError`` whose message the page shows.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth import authenticate, login, user_login_failed
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import clock, devices, session_tokens, throttle
from . import pending as pending_store
from .cognito import errors, srp
from .cognito.client import CognitoClient
from .cognito.replies import Reply
from .conf import app_settings
from .pending import PendingSignIn
from .signals import cognito_sign_in_failed, cognito_signed_in

logger = logging.getLogger(__name__)

BACKEND = "django_cognito_challenge.backends.CognitoBackend"

#: The page (URL name) that asks the person for each challenge's answer.
STEPS = {
    "NEW_PASSWORD_REQUIRED": "new_password",
    "SMS_MFA": "code",
    "SOFTWARE_TOKEN_MFA": "code",
    "EMAIL_OTP": "code",
    "SMS_OTP": "code",
    "SELECT_MFA_TYPE": "select_mfa",
    "MFA_SETUP": "mfa_setup",
}

#: Failures that count towards the app's own brute-force limits.
COUNTED_FAILURES = (errors.SignInFailed, errors.CodeMismatch, errors.TooManyWrongCodes)

#: Challenge parameters a page may need; everything else stays out of the session.
PAGE_PARAMETERS = ("CODE_DELIVERY_DELIVERY_MEDIUM", "CODE_DELIVERY_DESTINATION",
                   "FRIENDLY_DEVICE_NAME", "MFAS_CAN_CHOOSE", "MFAS_CAN_SETUP",
                   "requiredAttributes")


def start(request, username: str, password: str, next_url: str = "") -> str:
    """Run the first factor (and SRP's PASSWORD_VERIFIER in the same request).

    A remembered device of this browser is offered with DEVICE_KEY; when Cognito no longer
    knows it or refuses its proof, it is forgotten here and the sign-in is tried once without.
    """
    try:
        if throttle.is_blocked(username, client_ip(request)):
            raise errors.SignInThrottled("too many failures")
        device = devices.for_sign_in(request, username)
        try:
            return _sign_in(request, username, password, next_url, device)
        except errors.DeviceNotFound:
            if device is None:
                raise
            return _sign_in(request, username, password, next_url, None)
    except errors.CognitoError as error:
        _report(request, username, error)
        raise


def _sign_in(request, username: str, password: str, next_url: str, device) -> str:
    pending = PendingSignIn(username=username, flow=app_settings.AUTH_FLOW, challenge="",
                            session="", next_url=next_url, login_name=username,
                            device_key=device.device_key if device else None)
    try:
        reply = _first_factor(request, pending, password)
    except errors.DeviceNotFound:
        # SECURITY: forget the row only when Cognito's user is its owner; another account
        # whose typed name matched it must not delete somebody else's device.
        if device is not None and pending.username == device.cognito_username:
            device.delete()
        raise
    return advance(request, reply, pending)


def _first_factor(request, pending: PendingSignIn, password: str) -> Reply:
    client, ip, username = CognitoClient(), client_ip(request), pending.username
    extra = {"DEVICE_KEY": pending.device_key} if pending.device_key else {}
    if app_settings.AUTH_FLOW == "USER_PASSWORD_AUTH":
        return client.initiate_auth("USER_PASSWORD_AUTH",
                                    {"USERNAME": username, "PASSWORD": password, **extra},
                                    username=username, ip_address=ip)
    ephemeral = srp.Ephemeral.new()
    reply = client.initiate_auth("USER_SRP_AUTH",
                                 {"USERNAME": username, "SRP_A": ephemeral.srp_a, **extra},
                                 username=username, ip_address=ip)
    if reply.challenge != "PASSWORD_VERIFIER":
        return reply
    # Later answers (and their SECRET_HASH) must name the user, not the alias that was typed;
    # MFA challenges do not repeat USER_ID_FOR_SRP.
    user_id = pending.username = reply.parameters["USER_ID_FOR_SRP"]
    claim = srp.password_claim(
        ephemeral, realm=app_settings.USER_POOL_ID.split("_", 1)[-1], user_id=user_id,
        password=password, salt_hex=reply.parameters["SALT"],
        srp_b_hex=reply.parameters["SRP_B"], secret_block=reply.parameters["SECRET_BLOCK"],
    )
    return client.respond("PASSWORD_VERIFIER", reply.session,
                          {"USERNAME": user_id, **claim, **extra}, ip_address=ip)


def advance(request, reply: Reply, pending: PendingSignIn) -> str:
    """Store the next challenge and return its page, or complete the sign-in."""
    if reply.tokens is not None:
        return complete(request, reply, pending)
    if reply.challenge == "DEVICE_SRP_AUTH":
        return advance(request, _prove_device(request, reply, pending), pending)
    if reply.challenge not in STEPS:
        pending_store.clear(request)
        raise errors.UnknownChallenge(str(reply.challenge))
    # Cognito names the canonical user in USER_ID_FOR_SRP or USERNAME when it sends either.
    pending.username = (reply.parameters.get("USER_ID_FOR_SRP")
                        or reply.parameters.get("USERNAME") or pending.username)
    pending.challenge, pending.session = reply.challenge, reply.session or ""
    pending.parameters = {k: v for k, v in reply.parameters.items() if k in PAGE_PARAMETERS}
    pending.started_at, pending.wrong_answers = clock.now(), 0
    pending.setup_choice = pending.totp_secret = None
    pending_store.save(request, pending)
    return reverse(f"cognito_challenge:{STEPS[reply.challenge]}")


def _prove_device(request, reply: Reply, pending: PendingSignIn) -> Reply:
    device = devices.in_use(request, pending.device_key)
    if device is None:
        pending_store.clear(request)
        raise errors.UnknownChallenge("DEVICE_SRP_AUTH without a remembered device")
    proven = devices.prove(CognitoClient(), reply, device, client_ip(request))
    devices.mark_used(device)
    pending.factors.append("DEVICE_SRP_AUTH")
    return proven


def current(request, challenges) -> PendingSignIn:
    """The pending sign-in a step page may act on, or an error that sends the person back."""
    pending = pending_store.load(request)
    if pending is None or pending.challenge not in challenges:
        raise errors.NoPendingSignIn()
    if pending.has_expired(clock.now(), app_settings.AUTH_SESSION_VALIDITY):
        pending_store.clear(request)
        raise errors.SessionExpired("pending sign-in expired")
    return pending


def answer(request, pending: PendingSignIn, responses: dict[str, str]) -> str:
    """Send the person's answer to the pending challenge and go on."""
    full = {"USERNAME": pending.username, **responses}
    if pending.device_key:
        full["DEVICE_KEY"] = pending.device_key
    reply = guarded(request, pending, lambda: CognitoClient().respond(
        pending.challenge, pending.session, full, ip_address=client_ip(request)))
    pending.factors.append(pending.challenge)
    try:
        return advance(request, reply, pending)
    except errors.CognitoError as error:
        _report(request, pending.login_name or pending.username, error)
        raise


def guarded(request, pending: PendingSignIn, call):
    """Run one Cognito call for ``pending``: count wrong codes, drop what cannot go on."""
    try:
        return call()
    except errors.CodeMismatch as error:
        _report(request, pending.login_name or pending.username, error)
        pending.wrong_answers += 1
        if pending.wrong_answers >= app_settings.MAX_WRONG_ANSWERS:
            pending_store.clear(request)
            raise errors.TooManyWrongCodes("wrong code limit reached") from error
        pending_store.save(request, pending)
        raise
    except errors.CognitoError as error:
        if error.restart:
            pending_store.clear(request)
            _report(request, pending.login_name or pending.username, error)
        raise


def choose_setup_method(request, pending: PendingSignIn, method: str) -> None:
    """Remember which MFA_SETUP method the person picked (no Cognito call yet)."""
    pending.setup_choice = method
    pending_store.save(request, pending)


def begin_totp_setup(request, pending: PendingSignIn) -> None:
    """Ask Cognito for a TOTP secret for this pending MFA_SETUP (once per set-up)."""
    if pending.totp_secret:
        return
    secret, session = guarded(request, pending, lambda: CognitoClient().associate_software_token(
        pending.session))
    pending.totp_secret, pending.session = secret, session
    pending.setup_choice = "SOFTWARE_TOKEN_MFA"
    pending_store.save(request, pending)


def finish_totp_setup(request, pending: PendingSignIn, code: str, device_name: str) -> str:
    pending.session = guarded(request, pending, lambda: CognitoClient().verify_software_token(
        pending.session, code, device_name))
    pending.totp_secret = None
    return answer(request, pending, {})


def complete(request, reply: Reply, pending: PendingSignIn) -> str:
    """Tokens came back: verify, log in with a new session key, keep the tokens, redirect."""
    user = authenticate(request, cognito_tokens=reply.tokens)
    if user is None:
        pending_store.clear(request)
        raise errors.SignInFailed("no active local user for these tokens")
    login(request, user, backend=BACKEND)
    request.session.cycle_key()  # SECURITY: also when the same user signs in again
    pending_store.clear(request)
    device_key = _keep_device(request, user, reply, pending)
    now = clock.now()
    request.session.set_expiry(min(settings.SESSION_COOKIE_AGE,
                                   app_settings.REFRESH_TOKEN_VALIDITY))
    request.session[session_tokens.SIGNED_IN_KEY] = now
    session_tokens.store(request, session_tokens.StoredTokens(
        id_token=reply.tokens.id_token, access_token=reply.tokens.access_token,
        refresh_token=reply.tokens.refresh_token, expires_at=now + reply.tokens.expires_in,
        username=pending.username, device_key=device_key))
    throttle.record_success(pending.login_name, client_ip(request))
    logger.info("Cognito sign-in of %s completed after %s", pending.username,
                ", ".join(pending.factors) or "the first factor")
    cognito_signed_in.send(sender=__name__, request=request, user=user,
                           claims=getattr(request, "cognito_claims", None))
    return safe_next(request, pending.next_url)


def _keep_device(request, user, reply: Reply, pending: PendingSignIn) -> str | None:
    """Confirm a new device (remembering it when asked); return the device key in use."""
    if reply.new_device is None:
        return pending.device_key
    try:
        devices.confirm(request, user, access_token=reply.tokens.access_token,
                        new_device=reply.new_device, login_name=pending.login_name,
                        cognito_username=pending.username, remember=pending.remember_device)
    except errors.CognitoError as error:
        logger.warning("Could not confirm the new device of %s: %s", pending.username,
                       error.code)
    return reply.new_device.device_key


def safe_next(request, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def page_list(pending: PendingSignIn, parameter: str) -> list[str]:
    """A JSON-array challenge parameter (``MFAS_CAN_CHOOSE`` and friends) as a list."""
    try:
        values = json.loads(pending.parameters.get(parameter) or "[]")
    except ValueError:
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


def client_ip(request) -> str | None:
    """The person's address: REMOTE_ADDR, or the entry the nearest trusted proxy added."""
    proxies = app_settings.TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _report(request, username: str, error: errors.CognitoError) -> None:
    """Log the failure and send ``user_login_failed`` (username only), once per error."""
    if getattr(error, "reported", False):
        return
    error.reported = True
    if isinstance(error, COUNTED_FAILURES):
        throttle.record_failure(username, client_ip(request))
    logger.info("Cognito sign-in of %s failed: %s", username, error.code)
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    cognito_sign_in_failed.send(sender=__name__, request=request, username=username,
                                reason=error.code)
