"""Presidio + GiNZA beside mamori, in one process over the same data: quality and speed.

    .venv/bin/uv sync --group bench-presidio    # once: Presidio, spaCy, GiNZA, ja_ginza
    python bench/bench_pii_presidio.py [--data PATH] [--half all|dev|check] [--threshold 0.5]
        [--speed-chars 0] [--corpus-n 100] [--corpus-seed 101] [--show N]

Presidio's AnalyzerEngine runs on a spaCy NlpEngine for lang_code "ja" with the `ja_ginza`
model, which is a package (nothing is downloaded; the script refuses network connections
while it runs). GiNZA labels Sekine's extended named entities (Person, City, Phone_Number
…); they become Presidio entities through GiNZA's own ENE→OntoNotes table. Presidio's
credit-card recognizer is registered for "ja" too (it ships for English only).

1. Stockmark PERSON, measured by bench_pii_person_stockmark.py's own `measure` (Presidio is
   wrapped as a detector): overlap recall, precision, F1 and places reported as persons,
   one sentence at a time, for mamori (rules + model, the default, and rules alone) and
   Presidio, and the ratios mamori/Presidio, speed included (PERSON only on all sides).
   mamori's person model was learnt on these sentences: rules alone never saw them.
2. Plain Japanese text: the Stockmark sentences joined by line breaks (the first
   --speed-chars of it; 0 = all), mamori's whole scanner against Presidio's default
   analysis (all its entities). SudachiPy, under GiNZA, refuses more than 49,149 bytes:
   the script shows that error on the unchunked text, then gives Presidio the windows
   mamori's tokenizer uses (`mamori.pii._tokens.chunks`: about 2,000 characters, never
   over 40,000 bytes, cut at line ends).
3. The labelled corpus of `mamori synth corpus -n 100 --seed 101` (gold and extraction as
   in bench_pii_corpus.py): which Presidio entities land on each gold type, and overlap
   P/R for the types Presidio can produce (PERSON, PHONE, EMAIL, CREDIT_CARD, and ADDRESS
   as LOCATION), for both: precision = found spans overlapping a gold span of the type,
   recall = gold spans overlapped by a found span of the type (--corpus-n 0 skips it).

Exits 2 with the install command when the bench-presidio group is not installed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench_pii_person_stockmark import DATA, Score, half, measure

from mamori.pii import Registry, Scanner
from mamori.pii._document import ScanDocument
from mamori.pii._tokens import Tokenizer, chunks
from mamori.pii.detectors._jp import load_keywords
from mamori.pii.detectors.person import PersonDetector
from mamori.pii.extract import extract
from mamori.synth import generate_corpus

Span = tuple[str, int, int]  # (type, start, end), as in bench_pii_corpus.py
INSTALL = ".venv/bin/uv sync --group bench-presidio"
SUDACHI_LIMIT = 49_149  # bytes: SudachiPy's input limit, and so GiNZA's and Presidio's
# GiNZA's OntoNotes classes → Presidio entities, as in Presidio's default spaCy mapping
# (presidio_analyzer/conf/default.yaml and NerModelConfiguration). ORG is left out:
# Presidio's default configuration ignores ORGANIZATION (too many false positives).
ONTONOTES_TO_PRESIDIO = {
    "PERSON": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "NORP": "NRP",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
    "PHONE": "PHONE_NUMBER",
    "EMAIL": "EMAIL",  # Presidio's own e-mail recognizer (a pattern) emits EMAIL_ADDRESS
}
# mamori's type → the Presidio entity that means the same, for the corpus comparison.
COMPARABLE = {
    "PERSON": "PERSON",
    "PHONE": "PHONE_NUMBER",
    "EMAIL": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "ADDRESS": "LOCATION",
}


def _refuse_network() -> None:
    """Make any connection attempt fail loudly: the figures must not depend on a download."""

    def refuse(*args: object, **kwargs: object) -> Any:
        raise RuntimeError(f"bench_pii_presidio: network access attempted {args[1:]!r}")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.getaddrinfo = refuse
    # tldextract (under Presidio's e-mail recognizer) fetches the public suffix list unless
    # told to use the snapshot it ships; this must be set before it is imported.
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""


def presidio_engine() -> tuple[Any, float]:
    """Presidio's AnalyzerEngine on ja_ginza, and the seconds it took to load."""
    from ginza.ene_ontonotes_mapper import ENE_ONTONOTES_MAPPING
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

    mapping = {
        ene: ONTONOTES_TO_PRESIDIO[onto]
        for ene, onto in ENE_ONTONOTES_MAPPING.items()
        if onto in ONTONOTES_TO_PRESIDIO
    }
    started = time.perf_counter()
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "ja", "model_name": "ja_ginza"}],
            "ner_model_configuration": {
                "model_to_presidio_entity_mapping": mapping,
                "labels_to_ignore": sorted(set(ENE_ONTONOTES_MAPPING) - set(mapping)),
            },
        }
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["ja"])
    analyzer.registry.add_recognizer(CreditCardRecognizer(supported_language="ja"))
    return analyzer, time.perf_counter() - started


def presidio_analyze(
    analyzer: Any, text: str, entities: list[str] | None = None
) -> list[tuple[str, int, int, float]]:
    """(entity, start, end, score) of Presidio's results, analysing mamori's chunks of text."""
    found: dict[tuple[str, int, int], float] = {}
    for start, end, _clean in chunks(text):
        for r in analyzer.analyze(text=text[start:end], language="ja", entities=entities):
            key = (r.entity_type, start + r.start, start + r.end)
            found[key] = max(found.get(key, 0.0), r.score)
    return sorted(((*k, v) for k, v in found.items()), key=lambda f: (f[1], f[2], f[0]))


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "inf"


@dataclass(frozen=True)
class _Hit:
    """A Presidio result in the shape `measure` reads from a detector's candidates."""

    start: int
    end: int
    score: float
    pattern: str = "presidio"


class PresidioPerson:
    """Presidio's PERSON results as a detector, so `measure` scores it like mamori's."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer

    def detect(self, doc: ScanDocument) -> list[_Hit]:
        return [
            _Hit(s, e, score)
            for label, s, e, score in presidio_analyze(self.analyzer, doc.text, ["PERSON"])
            if label == "PERSON"
        ]


def _f1(row: Score) -> float:
    p, r = row.precision, row.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def stockmark(args: argparse.Namespace, analyzer: Any, sentences: list[dict[str, Any]]) -> None:
    out = sys.stdout
    sentences = half(sentences, args.half)
    tokenizer = Tokenizer()
    detector = PersonDetector(tokenizer)
    options = load_keywords(detector.detector_id, "person")
    options["model"] = None
    presidio = PresidioPerson(analyzer)
    engines: list[tuple[str, Any]] = [
        ("mamori rules + model", detector),
        ("mamori rules only", PersonDetector(tokenizer, options=options)),
        ("Presidio + GiNZA", presidio),  # measure() only calls detect() and reads the hits
    ]
    rows: list[tuple[str, Score]] = []
    cpu: dict[str, float] = {}
    for name, engine in engines:
        started = time.process_time()
        rows.append((name, measure(engine, sentences, args.threshold)))
        cpu[name] = time.process_time() - started
    theirs = rows[-1][1]
    out.write(
        f"\n== 1. Stockmark Japanese Wikipedia NER, PERSON ({args.half}: "
        f"{len(sentences)} sentences, {theirs.chars:,} chars, gold 人名 {theirs.gold_total})\n"
    )
    out.write(
        f"{'':<22}{'predicted':>10}{'recall':>9}{'precision':>11}{'F1':>8}"
        f"{'place→PERSON':>14}{'chars/s':>12}{'chars/CPU-s':>13}\n"
    )
    for name, row in rows:
        out.write(
            f"{name:<22}{row.predicted:>10}{row.recall:>9.4f}{row.precision:>11.4f}"
            f"{_f1(row):>8.4f}{row.place_errors:>14}{row.chars / row.seconds:>12,.0f}"
            f"{row.chars / cpu[name]:>13,.0f}\n"
        )
    for name, ours in rows[:-1]:
        out.write(
            f"ratio {name}/Presidio: recall {_ratio(ours.recall, theirs.recall)}, "
            f"precision {_ratio(ours.precision, theirs.precision)}, "
            f"F1 {_ratio(_f1(ours), _f1(theirs))}, speed {_ratio(theirs.seconds, ours.seconds)} "
            f"(CPU {_ratio(cpu[rows[-1][0]], cpu[name])})\n"
        )
    model = detector.model
    if model is not None:
        out.write(
            f"NOTE: mamori's person model was learnt on the {model.info.get('sentences')!r} "
            "Stockmark sentences; its held-out [recall, precision] (learnt on one half, "
            "measured on the other) are in bench_pii_person_stockmark.py's output.\n"
        )
    out.write("targets: mamori recall >= 0.90 at precision >= 0.85 (GiNZA said ~0.71 F1)\n")
    for name, row in rows:
        for label, items in (("miss", row.misses), ("false", row.false_hits)):
            for item in items[: args.show]:
                out.write(f"{name} {label}: {item}\n")


def speed(args: argparse.Namespace, analyzer: Any, sentences: list[dict[str, Any]]) -> None:
    out = sys.stdout
    text = "\n".join(s["text"] for s in sentences) + "\n"
    if args.speed_chars:
        text = text[: args.speed_chars]
    size = len(text.encode("utf-8"))
    out.write(
        f"\n== 2. Plain Japanese text: {len(text):,} chars, {size:,} bytes of UTF-8, "
        f"{len(chunks(text))} chunks for Presidio\n"
    )
    probe = text if size > SUDACHI_LIMIT else text * (SUDACHI_LIMIT // size + 1)
    try:
        analyzer.analyze(text=probe, language="ja")
        out.write(f"Presidio unchunked on {len(probe.encode('utf-8')):,} bytes: no error\n")
    except Exception as err:
        message = str(err).splitlines()[0][:160]
        out.write(
            f"Presidio unchunked on {len(probe.encode('utf-8')):,} bytes: "
            f"{type(err).__name__}: {message}\n"
        )

    scanner = Scanner(registry=Registry.from_config())
    scanner.scan_text(text[:2000])  # load the dictionaries before timing
    passes = mamori_findings = 0
    started, cpu = time.perf_counter(), time.process_time()
    while passes < args.min_passes or time.perf_counter() - started < 2.0:
        mamori_findings = len(scanner.scan_text(text))
        passes += 1
    ours = len(text) * passes / (time.perf_counter() - started)
    ours_cpu = len(text) * passes / (time.process_time() - cpu)

    started, cpu = time.perf_counter(), time.process_time()
    presidio_results = presidio_analyze(analyzer, text)
    theirs = len(text) / (time.perf_counter() - started)
    theirs_cpu = len(text) / (time.process_time() - cpu)
    labels = Counter(label for label, *_ in presidio_results)
    out.write(
        f"mamori whole scanner     {ours:>12,.0f} chars/s {ours_cpu:>12,.0f} chars/CPU-s "
        f"({passes} passes, "
        f"{mamori_findings} findings)\n"
    )
    out.write(
        f"Presidio + GiNZA         {theirs:>12,.0f} chars/s {theirs_cpu:>12,.0f} chars/CPU-s "
        f"(1 pass, {len(presidio_results)} "
        f"results: {', '.join(f'{k} {v}' for k, v in labels.most_common())})\n"
    )
    out.write(
        f"ratio mamori/Presidio {_ratio(ours, theirs)} (CPU {_ratio(ours_cpu, theirs_cpu)}) "
        "(targets: mamori >= 300,000 chars/s and >= 150x)\n"
    )


def corpus(args: argparse.Namespace, analyzer: Any) -> None:
    out = sys.stdout
    scanner = Scanner(registry=Registry.from_config())
    gold: dict[str, set[Span]] = defaultdict(set)
    ours: dict[str, set[Span]] = defaultdict(set)
    theirs: dict[str, set[Span]] = defaultdict(set)
    raw: dict[str, list[tuple[str, int, int, float]]] = {}
    seconds = {"mamori": 0.0, "presidio": 0.0}
    cpu = {"mamori": 0.0, "presidio": 0.0}
    chars = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        generate_corpus(root, n=args.corpus_n, seed=args.corpus_seed)
        for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            gold[Path(g["file"]).name].add((g["type"], g["start"], g["end"]))
        files = sorted((root / "documents").iterdir())
        for path in files:
            extracted = extract(path)
            chars += len(extracted.text)
            started, c0 = time.perf_counter(), time.process_time()
            result = scanner.scan(extracted)
            seconds["mamori"] += time.perf_counter() - started
            cpu["mamori"] += time.process_time() - c0
            ours[path.name] = {(f.type, f.start, f.end) for f in result.findings}
            started, c0 = time.perf_counter(), time.process_time()
            raw[path.name] = presidio_analyze(analyzer, extracted.text)
            seconds["presidio"] += time.perf_counter() - started
            cpu["presidio"] += time.process_time() - c0
    back = {v: k for k, v in COMPARABLE.items()}
    for name, results in raw.items():
        theirs[name] = {(back[t], s, e) for t, s, e, _ in results if t in back}

    out.write(
        f"\n== 3. Labelled corpus: {len(files)} files, seed {args.corpus_seed}, {chars:,} chars "
        f"(chars/s mamori {chars / seconds['mamori']:,.0f}, Presidio "
        f"{chars / seconds['presidio']:,.0f}; per CPU-second mamori {chars / cpu['mamori']:,.0f}, "
        f"Presidio {chars / cpu['presidio']:,.0f})\n"
    )
    out.write("Presidio entities overlapping each gold type (share of gold spans):\n")
    for gold_type in sorted({t for spans in gold.values() for t, _, _ in spans}):
        landed: Counter[str] = Counter()
        total = 0
        for name, spans in gold.items():
            for t, gs, ge in spans:
                if t != gold_type:
                    continue
                total += 1
                hits = {label for label, s, e, _ in raw.get(name, []) if s < ge and gs < e}
                landed.update(hits or {"(nothing)"})
        shares = ", ".join(f"{k} {v / total:.0%}" for k, v in landed.most_common(4))
        out.write(f"  {gold_type:<18}{total:>5}  {shares}\n")

    out.write(
        "overlap P/R on the types Presidio can produce "
        "(ADDRESS = Presidio LOCATION, which also covers place names):\n"
    )
    out.write(f"{'':<12}{'gold':>6}{'mamori':>8}{'P':>8}{'R':>8}{'Presidio':>10}{'P':>8}{'R':>8}\n")
    totals = {"mamori": Counter[str](), "presidio": Counter[str]()}
    for label in [*sorted(COMPARABLE), "micro"]:
        cells = [""]
        c = Counter[str]()
        for engine, found, width in (("mamori", ours, 8), ("presidio", theirs, 10)):
            c = totals[engine] if label == "micro" else _overlap(gold, found, label)
            if label != "micro":
                totals[engine].update(c)
            p_cell = f"{c['correct'] / c['found']:.4f}" if c["found"] else "-"
            r_cell = f"{c['hit'] / c['gold']:.4f}" if c["gold"] else "-"
            cells.append(f"{c['found']:>{width}}{p_cell:>8}{r_cell:>8}")
        cells[0] = f"{label:<12}{c['gold']:>6}"
        out.write("".join(cells) + "\n")


def _overlap(gold: dict[str, set[Span]], found: dict[str, set[Span]], label: str) -> Counter[str]:
    """Counts for one type: precision = correct/found, recall = hit/gold (any overlap)."""
    c: Counter[str] = Counter()
    for name in gold.keys() | found.keys():
        g = [(s, e) for t, s, e in gold.get(name, set()) if t == label]
        f = [(s, e) for t, s, e in found.get(name, set()) if t == label]
        c["gold"] += len(g)
        c["found"] += len(f)
        c["hit"] += sum(any(fs < ge and gs < fe for fs, fe in f) for gs, ge in g)
        c["correct"] += sum(any(fs < ge and gs < fe for gs, ge in g) for fs, fe in f)
    return c


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--half", choices=("all", "dev", "check"), default="all")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--speed-chars", type=int, default=0, help="0 = the whole text")
    parser.add_argument("--min-passes", type=int, default=5, help="mamori passes for speed")
    parser.add_argument("--corpus-n", type=int, default=100, help="0 skips the corpus")
    parser.add_argument("--corpus-seed", type=int, default=101)
    parser.add_argument("--show", type=int, default=0, help="print N misses and false hits")
    args = parser.parse_args(argv)
    _refuse_network()
    try:
        analyzer, load_seconds = presidio_engine()
    except ImportError as err:
        sys.stderr.write(
            f"bench_pii_presidio: Presidio or GiNZA is not installed ({err}).\n"
            f"Install the optional group first: {INSTALL}\n"
        )
        return 2
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    sys.stdout.write(
        f"presidio-analyzer {version('presidio-analyzer')}, spaCy {version('spacy')}, "
        f"GiNZA {version('ginza')}, ja-ginza {version('ja-ginza')}, "
        f"SudachiPy {version('sudachipy')} "
        f"(loaded in {load_seconds:.1f} s)\n"
    )
    # Speeds are one process on a shared machine: the load says how much to trust the
    # wall-clock figures; chars per CPU-second (all of the process's threads) move less.
    sys.stdout.write(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n")
    sentences = json.loads(args.data.read_text(encoding="utf-8"))
    stockmark(args, analyzer, sentences)
    speed(args, analyzer, sentences)
    if args.corpus_n:
        corpus(args, analyzer)
    sys.stdout.write(f"\nload average {os.getloadavg()[0]:.2f} at the end\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
