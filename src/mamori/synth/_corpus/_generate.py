"""`generate_corpus`: documents, gold annotations, traps and a manifest in one directory.

Layout of the output directory::

    documents/0001_manual.docx …   the files
    gold.jsonl                     one personal-data finding per line
    traps.jsonl                    look-alikes that are NOT personal data (never in gold)
    corpus.jsonl                   one line per file: kind, format, canonical-text digest

The directory is built next to the target and renamed into place, so a reader never sees a
half-written corpus.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from mamori._exceptions import InputError
from mamori.synth._corpus import _kinds_lists, _kinds_office, _kinds_public
from mamori.synth._corpus._common import Ctx, People
from mamori.synth._corpus._doc import Doc, Span
from mamori.synth._corpus._render_office import render_docx, render_xlsx
from mamori.synth._corpus._render_pdf import render_pdf
from mamori.synth._corpus._render_text import (
    Rendered,
    render_csv,
    render_json,
    render_md,
    render_tsv,
    render_txt,
)
from mamori.synth._corpus._render_web import render_eml, render_html
from mamori.synth._model import Household

logger = logging.getLogger(__name__)

Builder = Callable[[Ctx], Doc]
Renderer = Callable[[Doc, random.Random], Rendered]

# kind → (builder, formats it is written in, weight in the mix)
KINDS: dict[str, tuple[Builder, tuple[str, ...], int]] = {
    "manual": (_kinds_office.manual, ("docx", "pdf", "txt", "md"), 3),
    "notice": (_kinds_office.notice, ("docx", "pdf", "txt"), 3),
    "application": (_kinds_office.application, ("pdf", "docx"), 2),
    "minutes": (_kinds_public.minutes, ("txt", "html", "docx", "pdf"), 2),
    "press": (_kinds_public.press, ("docx", "pdf", "html"), 2),
    "webpage": (_kinds_public.webpage, ("html",), 2),
    "staff_roster": (_kinds_lists.staff_roster, ("csv", "xlsx", "tsv"), 2),
    "voter_list": (_kinds_lists.voter_list, ("csv", "xlsx", "tsv"), 2),
    "register": (_kinds_lists.register, ("xlsx", "csv"), 2),
    "data_export": (_kinds_lists.data_export, ("json",), 1),
    "email": (_kinds_lists.email, ("eml",), 2),
    "memo": (_kinds_lists.memo, ("md", "txt"), 2),
}

RENDERERS: dict[str, Renderer] = {
    "txt": render_txt,
    "md": render_md,
    "csv": render_csv,
    "tsv": render_tsv,
    "json": render_json,
    "docx": render_docx,
    "xlsx": render_xlsx,
    "pdf": render_pdf,
    "html": render_html,
}


@dataclass(frozen=True, slots=True)
class GoldAnnotation:
    """One personal-data finding the scanner should report (a line of gold.jsonl).

    `start`/`end` are character offsets into the file's canonical extracted text
    (docs/corpus.md); `sheet`/`cell` locate table cells, `page` PDF pages (1-based);
    `resident_id` names the fictitious person whose datum it is, when there is one.
    """

    file: str
    type: str
    start: int
    end: int
    text: str
    sheet: str | None = None
    cell: str | None = None
    page: int | None = None
    resident_id: str | None = None

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """One line of corpus.jsonl."""

    file: str
    kind: str
    format: str
    encoding: str
    newline: str
    sha256: str  # of the canonical text, UTF-8 encoded
    chars: int
    annotations: int
    persons: int


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    out_dir: Path
    files: tuple[CorpusFile, ...]
    by_kind: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    traps_by_kind: dict[str, int] = field(default_factory=dict)


def default_households(seed: int, city: str | None = None) -> Iterator[Household]:
    """The resident generator's households (My Numbers included), optionally of one city."""
    from mamori.synth._residents import ResidentGenerator

    return ResidentGenerator(seed, city, with_my_number=True).households()


def _plan(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, format) per document: every kind and format early, then weighted draws."""
    pairs = [(kind, fmt) for kind, (_b, formats, _w) in KINDS.items() for fmt in formats]
    plan = pairs[:n]
    kinds = list(KINDS)
    weights = [KINDS[k][2] for k in kinds]
    while len(plan) < n:
        kind = rng.choices(kinds, weights)[0]
        plan.append((kind, rng.choice(KINDS[kind][1])))
    rng.shuffle(plan)
    return plan


def build_documents(
    n: int, seed: int, households: Iterable[Household]
) -> Iterator[tuple[str, str, Doc, Rendered]]:
    """(file name, format, document, rendered) for `n` documents, deterministically."""
    people = People(iter(households))
    for index, (kind, fmt) in enumerate(_plan(n, random.Random(f"{seed}:plan")), start=1):
        rng = random.Random(f"{seed}:doc:{index}")
        ctx = Ctx.create(rng, people)
        doc = KINDS[kind][0](ctx)
        name = f"documents/{index:04d}_{kind}.{fmt}"
        if fmt == "eml":
            rendered = render_eml(doc, rng, message_id=f"{seed}.{index:04d}")
        else:
            rendered = RENDERERS[fmt](doc, rng)
        for span in rendered.gold:
            if rendered.text[span.start : span.end] != span.text:  # a renderer defect
                raise AssertionError(f"{name}: gold span {span} does not match its text")
        yield name, fmt, doc, rendered


def _annotation(name: str, span: Span) -> GoldAnnotation:
    return GoldAnnotation(
        name,
        span.type,
        span.start,
        span.end,
        span.text,
        span.sheet,
        span.cell,
        span.page,
        span.resident_id or None,
    )


def _prepare_target(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir} exists and is not a directory; choose another -o path")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise InputError(
            f"{out_dir} is not empty; choose an empty or new directory, or pass --force "
            "to replace its contents"
        )


def generate_corpus(
    out_dir: str | Path,
    n: int = 300,
    seed: int = 0,
    *,
    city: str | None = None,
    households: Iterable[Household] | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> CorpusSummary:
    """Write `n` labelled fictitious documents with gold annotations into `out_dir`.

    The same `seed` (and household source) gives byte-identical files. Persons come from
    the resident generator (only residents of `city` when given) unless `households` is
    passed. `out_dir` must be empty or missing unless `force` is true, in which case its
    contents are replaced. `progress(done, total)` is called after each document.
    """
    if n < 1:
        raise InputError(f"the number of documents must be at least 1, not {n}")
    out_dir = Path(out_dir)
    _prepare_target(out_dir, force)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    source = households if households is not None else default_households(seed, city)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        summary = _write(work, n, seed, source, progress)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        work.rename(out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    logger.info("wrote %d documents to %s", len(summary.files), out_dir)
    return CorpusSummary(
        out_dir,
        summary.files,
        summary.by_kind,
        summary.by_format,
        summary.by_type,
        summary.traps_by_kind,
    )


def _write(
    work: Path,
    n: int,
    seed: int,
    households: Iterable[Household],
    progress: Callable[[int, int], None] | None,
) -> CorpusSummary:
    (work / "documents").mkdir()
    files: list[CorpusFile] = []
    by_type: Counter[str] = Counter()
    traps: Counter[str] = Counter()
    with (
        (work / "gold.jsonl").open("w", encoding="utf-8") as gold,
        (work / "traps.jsonl").open("w", encoding="utf-8") as trap_file,
        (work / "corpus.jsonl").open("w", encoding="utf-8") as manifest,
    ):
        for done, (name, fmt, doc, rendered) in enumerate(
            build_documents(n, seed, households), start=1
        ):
            (work / name).write_bytes(rendered.data)
            for span in rendered.gold:
                gold.write(_json_line(_annotation(name, span).to_json()))
                by_type[span.type] += 1
            for span in rendered.traps:
                trap_file.write(_json_line(_annotation(name, span).to_json()))
                traps[span.type] += 1
            entry = CorpusFile(
                name,
                doc.kind,
                fmt,
                rendered.encoding,
                rendered.newline,
                hashlib.sha256(rendered.text.encode("utf-8")).hexdigest(),
                len(rendered.text),
                len(rendered.gold),
                len({s.resident_id for s in rendered.gold if s.resident_id}),
            )
            manifest.write(_json_line(asdict(entry)))
            files.append(entry)
            if progress is not None:
                progress(done, n)
    return CorpusSummary(
        work,
        tuple(files),
        dict(sorted(Counter(f.kind for f in files).items())),
        dict(sorted(Counter(f.format for f in files).items())),
        dict(sorted(by_type.items())),
        dict(sorted(traps.items())),
    )


def _json_line(obj: dict[str, object]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False) + "\n"
