"""The EDM index file: a versioned header and flat arrays of fingerprints, memory-mapped.

Layout (little-endian)::

    8 bytes   magic  b"\\x89MMREDM\\n"
    4 bytes   format version (1)
    4 bytes   header length H
    H bytes   header: UTF-8 JSON (name, fictitious, fields, rows, salt, key check,
              sections with their offsets, SHA-256 of the data) — never a key or a value
    padding   to a multiple of 8
    data      the sections, each 8-aligned:
              record       uint64 × rows   fingerprint of the record id (or row number)
              household    uint64 × rows   fingerprint of the household id (0: none)
              live         uint8  × rows   1, or 0 once a record moved out
              F.hash       uint64 × m      fingerprints of field F, sorted
              F.row        uint32 × m      the row of each fingerprint
              F.fence      uint32 × 65537  where each top-16-bit bucket of F.hash starts

A lookup is a binary search in one bucket of ``F.hash``; the file is mapped, not read, so
scan workers share its pages. Files are written to a temporary file beside the target and
renamed, so a failure never leaves a half-written index.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import mmap
import os
import struct
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from mamori._exceptions import ConfigurationError, InputError
from mamori.pii.edm._hashing import key_check

__all__ = ["FENCE_BITS", "FENCE_BUCKETS", "FORMAT_VERSION", "EdmIndex", "write_index"]

MAGIC: Final = b"\x89MMREDM\n"
FORMAT_VERSION: Final = 1
_PREAMBLE: Final = struct.Struct("<8sII")
_ALIGN: Final = 8
FENCE_BITS: Final = 16
FENCE_BUCKETS: Final = 1 << FENCE_BITS
_FENCE_SHIFT: Final = 64 - FENCE_BITS
_TYPECODES: Final = {"record": "Q", "household": "Q", "live": "B"}


def _typecode(section: str) -> str:
    if section in _TYPECODES:
        return _TYPECODES[section]
    return "Q" if section.endswith(".hash") else "I"  # .row, .fence


def _padding(length: int) -> int:
    return -length % _ALIGN


def write_index(
    path: str | os.PathLike[str], header: Mapping[str, Any], sections: Mapping[str, Any]
) -> int:
    """Write an index atomically; `sections` are buffers (array, bytes, pyarrow buffers).

    Returns the file size. The header gets ``sections``, ``digest`` and ``format``.
    """
    if sys.byteorder != "little":  # pragma: no cover - every supported platform is
        raise ConfigurationError("EDM indexes are written on little-endian machines only.")
    views = {name: memoryview(buf).cast("B") for name, buf in sections.items()}
    offsets: dict[str, list[int]] = {}
    digest = hashlib.sha256()
    position = 0
    for name, view in views.items():
        offsets[name] = [position, view.nbytes]
        digest.update(view)
        position += view.nbytes + _padding(view.nbytes)
    meta = dict(header)
    meta.update(format=FORMAT_VERSION, sections=offsets, digest=digest.hexdigest())
    encoded = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_PREAMBLE.pack(MAGIC, FORMAT_VERSION, len(encoded)))
            out.write(encoded)
            out.write(b"\0" * _padding(_PREAMBLE.size + len(encoded)))
            for view in views.values():
                out.write(view)
                out.write(b"\0" * _padding(view.nbytes))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target.stat().st_size


class EdmIndex:
    """An opened index (read-only, memory-mapped). ``EdmIndex.open(path)``."""

    def __init__(self, path: Path, header: dict[str, Any], data: mmap.mmap, base: int) -> None:
        self.path = path
        self.header = header
        self._mmap = data
        self._base = base
        self._views: dict[str, memoryview] = {}
        for name, (offset, length) in header["sections"].items():
            start = base + offset
            view = memoryview(data)[start : start + length]
            code = _typecode(name)
            self._views[name] = (
                view.cast("Q") if code == "Q" else view.cast("I") if code == "I" else view
            )
        self._record = self._views["record"]
        self._household = self._views["household"]
        self._live = self._views["live"]
        self._hashes = {f: self._views[f"{f}.hash"] for f in self.fields}
        self._rows = {f: self._views[f"{f}.row"] for f in self.fields}
        self._fences = {f: self._views[f"{f}.fence"] for f in self.fields}
        self._all_live = int(header.get("live_rows", -1)) == len(self._record)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> EdmIndex:
        p = Path(path)
        try:
            with p.open("rb") as fh:
                if os.fstat(fh.fileno()).st_size < _PREAMBLE.size:
                    raise InputError(f"{p}: not an EDM index (too short).")
                data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError:
            raise ConfigurationError(
                f"EDM index {p} does not exist; build one with: mamori edm build"
            ) from None
        except OSError as err:
            raise InputError(f"{p}: cannot read the EDM index ({err.strerror}).") from err
        magic, version, length = _PREAMBLE.unpack_from(data, 0)
        if magic != MAGIC:
            data.close()
            raise InputError(f"{p}: not an EDM index (wrong magic bytes).")
        if version != FORMAT_VERSION:
            data.close()
            raise InputError(
                f"{p}: EDM index format {version}; this mamori reads format {FORMAT_VERSION}. "
                "Rebuild it with: mamori edm build"
            )
        try:
            header = json.loads(bytes(data[_PREAMBLE.size : _PREAMBLE.size + length]))
            base = _PREAMBLE.size + length + _padding(_PREAMBLE.size + length)
            index = cls(p, header, data, base)
        except (ValueError, KeyError, TypeError) as err:
            data.close()
            raise InputError(f"{p}: damaged EDM index ({err}); rebuild it.") from err
        return index

    # --- metadata -------------------------------------------------------------------

    @property
    def name(self) -> str:
        return str(self.header.get("name", self.path.stem))

    @property
    def fictitious(self) -> bool:
        return bool(self.header.get("fictitious", False))

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.header["fields"])

    @property
    def salt(self) -> bytes:
        return bytes.fromhex(self.header["salt"])

    @property
    def rows(self) -> int:
        return len(self._record)

    @property
    def live_rows(self) -> int:
        return int(self.header.get("live_rows", self.rows))

    def check_key(self, secret: bytes) -> None:
        """Raise ConfigurationError unless `secret` is the key the index was built with."""
        if key_check(secret, self.salt) != self.header["key_check"]:
            raise ConfigurationError(
                f"{self.path}: this EDM index was built with a different key; pass the key "
                "it was built with (--edm-key / $MAMORI_EDM_KEY) or rebuild the index."
            )

    def verify(self) -> None:
        """Raise InputError unless the data matches the digest in the header."""
        digest = hashlib.sha256()
        ordered = sorted(self.header["sections"].items(), key=lambda item: item[1][0])
        for name, _ in ordered:
            digest.update(self._views[name].cast("B"))
        if digest.hexdigest() != self.header["digest"]:
            raise InputError(
                f"{self.path}: the EDM index is damaged (digest mismatch); rebuild it."
            )

    # --- lookups --------------------------------------------------------------------

    def lookup(self, field: str, fingerprint: int) -> list[int]:
        """The live rows whose `field` has this fingerprint."""
        hashes = self._hashes.get(field)
        if hashes is None:
            return []
        fence = self._fences[field]
        bucket = fingerprint >> _FENCE_SHIFT
        end = fence[bucket + 1]
        lo = bisect.bisect_left(hashes, fingerprint, fence[bucket], end)
        if lo == end or hashes[lo] != fingerprint:
            return []
        hi = lo + 1
        while hi < end and hashes[hi] == fingerprint:
            hi += 1
        found: list[int] = self._rows[field][lo:hi].tolist()
        if self._all_live:
            return found
        live = self._live
        return [r for r in found if live[r]]

    def contains(self, field: str, fingerprint: int) -> bool:
        return bool(self.lookup(field, fingerprint))

    def household(self, row: int) -> int:
        return int(self._household[row])

    def record(self, row: int) -> int:
        return int(self._record[row])

    def section(self, name: str) -> memoryview:
        return self._views[name]

    def sections(self) -> list[str]:
        return list(self.header["sections"])

    def close(self) -> None:
        self._views.clear()
        for attr in ("_record", "_household", "_live"):
            setattr(self, attr, memoryview(b""))
        self._hashes.clear()
        self._rows.clear()
        self._fences.clear()
        with contextlib.suppress(BufferError):  # a view is still out; the GC closes the map
            self._mmap.close()

    def __enter__(self) -> EdmIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        kind = "fictitious" if self.fictitious else "register"
        return f"<EdmIndex {self.name!r} {kind} rows={self.rows} fields={','.join(self.fields)}>"
