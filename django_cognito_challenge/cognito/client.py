"""The only place boto3 is used: every Cognito call the app makes.

Adds ``SECRET_HASH`` (over the canonical username) when the app client has a secret, passes the
person's IP in ``UserContextData``, applies timeouts, and turns every failure into one of our
exception types (``cognito/errors.py``). Answers that spend a ``Session`` are never retried.
"""

from __future__ import annotations

import threading
from typing import Any

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.views.decorators.debug import sensitive_variables

from ..conf import AppSettings, app_settings
from . import error_map, errors
from .replies import DeviceInfo, Reply, SignedUp
from .srp import DeviceVerifier, secret_hash
from .user_mfa import PREFERENCE_KEYS, UserMfa

_clients: dict[tuple, Any] = {}
_clients_lock = threading.Lock()


def _boto3_client(settings: AppSettings, max_attempts: int):
    key = (settings.REGION, settings.ENDPOINT_URL, settings.CONNECT_TIMEOUT,
           settings.READ_TIMEOUT, max_attempts)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = boto3.client(
                "cognito-idp",
                region_name=settings.REGION,
                endpoint_url=settings.ENDPOINT_URL,
                config=Config(
                    signature_version=UNSIGNED,  # the user-pool auth API takes no AWS credentials
                    connect_timeout=settings.CONNECT_TIMEOUT,
                    read_timeout=settings.READ_TIMEOUT,
                    retries={"mode": "standard", "total_max_attempts": max_attempts},
                ),
            )
        return _clients[key]


class CognitoClient:
    """Cognito user-pool calls for one configured app client."""

    def __init__(self, settings: AppSettings = app_settings) -> None:
        self.settings = settings

    # -- sign-in ----------------------------------------------------------------------------

    @sensitive_variables()
    def initiate_auth(self, flow: str, parameters: dict[str, str], *, username: str,
                      ip_address: str | None = None, session: str | None = None) -> Reply:
        """Start a sign-in; ``session`` is ConfirmSignUp's, for USER_AUTH right after sign-up."""
        params = self._with_secret_hash(parameters, username)
        request = {"AuthFlow": flow, "ClientId": self.settings.CLIENT_ID, "AuthParameters": params}
        if session:
            request["Session"] = session
        response = self._call("initiate_auth", request, ip_address, retry=True)
        return Reply.from_response(response)

    @sensitive_variables()
    def respond(self, challenge: str, session: str | None, responses: dict[str, str], *,
                ip_address: str | None = None) -> Reply:
        """Answer ``challenge``; ``responses`` holds USERNAME (the canonical one)."""
        params = self._with_secret_hash(responses, responses["USERNAME"])
        request: dict[str, Any] = {"ClientId": self.settings.CLIENT_ID, "ChallengeName": challenge,
                                   "ChallengeResponses": params}
        if session:
            request["Session"] = session
        return Reply.from_response(self._call("respond_to_auth_challenge", request, ip_address))

    @sensitive_variables()
    def associate_software_token(self, session: str) -> tuple[str, str]:
        """Start TOTP set-up during MFA_SETUP; return (secret, next session)."""
        response = self._call("associate_software_token", {"Session": session})
        return response["SecretCode"], response["Session"]

    @sensitive_variables()
    def verify_software_token(self, session: str, code: str, device_name: str) -> str:
        """Check the first TOTP code during MFA_SETUP; return the next session."""
        request = {"Session": session, "UserCode": code, "FriendlyDeviceName": device_name}
        return self._call("verify_software_token", request)["Session"]

    @sensitive_variables()
    def refresh(self, refresh_token: str, *, username: str,
                device_key: str | None = None) -> Reply:
        """New ID and access tokens; DEVICE_KEY is required once the device is tracked.

        With refresh-token rotation (a setting mirroring the app client) Cognito requires
        GetTokensFromRefreshToken, which also returns the next refresh token.
        """
        if self.settings.REFRESH_TOKEN_ROTATION:
            request = {"RefreshToken": refresh_token, "ClientId": self.settings.CLIENT_ID}
            if self.settings.CLIENT_SECRET:
                request["ClientSecret"] = self.settings.CLIENT_SECRET
            if device_key:
                request["DeviceKey"] = device_key
            return Reply.from_response(self._call("get_tokens_from_refresh_token", request))
        parameters = {"REFRESH_TOKEN": refresh_token}
        if device_key:
            parameters["DEVICE_KEY"] = device_key
        return self.initiate_auth("REFRESH_TOKEN_AUTH", parameters, username=username)

    # -- devices ----------------------------------------------------------------------------

    @sensitive_variables()
    def confirm_device(self, access_token: str, device_key: str, verifier: DeviceVerifier,
                       device_name: str) -> bool:
        """Confirm a new device; return whether the person must choose to remember it."""
        response = self._call("confirm_device", {
            "AccessToken": access_token, "DeviceKey": device_key, "DeviceName": device_name,
            "DeviceSecretVerifierConfig": {"PasswordVerifier": verifier.password_verifier,
                                           "Salt": verifier.salt}})
        return bool(response.get("UserConfirmationNecessary"))

    def set_device_remembered(self, access_token: str, device_key: str, remembered: bool) -> None:
        status = "remembered" if remembered else "not_remembered"
        self._call("update_device_status", {"AccessToken": access_token, "DeviceKey": device_key,
                                            "DeviceRememberedStatus": status})

    def list_devices(self, access_token: str) -> list[DeviceInfo]:
        devices, token = [], None
        while True:
            request = {"AccessToken": access_token, "Limit": 60}
            if token:
                request["PaginationToken"] = token
            response = self._call("list_devices", request)
            devices += [DeviceInfo.from_response(d) for d in response.get("Devices", [])]
            token = response.get("PaginationToken")
            if not token:
                return devices

    def forget_device(self, access_token: str, device_key: str) -> None:
        self._call("forget_device", {"AccessToken": access_token, "DeviceKey": device_key})

    # -- sign-out ---------------------------------------------------------------------------

    @sensitive_variables()
    def revoke_token(self, refresh_token: str) -> None:
        request = {"Token": refresh_token, "ClientId": self.settings.CLIENT_ID}
        if self.settings.CLIENT_SECRET:
            request["ClientSecret"] = self.settings.CLIENT_SECRET
        self._call("revoke_token", request)

    def global_sign_out(self, access_token: str) -> None:
        self._call("global_sign_out", {"AccessToken": access_token})

    # -- plumbing ---------------------------------------------------------------------------

    # -- passwords: forgotten, reset, changed (account self-service) ----------------------

    def forgot_password(self, username: str, *, ip_address: str | None = None) -> str:
        """ForgotPassword: send a reset code; return the masked destination ("" if none)."""
        request = {"ClientId": self.settings.CLIENT_ID, "Username": username,
                   **self._secret_hash_field(username)}
        return _destination(self._call("forgot_password", request, ip_address))

    @sensitive_variables()
    def confirm_forgot_password(self, username: str, code: str, password: str, *,
                                ip_address: str | None = None) -> None:
        """ConfirmForgotPassword: set the new password with the code (nobody is signed in)."""
        self._call("confirm_forgot_password", {
            "ClientId": self.settings.CLIENT_ID, "Username": username, "ConfirmationCode": code,
            "Password": password, **self._secret_hash_field(username)}, ip_address)

    @sensitive_variables()
    def change_password(self, access_token: str, previous: str, proposed: str) -> None:
        """ChangePassword for the signed-in person whose access token this is."""
        self._call("change_password", {"AccessToken": access_token,
                                       "PreviousPassword": previous,
                                       "ProposedPassword": proposed})

    # -- self-service sign-up -------------------------------------------------------------

    @sensitive_variables()
    def sign_up(self, username: str, password: str, attributes: dict[str, str], *,
                ip_address: str | None = None) -> SignedUp:
        """SignUp: a new unconfirmed user, and where Cognito sent the confirmation code."""
        response = self._call("sign_up", {
            "ClientId": self.settings.CLIENT_ID, "Username": username, "Password": password,
            "UserAttributes": [{"Name": name, "Value": value}
                               for name, value in attributes.items()],
            **self._secret_hash_field(username)}, ip_address)
        return SignedUp(confirmed=bool(response.get("UserConfirmed")),
                        destination=_destination(response),
                        attribute=(response.get("CodeDeliveryDetails") or {}).get(
                            "AttributeName") or "",
                        session=response.get("Session", ""))

    @sensitive_variables()
    def confirm_sign_up(self, username: str, code: str, *, session: str = "",
                        ip_address: str | None = None) -> str:
        """ConfirmSignUp with the emailed or texted code; the ``Session`` that signs in once."""
        request = {"ClientId": self.settings.CLIENT_ID, "Username": username,
                   "ConfirmationCode": code, **self._secret_hash_field(username)}
        if session:
            request["Session"] = session
        return self._call("confirm_sign_up", request, ip_address).get("Session") or ""

    def resend_confirmation_code(self, username: str, *, ip_address: str | None = None) -> str:
        """ResendConfirmationCode: a new code (the only one that works); the masked address."""
        request = {"ClientId": self.settings.CLIENT_ID, "Username": username,
                   **self._secret_hash_field(username)}
        return _destination(self._call("resend_confirmation_code", request, ip_address))

    @sensitive_variables()
    def _secret_hash_field(self, username: str) -> dict[str, str]:
        """``SecretHash`` (a top-level field here) over the name sent, when there is a secret."""
        secret = self.settings.CLIENT_SECRET
        if not secret:
            return {}
        return {"SecretHash": secret_hash(self.settings.CLIENT_ID, secret, username)}

    # -- MFA managed by the signed-in person (account self-service) -----------------------

    def get_user_mfa(self, access_token: str) -> UserMfa:
        """GetUser: the person's MFA factors, preferred factor, phone number and email."""
        return UserMfa.from_response(self._call("get_user", {"AccessToken": access_token}))

    @sensitive_variables()
    def associate_user_software_token(self, access_token: str) -> str:
        """Start adding or replacing the signed-in person's TOTP; return the new secret."""
        return self._call("associate_software_token", {"AccessToken": access_token})["SecretCode"]

    @sensitive_variables()
    def verify_user_software_token(self, access_token: str, code: str, device_name: str) -> None:
        """Check the new authenticator's first code; Cognito then drops the old secret."""
        response = self._call("verify_software_token", {
            "AccessToken": access_token, "UserCode": code, "FriendlyDeviceName": device_name})
        if response.get("Status") != "SUCCESS":
            raise errors.CodeMismatch("verify_software_token: Status ERROR")

    def set_mfa_preference(self, access_token: str, factor: str, *, enabled: bool,
                           preferred: bool | None = None) -> None:
        """SetUserMFAPreference for one factor: turn it on or off, make it preferred or not."""
        settings: dict[str, bool] = {"Enabled": enabled}
        if preferred is not None:
            settings["PreferredMfa"] = preferred
        self._call("set_user_mfa_preference",
                   {"AccessToken": access_token, PREFERENCE_KEYS[factor]: settings})

    @sensitive_variables()
    def _with_secret_hash(self, parameters: dict[str, str], username: str) -> dict[str, str]:
        secret = self.settings.CLIENT_SECRET
        if not secret:
            return dict(parameters)
        return {**parameters, "SECRET_HASH": secret_hash(self.settings.CLIENT_ID, secret, username)}

    @sensitive_variables()
    def _call(self, method: str, request: dict[str, Any], ip_address: str | None = None, *,
              retry: bool = False) -> dict[str, Any]:
        if ip_address:
            request = {**request, "UserContextData": {"IpAddress": ip_address}}
        attempts = self.settings.FIRST_STEP_MAX_ATTEMPTS if retry else 1
        client = _boto3_client(self.settings, attempts)
        try:
            return getattr(client, method)(**request)
        except (ClientError, BotoCoreError) as error:
            raise error_map.translate(error, method) from error


def _destination(response: dict[str, Any]) -> str:
    """The masked address in ``CodeDeliveryDetails`` ("" when Cognito sent nothing)."""
    return (response.get("CodeDeliveryDetails") or {}).get("Destination") or ""
