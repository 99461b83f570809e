"""The format-neutral document model, and the builder of canonical text with gold spans.

A document kind builds a `Doc` out of `Seg`ments: plain text, personal data (a label of
spec/pii.md) or a trap (text that looks like personal data but is not). Every renderer walks
the same `Doc`, writes the file and, through a `TextBuilder`, the canonical extracted text
with the offsets of each labelled segment. The file and its gold can therefore never drift
apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The labels of spec/pii.md a generated document may carry (REAL_RESIDENT needs an EDM index).
LABELS = (
    "PERSON",
    "ADDRESS",
    "DATE_OF_BIRTH",
    "PHONE",
    "EMAIL",
    "POSTAL_CODE",
    "MY_NUMBER",
    "CORPORATE_NUMBER",
    "RESIDENT_CODE",
    "PENSION_NUMBER",
    "DRIVERS_LICENSE",
    "PASSPORT",
    "HEALTH_INSURANCE",
    "DISABILITY_CERT",
    "BANK_ACCOUNT",
    "CREDIT_CARD",
)


@dataclass(frozen=True, slots=True)
class Seg:
    """A run of text: plain, personal data (`label`) or a trap (`trap` names its kind)."""

    text: str
    label: str | None = None
    trap: str | None = None
    resident_id: str = ""


Line = tuple[Seg, ...]
Cell = tuple[Seg, ...]


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph (one line of a PDF, one <p> of HTML). `style`: title, heading, body."""

    segs: Line
    style: str = "body"


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; the first row is the header when `header` is true. `name`: sheet name."""

    rows: tuple[tuple[Cell, ...], ...]
    name: str = "Sheet1"
    header: bool = True


Block = Para | Table


@dataclass(slots=True)
class Doc:
    """A document before rendering. `header`/`footer` are page header and footer lines."""

    kind: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    header: list[Para] = field(default_factory=list)
    footer: list[Para] = field(default_factory=list)
    # E-mail only: sender, recipient and subject lines (display text segments).
    mail_from: Line = ()
    mail_to: Line = ()
    attachment: Table | None = None
    attachment_name: str = ""

    def para(self, *parts: Seg | str, style: str = "body") -> None:
        self.blocks.append(Para(line(*parts), style))

    def blank(self) -> None:
        self.blocks.append(Para((), "body"))

    def table(self, rows: list[list[Cell | str | Seg]], *, name: str = "Sheet1") -> None:
        self.blocks.append(make_table(rows, name=name))

    def persons(self) -> set[str]:
        """Resident ids of the persons whose data the document carries."""
        found: set[str] = set()
        for segs in self.all_lines():
            found.update(s.resident_id for s in segs if s.label and s.resident_id)
        return found

    def all_lines(self) -> list[Line]:
        lines: list[Line] = [self.mail_from, self.mail_to]
        for block in [*self.header, *self.blocks, *self.footer]:
            if isinstance(block, Para):
                lines.append(block.segs)
            else:
                lines.extend(cell for row in block.rows for cell in row)
        if self.attachment is not None:
            lines.extend(cell for row in self.attachment.rows for cell in row)
        return lines


def line(*parts: Seg | str) -> Line:
    return tuple(Seg(p) if isinstance(p, str) else p for p in parts if p != "")


def cell(value: Cell | str | Seg) -> Cell:
    if isinstance(value, str):
        return (Seg(value),) if value else ()
    if isinstance(value, Seg):
        return (value,)
    return value


def make_table(rows: list[list[Cell | str | Seg]], *, name: str = "Sheet1") -> Table:
    width = max(len(r) for r in rows)
    return Table(
        tuple(tuple(cell(v) for v in [*r, *([""] * (width - len(r)))]) for r in rows),
        name=name,
    )


def text_of(segs: Line) -> str:
    return "".join(s.text for s in segs)


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled or trap span of the canonical text, with its table or page location."""

    type: str
    start: int
    end: int
    text: str
    resident_id: str = ""
    sheet: str | None = None
    cell: str | None = None
    page: int | None = None


class TextBuilder:
    """Accumulates canonical text and records the offsets of labelled and trap segments."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.gold: list[Span] = []
        self.traps: list[Span] = []
        self.sheet: str | None = None
        self.cell: str | None = None
        self.page: int | None = None

    def __len__(self) -> int:
        return self._length

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def ends_with_newline(self) -> bool:
        return not self._parts or self._parts[-1].endswith("\n")

    def add(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._length += len(text)

    def seg(self, seg: Seg, rendered: str | None = None) -> None:
        """Add a segment; `rendered` is its text as the file shows it (quoting, escaping)."""
        shown = seg.text if rendered is None else rendered
        offset = shown.find(seg.text) if seg.label or seg.trap else 0
        if offset < 0:
            raise ValueError(f"rendering changed a labelled segment: {seg.text!r}")
        start = self._length + offset
        kind = seg.label or seg.trap
        if kind is not None and seg.text:
            span = Span(
                kind,
                start,
                start + len(seg.text),
                seg.text,
                seg.resident_id,
                self.sheet,
                self.cell,
                self.page,
            )
            (self.gold if seg.label else self.traps).append(span)
        self.add(shown)

    def segs(self, segs: Line) -> None:
        for s in segs:
            self.seg(s)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
