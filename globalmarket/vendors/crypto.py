"""Encryption at rest and keyed look-up hashes for payout details (IBANs).

Two keys are derived with HKDF-SHA256 from one master secret, FIELD_ENCRYPTION_KEY
(required in production; derived from SECRET_KEY in development and tests):

- an AES-256-GCM key that encrypts the value (random 96-bit nonce per value);
- a separate HMAC-SHA256 key for the look-up hash, so staff can find a vendor by IBAN
  without decrypting every row, and the hash alone cannot be brute-forced offline
  without the key.

Ciphertexts are stored as ``v1:<urlsafe base64 of nonce || ciphertext+tag>``.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_VERSION = "v1"
_AAD = b"globalmarket.vendors.payout"


def _master() -> bytes:
    key = settings.FIELD_ENCRYPTION_KEY or f"derived-from-secret-key:{settings.SECRET_KEY}"
    return key.encode()


@lru_cache(maxsize=4)
def _derive(master: bytes, purpose: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"globalmarket-field-keys",
                info=purpose)  # fmt: skip
    return hkdf.derive(master)


def _encryption_key() -> bytes:
    return _derive(_master(), b"aes-256-gcm:v1")


def _hash_key() -> bytes:
    return _derive(_master(), b"hmac-sha256-lookup:v1")


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, plaintext.encode(), _AAD)
    return f"{_VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    version, _, payload = token.partition(":")
    if version != _VERSION:
        raise ValueError("Unknown ciphertext version.")
    raw = base64.urlsafe_b64decode(payload)
    return AESGCM(_encryption_key()).decrypt(raw[:12], raw[12:], _AAD).decode()


def lookup_hash(value: str) -> str:
    """Keyed hash of a normalised value (upper case, no spaces) for equality look-ups."""
    normalised = "".join(value.split()).upper()
    return hmac.new(_hash_key(), normalised.encode(), hashlib.sha256).hexdigest()


def mask_iban(country: str, last4: str) -> str:
    """e.g. ``NL** **** **** **** 4300``: same shape for every IBAN, so the length leaks nothing."""
    if not last4:
        return ""
    return f"{country}** **** **** **** {last4}"
