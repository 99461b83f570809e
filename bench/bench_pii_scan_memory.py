"""Peak memory of `mamori scan --format json`: one huge text file, and many small files.

    python bench/bench_pii_scan_memory.py [--mb 10] [--files 2000] [--jobs 1] [--data PATH]

Runs ``mamori scan`` as a child process (Linux: it reads /proc) and samples its process
tree every 50 ms: the main process's peak RSS, the largest single process's peak RSS (a
worker's) and the peak of the tree's summed PSS (shared pages counted once). The inputs are
Stockmark's Japanese Wikipedia sentences repeated to --mb megabytes, a fictitious corpus
(`mamori synth corpus -n FILES --seed 7`), and that corpus four times over (hard links).
The ratio of the last two says how memory grows with the number of files (1.00: flat).
Target (issue 4): peak memory ≤ 600 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stockmark-ner" / "ner-dev.json"
MAMORI = [sys.executable, "-m", "mamori"]


def _kib(path: str, key: str) -> int:
    try:
        with open(path, encoding="ascii") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return out


def measure(argv: list[str]) -> tuple[int, int, int, float]:
    """(main RSS, largest process RSS, tree PSS) peaks in MB, and seconds, of ``argv``."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    main = largest = tree = 0
    while process.poll() is None:
        stack, pss = [process.pid], 0
        while stack:
            pid = stack.pop()
            rss = _kib(f"/proc/{pid}/status", "VmRSS:")
            main = max(main, rss) if pid == process.pid else main
            largest = max(largest, rss)
            pss += _kib(f"/proc/{pid}/smaps_rollup", "Pss:")
            stack += _children(pid)
        tree = max(tree, pss)
        time.sleep(0.05)
    if process.returncode not in (0, 1, 3):
        raise SystemExit(f"mamori scan failed with exit status {process.returncode}")
    return main // 1024, largest // 1024, tree // 1024, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    out = sys.stdout
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sentences = json.loads(args.data.read_text(encoding="utf-8"))
        base = ("\n".join(s["text"] for s in sentences) + "\n").encode("utf-8")
        big = root / "big.txt"
        big.write_bytes(base * max(1, round(args.mb * 1e6 / len(base))))
        corpus = root / "corpus"
        subprocess.run(
            [*MAMORI, "synth", "corpus", "-n", str(args.files), "--seed", "7", "-o", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        many = root / "many"
        for copy in range(4):
            shutil.copytree(corpus / "documents", many / str(copy), copy_function=os.link)
        inputs = {
            f"{big.stat().st_size / 1e6:.1f} MB text": big,
            f"{args.files} files": corpus / "documents",
            f"{4 * args.files} files": many,
        }
        scan = [*MAMORI, "scan", "--format", "json", "--jobs", str(args.jobs)]
        out.write(f"mamori scan --format json --jobs {args.jobs}\n")
        out.write("input                         main MB  largest MB  tree PSS MB  seconds\n")
        rows = []
        for label, path in inputs.items():
            rows.append(measure([*scan, str(path)]))
            m, largest, pss, seconds = rows[-1]
            out.write(f"{label:<28} {m:>8} {largest:>11} {pss:>12} {seconds:>8.1f}\n")
        (m1, _, pss1, _), (m4, _, pss4, _) = rows[1:]
        out.write(
            f"ratio {4 * args.files} files / {args.files} files: main {m4 / m1:.2f}, "
            f"tree PSS {pss4 / pss1:.2f}\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
