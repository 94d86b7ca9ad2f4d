"""Personal data at rest: AES-GCM sealing with rotating key ids, and keyed hashes for finding a record."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pension_kit.config import KitSettings


@dataclass(frozen=True, slots=True)
class Sealed:
    """A value encrypted under one key: the key's id, a fresh 96-bit nonce and the ciphertext with tag."""

    key_id: str
    nonce: bytes
    ciphertext: bytes

    def to_document(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "nonce": self.nonce, "ciphertext": self.ciphertext}

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Sealed:
        return cls(str(document["key_id"]), bytes(document["nonce"]), bytes(document["ciphertext"]))


class PersonalDataVault:
    """Seals with the newest key and opens with any configured key, so keys can rotate without a migration."""

    def __init__(self, keys: tuple[tuple[str, bytes], ...], lookup_key: bytes) -> None:
        if not keys:
            raise ValueError("at least one personal-data key is required")
        self._sealing_key_id = keys[0][0]
        self._keys = {key_id: AESGCM(key) for key_id, key in keys}
        self._lookup_key = lookup_key

    @classmethod
    def from_settings(cls, settings: KitSettings) -> PersonalDataVault:
        return cls(settings.pii_keys, settings.lookup_key)

    def seal(self, value: str, *, purpose: str) -> Sealed:
        """Encrypts `value`; `purpose` (e.g. "citizen_id") is bound as associated data so a sealed
        citizen ID number cannot be passed off as a bank account."""
        nonce = os.urandom(12)
        ciphertext = self._keys[self._sealing_key_id].encrypt(nonce, value.encode(), purpose.encode())
        return Sealed(self._sealing_key_id, nonce, ciphertext)

    def open(self, sealed: Sealed, *, purpose: str) -> str:
        key = self._keys.get(sealed.key_id)
        if key is None:
            raise KeyError(f"no key {sealed.key_id!r} is configured to open this value")
        try:
            return key.decrypt(sealed.nonce, sealed.ciphertext, purpose.encode()).decode()
        except InvalidTag as exc:
            raise ValueError("sealed value was tampered with or sealed for another purpose") from exc

    def lookup_hash(self, value: str, *, purpose: str) -> str:
        """A keyed hash (HMAC-SHA256, hex) that finds a record by its value without storing the value."""
        message = f"{purpose}\x00{value}".encode()
        return hmac.new(self._lookup_key, message, hashlib.sha256).hexdigest()
