"""What every extractor shares: limits, the context of one extraction, the partial result
and the internal `Unscannable` signal that becomes `Status.UNSCANNABLE`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mamori._exceptions import UnscannableError
from mamori.pii._model import Location, Region

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True, slots=True)
class ExtractLimits:
    """Bounds that keep one hostile or huge file from exhausting memory or time.

    A file over a limit is reported unscannable with the limit in the reason, never
    truncated and reported clean.
    """

    max_file_bytes: int = 1 * GiB  # one file on disk (or one archive member)
    max_text_chars: int = 100_000_000  # extracted text of one file, attachments included
    max_depth: int = 3  # archives / attachments inside archives / attachments
    max_members: int = 10_000  # entries of one ZIP (DOCX/XLSX/PPTX packages included)
    max_total_uncompressed: int = 2 * GiB  # all members read for one top-level file
    max_ratio: float = 200.0  # uncompressed / compressed size of one member …
    ratio_floor_bytes: int = 1 * MiB  # … checked only for members larger than this
    max_regions: int = 1_000_000  # cell regions beyond this are dropped (text is kept)


class Unscannable(UnscannableError):
    """Raised inside extractors; `extract()` turns it into an UNSCANNABLE result."""


def human_size(n: int) -> str:
    for unit, size in (("GB", GiB), ("MB", MiB), ("KB", KiB)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


@dataclass(slots=True)
class Budget:
    """Counters shared by every nested extraction of one top-level file."""

    uncompressed: int = 0
    chars: int = 0
    regions: int = 0


@dataclass(slots=True)
class Context:
    """One extraction: its limits, the nesting depth, and how to extract a nested file."""

    limits: ExtractLimits
    name: str
    depth: int = 0
    budget: Budget = field(default_factory=Budget)
    # (data, name, depth) -> Part; set by the dispatcher so containers can recurse.
    nested: Callable[[bytes, str, int], Part] | None = None

    def child(self, data: bytes, name: str) -> Part:
        depth = self.depth + 1
        if depth > self.limits.max_depth:
            raise Unscannable(
                f"too deeply nested: {name} is inside more than {self.limits.max_depth} "
                "levels of archives or attachments; unpack it and scan the parts"
            )
        if self.nested is None:  # pragma: no cover - set by the dispatcher
            raise Unscannable(f"unsupported: nested file {name}")
        return self.nested(data, name, depth)

    def check_text(self, chars: int) -> None:
        if chars > self.limits.max_text_chars:
            raise Unscannable(
                f"too large: {chars:,} characters of text exceed the "
                f"{self.limits.max_text_chars:,} character limit; split the file"
            )

    def allow_regions(self, n: int) -> bool:
        """Whether `n` more regions fit within the limit (and count them if so)."""
        if self.budget.regions + n > self.limits.max_regions:
            return False
        self.budget.regions += n
        return True


@dataclass(slots=True)
class Part:
    """A partial result: text, regions (offsets into `text`) and the media type."""

    text: str
    regions: list[Region] = field(default_factory=list)
    media_type: str | None = None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def header_row(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the header row of a table: the first row that is as wide (in non-empty
    cells) as the widest of the first rows, so that a title line above a table is skipped;
    None for an empty table."""
    head = rows[:50]
    counts = [sum(1 for c in row if c.strip()) for row in head]
    if not counts or max(counts) == 0:
        return None
    widest = max(counts)
    return next(i for i, n in enumerate(counts) if n == widest)


def table_regions(
    cells: Sequence[Sequence[tuple[int, int, str]]],
    ctx: Context,
    *,
    sheet: str | None = None,
    part: str | None = None,
) -> list[Region]:
    """One region per non-empty cell of a table given as rows of (start, end, text), with
    the column header (the header row's cell in the same column)."""
    rows = [[text for _, _, text in row] for row in cells]
    top = header_row(rows)
    headers: list[str] = rows[top] if top is not None else []
    regions: list[Region] = []
    wanted = sum(1 for row in rows for c in row if c)
    if not ctx.allow_regions(wanted):
        return regions
    for r, row in enumerate(cells):
        for c, (start, end, text) in enumerate(row):
            if not text:
                continue
            header = headers[c] if top is not None and r > top and c < len(headers) else None
            location = Location(sheet=sheet, cell=f"{column_letter(c)}{r + 1}", part=part)
            regions.append(Region(start, end, location, header or None))
    return regions


def shift(regions: Sequence[Region], offset: int, part: str | None = None) -> list[Region]:
    """Regions moved by `offset`; a nested file's regions also get its part name."""
    out = []
    for region in regions:
        location = region.location
        if part is not None:
            inner = location.part
            location = Location(
                page=location.page,
                sheet=location.sheet,
                cell=location.cell,
                part=f"{part}/{inner}" if inner else part,
            )
        out.append(Region(region.start + offset, region.end + offset, location, region.header))
    return out
