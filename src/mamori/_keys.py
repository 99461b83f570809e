"""Secret keys for keyed hashing (pseudonymisation, EDM fingerprints, keyed hashes of findings).

A key is at least 32 random bytes. It lives either in a file or in an environment variable:

- a **key file** holds the key as hexadecimal text (what :func:`generate_key_file` writes:
  64 hex digits and a newline) or, failing that, as raw bytes. On POSIX the file must not
  be readable or writable by the group or others: :func:`load_key` refuses it with a message
  that says ``chmod 600 PATH``.
- an **environment variable** (``MAMORI_KEY`` by default) holds the key as hexadecimal text,
  or as any other text of at least 32 bytes in UTF-8.

The key itself never appears in an error message or a log line; messages name the file or
the variable only.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from mamori._exceptions import ConfigurationError

__all__ = ["DEFAULT_KEY_ENV_VAR", "MIN_KEY_BYTES", "generate_key_file", "load_key"]

log = logging.getLogger(__name__)

DEFAULT_KEY_ENV_VAR = "MAMORI_KEY"
MIN_KEY_BYTES = 32
_DEFAULT_HINT = "mamori synth keygen -o {path}"


def _decode(data: bytes) -> bytes:
    text = data.strip()
    if text and len(text) % 2 == 0:
        try:
            return bytes.fromhex(text.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            pass
    return data.rstrip(b"\r\n")


def load_key(
    path: str | os.PathLike[str] | None = None,
    env_var: str | None = DEFAULT_KEY_ENV_VAR,
    *,
    min_bytes: int = MIN_KEY_BYTES,
    create_hint: str = _DEFAULT_HINT,
) -> bytes:
    """Load a secret key from `path` if given, else from the environment variable `env_var`.

    `create_hint` is the command that creates a key file, shown when the file is missing;
    ``{path}`` in it is replaced by the path. Raises :class:`ConfigurationError` for a
    missing, unreadable, too-short key or a key file others may read.
    """
    if path is not None:
        return _load_key_file(Path(path), min_bytes=min_bytes, create_hint=create_hint)
    if env_var:
        value = os.environ.get(env_var)
        if value:
            key = _decode(value.encode("utf-8"))
            if len(key) < min_bytes:
                raise ConfigurationError(
                    f"the key in ${env_var} is {len(key)} bytes; at least {min_bytes} are "
                    f"needed (64 hex digits; create one with: "
                    f"{create_hint.format(path='KEYFILE')})."
                )
            log.debug("key loaded from the environment variable %s", env_var)
            return key
    where = f" or set ${env_var}" if env_var else ""
    raise ConfigurationError(
        f"no key given: pass a key file{where}. Create a key file with: "
        f"{create_hint.format(path='KEYFILE')}"
    )


def _load_key_file(path: Path, *, min_bytes: int, create_hint: str) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ConfigurationError(
            f"key file {path} does not exist. Create one with: {create_hint.format(path=path)}"
        ) from None
    except OSError as err:
        raise ConfigurationError(f"key file {path} cannot be read: {err.strerror}.") from err
    if not stat.S_ISREG(st.st_mode):
        raise ConfigurationError(f"key file {path} is not a regular file.")
    if os.name == "posix" and st.st_mode & 0o077:
        raise ConfigurationError(
            f"key file {path} may be read by other users (mode {stat.S_IMODE(st.st_mode):04o}); "
            f"restrict it with: chmod 600 {path}"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ConfigurationError(f"key file {path} cannot be read: {err.strerror}.") from err
    key = _decode(data)
    if len(key) < min_bytes:
        raise ConfigurationError(
            f"key file {path} holds {len(key)} bytes; at least {min_bytes} are needed. "
            f"Create a new one with: {create_hint.format(path=path)}"
        )
    log.debug("key loaded from %s", path)
    return key


def generate_key_file(path: str | os.PathLike[str], *, nbytes: int = MIN_KEY_BYTES) -> Path:
    """Write `nbytes` random bytes as hex (and a newline) to a new file with mode 0600.

    Refuses to overwrite an existing file: replacing a key silently changes every
    pseudonym and fingerprint made with it.
    """
    if nbytes < MIN_KEY_BYTES:
        raise ConfigurationError(f"a key has at least {MIN_KEY_BYTES} bytes.")
    target = Path(path)
    data = (secrets.token_hex(nbytes) + "\n").encode("ascii")
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigurationError(
            f"{target} already exists; a key is never overwritten (every pseudonym made with "
            "it would change). Choose another path or remove the old key deliberately."
        ) from None
    except OSError as err:
        raise ConfigurationError(f"cannot create key file {target}: {err.strerror}.") from err
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)
    return target
