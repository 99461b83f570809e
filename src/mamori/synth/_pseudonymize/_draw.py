"""Drawing a candidate pseudonym of each kind from an HMAC digest.

A draw is a pure function of the identity's own data, the digest of ``(identity, counter)``
and the counter; :class:`._domain.Domain` calls it again with the next counter when the
candidate is taken. Changing any draw changes every pseudonym made with an existing key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from mamori.checkdigits import my_number_check_digit, resident_code_check_digit
from mamori.synth._addresses import BLOCK_RANGE, ISSUE_RANGE
from mamori.synth._identifiers import EMAIL_DOMAINS
from mamori.synth._pseudonymize._domain import u64
from mamori.synth._pseudonymize._identity import InvalidValue
from mamori.synth._pseudonymize._pools import Pools

__all__ = [
    "RANDOM_TRIES",
    "DateDerangement",
    "address",
    "email",
    "my_number",
    "person",
    "phone",
    "postal",
    "resident_code",
    "token",
    "token_space",
]

STABLE_SURNAME_TRIES: Final = 48  # re-draws that change only the given name
RANDOM_TRIES: Final = 32  # random token draws before linear probing
MOBILE: Final = ("070", "080", "090")
_CHOME: Final = (1, 1, 1, 2, 2, 2, 3, 3, 4, 5)
_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

PersonCandidate = tuple[int, str, int]  # (surname index, sex, given-name index or -1)
AddressCandidate = tuple[int, str]  # (town index, block such as 1丁目901番2号)


def person(pools: Pools, surname: int, given: str, digest: bytes, counter: int) -> PersonCandidate:
    """`surname` is the pool index keyed on (household, real surname); it is kept for the
    first re-draws so that people who share a surname keep sharing it. `given` is the real
    given name ("" for a surname alone): its sex is kept when the pool knows only one."""
    if counter < STABLE_SURNAME_TRIES and not (counter and not given):
        s = surname
    else:
        s = pools.surname_pick.pick(u64(digest, 1))
    if not given:
        return (s, "", -1)
    sex = pools.sex_of.get(given) or ("M" if digest[31] & 1 else "F")
    return (s, sex, pools.given_pick[sex].pick(u64(digest, 0)))


def address(
    pools: Pools, region: tuple[str | None, tuple[str, str] | None], digest: bytes
) -> AddressCandidate:
    """A real town of the kept (prefecture, municipality) and a fictitious 901-999 block."""
    pref, municipality = region
    town_index = pools.pick_town(u64(digest, 0), pref, municipality)
    town = pools.towns[town_index]
    u = u64(digest, 1)
    block_no = BLOCK_RANGE[0] + u % (BLOCK_RANGE[1] - BLOCK_RANGE[0] + 1)
    u //= 1000
    issue = ISSUE_RANGE[0] + u % (ISSUE_RANGE[1] - ISSUE_RANGE[0] + 1)
    u //= 100
    if town.chome and not town.town.endswith("丁目"):
        block = f"{_CHOME[u % len(_CHOME)]}丁目{block_no}番{issue}号"
    else:
        block = f"{block_no}番地{issue}"
    return (town_index, block)


def postal(pools: Pools, code: str, digest: bytes, counter: int) -> str:
    """A real postal code of the same prefecture (any prefecture for an unknown code, or
    when the prefecture has no free code left after 1,000 draws)."""
    town = pools.town_by_code.get(code)
    codes = pools.all_codes
    if town is not None and counter < 1_000:
        codes = pools.codes_by_pref.get(pools.towns[town].prefecture, codes)
    return codes[u64(digest, 0) % len(codes)]


def phone(digits: str, area: int, digest: bytes) -> str:
    """The fictitious range: 0X0-0XXX-XXXX for mobiles; landlines keep the area code and
    get a 市内局番 starting with 0 (never assigned)."""
    n = len(digits)
    area = min(area, n - 2)
    u = u64(digest, 0)
    if n == 11 and digits[:3] in (*MOBILE, "060"):
        prefix = MOBILE[u % 3] + "0"
        u //= 3
    elif digits.startswith("0"):
        prefix = digits[:area] + "0"
    else:
        prefix = ""
    rest = n - len(prefix)
    return prefix + f"{u % 10**rest:0{rest}d}" if rest > 0 else prefix[:n]


def email(ident: str, digest: bytes) -> str:
    local = ident.split("@", 1)[0]
    length = max(4, min(len(local), 24))
    u = int.from_bytes(digest, "big")
    chars = ["abcdefghijklmnopqrstuvwxyz"[u % 26]]
    u //= 26
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    for _ in range(length - 1):
        chars.append(alphabet[u % 36])
        u //= 36
    domain = EMAIL_DOMAINS[u % len(EMAIL_DOMAINS)]
    return f"{''.join(chars)}@{domain}"


def my_number(digest: bytes) -> str:
    body = f"{u64(digest, 0) % 10**11:011d}"
    return f"{body}{my_number_check_digit(body)}"


def resident_code(digest: bytes) -> str:
    body = f"{u64(digest, 0) % 10**10:010d}"
    return f"{body}{resident_code_check_digit(body)}"


# --- identifiers ---------------------------------------------------------------------------


def token_template(ident: str) -> list[tuple[str, int]]:
    """(alphabet, radix) per character; radix 1 keeps the character (a leading letter prefix
    such as the R of R0000123, and every symbol)."""
    out: list[tuple[str, int]] = []
    prefix = len(ident) - len(ident.lstrip(_LETTERS))
    has_digit_after = any(c.isdigit() for c in ident[prefix:])
    for i, char in enumerate(ident):
        if i < prefix and has_digit_after:
            out.append((char, 1))
        elif char.isascii() and char.isdigit():
            out.append(("0123456789", 10))
        elif char.isascii() and char.isupper():
            out.append(("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 26))
        elif char.isascii() and char.islower():
            out.append(("abcdefghijklmnopqrstuvwxyz", 26))
        else:
            out.append((char, 1))
    return out


def token_space(ident: str) -> int:
    """How many tokens share the identifier's template (1: nothing to replace)."""
    size = 1
    for _alphabet, radix in token_template(ident):
        size *= radix
    return size


def token(ident: str, digest: bytes, counter: int, probe_digest: Callable[[str], bytes]) -> str:
    """A random token of the same template for the first draws, then linear probing from a
    keyed start (`probe_digest`) so that a small space is filled completely."""
    template = token_template(ident)
    space = 1
    for _alphabet, radix in template:
        space *= radix
    if space == 1:
        raise InvalidValue("an identifier without letters or digits to replace")
    if counter < RANDOM_TRIES:
        n = int.from_bytes(digest, "big") % space
    else:
        base = int.from_bytes(probe_digest(ident), "big") % space
        n = (base + counter - RANDOM_TRIES + 1) % space
    chars: list[str] = []
    for alphabet, radix in reversed(template):
        if radix == 1:
            chars.append(alphabet)
        else:
            chars.append(alphabet[n % radix])
            n //= radix
    return "".join(reversed(chars))


# --- dates ---------------------------------------------------------------------------------


class DateDerangement:
    """Dates of birth: the calendar cut into aligned blocks of `block_days` days, each block
    shuffled by a keyed derangement (no day stays in place). A bijection, so it never
    collides and does not depend on the other dates. In the block that contains `today`,
    the days after it are shuffled among themselves so that no date moves into the future.

    `digest(label, counter)` is the HMAC of the date domain."""

    def __init__(
        self, block_days: int, today: dt.date, digest: Callable[[str, int], bytes]
    ) -> None:
        self._size = max(2, block_days)
        self._today = today.toordinal()
        self._digest = digest
        self._blocks: dict[int, list[int]] = {}

    def __call__(self, ident: str, digest: bytes, counter: int) -> dt.date | None:
        if counter:
            return None  # pragma: no cover - a bijection never collides
        day = dt.date.fromisoformat(ident)
        size = self._size
        start = day.toordinal() // size * size
        mapping = self._blocks.get(start)
        if mapping is None:
            mapping = self._blocks[start] = self._derange_block(start, size)
        return dt.date.fromordinal(mapping[day.toordinal() - start])

    def _derange_block(self, start: int, size: int) -> list[int]:
        today = self._today
        members = list(range(start, start + size))
        parts = [members]
        if start <= today < start + size - 1:
            cut = today - start + 1
            parts = [members[:cut], members[cut:]]
        image: list[int] = []
        for index, part in enumerate(parts):
            image.extend(self._derangement(part, f"{start}:{size}:{index}"))
        return image

    def _derangement(self, part: list[int], label: str) -> list[int]:
        if len(part) < 2:
            return list(part)
        attempt = 0
        while True:
            msg = f"{label}:{attempt}"
            blocks = len(part) // 40 + 1
            u = int.from_bytes(b"".join(self._digest(msg, k + 1) for k in range(blocks)), "big")
            order = list(part)
            for i in range(len(order) - 1, 0, -1):  # Fisher-Yates driven by the HMAC
                j = u % (i + 1)
                u //= i + 1
                order[i], order[j] = order[j], order[i]
            if all(a != b for a, b in zip(part, order, strict=True)):
                return order
            attempt += 1
