"""Keyed fingerprints: what an EDM index stores instead of the values.

Every value is hashed as ``HMAC-SHA256(k_field, key_of(value))`` truncated to 8 bytes, where
``k_field = HMAC-SHA256(secret, "mamori.edm/1/" + salt + field)``: one subkey per field and
per index (``salt`` is random and stored in the index). Without the secret, a dictionary of
every 12-digit number, phone number or birth date gives nothing to compare with; with
another secret every fingerprint differs. 64 bits keep the chance that any lookup in a
4,000,000-row index hits by accident near 1 in 10^12.

``key_check`` (also stored) is ``HMAC(secret, "mamori.edm/1/check" + salt)``: it tells a
wrong key from a right one and reveals nothing about the key.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Final

__all__ = ["FieldHasher", "key_check"]

_PREFIX: Final = b"mamori.edm/1/"
_SHA256: Final = "sha256"


def key_check(secret: bytes, salt: bytes) -> str:
    return hmac.digest(secret, _PREFIX + b"check" + salt, _SHA256)[:16].hex()


def subkey(secret: bytes, salt: bytes, field: str) -> bytes:
    return hmac.digest(secret, _PREFIX + salt + field.encode("ascii"), _SHA256)


class _Hmac:
    """HMAC-SHA256 under one key with the padded-key states computed once (RFC 2104).

    ``hmac.digest`` recomputes them for every message; copying two prepared SHA-256 states
    is several times faster and gives the same digest (a test compares the two).
    """

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes) -> None:
        block = key.ljust(64, b"\0")  # our subkeys are 32 bytes, below the block size
        self._inner: Any = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer: Any = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def fingerprint(self, message: bytes) -> int:
        return int.from_bytes(self.digest8(message), "little")

    def digest8(self, message: bytes) -> bytes:
        """The first 8 bytes of HMAC-SHA256(key, message): the fingerprint as stored."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return bytes(outer.digest()[:8])

    def states(self) -> tuple[Any, Any]:
        """The prepared inner and outer SHA-256 states (for the build's inlined loop)."""
        return self._inner, self._outer


class FieldHasher:
    """Fingerprints of normalised keys, one subkey per field (module docstring)."""

    __slots__ = ("_macs",)

    def __init__(self, secret: bytes, salt: bytes, fields: tuple[str, ...]) -> None:
        self._macs = {f: _Hmac(subkey(secret, salt, f)) for f in fields}

    def fingerprint(self, field: str, key: str) -> int:
        """The 64-bit fingerprint of an already normalised key (0 is kept for "empty"; a
        real fingerprint is 0 with probability 2^-64 and would then not be indexed)."""
        return self._macs[field].fingerprint(key.encode("utf-8"))

    def for_field(self, field: str) -> Any:
        """A callable ``bytes -> int`` for one field."""
        return self._macs[field].fingerprint

    def states(self, field: str) -> tuple[Any, Any]:
        return self._macs[field].states()
