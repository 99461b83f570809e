"""The keyed, consistent, collision-free mapping from real values to fictitious ones.

How a value is mapped (docs/pseudonymize.md has the full rules):

1. The value is normalised into its *identity* (NFKC, spaces removed for names and
   addresses, digits only for numbers, the date itself for dates …), prefixed with the
   household id where households are declared (:mod:`._identity`, and the name and address
   identities below).
2. ``HMAC-SHA256(key, domain || identity || counter)`` drives a draw of a candidate
   (:mod:`._draw`): counter 0 first.
3. Within a *domain* (one per kind: all PERSON, SURNAME and GIVEN_NAME columns share one) no
   two identities get the same candidate (:mod:`._domain`).
4. The candidate is written like the original (:mod:`._render`).

A name kept in two columns (姓, 名) has the identity of the spaced full name 「姓 名」, so it
gets exactly the pseudonym a PERSON column holding that name gets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from mamori._exceptions import ConfigurationError, InputError
from mamori._keys import MIN_KEY_BYTES
from mamori.synth._pseudonymize import _draw as draw
from mamori.synth._pseudonymize import _formats as fmt
from mamori.synth._pseudonymize._columns import TOKEN_KINDS, Kind
from mamori.synth._pseudonymize._domain import SEP, Domain, u64
from mamori.synth._pseudonymize._identity import (
    InvalidValue,
    date_ident,
    digits_ident,
    email_ident,
    phone_ident,
    postal_ident,
    token_ident,
)
from mamori.synth._pseudonymize._pools import Pools
from mamori.synth._pseudonymize._render import (
    AddressPseudonym,
    PersonPseudonym,
    render_address,
    render_person,
)

__all__ = ["ADDRESS_KEEP_CHOICES", "AddressKeep", "Pseudonymizer"]

AddressKeep = str  # "municipality" | "prefecture" | "none"
ADDRESS_KEEP_CHOICES: Final = ("municipality", "prefecture", "none")
_Split = tuple[int, str, str]  # (0 from a space or columns, 1 guessed; surname; given name)


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
        self._person: Domain[draw.PersonCandidate] = Domain(key, "PERSON", self._draw_person)
        self._person_split: dict[str, _Split] = {}
        self._surname_domain: Domain[int] = Domain(key, "SURNAME", lambda i, d, c: 0)
        self._surname_cache: dict[str, int] = {}
        self._address: Domain[draw.AddressCandidate] = Domain(
            key, "ADDRESS", self._draw_address, max_tries=lambda _i: 2_000
        )
        self._address_region: dict[str, tuple[str | None, tuple[str, str] | None]] = {}
        self._postal: Domain[str] = Domain(
            key, "POSTAL_CODE", lambda i, d, c: draw.postal(self.pools, i, d, c)
        )
        self._phone: Domain[str] = Domain(
            key, "PHONE", lambda i, d, c: draw.phone(i, self._phone_area.get(i, 3), d)
        )
        self._phone_area: dict[str, int] = {}
        # Dates move inside aligned blocks of `date_window_days` days (at least 2).
        shuffle = draw.DateDerangement(
            date_window_days, self.today, lambda label, counter: self._date.digest(label, counter)
        )
        self._date: Domain[dt.date] = Domain(key, "DATE_OF_BIRTH", shuffle, max_tries=lambda _i: 2)
        self._email: Domain[str] = Domain(key, "EMAIL", lambda i, d, c: draw.email(i, d))
        self._my_number: Domain[str] = Domain(key, "MY_NUMBER", lambda i, d, c: draw.my_number(d))
        self._resident_code: Domain[str] = Domain(
            key, "RESIDENT_CODE", lambda i, d, c: draw.resident_code(d)
        )
        self._tokens: dict[Kind, Domain[str]] = {
            kind: Domain(
                key,
                kind.value,
                lambda i, d, c: draw.token(i, d, c, self._tokens[Kind.ID].digest),
                max_tries=lambda i: draw.RANDOM_TRIES + min(draw.token_space(i), 10_000_000),
            )
            for kind in TOKEN_KINDS
        }
        self._cache: dict[tuple[Kind, str, str], object] = {}
        self._name_cache: dict[tuple[bool, str, str, str], PersonPseudonym] = {}
        self._ident_cache: dict[tuple[bool, str, str | None], str] = {}
        self._name_ident_cache: dict[tuple[bool, str, str, str | None], str] = {}
        self._phone_ident_cache: dict[str, str] = {}
        self._address_ident_cache: dict[tuple[str, str | None], str] = {}
        self._date_ident_cache: dict[str, str] = {}

    @property
    def pools(self) -> Pools:
        if self._pools is None:
            self._pools = Pools.load()
        return self._pools

    # --- identities of names, addresses and phones (with their per-run tables) -----------

    def _person_ident(self, value: str, household: str | None, *, kana: bool = False) -> str:
        cache_key = (kana, value, household)
        found = self._ident_cache.get(cache_key)
        if found is not None:
            return found
        parts = fmt.name_parts(value)
        ident = self._person_ident_uncached(
            value, household, kana=kana, parts=None if parts is None else parts[1:]
        )
        self._ident_cache[cache_key] = ident
        return ident

    def _name_ident(
        self, surname: str, given_name: str, household: str | None, *, kana: bool = False
    ) -> str:
        """The identity of a name kept in two columns: that of 「surname given_name」."""
        cache_key = (kana, surname, given_name, household)
        found = self._name_ident_cache.get(cache_key)
        if found is None:
            found = self._name_ident_cache[cache_key] = self._person_ident_uncached(
                f"{surname} {given_name}", household, kana=kana, parts=(surname, given_name)
            )
        return found

    def _person_ident_uncached(
        self, value: str, household: str | None, *, kana: bool, parts: tuple[str, str] | None
    ) -> str:
        hh = fmt.squeeze(household) if household else ""
        if kana:
            norm = fmt.squeeze(fmt.to_katakana(value))
            ident = f"K{hh}{SEP}{norm}"
        else:
            norm = fmt.squeeze(value)
            ident = f"N{hh}{SEP}{norm}"
        if not norm:
            raise InvalidValue("an empty name")
        old = self._person_split.get(ident)
        if old is not None and (old[0] == 0 or ident in self._person.assigned):
            return ident  # a split from a spaced form wins; a mapped name keeps its split
        if parts is not None:
            split = (0, fmt.squeeze(parts[0]), fmt.squeeze(parts[1]))
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
            ident = f"H{fmt.squeeze(household)}{SEP}{kept}"
        else:
            ident = f"A{SEP}{norm}"
        self._address_region[ident] = region
        return ident

    def _phone_ident(self, value: str) -> str:
        found = self._phone_ident_cache.get(value)
        if found is None:
            digits, area, grouped = phone_ident(value)
            if digits not in self._phone_area or (grouped and digits not in self._phone.assigned):
                self._phone_area[digits] = area
            found = self._phone_ident_cache[value] = digits
        return found

    # --- draws that need the per-run tables ----------------------------------------------

    def _surname_index(self, hh: str, surname: str) -> int:
        cache_key = f"{hh}{SEP}{surname}"
        found = self._surname_cache.get(cache_key)
        if found is None:
            digest = self._surname_domain.digest(cache_key)
            found = self.pools.surname_pick.pick(u64(digest, 0))
            self._surname_cache[cache_key] = found
        return found

    def _draw_person(self, ident: str, digest: bytes, counter: int) -> draw.PersonCandidate:
        _rank, surname, given = self._person_split[ident]
        surname_index = self._surname_index(ident[1 : ident.index(SEP)], surname)
        return draw.person(self.pools, surname_index, given, digest, counter)

    def _draw_address(self, ident: str, digest: bytes, counter: int) -> draw.AddressCandidate:
        return draw.address(self.pools, self._address_region[ident], digest)

    # --- phase 1 -------------------------------------------------------------------------

    def observe(self, kind: Kind, value: object, *, household: str | None = None) -> None:
        """Register a value so that :meth:`resolve` assigns it in key order.

        KANA and POSTAL_CODE values follow their name and address and are not observed,
        except a reading whose name is empty (observe it with kind KANA). A SURNAME or
        GIVEN_NAME observed here stands alone; observe a name kept in two columns with
        :meth:`observe_name`."""
        if value is None or (isinstance(value, str) and not value.strip(fmt.SPACES)):
            return
        if kind is Kind.PERSON:
            self._person.observe(self._person_ident(str(value), household))
        elif kind is Kind.KANA:
            self._person.observe(self._person_ident(str(value), household, kana=True))
        elif kind is Kind.SURNAME:
            self.observe_name(str(value), "", household=household)
        elif kind is Kind.GIVEN_NAME:
            self.observe_name("", str(value), household=household)
        elif kind is Kind.ADDRESS:
            self._address.observe(self._address_ident(str(value), household))
        elif kind is Kind.POSTAL_CODE:
            self._postal.observe(postal_ident(str(value)))
        elif kind is Kind.PHONE:
            self._phone.observe(self._phone_ident(str(value)))
        elif kind is Kind.DATE_OF_BIRTH:
            self._date.observe(date_ident(value).isoformat())
        elif kind is Kind.EMAIL:
            self._email.observe(email_ident(str(value)))
        elif kind is Kind.MY_NUMBER:
            self._my_number.observe(digits_ident(str(value), 12, "a My Number"))
        elif kind is Kind.RESIDENT_CODE:
            self._resident_code.observe(digits_ident(str(value), 11, "a 住民票コード"))
        elif kind in TOKEN_KINDS:
            ident = token_ident(value)
            if draw.token_space(ident) == 1:
                raise InvalidValue("an identifier without letters or digits to replace")
            self._tokens[kind].observe(ident)

    def observe_name(
        self,
        surname: str,
        given_name: str,
        *,
        household: str | None = None,
        kana: bool = False,
    ) -> None:
        """Register a name kept in two columns (姓, 名), or its reading with ``kana=True``
        (セイ, メイ). Either part may be empty, not both."""
        self._person.observe(self._name_ident(surname, given_name, household, kana=kana))

    def _domains(self) -> list[tuple[str, Domain[Any]]]:
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
                    iso = cache[value] = date_ident(value).isoformat()
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

    # --- phase 2 -------------------------------------------------------------------------

    def person(self, value: str, *, household: str | None = None) -> PersonPseudonym:
        """The pseudonym of a name, written like the original (space or not, which space)."""
        cache_key = (Kind.PERSON, value, household or "")
        found = self._cache.get(cache_key)
        if found is None:
            ident = self._person_ident(value, household)
            found = render_person(self.pools, value, self._person.get(ident))
            self._cache[cache_key] = found
        assert isinstance(found, PersonPseudonym)
        return found

    def name(
        self,
        surname: str,
        given_name: str,
        *,
        household: str | None = None,
        kana: bool = False,
    ) -> PersonPseudonym:
        """The pseudonym of a name kept in two columns: the same as :meth:`person` gives for
        「surname given_name」 (its ``text`` has one half-width space). With ``kana=True`` the
        parts are a reading (セイ, メイ) whose name is missing, mapped like such a reading.
        Write the cells with ``part_like`` and ``reading_like``."""
        cache_key = (kana, surname, given_name, household or "")
        found = self._name_cache.get(cache_key)
        if found is None:
            ident = self._name_ident(surname, given_name, household, kana=kana)
            raw = f"{surname.strip(fmt.SPACES)} {given_name.strip(fmt.SPACES)}".strip(" ")
            found = render_person(self.pools, raw, self._person.get(ident))
            self._name_cache[cache_key] = found
        return found

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
                found = render_person(self.pools, value, self._person.get(ident))
                self._cache[cache_key] = found
            assert isinstance(found, PersonPseudonym)
            pseudonym = found
        return pseudonym.reading_like(value)

    def address(self, value: str, *, household: str | None = None) -> AddressPseudonym:
        """A real town in the kept region with a fictitious block (901-999番), written like
        the original: prefecture written or not, 丁目番号 or hyphens, digit width, building."""
        cache_key = (Kind.ADDRESS, value, household or "")
        found = self._cache.get(cache_key)
        if found is None:
            ident = self._address_ident(value, household)
            found = render_address(
                self.pools,
                value,
                self._address.get(ident),
                lambda: self._address.digest(ident, 7),
            )
            self._cache[cache_key] = found
        assert isinstance(found, AddressPseudonym)
        return found

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
            code = self._postal.get(postal_ident(value))
        if len(fmt.digits_of(value)) == 7:
            return fmt.put_digits(value, code)
        return f"{code[:3]}-{code[3:]}"

    def value(self, kind: Kind, value: str, *, household: str | None = None) -> str:
        """Any kind written as text: PERSON, ADDRESS, PHONE, DATE_OF_BIRTH, EMAIL, MY_NUMBER,
        RESIDENT_CODE and the identifier kinds (KANA and POSTAL_CODE without their column,
        SURNAME and GIVEN_NAME standing alone)."""
        if not value.strip(fmt.SPACES):
            return value
        if kind is Kind.PERSON:
            return self.person(value, household=household).text
        if kind is Kind.KANA:
            return self.kana(value, household=household)
        if kind is Kind.SURNAME:
            return self.name(value, "", household=household).part_like(value, "surname")
        if kind is Kind.GIVEN_NAME:
            return self.name("", value, household=household).part_like(value, "given_name")
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
                date_ident(raw)  # raises with the accepted formats
                raise AssertionError  # pragma: no cover
            day, layout = parsed
            return fmt.format_date(self._date.get(day.isoformat()), layout)
        if kind is Kind.EMAIL:
            new = self._email.get(email_ident(raw))
            lead = raw[: len(raw) - len(raw.lstrip(fmt.SPACES))]
            return f"{lead}{fmt.restore_width(raw.strip(fmt.SPACES), new)}"
        if kind is Kind.MY_NUMBER:
            return fmt.put_digits(raw, self._my_number.get(digits_ident(raw, 12, "a My Number")))
        if kind is Kind.RESIDENT_CODE:
            ident = digits_ident(raw, 11, "a 住民票コード")
            return fmt.put_digits(raw, self._resident_code.get(ident))
        if kind in TOKEN_KINDS:
            new = self._tokens[kind].get(token_ident(raw))
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
        new = self._tokens[kind].get(token_ident(value))
        return int(new) if new.isdigit() and not new.startswith("0") else new
