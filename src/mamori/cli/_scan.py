"""`mamori scan PATH…`: find personal data in files and folders before they are published.

Folders are walked recursively. Files are scanned in parallel by a process pool (``--jobs``,
default: the number of CPUs); each worker builds its own Scanner once. Exit status: 0
nothing found, 1 findings, 2 usage or configuration error, 3 some file unscannable (3 wins
over 1: an unreadable file blocks publication).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from mamori._exceptions import ConfigurationError
from mamori.cli._pii_options import add_rule_options, load_allowlist, parse_types

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNSCANNABLE = 3


def register(sub: Any) -> None:
    """Add the `scan` parser."""
    parser = sub.add_parser(
        "scan",
        help="find personal data in files and folders (exit 1 findings, 3 unscannable)",
        description="Scan files and folders (recursively) for personal data. Exit status: "
        "0 nothing found, 1 findings, 2 usage or configuration error, 3 some file "
        "unscannable (it blocks publication; 3 wins over 1).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument(
        "--format", choices=("text", "json", "sarif"), default="text", help="output format"
    )
    parser.add_argument(
        "--jobs", "-j", type=int, default=None, help="worker processes (default: CPU count)"
    )
    parser.add_argument(
        "--types",
        default=None,
        help="comma-separated labels to look for (e.g. MY_NUMBER,PHONE); default all",
    )
    add_rule_options(parser)
    _add_edm_options(parser)
    parser.add_argument("--explain", action="store_true", help="show why each finding was reported")
    parser.set_defaults(handler=_run)


def _add_edm_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--edm",
        action="append",
        metavar="INDEX",
        help="EDM index of the resident register (REAL_RESIDENT) or of a registered "
        "fictitious dataset; repeatable (docs/edm.md)",
    )
    parser.add_argument(
        "--edm-key", metavar="FILE", help="the EDM indexes' key (default $MAMORI_EDM_KEY)"
    )


def _edm_spec(args: argparse.Namespace) -> tuple[tuple[str, ...], bytes] | None:
    """(index paths, key) for --edm, checked once here (key, format, digest)."""
    if not getattr(args, "edm", None):
        return None
    from mamori.pii.edm import EdmMatcher

    paths = tuple(args.edm)
    matcher = EdmMatcher.open(paths, key_file=args.edm_key)
    secret = matcher.secret
    matcher.close()
    return paths, secret


def _open_edm(edm: tuple[tuple[str, ...], bytes] | None) -> Any:
    if edm is None:
        return None
    from mamori.pii.edm import EdmMatcher

    return EdmMatcher.open(edm[0], secret=edm[1], verify=False)


# --- worker side (one Scanner per process) ------------------------------------------------

_worker_scanner: Any = None


def _init_worker(
    config: str | None, types: list[str] | None, allowlist: Any, edm: Any = None
) -> None:
    global _worker_scanner
    _worker_scanner = _make_scanner(config, types, allowlist, edm)


def _make_scanner(
    config: str | None, types: list[str] | None, allowlist: Any, edm: Any = None
) -> Any:
    from mamori.pii._pipeline import Scanner
    from mamori.pii._registry import Registry

    return Scanner(
        Registry.from_config(config, labels=types),
        types=types,
        allowlist=allowlist,
        edm=_open_edm(edm),
    )


def _scan_one(path: str) -> Any:
    return _scan_with(_worker_scanner, path)


def _scan_with(scanner: Any, path: str) -> Any:
    from mamori.pii._model import Extracted, Status
    from mamori.pii._pipeline import FileResult
    from mamori.pii.extract import extract

    try:
        extracted: Extracted = extract(path)
    except Exception as err:  # fail closed: an extractor crash is an unscannable file
        return FileResult(path=path, status=Status.UNSCANNABLE, error=f"extraction failed: {err}")
    return scanner.scan(extracted)


# --- main side ----------------------------------------------------------------------------


def _files(paths: Sequence[str]) -> list[str]:
    out: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs.sort()
                out.extend(str(Path(root) / name) for name in sorted(names))
        elif path.exists():
            out.append(str(path))
        else:
            raise ConfigurationError(f"{given} does not exist")
    return out


class _Progress:
    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.enabled = stream.isatty() and total > 1

    def step(self, done: int) -> None:
        if self.enabled:
            width = 30
            filled = width * done // self.total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\rscanning [{bar}] {done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _scan_all(files: list[str], args: argparse.Namespace, types: list[str] | None) -> list[Any]:
    allowlist = load_allowlist(args)
    edm = _edm_spec(args)
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise ConfigurationError("--jobs must be at least 1")
    progress = _Progress(len(files), sys.stderr)
    results: list[Any] = []
    if jobs == 1 or len(files) <= 1:
        scanner = _make_scanner(args.config, types, allowlist, edm)
        for path in files:
            results.append(_scan_with(scanner, path))
            progress.step(len(results))
    else:
        # Fail early on a bad rule pack rather than in every worker.
        _make_scanner(args.config, types, allowlist)
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(files)),
            initializer=_init_worker,
            initargs=(args.config, types, allowlist, edm),
        ) as pool:
            for result in pool.map(_scan_one, files, chunksize=4):
                results.append(result)
                progress.step(len(results))
    progress.close()
    return results


def _exit_status(results: list[Any]) -> int:
    from mamori.pii._model import Status

    if any(r.status != Status.OK for r in results):
        return EXIT_UNSCANNABLE
    return EXIT_FINDINGS if any(r.findings for r in results) else EXIT_CLEAN


def _write(text: str) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _text_report(results: list[Any], explain: bool) -> Iterator[str]:
    from mamori.pii._model import Status
    from mamori.pii._sarif import mask

    yield "ファイル\t状態\t件数\t人数\t世帯\t種類\n"
    for r in results:
        status = "OK" if r.status == Status.OK else f"読めません ({r.error})"
        kinds = ", ".join(f"{k} {v}" for k, v in r.summary.by_type.items())
        yield (
            f"{r.path}\t{status}\t{len(r.findings)}\t{r.summary.persons}\t"
            f"{r.summary.households}\t{kinds}\n"
        )
        if r.summary.edm is not None:
            yield f"  照合: {r.summary.edm.describe()}\n"
        if explain:
            for f in r.findings:
                yield f"  {f.type}\t{f.start}-{f.end}\t{mask(f.text)}\t{f.explanation.describe()}\n"
    found = sum(1 for r in results if r.findings)
    bad = sum(1 for r in results if r.status != Status.OK)
    yield f"\n{len(results)} ファイル: 検出あり {found}, 読めない {bad}\n"


def _run(args: argparse.Namespace) -> int:
    try:
        types = parse_types(args.types)
        files = _files(args.paths)
        results = _scan_all(files, args, types)
    except ConfigurationError as err:
        sys.stderr.write(f"mamori: error: {err}\n")
        return EXIT_USAGE
    if args.format == "json":
        document = {"files": [r.to_json(explain=args.explain) for r in results]}
        _write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "sarif":
        from mamori.pii._sarif import to_sarif

        _write(json.dumps(to_sarif(results), ensure_ascii=False, indent=2) + "\n")
    else:
        _write("".join(_text_report(results, args.explain)))
    return _exit_status(results)
