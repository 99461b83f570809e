"""`mamori edm …`: exact data matching against the resident register (docs/edm.md).

    mamori edm keygen -o edm.key
    mamori edm build --source residents.csv --schema schema.yaml --key-file edm.key -o r.edm
    mamori edm update r.edm --schema schema.yaml --key-file edm.key --add in.csv --remove out.csv
    mamori edm info r.edm [--key-file edm.key]

The key comes from ``--key-file`` or ``$MAMORI_EDM_KEY``; a key file others may read is
refused. Output is Japanese; counts only, never a value from the register.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mamori.pii.edm import DEFAULT_KEY_ENV_VAR

_HINT = "mamori edm keygen -o {path}"


def register(sub: Any) -> None:
    edm = sub.add_parser(
        "edm",
        help="exact data matching: index the resident register, find real residents",
        description="Fingerprint the resident register with a secret key (HMAC) so that "
        "`mamori scan --edm INDEX` can tell real residents from fictitious examples.",
    )
    edm_sub = edm.add_subparsers(dest="edm_command", metavar="EDM_COMMAND")
    edm.set_defaults(handler=lambda args: _help(edm))

    keygen = edm_sub.add_parser("keygen", help="create a new secret key file (mode 0600)")
    keygen.add_argument("-o", "--output", required=True, metavar="FILE")
    keygen.set_defaults(handler=_keygen)

    build = edm_sub.add_parser(
        "build",
        help="index a register export (CSV/XLSX) into an EDM index",
        description="Read the schema's columns of a register export, normalise them as the "
        "scanner does and store only keyed fingerprints. Rotating the key means building "
        "again with the new key.",
    )
    build.add_argument("--source", required=True, metavar="FILE", help="register export")
    _common(build)
    build.add_argument("-o", "--output", required=True, metavar="INDEX", help="index file")
    build.add_argument(
        "--fictitious",
        action="store_true",
        help="register the data as a fictitious dataset (from `mamori synth residents`)",
    )
    build.add_argument("--name", help="the dataset's name (default: the schema's or the file's)")
    build.set_defaults(handler=_build)

    update = edm_sub.add_parser(
        "update",
        help="apply moves in and out to an index without rebuilding it",
        description="--add: rows that moved in (the schema's columns); --remove: rows that "
        "moved out (the schema's record_id column). A record added again replaces its older "
        "row. The index is rewritten atomically.",
    )
    update.add_argument("index", metavar="INDEX")
    _common(update)
    update.add_argument("--add", metavar="FILE", help="rows that moved in")
    update.add_argument("--remove", metavar="FILE", help="rows that moved out (record ids)")
    update.add_argument("-o", "--output", metavar="INDEX", help="write here (default: INDEX)")
    update.set_defaults(handler=_update)

    info = edm_sub.add_parser("info", help="what an index holds (counts, never values)")
    info.add_argument("index", metavar="INDEX")
    info.add_argument("--key-file", metavar="FILE", help="check that this key fits the index")
    info.set_defaults(handler=_info)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--schema", required=True, metavar="YAML", help="columns → fields")
    parser.add_argument(
        "--key-file", metavar="FILE", help=f"secret key file (default ${DEFAULT_KEY_ENV_VAR})"
    )
    parser.add_argument("--jobs", "-j", type=int, default=None, help="worker processes")
    parser.add_argument("--encoding", help="CSV encoding (default: detected, UTF-8 or CP932)")
    parser.add_argument("--sheet", help="XLSX sheet (default: the first)")


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _key(args: argparse.Namespace) -> bytes:
    from mamori._keys import load_key

    return load_key(args.key_file, DEFAULT_KEY_ENV_VAR, create_hint=_HINT)


def _keygen(args: argparse.Namespace) -> int:
    from mamori._keys import generate_key_file

    path = generate_key_file(args.output)
    sys.stdout.write(f"鍵を作成しました: {path} (0600)。索引とは別の場所に保管してください。\n")
    return 0


def _report(report: Any) -> None:
    fields = ", ".join(f"{f} {report.indexed[f]:,}" for f in report.fields)
    sys.stdout.write(
        f"索引: {report.path}\n"
        f"  住民 {report.live_rows:,}人 (行 {report.rows:,}), 世帯 {report.households:,}\n"
        f"  項目: {fields}\n"
        f"  ファイル {report.size / 1e6:,.1f} MB, {report.seconds:.1f} 秒\n"
    )
    bad = {f: n for f, n in report.invalid.items() if n}
    if bad:
        listed = ", ".join(f"{f} {n:,}" for f, n in bad.items())
        sys.stdout.write(f"  正規化できず索引に入れなかった値: {listed}\n")


def _build(args: argparse.Namespace) -> int:
    from mamori.pii.edm import build_index, load_schema

    schema = load_schema(args.schema)
    key = _key(args)
    if args.jobs is not None and args.jobs < 1:
        from mamori._exceptions import ConfigurationError

        raise ConfigurationError("--jobs must be at least 1")
    report = build_index(
        args.source,
        schema,
        key,
        args.output,
        fictitious=args.fictitious,
        name=args.name,
        jobs=args.jobs,
        encoding=args.encoding,
        sheet=args.sheet,
    )
    _report(report)
    if args.fictitious:
        sys.stdout.write("  架空データとして登録しました (実在住民の検出には使われません)。\n")
    return 0


def _update(args: argparse.Namespace) -> int:
    from mamori.pii.edm import load_schema, update_index

    schema = load_schema(args.schema)
    report = update_index(
        args.index,
        schema,
        _key(args),
        add=args.add,
        remove=args.remove,
        output=args.output,
        jobs=args.jobs,
        encoding=args.encoding,
        sheet=args.sheet,
    )
    sys.stdout.write(
        f"更新: 転入 {report.added:,}行, 転出・置換 {report.removed:,}行"
        + (f", 見つからない転出 {report.not_found:,}件" if report.not_found else "")
        + "\n"
    )
    _report(report)
    return 0


def _info(args: argparse.Namespace) -> int:
    from mamori.pii.edm import EdmIndex

    with EdmIndex.open(args.index) as index:
        index.verify()
        h = index.header
        kind = "架空データ" if index.fictitious else "住民記録"
        sys.stdout.write(
            f"{index.path}: {kind} 「{index.name}」 (形式 {h['format']}, 世代 {h['generation']})\n"
            f"  住民 {index.live_rows:,}人 (行 {index.rows:,}), 世帯 {h['households']:,}\n"
            f"  項目: {', '.join(index.fields)}\n"
            f"  作成 {h['created']}, 更新 {h['updated']}\n"
        )
        if args.key_file is not None:
            from mamori._keys import load_key

            index.check_key(load_key(args.key_file, None, create_hint=_HINT))
            sys.stdout.write("  鍵: この索引の鍵です。\n")
    return 0
