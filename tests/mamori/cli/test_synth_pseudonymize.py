"""`mamori synth pseudonymize` and `mamori synth keygen` through main(argv)."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest

from mamori.cli import main
from mamori.synth._pseudonymize import Pools
from tests.mamori.synth.pseudonymize_pools import small_pools

COLUMNS = "氏名:PERSON,氏名カナ:KANA(氏名),住所:ADDRESS,電話番号:PHONE"
ROWS = [
    ["氏名", "氏名カナ", "住所", "電話番号"],
    ["架空 一郎", "カクウ イチロウ", "東京都千代田区千代田1-1", "090-0000-0001"],
    ["試験 花子", "シケン ハナコ", "大阪府堺市北区長曽根町2", "090-0000-0002"],
]


@pytest.fixture(autouse=True)
def fast_pools(monkeypatch):
    pools = small_pools()
    monkeypatch.setattr(Pools, "load", classmethod(lambda cls: pools))
    monkeypatch.delenv("MAMORI_KEY", raising=False)


@pytest.fixture
def key(tmp_path) -> Path:
    path = tmp_path / "secret.key"
    assert main(["synth", "keygen", "-o", str(path)]) == 0
    return path


@pytest.fixture
def residents(tmp_path) -> Path:
    path = tmp_path / "住民.csv"
    with path.open("w", encoding="cp932", newline="") as fh:
        csv.writer(fh).writerows(ROWS)
    return path


def test_keygen_writes_a_private_key(key, capsys) -> None:
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text().strip()) == 64
    assert key.read_text().strip() not in capsys.readouterr().out


def test_pseudonymize_cp932_csv(tmp_path, key, residents, capsys) -> None:
    out = tmp_path / "out.csv"
    args = ["synth", "pseudonymize", str(residents), "-o", str(out), "--key-file", str(key)]
    assert main([*args, "--columns", COLUMNS]) == 0
    assert "2 rows" in capsys.readouterr().out
    with out.open(encoding="cp932", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ROWS[0]
    assert all(new != old for new, old in zip(rows[1], ROWS[1], strict=True))
    secret = key.read_text().strip()
    assert secret.encode() not in out.read_bytes()


def test_key_from_the_environment(tmp_path, residents, monkeypatch) -> None:
    monkeypatch.setenv("MAMORI_KEY", "cd" * 32)
    out = tmp_path / "out.csv"
    assert (
        main(["synth", "pseudonymize", str(residents), "-o", str(out), "--columns", COLUMNS]) == 0
    )
    assert out.exists()


def test_several_inputs_into_a_folder(tmp_path, key, residents) -> None:
    second = tmp_path / "second.csv"
    second.write_bytes(residents.read_bytes())
    outdir = tmp_path / "outdir"
    args = ["synth", "pseudonymize", str(residents), str(second), "-o", str(outdir)]
    assert main([*args, "--key-file", str(key), "--columns", COLUMNS]) == 0
    assert (outdir / "住民.csv").read_bytes() == (outdir / "second.csv").read_bytes()


def test_name_kept_in_parts(tmp_path, key) -> None:
    src = tmp_path / "parts.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                ["氏名", "姓", "名", "セイ", "メイ"],
                ["架空 一郎", "架空", "一郎", "カクウ", "イチロウ"],
                ["試験 花子", "試験", "花子", "シケン", "ハナコ"],
            ]
        )
    out = tmp_path / "out.csv"
    columns = "氏名:PERSON,姓:SURNAME,名:GIVEN_NAME(姓),セイ:KANA(姓),メイ:KANA(名)"
    argv = ["synth", "pseudonymize", str(src), "-o", str(out), "--key-file", str(key)]
    assert main([*argv, "--columns", columns]) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    for name, surname, given, _sei, _mei in rows:
        assert name == f"{surname} {given}"
    assert [row[1] for row in rows] != ["架空", "試験"]


def bad(capsys, argv: list[str], *fragments: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    for fragment in fragments:
        assert fragment in err, err


def test_missing_key_file_says_how_to_create_one(tmp_path, residents, capsys) -> None:
    out = tmp_path / "out.csv"
    missing = tmp_path / "none.key"
    argv = ["synth", "pseudonymize", str(residents), "-o", str(out), "--key-file", str(missing)]
    bad(capsys, [*argv, "--columns", COLUMNS], f"mamori synth keygen -o {missing}")
    assert not out.exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX only")
def test_world_readable_key_refused(tmp_path, key, residents, capsys) -> None:
    key.chmod(0o644)
    out = tmp_path / "out.csv"
    argv = ["synth", "pseudonymize", str(residents), "-o", str(out), "--key-file", str(key)]
    bad(capsys, [*argv, "--columns", COLUMNS], f"chmod 600 {key}")
    assert not out.exists()


def test_no_key_at_all(tmp_path, residents, capsys) -> None:
    argv = ["synth", "pseudonymize", str(residents), "-o", str(tmp_path / "o.csv")]
    bad(capsys, [*argv, "--columns", COLUMNS], "no key given", "mamori synth keygen")


def test_unknown_column_lists_headers(tmp_path, key, residents, capsys) -> None:
    argv = ["synth", "pseudonymize", str(residents), "-o", str(tmp_path / "o.csv")]
    bad(
        capsys,
        [*argv, "--key-file", str(key), "--columns", "名前:PERSON"],
        "'名前'",
        "氏名, 氏名カナ, 住所, 電話番号",
    )


def test_mis_encoded_input_names_file_and_position(tmp_path, key, capsys) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes("氏名\n架空\n".encode() + b"\xff\xfe\x81\n")
    out = tmp_path / "o.csv"
    argv = ["synth", "pseudonymize", str(broken), "-o", str(out), "--key-file", str(key)]
    bad(capsys, [*argv, "--columns", "氏名:PERSON"], "broken.csv", "byte", "line 3")
    bad(
        capsys,
        [*argv, "--columns", "氏名:PERSON", "--encoding", "utf-8"],
        "not valid utf-8 at byte 14 (line 3)",
    )
    assert not out.exists()


def test_bad_column_syntax(tmp_path, key, residents, capsys) -> None:
    argv = ["synth", "pseudonymize", str(residents), "-o", str(tmp_path / "o.csv")]
    bad(capsys, [*argv, "--key-file", str(key), "--columns", "氏名=PERSON"], "COLUMN:KIND")


def test_invalid_value_leaves_no_partial_output(tmp_path, key, capsys) -> None:
    src = tmp_path / "in.csv"
    src.write_text("氏名,電話番号\n架空 一郎,090-0000-0001\n試験 花子,なし\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["synth", "pseudonymize", str(src), "-o", str(out / "o.csv"), "--key-file", str(key)]
    out.mkdir()
    bad(capsys, [*argv, "--columns", "氏名:PERSON,電話番号:PHONE"], "row 3", "'電話番号'")
    assert list(out.iterdir()) == []


def test_missing_input_file(tmp_path, key, capsys) -> None:
    argv = ["synth", "pseudonymize", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")]
    bad(capsys, [*argv, "--key-file", str(key), "--columns", COLUMNS], "nope.csv: no such file")
