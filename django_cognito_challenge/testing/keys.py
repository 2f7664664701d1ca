"""A pool's RSA keys, each made the first time it is used.

Making a 2048-bit key costs about 40 ms (over 200 ms on a loaded machine), and a test run makes
hundreds of pools, most of which never sign a token nor serve their key set: 234 of the 369
pools of ``tests/local_cognito`` never use their ID-token key, whose making took 10 s of that
run's 34 s when every pool made it up front.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

KEY_SIZE = 2048


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


class LazyRSAPrivateKey(rsa.RSAPrivateKey):
    """An ``RSAPrivateKey`` whose key is made by the first call that needs it.

    To PyJWT and to tests it is an ordinary private key (``sign``, ``public_key``, ...), so a
    pool's ``signing_key`` can be one; each instance is its own key, made once.
    """

    def __init__(self) -> None:
        self._key: rsa.RSAPrivateKey | None = None
        self._lock = threading.Lock()

    @property
    def key(self) -> rsa.RSAPrivateKey:
        """The key itself, made now if it was not yet."""
        with self._lock:
            if self._key is None:
                self._key = new_rsa_key()
            return self._key

    def sign(self, data: bytes, padding: Any, algorithm: Any) -> bytes:
        return self.key.sign(data, padding, algorithm)

    def decrypt(self, ciphertext: bytes, padding: Any) -> bytes:
        return self.key.decrypt(ciphertext, padding)

    @property
    def key_size(self) -> int:
        return self.key.key_size

    def public_key(self) -> rsa.RSAPublicKey:
        return self.key.public_key()

    def private_numbers(self) -> rsa.RSAPrivateNumbers:
        return self.key.private_numbers()

    def private_bytes(self, encoding: Any, format: Any, encryption_algorithm: Any) -> bytes:
        return self.key.private_bytes(encoding, format, encryption_algorithm)

    def __copy__(self) -> LazyRSAPrivateKey:
        return self  # a key is immutable: cryptography's own keys copy to themselves too

    def __deepcopy__(self, memo: dict) -> LazyRSAPrivateKey:
        return self


class SigningKey:
    """An RSA key made on first use, and its ``kid``."""

    def __init__(self) -> None:
        self.kid = secrets.token_urlsafe(32)
        self.private: rsa.RSAPrivateKey = LazyRSAPrivateKey()
