"""`mamori scan PATH…`: find personal data in files and folders before they are published.

Folders are walked recursively. Files are scanned in worker processes (``--jobs``,
default: the number of CPUs), even with ``--jobs 1``, so that a file which takes longer
than ``--timeout`` seconds, or kills its worker, costs only itself: it is reported
unscannable with the reason, the worker is replaced and the batch goes on
(mamori._workers). Each worker builds its own Scanner once. The report is written file by
file as results arrive (_scan_report), in the order of the files. Exit status: 0 nothing
found, 1 findings, 2 usage or configuration error, 3 some file unscannable (3 wins over 1:
an unreadable file blocks publication).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from mamori._exceptions import ConfigurationError
from mamori._workers import Failure, run_isolated
from mamori.cli._pii_options import add_rule_options, load_allowlist, parse_types
from mamori.cli._scan_report import make_report

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNSCANNABLE = 3
DEFAULT_TIMEOUT = 300.0  # seconds per file


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
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per file; a file over it is unscannable (default {DEFAULT_TIMEOUT:g}; "
        "0: no limit)",
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
    """A bar on a terminal's stderr, when the report goes elsewhere (a streamed table on the
    same terminal shows the progress itself)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.enabled = stream.isatty() and not sys.stdout.isatty() and total > 1

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


def _unscannable_reason(failure: Failure, timeout: float | None) -> str:
    """What `mamori scan` says about a file whose worker ran out of time or died."""
    if failure.kind == "timeout":
        n = f"{timeout:g}"
        return (
            f"timed out: 処理が制限時間 {n} 秒を超えました。ファイルを分割するか、--timeout を"
            f"大きくしてこのファイルだけをスキャンしてください (scanning took longer than the "
            f"{n}-second limit; split the file, or scan it alone with a larger --timeout)"
        )
    if failure.kind == "crash":
        return (
            f"crashed: スキャン中に処理プロセスが異常終了しました ({failure.detail})。"
            "ファイルを開いて保存し直すか原本をスキャンし、繰り返す場合は管理者に報告して"
            f"ください (the scanning process died on this file: {failure.detail}; open and "
            "re-save it or scan the original, and report it if it happens again)"
        )
    return f"scan failed: {failure.detail}"


def _scan_all(files: list[str], args: argparse.Namespace, types: list[str] | None) -> Iterator[Any]:
    """Each file's FileResult, in the order of ``files``, as the workers finish them."""
    from mamori.pii._model import Status
    from mamori.pii._pipeline import FileResult

    allowlist = load_allowlist(args)
    edm = _edm_spec(args)
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise ConfigurationError("--jobs must be at least 1")
    if args.timeout < 0:
        raise ConfigurationError("--timeout must be 0 (no limit) or a number of seconds")
    timeout = args.timeout or None
    init = functools.partial(_make_scanner, args.config, types, allowlist, edm)
    if not files:
        init()  # nothing to scan, but a bad rule pack is still a usage error
        return
    progress = _Progress(len(files), sys.stderr)
    outcomes = run_isolated(files, init=init, task=_scan_with, jobs=jobs, timeout=timeout)
    for done, (path, outcome) in enumerate(outcomes, start=1):
        if isinstance(outcome, Failure):
            reason = _unscannable_reason(outcome, timeout)
            outcome = FileResult(path=path, status=Status.UNSCANNABLE, error=reason)
        progress.step(done)
        yield outcome
    progress.close()


def _write(text: str) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()  # the report streams: a terminal or pipe sees each file as it is done


def _run(args: argparse.Namespace) -> int:
    from mamori.pii._model import Status

    found = unscannable = False
    report = make_report(args.format, _write, explain=args.explain)
    try:
        types = parse_types(args.types)
        for result in _scan_all(_files(args.paths), args, types):
            report.add(result)
            found = found or bool(result.findings)
            unscannable = unscannable or result.status != Status.OK
    except ConfigurationError as err:
        sys.stderr.write(f"mamori: error: {err}\n")
        return EXIT_USAGE
    report.close()
    if unscannable:
        return EXIT_UNSCANNABLE
    return EXIT_FINDINGS if found else EXIT_CLEAN
