"""A software passkey for tests: what a browser and its authenticator would send back.

:class:`SoftwarePasskey` plays ``navigator.credentials.create()`` and
``navigator.credentials.get()`` with an EC P-256 key (ES256) held in memory, building
``clientDataJSON`` and ``authenticatorData`` as the W3C WebAuthn spec lays them out (§5.8.1,
§6.1) and attesting with the ``none`` format. It signs whatever it is asked to, as a scripted
client could: it does not apply a browser's origin checks, so a test can present any origin::

    passkey = SoftwarePasskey()
    options = idp.start_web_authn_registration(AccessToken=access)["CredentialCreationOptions"]
    idp.complete_web_authn_registration(
        AccessToken=access, Credential=passkey.create(options, origin="https://localhost"))

    reply = idp.initiate_auth(..., AuthParameters={"USERNAME": "kim",
                                                  "PREFERRED_CHALLENGE": "WEB_AUTHN"})
    options = reply["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
    credential = json.dumps(passkey.get(options, origin="https://localhost"))
    idp.respond_to_auth_challenge(..., ChallengeName="WEB_AUTHN",
                                  ChallengeResponses={"USERNAME": "kim", "CREDENTIAL": credential})
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from .passkeys import b64url

__all__ = ["PasskeyNotAllowed", "SoftwarePasskey"]

# authenticatorData flags (spec §6.1): user present, user verified, attested credential data.
UP, UV, AT = 0x01, 0x04, 0x40
#: The AAGUID of an authenticator that does not say what it is (attestation "none").
ZERO_AAGUID = bytes(16)


class PasskeyNotAllowed(Exception):
    """The authenticator declines, as a browser's ``NotAllowedError`` or ``InvalidStateError``."""


class SoftwarePasskey:
    """One passkey (a discoverable credential) in memory, made by :meth:`create`.

    :param user_verified: set the UV flag (the person unlocked the authenticator); the
        default for :meth:`create` and :meth:`get`, each can override it.
    :param user_present: set the UP flag (the person touched it); a real one always does.
    :param algorithm: ``"ES256"`` (P-256, what passkeys use) or ``"EdDSA"`` (Ed25519, which
        the local Cognito does not offer: for a test of an unsupported credential).
    :param attachment: ``authenticatorAttachment``: ``"platform"`` or ``"cross-platform"``.
    :param transports: ``response.transports`` of the registration, e.g. ``("internal",
        "hybrid")``.
    :param counts: whether the signature counter moves (synced passkeys often keep 0).

    After :meth:`create`: :attr:`credential_id` (base64url), :attr:`rp_id`,
    :attr:`user_handle` (base64url ``user.id``) and :attr:`sign_count`, which a test may set
    back to play a cloned authenticator.
    """

    def __init__(self, *, user_verified: bool = True, user_present: bool = True,
                 algorithm: str = "ES256", attachment: str = "platform",
                 transports: tuple[str, ...] = ("internal", "hybrid"),
                 counts: bool = True) -> None:
        if algorithm not in ("ES256", "EdDSA"):
            raise ValueError(f"algorithm must be ES256 or EdDSA, not {algorithm!r}")
        self.user_verified, self.user_present = user_verified, user_present
        self.algorithm, self.attachment = algorithm, attachment
        self.transports, self.counts = tuple(transports), counts
        self.credential_id: str | None = None
        self.rp_id: str | None = None
        self.user_handle: str | None = None
        self.sign_count = 0
        self._raw_id = b""
        self._key: Any = None

    def create(self, options: dict[str, Any] | str, origin: str, *,
               rp_id: str | None = None, client_data_type: str = "webauthn.create",
               user_verified: bool | None = None) -> dict[str, Any]:
        """Make the credential for CredentialCreationOptions; return RegistrationResponseJSON.

        :param options: StartWebAuthnRegistration's ``CredentialCreationOptions`` (a dict, or
            its JSON text).
        :param origin: the page's origin as the browser reports it, ``https://localhost``.
        :param rp_id: the relying party whose hash goes into ``authenticatorData``; the
            options' ``rp.id`` unless given (a test of a mismatch gives another).
        :param client_data_type: ``clientDataJSON.type``; only a test changes it.
        :param user_verified: this ceremony's UV flag, when not the passkey's default.
        :raises PasskeyNotAllowed: when this passkey already holds a credential the options
            exclude (``excludeCredentials``), as an authenticator answers ``InvalidStateError``.
        :raises RuntimeError: when this passkey already holds a credential: make another.
        """
        options = _as_dict(options)
        excluded = {item["id"] for item in options.get("excludeCredentials") or []}
        if self.credential_id is not None:
            if self.credential_id in excluded:
                raise PasskeyNotAllowed("InvalidStateError: the credential is excluded")
            raise RuntimeError("this SoftwarePasskey already holds a credential")
        self._key = (ec.generate_private_key(ec.SECP256R1()) if self.algorithm == "ES256"
                     else ed25519.Ed25519PrivateKey.generate())
        self._raw_id = secrets.token_bytes(32)
        self.credential_id = b64url(self._raw_id)
        self.rp_id, self.user_handle = options["rp"]["id"], options["user"]["id"]
        client_data = self._client_data(client_data_type, options["challenge"], origin)
        auth_data = self._auth_data(rp_id or self.rp_id, user_verified, attested=True)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": self.credential_id, "rawId": self.credential_id, "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "authenticatorData": b64url(auth_data),
                "transports": list(self.transports),
                "publicKeyAlgorithm": -7 if self.algorithm == "ES256" else -8,
                "publicKey": b64url(self._key.public_key().public_bytes(
                    serialization.Encoding.DER,
                    serialization.PublicFormat.SubjectPublicKeyInfo)),
            },
            "authenticatorAttachment": self.attachment, "clientExtensionResults": {},
        }

    def get(self, options: dict[str, Any] | str, origin: str, *, rp_id: str | None = None,
            client_data_type: str = "webauthn.get", user_verified: bool | None = None,
            check_allowed: bool = True) -> dict[str, Any]:
        """Sign an assertion for request options; return AuthenticationResponseJSON.

        :param options: the WEB_AUTHN challenge's ``CREDENTIAL_REQUEST_OPTIONS`` (its JSON
            text, as Cognito sends it, or a dict).
        :param origin: the page's origin as the browser reports it.
        :param rp_id: the relying party hashed into ``authenticatorData``; the options'
            ``rpId`` unless given.
        :param client_data_type: ``clientDataJSON.type``; only a test changes it.
        :param user_verified: this ceremony's UV flag, when not the passkey's default.
        :param check_allowed: refuse, as an authenticator does, when ``allowCredentials``
            names other credentials or ``rpId`` is not this passkey's; False signs anyway
            (an attacker's client replaying another user's passkey).
        :raises PasskeyNotAllowed: when the authenticator would not answer these options.
        :raises RuntimeError: before :meth:`create`.
        """
        if self.credential_id is None:
            raise RuntimeError("create() the credential before signing with it")
        options = _as_dict(options)
        allowed = {item["id"] for item in options.get("allowCredentials") or []}
        if check_allowed and ((allowed and self.credential_id not in allowed)
                              or options.get("rpId") != self.rp_id):
            raise PasskeyNotAllowed("NotAllowedError: no matching credential")
        if self.counts:
            self.sign_count += 1
        client_data = self._client_data(client_data_type, options["challenge"], origin)
        auth_data = self._auth_data(rp_id or options.get("rpId") or self.rp_id, user_verified)
        signature = self._sign(auth_data + hashlib.sha256(client_data).digest())
        return {
            "id": self.credential_id, "rawId": self.credential_id, "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": self.user_handle,
            },
            "authenticatorAttachment": self.attachment, "clientExtensionResults": {},
        }

    # -- the spec's byte layouts --------------------------------------------------------------

    @staticmethod
    def _client_data(kind: str, challenge: str, origin: str) -> bytes:
        """``clientDataJSON`` (§5.8.1), serialised as browsers do: compact, in this order."""
        collected = {"type": kind, "challenge": challenge, "origin": origin,
                     "crossOrigin": False}
        return json.dumps(collected, separators=(",", ":")).encode()

    def _auth_data(self, rp_id: str, user_verified: bool | None, *,
                   attested: bool = False) -> bytes:
        """``authenticatorData`` (§6.1): rpIdHash, flags, signCount, attested credential."""
        verified = self.user_verified if user_verified is None else user_verified
        flags = (UP if self.user_present else 0) | (UV if verified else 0) | (AT if attested else 0)
        data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags])
        data += struct.pack(">I", self.sign_count)
        if attested:
            data += ZERO_AAGUID + struct.pack(">H", len(self._raw_id)) + self._raw_id
            data += cbor2.dumps(self._cose_key())
        return data

    def _cose_key(self) -> dict[int, Any]:
        """The public key as a COSE_Key (RFC 9053): EC2 P-256 for ES256, OKP for EdDSA."""
        public = self._key.public_key()
        if self.algorithm == "EdDSA":
            raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return {1: 1, 3: -8, -1: 6, -2: raw}
        numbers = public.public_numbers()
        return {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big")}

    def _sign(self, data: bytes) -> bytes:
        if self.algorithm == "EdDSA":
            return self._key.sign(data)
        return self._key.sign(data, ec.ECDSA(hashes.SHA256()))


def _as_dict(options: dict[str, Any] | str) -> dict[str, Any]:
    return json.loads(options) if isinstance(options, str) else options
