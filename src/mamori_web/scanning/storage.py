"""Uploaded files at rest: encrypted with AES-256-GCM, deleted when no longer needed.

An uploaded document may hold every resident's record (that is why it is checked), so the
application never writes it to disk in clear. Each blob is one file under
``MAMORI_HOME/uploads`` holding a random 96-bit nonce and the AES-GCM ciphertext; the blob's
id is the associated data, so a blob copied under another id does not decrypt. The key is
``MAMORI_UPLOAD_KEY`` (hex, 32 bytes) or the installation's key file
``MAMORI_HOME/upload_key`` (created 0600 on first use, like the secret key). Losing the key
makes the stored originals unreadable, which is the point of deleting it with them.

Plain text is only ever in memory, or in a private temporary folder for the time of a scan
(the extractors read files), removed right after.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from mamori._keys import load_key

__all__ = [
    "BlobError",
    "delete_blob",
    "installation_key",
    "plain_copy",
    "read_blob",
    "write_blob",
]

_NONCE = 12
_BLOB_ID = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}(?:-[a-z]+)?")  # uuid[-kind]
_KEY_FILE = "upload_key"


class BlobError(Exception):
    """A stored blob is missing or does not decrypt (wrong key, tampered, truncated)."""


def _root() -> Path:
    root = Path(settings.MAMORI_HOME) / "uploads"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def installation_key(name: str, *, env_var: str | None = None) -> bytes:
    """A 32-byte key of this installation: `env_var` if set, else ``MAMORI_HOME/<name>``.

    The file is created (0600, 64 hex digits) on first use, like Django's secret key.
    """
    if env_var and (value := os.environ.get(env_var)):
        try:
            key = bytes.fromhex(value.strip())
        except ValueError:
            key = b""
        if len(key) != 32:
            raise BlobError(f"{env_var} must be 64 hexadecimal digits (32 bytes)")
        return key
    path = Path(settings.MAMORI_HOME) / name
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
    return load_key(path, env_var=None)[:32]


def _key() -> bytes:
    return installation_key(_KEY_FILE, env_var="MAMORI_UPLOAD_KEY")


def _path(blob_id: str) -> Path:
    if not _BLOB_ID.fullmatch(blob_id):
        raise BlobError(f"not a blob id: {blob_id!r}")
    return _root() / f"{blob_id}.bin"


def write_blob(blob_id: str, data: bytes) -> int:
    """Encrypt and store `data` under `blob_id` (atomically); returns the bytes written."""
    nonce = secrets.token_bytes(_NONCE)
    sealed = nonce + AESGCM(_key()).encrypt(nonce, data, blob_id.encode())
    target = _path(blob_id)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(sealed)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return len(sealed)


def read_blob(blob_id: str) -> bytes:
    """The plain bytes stored under `blob_id`; `BlobError` when missing or not authentic."""
    try:
        sealed = _path(blob_id).read_bytes()
    except FileNotFoundError as err:
        raise BlobError(f"blob {blob_id} is gone (deleted after its retention)") from err
    try:
        return AESGCM(_key()).decrypt(sealed[:_NONCE], sealed[_NONCE:], blob_id.encode())
    except InvalidTag as err:
        raise BlobError(f"blob {blob_id} does not decrypt: another key, or altered") from err


def delete_blob(blob_id: str) -> bool:
    """Delete the blob; True when there was one."""
    try:
        _path(blob_id).unlink()
    except FileNotFoundError:
        return False
    return True


@contextlib.contextmanager
def plain_copy(blob_id: str, filename: str) -> Iterator[Path]:
    """The blob decrypted into a private temporary folder, under its file name's suffix.

    The folder (mode 0700) and the file are removed when the block ends, whatever happens.
    """
    data = read_blob(blob_id)
    suffix = Path(filename).suffix.lower()[:16]
    with tempfile.TemporaryDirectory(prefix="mamori-scan-") as folder:
        os.chmod(folder, 0o700)
        path = Path(folder) / f"document{suffix}"
        path.write_bytes(data)
        del data
        yield path
