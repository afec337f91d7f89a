"""Encryption at rest and keyed look-up hashes for payout details (IBANs).

Two keys are derived with HKDF-SHA256 from one master secret, FIELD_ENCRYPTION_KEY
(required in production; derived from SECRET_KEY in development and tests):

- an AES-256-GCM key that encrypts the value (random 96-bit nonce per value);
- a separate HMAC-SHA256 key for the look-up hash, so staff can find a vendor by IBAN
  without decrypting every row, and the hash alone cannot be brute-forced offline
  without the key.

Ciphertexts are stored as ``v1:<key id>:<urlsafe base64 of nonce || ciphertext+tag>``.
Rotation: put the new secret in FIELD_ENCRYPTION_KEY and the old one in
FIELD_ENCRYPTION_KEYS_OLD, run ``manage.py rotate_field_keys``, then drop the old one.
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


def _masters() -> list[bytes]:
    """The current master secret first, then retired ones still accepted for decryption."""
    current = settings.FIELD_ENCRYPTION_KEY or f"derived-from-secret-key:{settings.SECRET_KEY}"
    return [current.encode(), *(old.encode() for old in settings.FIELD_ENCRYPTION_KEYS_OLD)]


@lru_cache(maxsize=16)
def _derive(master: bytes, purpose: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"globalmarket-field-keys",
                info=purpose)  # fmt: skip
    return hkdf.derive(master)


def _encryption_key(master: bytes) -> bytes:
    return _derive(master, b"aes-256-gcm:v1")


def _hash_key(master: bytes) -> bytes:
    return _derive(master, b"hmac-sha256-lookup:v1")


def _key_id(master: bytes) -> str:
    """A short public name of a key, stored with each ciphertext (reveals nothing of it)."""
    return _derive(master, b"key-id:v1").hex()[:8]


def encrypt(plaintext: str) -> str:
    master = _masters()[0]
    nonce = os.urandom(12)
    sealed = AESGCM(_encryption_key(master)).encrypt(nonce, plaintext.encode(), _AAD)
    return f"{_VERSION}:{_key_id(master)}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    """Decrypt with whichever configured key made `token`; ValueError/InvalidTag otherwise."""
    version, key_id, payload = ([*token.split(":", 2), "", ""])[:3]
    if version != _VERSION:
        raise ValueError("Unknown ciphertext version.")
    master = next((m for m in _masters() if _key_id(m) == key_id), None)
    if master is None:
        raise ValueError("The key of this value is not configured (FIELD_ENCRYPTION_KEYS_OLD?).")
    raw = base64.urlsafe_b64decode(payload)
    return AESGCM(_encryption_key(master)).decrypt(raw[:12], raw[12:], _AAD).decode()


def is_current(token: str) -> bool:
    """Whether `token` was made with the current key (else it needs re-encrypting)."""
    return token.split(":", 2)[1:2] == [_key_id(_masters()[0])]


def _normalise(value: str) -> bytes:
    return "".join(value.split()).upper().encode()


def lookup_hash(value: str) -> str:
    """Keyed hash (current key) of a normalised value (upper case, no spaces), for look-ups."""
    return hmac.new(_hash_key(_masters()[0]), _normalise(value), hashlib.sha256).hexdigest()


def lookup_hashes(value: str) -> list[str]:
    """The value's hash under every configured key: finds rows not yet re-hashed after a rotation."""
    return [hmac.new(_hash_key(m), _normalise(value), hashlib.sha256).hexdigest()
            for m in _masters()]  # fmt: skip


def mask_iban(country: str, last4: str) -> str:
    """e.g. ``NL** **** **** **** 4300``: same shape for every IBAN, so the length leaks nothing."""
    if not last4:
        return ""
    return f"{country}** **** **** **** {last4}"
