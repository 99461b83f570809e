"""Masks, and the mapping of findings onto the editable pieces ("slots") of a file.

Each format's redactor re-walks the file in the order its extractor does and lists the
*slots*: stretches of the extracted text that come from one editable string of the file
(a text node, a ``<w:t>``, a cell value, the whole decoded text of a TXT). Everything
between slots (the TAB between cells, the LF after a paragraph) is structure the
extractor added. ``plan_masks`` turns findings into per-character replacements inside
slots; a finding with a letter or digit outside every slot cannot be masked and is
reported as unmapped (the redaction then fails closed).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mamori.pii._model import Finding, Label

__all__ = [
    "BLOCK",
    "DEFAULT_TYPES",
    "MASK_MODES",
    "TAGS",
    "Masks",
    "Plan",
    "Redacted",
    "Slot",
    "is_mask_only",
    "plan_masks",
    "where",
]

BLOCK = "■"
TAG = "tag"
MASK_MODES = (BLOCK, TAG)

# The tag written in place of a finding in tag mode (``--mask tag``), one per label.
TAGS: Mapping[str, str] = {
    Label.PERSON: "[氏名]",
    Label.ADDRESS: "[住所]",
    Label.DATE_OF_BIRTH: "[生年月日]",
    Label.PHONE: "[電話番号]",
    Label.EMAIL: "[メール]",
    Label.POSTAL_CODE: "[郵便番号]",
    Label.MY_NUMBER: "[個人番号]",
    Label.CORPORATE_NUMBER: "[法人番号]",
    Label.RESIDENT_CODE: "[住民票コード]",
    Label.PENSION_NUMBER: "[基礎年金番号]",
    Label.DRIVERS_LICENSE: "[運転免許証番号]",
    Label.PASSPORT: "[旅券番号]",
    Label.HEALTH_INSURANCE: "[被保険者証番号]",
    Label.DISABILITY_CERT: "[障害者手帳]",
    Label.BANK_ACCOUNT: "[口座番号]",
    Label.CREDIT_CARD: "[カード番号]",
    Label.REAL_RESIDENT: "[住民情報]",
}

# 法人番号 is public data (spec/pii.md): reported by the scanner, not masked by default.
DEFAULT_TYPES = frozenset(label.value for label in Label) - {Label.CORPORATE_NUMBER.value}

_TAG_PATTERN = re.compile("|".join(re.escape(tag) for tag in TAGS.values()))


def tag_of(label: str) -> str:
    return TAGS.get(label, "[個人情報]")


def is_mask_only(text: str) -> bool:
    """Whether a finding's text is only masks (■, tags) and punctuation: nothing left."""
    rest = _TAG_PATTERN.sub("", text).replace(BLOCK, "")
    return not any(ch.isalnum() for ch in rest)


class Masks:
    """Where a (masked) text holds masks: runs of ■ and tags."""

    def __init__(self, text: str) -> None:
        pattern = re.compile(f"{re.escape(BLOCK)}+|{_TAG_PATTERN.pattern}")
        self.spans = [m.span() for m in pattern.finditer(text)]
        self.starts = [start for start, _ in self.spans]
        self.ends = [end for _, end in self.spans]
        self.text = text

    def touches(self, finding: Finding) -> bool:
        """Whether the finding overlaps or borders a mask."""
        first = bisect.bisect_right(self.ends, finding.start - 1)
        return first < len(self.spans) and self.starts[first] <= finding.end

    def is_leak(self, finding: Finding) -> bool:
        """Whether a finding in a masked text still shows personal data.

        A finding clear of every mask is a leak unless it holds no letter or digit. A
        finding that touches a mask (a detector reading a tag as a column header, or taking
        the JSON key with the value) is a leak only if what is left of it beside the masks
        holds a digit or a Japanese letter: the masked value itself is gone (the copy reads
        back exactly as planned), and what is left was scanned before and was not a finding.
        """
        first = bisect.bisect_right(self.ends, finding.start)
        last = bisect.bisect_left(self.starts, finding.end)
        touching = [(max(s, finding.start), min(e, finding.end)) for s, e in self.spans[first:last]]
        if not touching:
            return not is_mask_only(finding.text)
        rest: list[str] = []
        pos = finding.start
        for s, e in touching:
            rest.append(self.text[pos:s])
            pos = e
        rest.append(self.text[pos : finding.end])
        return any(ch.isalnum() and not (ch.isascii() and ch.isalpha()) for ch in "".join(rest))


@dataclass(slots=True)
class Slot:
    """An editable string of the file whose text sits at ``start`` in the extracted text.

    ``handle`` is the redactor's own reference to the string (an XML element, a cell …).
    """

    start: int
    text: str
    handle: object = None

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(slots=True)
class Plan:
    """Per-character replacements by slot index (None: the character stays)."""

    replacements: dict[int, list[str | None]] = field(default_factory=dict)
    masked: list[Finding] = field(default_factory=list)
    unmapped: list[Finding] = field(default_factory=list)

    def new_text(self, index: int, slot: Slot) -> str | None:
        """The slot's masked text, or None if nothing in it changes."""
        reps = self.replacements.get(index)
        if reps is None:
            return None
        return "".join(ch if rep is None else rep for ch, rep in zip(slot.text, reps, strict=True))

    def apply(self, text: str, slots: Sequence[Slot]) -> str:
        """The extracted text as it must read after the masks (for the read-back check)."""
        pieces: list[str] = []
        pos = 0
        for index in sorted(self.replacements, key=lambda i: slots[i].start):
            slot = slots[index]
            new = self.new_text(index, slot)
            pieces += [text[pos : slot.start], slot.text if new is None else new]
            pos = slot.end
        pieces.append(text[pos:])
        return "".join(pieces)


@dataclass(slots=True)
class Redacted:
    """One pass of a format's redactor: the new file, what was masked, what could not be."""

    data: bytes
    text: str  # the extracted text the new file must read back as
    masked: list[Finding]
    unmapped: list[Finding]
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        data: bytes,
        plan: Plan,
        text: str,
        slots: Sequence[Slot],
        notes: list[str] | None = None,
    ) -> Redacted:
        return cls(data, plan.apply(text, slots), plan.masked, plan.unmapped, notes or [])


def plan_masks(
    text: str,
    slots: Sequence[Slot],
    findings: Iterable[Finding],
    mask: str,
    *,
    protect: str = "\n\r",
) -> Plan:
    """Replacements that mask each finding inside the slots.

    ``■``: one ■ per character. ``tag``: the label's tag in place of the first character,
    the other characters removed (across runs or cells: the tag goes into the first).
    Characters in ``protect`` (line ends, a CSV's separators and quotes …) are never
    replaced, so the file's structure stays.
    """
    ordered = sorted(range(len(slots)), key=lambda i: slots[i].start)
    starts = [slots[i].start for i in ordered]
    plan = Plan()
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        covered: list[tuple[int, int]] = []
        missing = False
        for pos in range(finding.start, finding.end):
            k = bisect.bisect_right(starts, pos) - 1
            index = ordered[k] if k >= 0 else -1
            if index >= 0 and slots[index].start <= pos < slots[index].end:
                if slots[index].text[pos - slots[index].start] not in protect:
                    covered.append((index, pos - slots[index].start))
            elif pos >= len(text) or text[pos].isalnum():
                missing = True
                break
        if missing or not covered:
            plan.unmapped.append(finding)
            continue
        first = True
        for index, offset in covered:
            reps = plan.replacements.setdefault(index, [None] * len(slots[index].text))
            if reps[offset] is not None:
                continue  # already masked by an overlapping finding
            if mask == BLOCK:
                reps[offset] = BLOCK
            else:
                reps[offset] = tag_of(finding.type) if first else ""
            first = False
        plan.masked.append(finding)
    return plan


def where(finding: Finding, text: str) -> str:
    """A finding's place for people: sheet, cell, page, part, else the line — never the value."""
    loc = finding.location
    parts: list[str] = []
    if loc.part:
        parts.append(f"part {loc.part}")
    if loc.page is not None:
        parts.append(f"page {loc.page}")
    if loc.sheet:
        parts.append(f"sheet {loc.sheet}")
    if loc.cell:
        parts.append(f"cell {loc.cell}")
    if loc.page is None and not loc.cell:
        parts.append(f"line {text.count(chr(10), 0, finding.start) + 1}")
    return ", ".join(parts)
