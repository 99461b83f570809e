"""One collision domain: the identities of a kind and their pseudonyms, kept distinct.

``HMAC-SHA256(key, tag || identity || counter)`` drives a *draw* (a function of the identity,
the digest and the counter that returns a candidate, or None for "draw again").
:meth:`Domain.resolve` lets every observed identity claim its counter-0 candidate; when
several claim the same one, the smallest counter-0 HMAC keeps it and the others draw again
with counter 1, 2, … in HMAC order, skipping taken ones. The result does not depend on the
order of rows or files, and an identity keeps its first choice unless another identity of the
same run wanted the same candidate first.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Hashable
from typing import Final, Generic, TypeVar

from mamori._exceptions import ConfigurationError

__all__ = ["SEP", "Domain", "Draw", "u64"]

SEP: Final = "\x1e"  # between the household id and the value in an identity

C = TypeVar("C", bound=Hashable)
Draw = Callable[[str, bytes, int], C | None]  # (identity, digest, counter) → candidate


def u64(digest: bytes, i: int) -> int:
    """The `i`-th 64-bit number of a digest."""
    return int.from_bytes(digest[8 * i : 8 * i + 8], "big")


class Domain(Generic[C]):
    """Identities of one kind and their pseudonyms, kept distinct."""

    def __init__(
        self,
        key: bytes,
        tag: str,
        draw: Draw[C],
        *,
        max_tries: Callable[[str], int] = lambda _ident: 10_000,
    ) -> None:
        self._key = key
        self._tag = tag.encode("ascii") + b"\x00"
        self._draw = draw
        self._max_tries = max_tries
        self.assigned: dict[str, C] = {}
        self._taken: set[C] = set()
        self._pending: set[str] = set()
        self.redraws = 0

    def digest(self, ident: str, counter: int = 0) -> bytes:
        msg = self._tag + ident.encode("utf-8")
        if counter:
            msg += b"\x00" + str(counter).encode("ascii")
        return hmac.digest(self._key, msg, "sha256")

    def observe(self, ident: str) -> None:
        if ident not in self.assigned:
            self._pending.add(ident)

    def resolve(self) -> None:
        """Assign every pending identity without depending on the order they came in.

        Every identity first claims its counter-0 candidate; where several claim the same
        one, the smallest counter-0 HMAC wins. The others then draw again (counter 1, 2, …)
        in HMAC order, skipping everything already taken. So an identity keeps its first
        choice unless another identity of the same run wanted the same one first."""
        pending = self._pending
        self._pending = set()
        draw = self._draw
        taken = self._taken
        assigned = self.assigned
        claims: dict[C, tuple[bytes, str]] = {}
        losers: list[tuple[bytes, str]] = []
        for ident in pending:
            if ident in assigned:
                continue
            d0 = self.digest(ident)
            cand = draw(ident, d0, 0)
            if cand is None or cand in taken:
                losers.append((d0, ident))
                continue
            rival = claims.get(cand)
            if rival is None:
                claims[cand] = (d0, ident)
            elif d0 < rival[0]:
                claims[cand] = (d0, ident)
                losers.append(rival)
            else:
                losers.append((d0, ident))
        for cand, (_d0, ident) in claims.items():
            taken.add(cand)
            assigned[ident] = cand
        for d0, ident in sorted(losers):
            self._assign(ident, d0, start=1)

    def get(self, ident: str) -> C:
        found = self.assigned.get(ident)
        if found is not None:
            return found
        return self._assign(ident, self.digest(ident))

    def _assign(self, ident: str, d0: bytes, *, start: int = 0) -> C:
        counter = start
        digest = d0 if start == 0 else self.digest(ident, start)
        limit = self._max_tries(ident)
        while True:
            cand = self._draw(ident, digest, counter)
            if cand is not None and cand not in self._taken:
                break
            counter += 1
            if counter >= limit:
                raise ConfigurationError(
                    f"{self._tag[:-1].decode()}: no free pseudonym left after {limit} draws; "
                    "the pool is too small for this data (for addresses, try "
                    "--address-keep prefecture)."
                )
            digest = self.digest(ident, counter)
        self.redraws += counter
        self._taken.add(cand)
        self.assigned[ident] = cand
        return cand
