"""Benchmark: exact data matching (EDM) against a resident register (issue 5, docs/edm.md).

Targets: a 4,000,000-resident register with 6 indexed columns builds in <= 120 s on a
2-core machine with <= 2 GB peak memory into an index file <= 1 GB (680,000 rows reported
too); scanning with EDM costs <= 25% more time than without; on documents that embed real
records among fictitious ones every real person is found and no fictitious person is
reported real. Not a test: it prints.

    python bench/bench_edm.py                       # 680,000 and 4,000,000 rows
    python bench/bench_edm.py --sizes 680000        # quicker
    python bench/bench_edm.py --cache /tmp/mamori-edm-bench

The registers come from the generator (``mamori synth residents``) and are cached: seed 1
plays the real register, seed 2 a fictitious dataset that never enters the real index. Each
build runs as a separate ``mamori edm build`` process; its peak memory is the largest sum of
the proportional set sizes (PSS, from /proc) of the build and its workers, sampled every
0.2 s, with ``ru_maxrss`` of the largest process for comparison. The build's baseline, run
in this process on the same file, is the least an index must do: read the 6 columns with
pyarrow and compute one ``hmac.digest`` per value, single process, nothing normalised,
sorted or written. The scan's baseline is the same scanner without ``--edm``, run on the
same files in the same process, alternating file by file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hmac
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv

from mamori._keys import generate_key_file, load_key
from mamori.jpdate import to_wareki
from mamori.pii import Extracted, Registry, Scanner
from mamori.pii.edm import EdmMatcher
from mamori.pii.extract import extract
from mamori.synth import generate_corpus

SCHEMA = """\
version: 1
record_id: 住民ID
household_id: 世帯ID
fields:
  name: 氏名
  kana: 氏名カナ
  birth_date: 生年月日
  address: 住所
  phone: 電話番号
  my_number: 個人番号
"""
COLUMNS = ("氏名", "氏名カナ", "生年月日", "住所", "電話番号", "個人番号")
TARGET_SECONDS, TARGET_MEMORY_MB, TARGET_SIZE_MB, TARGET_OVERHEAD = 120, 2048, 1024, 0.25
MAMORI = [sys.executable, "-m", "mamori"]


def register(cache: Path, n: int, seed: int) -> Path:
    path = cache / f"{'real' if seed == 1 else 'fict'}-{n}.csv"
    if not path.exists():
        print(f"generating {path} …", flush=True)
        command = [*MAMORI, "synth", "residents", "-n", str(n), "--seed", str(seed)]
        command.extend(["--with-my-number", "-o", str(path)])
        subprocess.run(command, check=True)
    return path


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed_build(args: list[str]) -> tuple[float, float, float, float]:
    """(seconds, peak PSS of the process tree in MB, largest ru_maxrss in MB, CPU seconds
    of the build and its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    proc = subprocess.Popen([*MAMORI, *args], stdout=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {out}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = max(before, usage.ru_maxrss)
    return seconds, peak[0] / 1024, maxrss / 1024, usage.ru_utime + usage.ru_stime - cpu_before


def build_args(source: Path, schema: Path, key_file: Path, index: Path, *extra: str) -> list[str]:
    args = ["edm", "build", "--source", str(source), "--schema", str(schema)]
    return [*args, "--key-file", str(key_file), "-o", str(index), *extra]


def baseline(csv_path: Path, key: bytes) -> float:
    started = time.perf_counter()
    table = pacsv.read_csv(
        csv_path,
        convert_options=pacsv.ConvertOptions(
            include_columns=list(COLUMNS), column_types=dict.fromkeys(COLUMNS, "string")
        ),
    )
    digest = hmac.digest
    for name in COLUMNS:
        for value in table.column(name).to_pylist():
            if value:
                digest(key, value.encode(), "sha256")
    return time.perf_counter() - started


# --- detection documents ------------------------------------------------------------------


def sample_rows(csv_path: Path, k: int, rng: random.Random) -> list[dict[str, str]]:
    table = pacsv.read_csv(
        csv_path,
        convert_options=pacsv.ConvertOptions(
            include_columns=["住民ID", *COLUMNS, "方書"],
            column_types=dict.fromkeys(["住民ID", *COLUMNS, "方書"], "string"),
        ),
    )
    picks = rng.sample(range(table.num_rows), k)
    return table.take(picks).to_pylist()


def _date(value: str, rng: random.Random) -> str:
    day = dt.date.fromisoformat(value)
    forms: list[Callable[[dt.date], str]] = [
        to_wareki,
        lambda d: f"{d:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月"),
        lambda d: f"{d:%Y/%m/%d}",
        lambda d: f"{d:%Y-%m-%d}".translate(str.maketrans("0123456789-", "０１２３４５６７８９－")),
    ]
    return rng.choice(forms)(day)


def render(person: dict[str, str], rng: random.Random) -> tuple[str, str]:
    """One person as a document would show them, in a random shape; (text, shape)."""
    name = person["氏名"].replace("\u3000", rng.choice(["", " ", "\u3000"]))
    kana = person["氏名カナ"]
    dob = _date(person["生年月日"], rng)
    address = person["住所"]
    if rng.random() < 0.5:
        address = address.split("県", 1)[-1] if "県" in address else address
    phone = person["電話番号"] or ""
    shape = rng.choice(["form", "sentence", "row", "minutes"])
    if shape == "form":
        lines = [f"氏名：{name}", f"フリガナ：{kana}", f"生年月日：{dob}", f"住所：{address}"]
        if phone:
            lines.append(f"電話番号：{phone}")
        return "\n".join(lines), shape
    if shape == "sentence":
        return f"{name}様（{dob}生、{address}在住）から申請がありました。", shape
    if shape == "row":
        return "\t".join([name, kana, dob, address, phone]), shape
    return f"○{name}（{kana}、{dob}）　連絡先 {phone or address}", shape


FILLER = (
    "本マニュアルは窓口での受付手順を示すものです。",
    "申請書は受付印を押してから担当課へ回付します。",
    "令和6年4月1日から新しい様式を使用します。",
    "問い合わせ先：市民課 電話 03-1234-5678（代表）",
)


def detection_docs(
    real: list[dict[str, str]], fict: list[dict[str, str]], per_doc: int, rng: random.Random
) -> list[tuple[str, list[tuple[int, int, bool]]]]:
    people = [(p, True) for p in real] + [(p, False) for p in fict]
    rng.shuffle(people)
    docs = []
    for i in range(0, len(people), per_doc):
        parts: list[str] = []
        spans: list[tuple[int, int, bool]] = []
        position = 0
        for person, is_real in people[i : i + per_doc]:
            lead = rng.choice(FILLER) + "\n"
            text, _ = render(person, rng)
            start = position + len(lead)
            spans.append((start, start + len(text), is_real))
            parts += [lead, text, "\n\n"]
            position = start + len(text) + 2
        docs.append(("".join(parts), spans))
    return docs


def detection(
    scanner: Scanner, docs: list[tuple[str, list[tuple[int, int, bool]]]]
) -> dict[str, Any]:
    found_real = missed = fict_reported = findings = true_findings = 0
    for i, (text, spans) in enumerate(docs):
        result = scanner.scan(Extracted(path=f"doc{i}.txt", text=text))
        real = [f for f in result.findings if f.type == "REAL_RESIDENT"]
        findings += len(real)
        for f in real:
            if any(s < f.end and f.start < e and is_real for s, e, is_real in spans):
                true_findings += 1
        for s, e, is_real in spans:
            hit = any(f.start < e and s < f.end for f in real)
            if is_real:
                found_real += hit
                missed += not hit
            else:
                fict_reported += hit
    return {
        "real": found_real + missed,
        "found": found_real,
        "fict_reported": fict_reported,
        "precision": true_findings / findings if findings else 1.0,
        "recall": found_real / (found_real + missed) if found_real + missed else 1.0,
    }


def scan_overhead(
    plain: Scanner, with_edm: Scanner, files: list[Path]
) -> tuple[float, float, float, float]:
    """(wall without, wall with, CPU without, CPU with): files alternate between the two
    scanners, twice over, after one warm-up pass (CPU time is this process's, so other
    load on the machine does not count)."""
    extracted = [extract(p) for p in files]
    for item in extracted:
        plain.scan(item)
        with_edm.scan(item)
    wall = [0.0, 0.0]
    cpu = [0.0, 0.0]
    for _ in range(2):
        for item in extracted:
            for i, scanner in enumerate((plain, with_edm)):
                w, c = time.perf_counter(), time.process_time()
                scanner.scan(item)
                wall[i] += time.perf_counter() - w
                cpu[i] += time.process_time() - c
    return wall[0], wall[1], cpu[0], cpu[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="680000,4000000")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "mamori-edm-bench"
    )
    parser.add_argument("--corpus", type=int, default=300, help="benchmark corpus documents")
    parser.add_argument("--k", type=int, default=200, help="real records embedded")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    cache: Path = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    key_file = cache / "bench.key"
    if not key_file.exists():
        generate_key_file(key_file)
    key = load_key(key_file)
    schema = cache / "schema.yaml"
    schema.write_text(SCHEMA, encoding="utf-8")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}\n")

    indexes: dict[int, Path] = {}
    for n in sizes:
        source = register(cache, n, seed=1)
        index = cache / f"real-{n}.edm"
        load = os.getloadavg()[0]
        seconds, pss, maxrss, cpu = timed_build(build_args(source, schema, key_file, index))
        size = index.stat().st_size / 2**20
        base = baseline(source, key)
        indexes[n] = index
        print(
            f"build {n:>9,} rows × 6 columns: {seconds:6.1f} s (target <= {TARGET_SECONDS} s"
            f" at 4,000,000), peak memory {pss:,.0f} MB PSS of all processes (largest "
            f"process ru_maxrss {maxrss:,.0f} MB; target <= {TARGET_MEMORY_MB} MB), index "
            f"{size:,.1f} MB (target <= {TARGET_SIZE_MB} MB)\n"
            f"   CPU {cpu:6.1f} s over the build and its workers (= {cpu / 2:.1f} s on 2 idle "
            f"cores; load average {load:.2f} when it started)\n"
            f"   baseline (read 6 columns + one hmac.digest per value, 1 process): "
            f"{base:6.1f} s; ratio build/baseline {seconds / base:.2f}",
            flush=True,
        )
    biggest = indexes[max(indexes)]

    fict_source = register(cache, 680_000, seed=2)
    fict_index = cache / "fict-680000.edm"
    if not fict_index.exists():
        extra = ("--fictitious", "--name", "synth-seed-2")
        timed_build(build_args(fict_source, schema, key_file, fict_index, *extra))
    registry = Registry.from_config()
    matcher = EdmMatcher.open([biggest, fict_index], secret=key)
    plain = Scanner(registry)
    with_edm = Scanner(registry, edm=matcher)

    rng = random.Random(args.seed)
    real_rows = sample_rows(register(cache, max(indexes), seed=1), args.k, rng)
    fict_rows = sample_rows(fict_source, args.k * 4, rng)
    docs = detection_docs(real_rows, fict_rows, per_doc=5, rng=rng)
    d = detection(with_edm, docs)
    print(
        f"\ndetection ({max(indexes):,}-row register; {len(docs)} documents, {d['real']} real "
        f"among {len(fict_rows)} fictitious persons): found {d['found']}/{d['real']} real, "
        f"{d['fict_reported']} fictitious reported real; precision {d['precision']:.4f} "
        f"recall {d['recall']:.4f} (target 1.0000 / 1.0000)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, n=args.corpus, seed=101)
        files = sorted((corpus / "documents").iterdir())
        base, edm, base_cpu, edm_cpu = scan_overhead(plain, with_edm, files)
    print(
        f"\nscan ({len(files)} corpus documents ×2, {max(indexes):,}-row index + fictitious "
        f"index): CPU without EDM {base_cpu:.2f} s, with EDM {edm_cpu:.2f} s, overhead "
        f"{edm_cpu / base_cpu - 1:+.1%} (target <= +{TARGET_OVERHEAD:.0%}); wall "
        f"{base:.2f} s vs {edm:.2f} s ({edm / base - 1:+.1%})"
    )
    matcher.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
