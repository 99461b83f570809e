"""The keyed, consistent, collision-free mapping from real values to fictitious ones.

How a value is mapped (docs/pseudonymize.md has the full rules):

1. The value is normalised into its *identity* (NFKC, spaces removed for names and
   addresses, digits only for numbers, the date itself for dates …), prefixed with the
   household id where households are declared.
2. ``HMAC-SHA256(key, domain || identity || counter)`` picks the pseudonym: counter 0 first.
3. Within a *domain* (one per kind: all PERSON columns share one) no two identities get the
   same pseudonym. :meth:`Pseudonymizer.resolve` lets every observed identity claim its
   counter-0 candidate; when several claim the same one, the smallest counter-0 HMAC keeps
   it and the others draw again with counter 1, 2, … in HMAC order, skipping taken ones. The
   result does not depend on the order of rows or files, and a value keeps its first choice
   unless another value of the same run wanted the same pseudonym first.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from mamori._exceptions import ConfigurationError, InputError
from mamori._keys import MIN_KEY_BYTES
from mamori.checkdigits import my_number_check_digit, resident_code_check_digit
from mamori.synth._addresses import BLOCK_RANGE, BUILDING_NAMES, ISSUE_RANGE
from mamori.synth._identifiers import EMAIL_DOMAINS
from mamori.synth._pseudonymize import _formats as fmt
from mamori.synth._pseudonymize._columns import TOKEN_KINDS, Kind
from mamori.synth._pseudonymize._pools import Pools

__all__ = [
    "AddressKeep",
    "AddressPseudonym",
    "InvalidValue",
    "PersonPseudonym",
    "Pseudonymizer",
]

log = logging.getLogger(__name__)

AddressKeep = str  # "municipality" | "prefecture" | "none"
ADDRESS_KEEP_CHOICES: Final = ("municipality", "prefecture", "none")
_SEP: Final = "\x1e"
_MOBILE: Final = ("070", "080", "090")
_CHOME: Final = (1, 1, 1, 2, 2, 2, 3, 3, 4, 5)
_BUILDING_WORDS: Final = re.compile(
    r"号室|マンション|ハイツ|アパート|コーポ|ビル|レジデンス|荘|棟|ハイム|メゾン|コート|\d+F$|\d+階"
)
_HYPHEN_BLOCK: Final = re.compile(r"[0-9０-９]([-－‐−ー―ｰ])[0-9０-９]")
_STABLE_SURNAME_TRIES: Final = 48
_RANDOM_TRIES: Final = 32
_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

C = TypeVar("C", bound=Hashable)


class InvalidValue(InputError):
    """A value cannot be read as its declared kind (it is never copied through)."""


def _u64(digest: bytes, i: int) -> int:
    return int.from_bytes(digest[8 * i : 8 * i + 8], "big")


class _Domain(Generic[C]):
    """Identities of one kind and their pseudonyms, kept distinct."""

    def __init__(
        self,
        key: bytes,
        tag: str,
        draw: Callable[[str, bytes, int], C | None],
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


@dataclass(frozen=True, slots=True)
class PersonPseudonym:
    text: str
    surname: str
    given_name: str
    surname_kana: str
    given_name_kana: str


@dataclass(frozen=True, slots=True)
class AddressPseudonym:
    text: str
    postal_code: str  # 7 digits


class Pseudonymizer:
    """Maps real values to fictitious ones of the same kind and layout under a secret key.

    Two phases give results that do not depend on the order of the input: :meth:`observe`
    every value, :meth:`resolve`, then map. Mapping a value that was not observed still
    works and stays collision-free, but which of two colliding values keeps the first choice
    then depends on the order of calls.
    """

    def __init__(
        self,
        key: bytes,
        *,
        pools: Pools | None = None,
        address_keep: AddressKeep = "municipality",
        date_window_days: int = 30,
        today: dt.date | None = None,
    ) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ConfigurationError(f"the key must have at least {MIN_KEY_BYTES} bytes.")
        if address_keep not in ADDRESS_KEEP_CHOICES:
            raise ConfigurationError(
                f"address_keep is one of {', '.join(ADDRESS_KEEP_CHOICES)}, not {address_keep!r}."
            )
        if not 1 <= date_window_days <= 3650:
            raise ConfigurationError("the date window is 1 to 3650 days.")
        self._pools = pools
        self.address_keep = address_keep
        self.date_window_days = date_window_days
        self.today = today or dt.date.today()
        self._person: _Domain[tuple[int, str, int]] = _Domain(key, "PERSON", self._draw_person)
        self._surname_cache: dict[str, int] = {}
        self._surname_domain: _Domain[int] = _Domain(key, "SURNAME", lambda i, d, c: 0)
        self._person_split: dict[str, tuple[int, str, str]] = {}
        self._address: _Domain[tuple[int, str]] = _Domain(
            key, "ADDRESS", self._draw_address, max_tries=lambda _i: 2_000
        )
        self._address_region: dict[str, tuple[str | None, tuple[str, str] | None]] = {}
        self._postal: _Domain[str] = _Domain(key, "POSTAL_CODE", self._draw_postal)
        self._phone: _Domain[str] = _Domain(key, "PHONE", self._draw_phone)
        self._phone_area: dict[str, int] = {}
        self._date: _Domain[dt.date] = _Domain(
            key, "DATE_OF_BIRTH", self._draw_date, max_tries=lambda _i: 2
        )
        # Dates move inside aligned blocks of `date_window_days` days (at least 2).
        self._date_block = max(2, date_window_days)
        self._date_blocks: dict[int, list[int]] = {}
        self._email: _Domain[str] = _Domain(key, "EMAIL", self._draw_email)
        self._my_number: _Domain[str] = _Domain(key, "MY_NUMBER", self._draw_my_number)
        self._resident_code: _Domain[str] = _Domain(key, "RESIDENT_CODE", self._draw_resident_code)
        self._tokens: dict[Kind, _Domain[str]] = {
            kind: _Domain(key, kind.value, self._draw_token, max_tries=self._token_tries)
            for kind in TOKEN_KINDS
        }
        self._cache: dict[tuple[Kind, str, str], object] = {}
        self._ident_cache: dict[tuple[bool, str, str | None], str] = {}
        self._phone_ident_cache: dict[str, str] = {}
        self._address_ident_cache: dict[tuple[str, str | None], str] = {}
        self._date_ident_cache: dict[str, str] = {}

    @property
    def pools(self) -> Pools:
        if self._pools is None:
            self._pools = Pools.load()
        return self._pools

    # --- identities ----------------------------------------------------------------------

    def _person_ident(self, value: str, household: str | None, *, kana: bool = False) -> str:
        cache_key = (kana, value, household)
        found = self._ident_cache.get(cache_key)
        if found is not None:
            return found
        ident = self._person_ident_uncached(value, household, kana=kana)
        self._ident_cache[cache_key] = ident
        return ident

    def _person_ident_uncached(self, value: str, household: str | None, *, kana: bool) -> str:
        hh = fmt.squeeze(household) if household else ""
        if kana:
            norm = fmt.squeeze(fmt.to_katakana(value))
            ident = f"K{hh}{_SEP}{norm}"
        else:
            norm = fmt.squeeze(value)
            ident = f"N{hh}{_SEP}{norm}"
        if not norm:
            raise InvalidValue("an empty name")
        old = self._person_split.get(ident)
        if old is not None and (old[0] == 0 or ident in self._person.assigned):
            return ident  # a split from a spaced form wins; a mapped name keeps its split
        parts = fmt.name_parts(value)
        if parts is not None:
            split = (0, fmt.squeeze(parts[1]), fmt.squeeze(parts[2]))
        else:
            split = (1, *self.pools.split_name(norm))
        if old is None or split < old:
            self._person_split[ident] = split
        return ident

    def _address_ident(self, value: str, household: str | None) -> str:
        cache_key = (value, household)
        found = self._address_ident_cache.get(cache_key)
        if found is None:
            found = self._address_ident_cache[cache_key] = self._address_ident_uncached(
                value, household
            )
        return found

    def _address_ident_uncached(self, value: str, household: str | None) -> str:
        norm = fmt.squeeze(value)
        if not norm:
            raise InvalidValue("an empty address")
        pref, municipality, _end = self.pools.read_region(norm)
        if self.address_keep == "none":
            region: tuple[str | None, tuple[str, str] | None] = (None, None)
        elif self.address_keep == "prefecture":
            region = ((municipality[0] if municipality else pref), None)
        else:
            region = ((municipality[0] if municipality else pref), municipality)
        if household:
            kept = "".join((region[0] or "", region[1][1] if region[1] else ""))
            ident = f"H{fmt.squeeze(household)}{_SEP}{kept}"
        else:
            ident = f"A{_SEP}{norm}"
        self._address_region[ident] = region
        return ident

    def _phone_ident(self, value: str) -> str:
        found = self._phone_ident_cache.get(value)
        if found is None:
            found = self._phone_ident_cache[value] = self._phone_ident_uncached(value)
        return found

    def _phone_ident_uncached(self, value: str) -> str:
        digits = fmt.digits_of(value)
        if len(digits) < 6:
            raise InvalidValue("a phone number needs at least 6 digits")
        groups = [len(g) for g in re.findall(r"\d+", fmt.nfkc(value))]
        grouped = len(groups) >= 2
        if grouped and digits.startswith("0"):
            area = groups[0]
        elif digits.startswith(("03", "06")):
            area = 2
        else:
            area = 3
        if digits not in self._phone_area or (grouped and digits not in self._phone.assigned):
            self._phone_area[digits] = area
        return digits

    # --- draws ---------------------------------------------------------------------------

    def _surname_index(self, hh: str, surname: str) -> int:
        cache_key = f"{hh}{_SEP}{surname}"
        found = self._surname_cache.get(cache_key)
        if found is None:
            digest = self._surname_domain.digest(cache_key)
            found = self.pools.surname_pick.pick(_u64(digest, 0))
            self._surname_cache[cache_key] = found
        return found

    def _draw_person(self, ident: str, digest: bytes, counter: int) -> tuple[int, str, int]:
        pools = self.pools
        _rank, surname, given = self._person_split[ident]
        hh = ident[1 : ident.index(_SEP)]
        if counter < _STABLE_SURNAME_TRIES and not (counter and not given):
            s = self._surname_index(hh, surname)
        else:
            s = pools.surname_pick.pick(_u64(digest, 1))
        if not given:
            return (s, "", -1)
        sex = pools.sex_of.get(given) or ("M" if digest[31] & 1 else "F")
        return (s, sex, pools.given_pick[sex].pick(_u64(digest, 0)))

    def _draw_address(self, ident: str, digest: bytes, counter: int) -> tuple[int, str]:
        pools = self.pools
        pref, municipality = self._address_region[ident]
        town_index = pools.pick_town(_u64(digest, 0), pref, municipality)
        town = pools.towns[town_index]
        u = _u64(digest, 1)
        block_no = BLOCK_RANGE[0] + u % (BLOCK_RANGE[1] - BLOCK_RANGE[0] + 1)
        u //= 1000
        issue = ISSUE_RANGE[0] + u % (ISSUE_RANGE[1] - ISSUE_RANGE[0] + 1)
        u //= 100
        if town.chome and not town.town.endswith("丁目"):
            block = f"{_CHOME[u % len(_CHOME)]}丁目{block_no}番{issue}号"
        else:
            block = f"{block_no}番地{issue}"
        return (town_index, block)

    def _draw_postal(self, ident: str, digest: bytes, counter: int) -> str:
        pools = self.pools
        town = pools.town_by_code.get(ident)
        codes = pools.all_codes
        if town is not None and counter < 1_000:
            codes = pools.codes_by_pref.get(pools.towns[town].prefecture, codes)
        return codes[_u64(digest, 0) % len(codes)]

    def _draw_phone(self, ident: str, digest: bytes, counter: int) -> str:
        n = len(ident)
        area = min(self._phone_area.get(ident, 3), n - 2)
        u = _u64(digest, 0)
        if n == 11 and ident[:3] in (*_MOBILE, "060"):
            prefix = _MOBILE[u % 3] + "0"
            u //= 3
        elif ident.startswith("0"):
            # the real area code, then a 市内局番 starting with 0 (never assigned)
            prefix = ident[:area] + "0"
        else:
            prefix = ""
        rest = n - len(prefix)
        return prefix + f"{u % 10**rest:0{rest}d}" if rest > 0 else prefix[:n]

    def _draw_date(self, ident: str, digest: bytes, counter: int) -> dt.date | None:
        """The keyed derangement of the date's block: a bijection, so never a collision."""
        if counter:
            return None  # pragma: no cover - a bijection never collides
        day = dt.date.fromisoformat(ident)
        size = self._date_block
        start = day.toordinal() // size * size
        mapping = self._date_blocks.get(start)
        if mapping is None:
            mapping = self._date_blocks[start] = self._derange_block(start, size)
        return dt.date.fromordinal(mapping[day.toordinal() - start])

    def _derange_block(self, start: int, size: int) -> list[int]:
        """Ordinals of the block `start` … `start + size - 1` shuffled with no day left in
        place; the days after `today` are shuffled among themselves so that no date of birth
        moves into the future."""
        today = self.today.toordinal()
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
            u = int.from_bytes(
                b"".join(self._date.digest(msg, k + 1) for k in range(blocks)), "big"
            )
            order = list(part)
            for i in range(len(order) - 1, 0, -1):  # Fisher-Yates driven by the HMAC
                j = u % (i + 1)
                u //= i + 1
                order[i], order[j] = order[j], order[i]
            if all(a != b for a, b in zip(part, order, strict=True)):
                return order
            attempt += 1

    def _draw_email(self, ident: str, digest: bytes, counter: int) -> str:
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

    def _draw_my_number(self, ident: str, digest: bytes, counter: int) -> str:
        body = f"{_u64(digest, 0) % 10**11:011d}"
        return f"{body}{my_number_check_digit(body)}"

    def _draw_resident_code(self, ident: str, digest: bytes, counter: int) -> str:
        body = f"{_u64(digest, 0) % 10**10:010d}"
        return f"{body}{resident_code_check_digit(body)}"

    @staticmethod
    def _template(ident: str) -> list[tuple[str, int]]:
        """(alphabet, radix) per character; radix 1 keeps the character."""
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

    def _space(self, ident: str) -> int:
        size = 1
        for _alphabet, radix in self._template(ident):
            size *= radix
        return size

    def _token_tries(self, ident: str) -> int:
        return _RANDOM_TRIES + min(self._space(ident), 10_000_000)

    def _draw_token(self, ident: str, digest: bytes, counter: int) -> str:
        template = self._template(ident)
        space = 1
        for _alphabet, radix in template:
            space *= radix
        if space == 1:
            raise InvalidValue("an identifier without letters or digits to replace")
        if counter < _RANDOM_TRIES:
            n = int.from_bytes(digest, "big") % space
        else:  # linear probing finds the free values of a small space
            base = int.from_bytes(self._tokens[Kind.ID].digest(ident), "big") % space
            n = (base + counter - _RANDOM_TRIES + 1) % space
        chars: list[str] = []
        for alphabet, radix in reversed(template):
            if radix == 1:
                chars.append(alphabet)
            else:
                chars.append(alphabet[n % radix])
                n //= radix
        return "".join(reversed(chars))

    # --- phase 1 -------------------------------------------------------------------------

    def observe(self, kind: Kind, value: object, *, household: str | None = None) -> None:
        """Register a value so that :meth:`resolve` assigns it in key order.

        KANA and POSTAL_CODE values follow their name and address and are not observed,
        except a reading whose name is empty (observe it with kind KANA)."""
        if value is None or (isinstance(value, str) and not value.strip(fmt.SPACES)):
            return
        if kind is Kind.PERSON:
            self._person.observe(self._person_ident(str(value), household))
        elif kind is Kind.KANA:
            self._person.observe(self._person_ident(str(value), household, kana=True))
        elif kind is Kind.ADDRESS:
            self._address.observe(self._address_ident(str(value), household))
        elif kind is Kind.POSTAL_CODE:
            self._postal.observe(self._postal_ident(str(value)))
        elif kind is Kind.PHONE:
            self._phone.observe(self._phone_ident(str(value)))
        elif kind is Kind.DATE_OF_BIRTH:
            self._date.observe(self._date_ident(value).isoformat())
        elif kind is Kind.EMAIL:
            self._email.observe(self._email_ident(str(value)))
        elif kind is Kind.MY_NUMBER:
            self._my_number.observe(self._digits_ident(str(value), 12, "a My Number"))
        elif kind is Kind.RESIDENT_CODE:
            self._resident_code.observe(self._digits_ident(str(value), 11, "a 住民票コード"))
        elif kind in TOKEN_KINDS:
            ident = self._token_ident(value)
            self._template_check(ident)
            self._tokens[kind].observe(ident)

    def _template_check(self, ident: str) -> None:
        if self._space(ident) == 1:
            raise InvalidValue("an identifier without letters or digits to replace")

    def _domains(self) -> list[tuple[str, _Domain[Any]]]:
        return [
            ("PERSON", self._person),
            ("ADDRESS", self._address),
            ("POSTAL_CODE", self._postal),
            ("PHONE", self._phone),
            ("DATE_OF_BIRTH", self._date),
            ("EMAIL", self._email),
            ("MY_NUMBER", self._my_number),
            ("RESIDENT_CODE", self._resident_code),
            *((kind.value, domain) for kind, domain in sorted(self._tokens.items())),
        ]

    def observer(self, kind: Kind) -> Callable[[str, str | None], None]:
        """A fast `observe` for text values of one kind (what the file runner uses)."""
        if kind is Kind.PERSON:
            person, ident_of = self._person, self._person_ident
            return lambda value, household: person.observe(ident_of(value, household))
        if kind is Kind.ADDRESS:
            address, address_of = self._address, self._address_ident
            return lambda value, household: address.observe(address_of(value, household))
        if kind is Kind.PHONE:
            phone, phone_of = self._phone, self._phone_ident
            return lambda value, household: phone.observe(phone_of(value))
        if kind is Kind.DATE_OF_BIRTH:
            date, cache = self._date, self._date_ident_cache

            def observe_date(value: str, household: str | None) -> None:
                iso = cache.get(value)
                if iso is None:
                    iso = cache[value] = self._date_ident(value).isoformat()
                date.observe(iso)

            return observe_date
        return lambda value, household: self.observe(kind, value, household=household)

    def resolve(self) -> None:
        """Assign every observed value, domain by domain, in the order of their HMACs."""
        for _name, domain in self._domains():
            domain.resolve()

    def stats(self) -> dict[str, tuple[int, int]]:
        """(distinct values, re-draws after a collision) per domain, for logs and benches."""
        return {n: (len(d.assigned), d.redraws) for n, d in self._domains() if d.assigned}

    # --- identities (simple kinds) --------------------------------------------------------

    @staticmethod
    def _postal_ident(value: str) -> str:
        digits = fmt.digits_of(value)
        if len(digits) != 7:
            raise InvalidValue("a postal code has 7 digits")
        return digits

    @staticmethod
    def _date_ident(value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        parsed = fmt.parse_date(str(value))
        if parsed is None:
            raise InvalidValue(
                "not a date (西暦 2001-04-12, 2001/4/12, 2001年4月12日, 20010412 or 和暦 "
                "昭和58年4月12日, S58.4.12)"
            )
        return parsed[0]

    @staticmethod
    def _email_ident(value: str) -> str:
        norm = fmt.squeeze(value).lower()
        if norm.count("@") != 1 or norm.startswith("@") or norm.endswith("@"):
            raise InvalidValue("not an e-mail address")
        return norm

    @staticmethod
    def _digits_ident(value: str, length: int, what: str) -> str:
        digits = fmt.digits_of(value)
        if len(digits) != length:
            raise InvalidValue(f"{what} has {length} digits")
        return digits

    @staticmethod
    def _token_ident(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        norm = fmt.nfkc(str(value)).strip()
        if not norm:
            raise InvalidValue("an empty identifier")
        return norm

    # --- phase 2 -------------------------------------------------------------------------

    def person(self, value: str, *, household: str | None = None) -> PersonPseudonym:
        """The pseudonym of a name, written like the original (space or not, which space)."""
        cache_key = (Kind.PERSON, value, household or "")
        found = self._cache.get(cache_key)
        if found is None:
            ident = self._person_ident(value, household)
            found = self._render_person(value, self._person.get(ident))
            self._cache[cache_key] = found
        assert isinstance(found, PersonPseudonym)
        return found

    def _render_person(self, raw: str, cand: tuple[int, str, int]) -> PersonPseudonym:
        pools = self.pools
        s, sex, g = cand
        surname, surname_kana = pools.surnames[s]
        given, given_kana = pools.given[sex][g] if g >= 0 else ("", "")
        layout = fmt.name_layout(raw)
        sep = layout.separator if given else ""
        text = f"{layout.lead}{surname}{sep}{given}{layout.trail}"
        return PersonPseudonym(text, surname, given, surname_kana, given_kana)

    def kana(self, value: str, *, name: str | None = None, household: str | None = None) -> str:
        """The reading column: the reading of the pseudonym of `name` (the same row's name),
        written in the original reading's script (カタカナ, ひらがな, ﾊﾝｶｸ) and spacing.
        Without a name, the reading itself is mapped like a name."""
        if not value.strip(fmt.SPACES):
            return value
        if name is not None and name.strip(fmt.SPACES):
            pseudonym = self.person(name, household=household)
        else:
            cache_key = (Kind.KANA, value, household or "")
            found = self._cache.get(cache_key)
            if found is None:
                ident = self._person_ident(value, household, kana=True)
                found = self._render_person(value, self._person.get(ident))
                self._cache[cache_key] = found
            assert isinstance(found, PersonPseudonym)
            pseudonym = found
        layout = fmt.name_layout(value)
        script = fmt.kana_script(value)
        surname = fmt.to_script(pseudonym.surname_kana, script)
        if not pseudonym.given_name_kana:
            return f"{layout.lead}{surname}{layout.trail}"
        given = fmt.to_script(pseudonym.given_name_kana, script)
        sep = layout.separator
        if script == "half" and sep == "\u3000":
            sep = " "
        return f"{layout.lead}{surname}{sep}{given}{layout.trail}"

    def address(self, value: str, *, household: str | None = None) -> AddressPseudonym:
        """A real town in the kept region with a fictitious block (901-999番), written like
        the original: prefecture written or not, 丁目番号 or hyphens, digit width, building."""
        cache_key = (Kind.ADDRESS, value, household or "")
        found = self._cache.get(cache_key)
        if found is None:
            ident = self._address_ident(value, household)
            town_index, block = self._address.get(ident)
            found = self._render_address(value, town_index, block, ident)
            self._cache[cache_key] = found
        assert isinstance(found, AddressPseudonym)
        return found

    def _render_address(
        self, raw: str, town_index: int, block: str, ident: str
    ) -> AddressPseudonym:
        town = self.pools.towns[town_index]
        norm = fmt.squeeze(raw)
        pref, _municipality, _end = self.pools.read_region(norm)
        hyphen = _HYPHEN_BLOCK.search(raw)
        if hyphen and "番" not in norm:
            numbers = re.findall(r"\d+", block)
            block = hyphen[1].join(numbers)
        stripped = raw.strip(fmt.SPACES)
        space = re.search(r"[ \u3000\t]+", stripped)
        building = ""
        if space or _BUILDING_WORDS.search(norm):
            digest = self._address.digest(ident, 7)
            u = _u64(digest, 2)
            name = BUILDING_NAMES[u % len(BUILDING_NAMES)]
            floor = 1 + (u >> 8) % 9
            room = 1 + (u >> 16) % 12
            building = f"{space[0] if space else ''}{name} {floor}{room:02d}号室"
        text = f"{town.prefecture if pref else ''}{town.city}{town.town}{block}{building}"
        if fmt.has_fullwidth_digits(raw):
            text = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isdigit() else c for c in text)
        lead = raw[: len(raw) - len(raw.lstrip(fmt.SPACES))]
        trail = raw[len(raw.rstrip(fmt.SPACES)) :]
        return AddressPseudonym(f"{lead}{text}{trail}", town.postal_code)

    def postal_code(
        self, value: str, *, address: str | None = None, household: str | None = None
    ) -> str:
        """The postal code of the row's pseudonymised address (or, without one, a real code
        of the same prefecture), written like the original (〒, hyphen, width)."""
        if not value.strip(fmt.SPACES):
            return value
        if address is not None and address.strip(fmt.SPACES):
            code = self.address(address, household=household).postal_code
        else:
            code = self._postal.get(self._postal_ident(value))
        if len(fmt.digits_of(value)) == 7:
            return fmt.put_digits(value, code)
        return f"{code[:3]}-{code[3:]}"

    def value(self, kind: Kind, value: str, *, household: str | None = None) -> str:
        """Any kind written as text: PERSON, ADDRESS, PHONE, DATE_OF_BIRTH, EMAIL, MY_NUMBER,
        RESIDENT_CODE and the identifier kinds (KANA and POSTAL_CODE without their column)."""
        if not value.strip(fmt.SPACES):
            return value
        if kind is Kind.PERSON:
            return self.person(value, household=household).text
        if kind is Kind.KANA:
            return self.kana(value, household=household)
        if kind is Kind.ADDRESS:
            return self.address(value, household=household).text
        if kind is Kind.POSTAL_CODE:
            return self.postal_code(value)
        if kind is not Kind.DATE_OF_BIRTH:  # mostly distinct values: a cache would only grow
            return self._simple(kind, value)
        cache_key = (kind, value, "")
        found = self._cache.get(cache_key)
        if found is None:
            found = self._simple(kind, value)
            self._cache[cache_key] = found
        assert isinstance(found, str)
        return found

    def _simple(self, kind: Kind, raw: str) -> str:
        if kind is Kind.PHONE:
            return fmt.put_digits(raw, self._phone.get(self._phone_ident(raw)))
        if kind is Kind.DATE_OF_BIRTH:
            parsed = fmt.parse_date(raw)
            if parsed is None:
                self._date_ident(raw)  # raises with the accepted formats
                raise AssertionError  # pragma: no cover
            day, layout = parsed
            return fmt.format_date(self._date.get(day.isoformat()), layout)
        if kind is Kind.EMAIL:
            new = self._email.get(self._email_ident(raw))
            lead = raw[: len(raw) - len(raw.lstrip(fmt.SPACES))]
            return f"{lead}{fmt.restore_width(raw.strip(fmt.SPACES), new)}"
        if kind is Kind.MY_NUMBER:
            return fmt.put_digits(
                raw, self._my_number.get(self._digits_ident(raw, 12, "a My Number"))
            )
        if kind is Kind.RESIDENT_CODE:
            ident = self._digits_ident(raw, 11, "a 住民票コード")
            return fmt.put_digits(raw, self._resident_code.get(ident))
        if kind in TOKEN_KINDS:
            new = self._tokens[kind].get(self._token_ident(raw))
            stripped = raw.strip()
            lead = raw[: len(raw) - len(raw.lstrip())]
            trail = raw[len(raw.rstrip()) :]
            return f"{lead}{fmt.restore_width(stripped, new)}{trail}"
        raise InputError(f"{kind.value} is not a kind of single value")

    def date(self, day: dt.date) -> dt.date:
        """A date of birth moved by a keyed offset of 1 to `date_window_days` days."""
        if isinstance(day, dt.datetime):
            moved = self._date.get(day.date().isoformat())
            return dt.datetime.combine(moved, day.time(), day.tzinfo)
        return self._date.get(day.isoformat())

    def token(self, kind: Kind, value: int) -> int | str:
        """An identifier stored as a number (Excel): a number of the same digit count."""
        new = self._tokens[kind].get(self._token_ident(value))
        return int(new) if new.isdigit() and not new.startswith("0") else new
