"""Speed of the scanner engine with the structured detectors only (no person/address/date).

    python bench/bench_pii_structured.py [MEGABYTES] [--corpus DIR]

Builds MEGABYTES (default 10) of text from a generated corpus (``mamori.synth``; the
canonical texts of its documents, repeated), scans it document by document and prints
chars/s, with the ratio to a baseline run in the same process: plain
``unicodedata.normalize("NFKC")`` over the same documents.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import tempfile
import time
import unicodedata
from pathlib import Path

from mamori.pii import Extracted, Registry, Scanner
from mamori.pii.extract import extract
from mamori.synth import generate_corpus

STRUCTURED = [
    "jp.bank_account", "jp.corporate_number", "jp.credit_card", "jp.disability_cert",
    "jp.drivers_license", "jp.email", "jp.health_insurance", "jp.my_number", "jp.passport",
    "jp.pension_number", "jp.phone", "jp.postal_code", "jp.resident_code",
]  # fmt: skip


def _texts(corpus: Path) -> list[str]:
    names = [json.loads(line)["file"] for line in (corpus / "corpus.jsonl").open(encoding="utf-8")]
    return [extract(corpus / name).text for name in names]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("megabytes", type=float, nargs="?", default=10.0)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--plain", type=Path, help="plain Japanese text instead: Stockmark NER JSON sentences"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if args.plain is not None:
            sentences = json.loads(args.plain.read_text(encoding="utf-8"))
            base = "\n".join(s["text"] for s in sentences) + "\n"
            texts = [base[i : i + 200_000] for i in range(0, len(base), 200_000)]
        else:
            texts = []
        if not texts and corpus is None:
            corpus = Path(tmp) / "corpus"
            generate_corpus(corpus, n=300, seed=1)
        if not texts:
            texts = _texts(corpus)
    target = int(args.megabytes * 1_000_000)
    docs: list[str] = []
    total = 0
    while total < target:
        for text in texts:
            docs.append(text)
            total += len(text)
            if total >= target:
                break
    scanner = Scanner(Registry.from_config(only=STRUCTURED))

    start = time.perf_counter()
    for text in docs:
        unicodedata.normalize("NFKC", text)
    baseline = time.perf_counter() - start

    profile = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    if profile:
        profile.enable()
    findings = 0
    for i, text in enumerate(docs):
        findings += len(scanner.findings(Extracted(path=str(i), text=text)))
    if profile:
        profile.disable()
    elapsed = time.perf_counter() - start
    print(f"{total:,} chars in {len(docs)} documents, {findings:,} findings")
    print(f"baseline NFKC : {total / baseline:14,.0f} chars/s")
    print(f"structured    : {total / elapsed:14,.0f} chars/s  ({elapsed / baseline:.1f}x baseline)")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
