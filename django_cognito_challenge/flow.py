"""The sign-in state machine: each Cognito reply becomes the next step or a completed sign-in.

Views call :func:`start` with the first factor and :func:`answer` (or the MFA set-up functions)
with each step's answer; each returns an :class:`Outcome` (where to go, the device cookie to set)
or raises a ``CognitoError`` whose ``code`` the page shows. Failures are counted, logged and
signalled once, at the boundary of these public functions (:mod:`.failures`, which also says
when an outage keeps the pending sign-in and when it drops it).
"""

from __future__ import annotations

import json

from django.urls import reverse
from django.views.decorators.debug import sensitive_variables

from . import challenges, clock, devices, failures, first_factor
from . import pending as pending_store
from .addresses import client_ip
from .cognito import errors
from .cognito.client import CognitoClient
from .cognito.replies import Reply
from .completion import Outcome, complete
from .conf import app_settings
from .forms import json_list
from .pending import PendingSignIn

__all__ = ["Outcome", "answer", "answer_with_password", "begin_totp_setup",
           "choose_first_factor", "choose_setup_method", "current", "finish_totp_setup", "start",
           "start_after_sign_up"]


# -- the public steps --------------------------------------------------------------------------


@sensitive_variables()
def start(request, username: str, password: str, next_url: str = "", *,
          admin_site: str = "") -> Outcome:
    """Run the first factor (and SRP's PASSWORD_VERIFIER in the same request).

    A remembered device of this browser is offered with DEVICE_KEY; when Cognito no longer
    knows it or refuses its proof, it is forgotten here and the sign-in is tried once without.
    """
    pending = PendingSignIn(username=username, flow=app_settings.AUTH_FLOW, challenge="",
                            session="", next_url=next_url, login_name=username,
                            admin_site=admin_site)
    with failures.boundary(request, pending):
        failures.refuse_if_throttled(request, pending)
        device = devices.for_sign_in(request, username)
        try:
            return _sign_in(request, pending, password, device)
        except errors.DeviceNotFound:
            if device is None:
                raise
            pending.username, pending.factors = username, []
            return _sign_in(request, pending, password, None)


#: Our name, in ``cognito_signed_in``'s ``factors``, for the confirmation code of a sign-up
#: that signed the person in (Cognito gives it none).
SIGN_UP_FACTOR = "CONFIRM_SIGN_UP"


def start_after_sign_up(request, username: str, session: str, next_url: str = "") -> Outcome:
    """Sign in with ConfirmSignUp's ``Session`` (InitiateAuth ``USER_AUTH``): the code just
    entered was the first factor; the pool's MFA follows as in any sign-in."""
    pending = PendingSignIn(username=username, flow="USER_AUTH", challenge="", session="",
                            next_url=next_url, login_name=username, first_factor=SIGN_UP_FACTOR)
    with failures.boundary(request, pending):
        failures.refuse_if_throttled(request, pending)
        reply = CognitoClient().initiate_auth(
            "USER_AUTH", {"USERNAME": username}, username=username,
            ip_address=client_ip(request), session=session)
        return _advance(request, reply, pending)


def current(request, names: tuple[str, ...],
            pending: PendingSignIn | None = None) -> PendingSignIn:
    """The pending sign-in a step page may act on, or an error that sends the person back.

    ``pending`` is the one the caller already loaded (decrypted) from this request's session.
    """
    pending = pending if pending is not None else pending_store.load(request)
    if pending is None or pending.challenge not in names:
        raise errors.NoPendingSignIn()
    if pending.has_expired(clock.now(), app_settings.AUTH_SESSION_VALIDITY):
        pending_store.clear(request)
        raise errors.SessionExpired("pending sign-in expired")
    return pending


@sensitive_variables()
def answer(request, pending: PendingSignIn, responses: dict[str, str]) -> Outcome:
    """Send the person's answer to the pending challenge and go on."""
    with failures.boundary(request, pending):
        return _answer(request, pending, responses)


def choose_first_factor(request, pending: PendingSignIn, choice: str) -> Outcome:
    """Answer SELECT_CHALLENGE with a factor offered; a password is asked for on its own page."""
    available = json_list(pending.parameters.get(challenges.AVAILABLE))
    if choice not in dict(challenges.first_factor_choices(available)):
        raise errors.FactorNotOffered(choice)
    if choice == "PASSWORD":
        pending.chosen_factor = challenges.password_answer(available)
        pending_store.save(request, pending)
        return Outcome(reverse("cognito_challenge:password"))
    with failures.boundary(request, pending):
        return _answer(request, pending, {"ANSWER": choice})


@sensitive_variables()
def answer_with_password(request, pending: PendingSignIn, password: str) -> Outcome:
    """Send the password chosen on the SELECT_CHALLENGE page (proven by SRP when offered)."""
    with failures.boundary(request, pending):
        client = CognitoClient()
        factor = first_factor.for_choice(pending.chosen_factor or "", password)
        pending.first_factor = factor.name
        reply = failures.call(request, pending, lambda: client.respond(
            "SELECT_CHALLENGE", pending.session, {"USERNAME": pending.username,
                                                  **factor.parameters, **_device_key(pending)},
            ip_address=client_ip(request)))
        reply = _prove_password(request, pending, client, factor, password, reply)
        return _advance(request, reply, pending)


def choose_setup_method(request, pending: PendingSignIn, method: str) -> None:
    """Remember which MFA_SETUP method the person picked (no Cognito call yet)."""
    pending.setup_choice = method
    pending_store.save(request, pending)


@sensitive_variables()
def begin_totp_setup(request, pending: PendingSignIn) -> None:
    """Ask Cognito for a TOTP secret for this pending MFA_SETUP (once per set-up)."""
    if pending.totp_secret:
        return
    with failures.boundary(request, pending):
        secret, session = failures.call(request, pending, lambda: CognitoClient()
                                   .associate_software_token(pending.session))
        pending.totp_secret, pending.session = secret, session
        pending.setup_choice = "SOFTWARE_TOKEN_MFA"
        pending_store.save(request, pending)


@sensitive_variables()
def finish_totp_setup(request, pending: PendingSignIn, code: str, device_name: str) -> Outcome:
    """Check the first code of the new authenticator, then answer MFA_SETUP."""
    with failures.boundary(request, pending):
        pending.session = failures.call(request, pending, lambda: CognitoClient()
                                   .verify_software_token(pending.session, code, device_name))
        pending.totp_secret = None
        return _answer(request, pending, {})


# -- the conversation --------------------------------------------------------------------------


@sensitive_variables()
def _sign_in(request, pending: PendingSignIn, password: str, device) -> Outcome:
    pending.device_key = device.device_key if device else None
    try:
        reply = _first_factor(request, pending, password)
    except errors.DeviceNotFound:
        # SECURITY: forget the row only when Cognito's user is its owner; another account
        # whose typed name matched it must not delete somebody else's device.
        if device is not None and pending.username == device.cognito_username:
            device.delete()
        raise
    return _advance(request, reply, pending)


@sensitive_variables()
def _first_factor(request, pending: PendingSignIn, password: str) -> Reply:
    # start() has just checked the throttle for the name typed; InitiateAuth goes straight on.
    client, factor = CognitoClient(), first_factor.for_start(password)
    pending.first_factor = factor.name
    reply = client.initiate_auth(
        app_settings.AUTH_FLOW, {"USERNAME": pending.username, **factor.parameters,
                                 **_device_key(pending)},
        username=pending.username, ip_address=client_ip(request))
    if factor.is_password and reply.challenge == "SELECT_CHALLENGE":
        # SECURITY: a typed password Cognito will not check is a wrong password: the page must
        # not tell an account without a password from a name with no account.
        raise errors.SignInFailed("no password factor offered")
    return _prove_password(request, pending, client, factor, password, reply)


@sensitive_variables()
def _prove_password(request, pending: PendingSignIn, client: CognitoClient,
                    factor: first_factor.FirstFactor, password: str, reply: Reply) -> Reply:
    """Answer PASSWORD_VERIFIER in the same request, when the factor began an SRP proof."""
    if factor.ephemeral is None or reply.challenge != "PASSWORD_VERIFIER":
        return reply
    # Later answers (and their SECRET_HASH) must name the user, not the alias that was typed;
    # the throttle is checked again below under that canonical name.
    user_id = pending.username = reply.parameters["USER_ID_FOR_SRP"]
    claim = first_factor.password_claim(factor, password, reply.parameters)
    return failures.call(request, pending, lambda: client.respond(
        "PASSWORD_VERIFIER", reply.session, {"USERNAME": user_id, **claim,
                                             **_device_key(pending)},
        ip_address=client_ip(request)))


def _device_key(pending: PendingSignIn) -> dict[str, str]:
    return {"DEVICE_KEY": pending.device_key} if pending.device_key else {}


@sensitive_variables()
def _answer(request, pending: PendingSignIn, responses: dict[str, str]) -> Outcome:
    full = {"USERNAME": pending.username, **responses, **_device_key(pending)}
    reply = failures.call(request, pending, lambda: CognitoClient().respond(
        pending.challenge, pending.session, full, ip_address=client_ip(request)))
    if pending.challenge != "SELECT_CHALLENGE":  # a choice, not a factor
        pending.factors.append(pending.challenge)
    return _advance(request, reply, pending)


def _advance(request, reply: Reply, pending: PendingSignIn) -> Outcome:
    """Store the next challenge and go to its page, or complete the sign-in."""
    if reply.tokens is not None:
        return complete(request, reply, pending)
    # Cognito names the canonical user in USER_ID_FOR_SRP or USERNAME when it sends either;
    # later answers, their SECRET_HASH and refreshes must use it, not the alias typed.
    pending.username = (reply.parameters.get("USER_ID_FOR_SRP")
                        or reply.parameters.get("USERNAME") or pending.username)
    if reply.challenge == "DEVICE_SRP_AUTH":
        return _advance(request, _prove_device(request, reply, pending), pending)
    challenge = challenges.get(reply.challenge)
    if challenge is None:
        raise errors.UnknownChallenge(str(reply.challenge))
    first_step = not pending.challenge
    pending.challenge, pending.session = challenge.name, reply.session or ""
    pending.parameters = challenges.kept_parameters(challenge, reply.parameters)
    if challenges.AVAILABLE in challenge.parameters:
        pending.parameters[challenges.AVAILABLE] = json.dumps(list(reply.available_challenges))
    pending.started_at, pending.wrong_answers = clock.now(), 0
    pending.setup_choice = pending.totp_secret = None
    if first_step and request.session.session_key is not None:
        # SECURITY: a session key planted in this browser before the password was typed must
        # not see (nor answer) this sign-in's next steps: a new key from the first step on.
        # (A browser that brought no session gets its first key when the response saves it.)
        request.session.cycle_key()
    pending_store.save(request, pending)
    return Outcome(reverse(f"cognito_challenge:{challenge.page}"))


@sensitive_variables()
def _prove_device(request, reply: Reply, pending: PendingSignIn) -> Reply:
    device = devices.in_use(request, pending.device_key)
    if device is None:
        raise errors.UnknownChallenge("DEVICE_SRP_AUTH without a remembered device")
    proven = failures.call(request, pending, lambda: devices.prove(
        CognitoClient(), reply, device, client_ip(request)))
    devices.mark_used(device)
    pending.factors.append("DEVICE_SRP_AUTH")
    return proven
