"""The scanner's data model, shared by extraction, detectors, the pipeline and redaction.

Offsets are always character offsets into the *original extracted text* of a file (the
text `mamori extract PATH` prints), never into the normalised text; the normaliser keeps a
map back (spec/pii.md).

- `Extracted`: what an extractor returns for one file: the text, the regions that say where
  a span sits (page, sheet, cell, column header), and the status (`ok` or `unscannable`).
- `Candidate`: what a detector proposes, before context, overlap resolution and thresholds.
- `Finding`: a frozen result that carries its own explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Label(StrEnum):
    """The finding types of spec/pii.md. Add only by extending the spec."""

    PERSON = "PERSON"
    ADDRESS = "ADDRESS"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    POSTAL_CODE = "POSTAL_CODE"
    MY_NUMBER = "MY_NUMBER"
    CORPORATE_NUMBER = "CORPORATE_NUMBER"
    RESIDENT_CODE = "RESIDENT_CODE"
    PENSION_NUMBER = "PENSION_NUMBER"
    DRIVERS_LICENSE = "DRIVERS_LICENSE"
    PASSPORT = "PASSPORT"
    HEALTH_INSURANCE = "HEALTH_INSURANCE"
    DISABILITY_CERT = "DISABILITY_CERT"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    CREDIT_CARD = "CREDIT_CARD"
    REAL_RESIDENT = "REAL_RESIDENT"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a span sits in the file, when the format has such places."""

    page: int | None = None  # 1-based PDF/PPTX page or slide
    sheet: str | None = None  # XLSX sheet, or the table's name for CSV/TSV
    cell: str | None = None  # "B3" (1-based rows, as Excel shows them)
    part: str | None = None  # attachment or archive member ("list.zip/名簿.xlsx")


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of the extracted text with its location and, for table cells, the header.

    Extractors emit one region per table cell, page or attachment; `header` is the text of
    the cell's column header (row 1 or the detected header row) so detectors can use
    columns named 氏名 / 住所 / 電話 / 生年月日.
    """

    start: int
    end: int
    location: Location = field(default_factory=Location)
    header: str | None = None


class Status(StrEnum):
    OK = "ok"
    UNSCANNABLE = "unscannable"


@dataclass(frozen=True, slots=True)
class Extracted:
    """One file's text. An unscannable file has `status` UNSCANNABLE and an `error`."""

    path: str
    text: str
    regions: tuple[Region, ...] = ()
    status: Status = Status.OK
    error: str | None = None  # why it is unscannable: encrypted, corrupt, unsupported …
    media_type: str | None = None


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One change to a candidate's score, with the reason (context word, header …)."""

    reason: str
    delta: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """A detector's proposal. Offsets are in the original text."""

    label: str
    start: int
    end: int
    score: float
    detector: str  # the permanent detector_id
    pattern: str | None = None  # which pattern of the detector matched
    validated: bool | None = None  # a check digit passed (True) / failed (False) / none
    adjustments: tuple[Adjustment, ...] = ()
    matched_fields: tuple[str, ...] = ()  # REAL_RESIDENT: the EDM fields that matched


@dataclass(frozen=True, slots=True)
class Explanation:
    detector: str
    pattern: str | None
    base_score: float
    adjustments: tuple[Adjustment, ...]
    validated: bool | None

    def describe(self) -> str:
        parts = [f"{self.detector}" + (f"/{self.pattern}" if self.pattern else "")]
        parts.append(f"base {self.base_score:.2f}")
        parts += [f"{a.delta:+.2f} {a.reason}" for a in self.adjustments]
        if self.validated is not None:
            parts.append("check digit ok" if self.validated else "check digit failed")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Finding:
    type: str
    start: int
    end: int
    text: str
    score: float
    detector: str
    explanation: Explanation
    location: Location = field(default_factory=Location)
    matched_fields: tuple[str, ...] = ()  # REAL_RESIDENT: the EDM fields that matched
