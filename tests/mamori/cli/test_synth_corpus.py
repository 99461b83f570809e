"""`mamori synth corpus` through main(argv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori.cli import main


def test_writes_a_corpus_and_reports_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "corpus"
    assert main(["synth", "corpus", "-n", "15", "--seed", "3", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"15 documents in {out}" in captured.out
    assert "annotations:" in captured.out
    assert "documents" not in captured.err  # no progress line when stderr is not a terminal
    manifest = (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 15
    assert len(list((out / "documents").iterdir())) == 15
    first = json.loads((out / "gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {"file", "type", "start", "end", "text"} <= set(first)


def test_a_non_empty_directory_is_refused_with_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.txt").write_text("keep", encoding="utf-8")
    assert main(["synth", "corpus", "-n", "2", "-o", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "old.txt").read_text(encoding="utf-8") == "keep"
    assert main(["synth", "corpus", "-n", "2", "-o", str(tmp_path), "--force"]) == 0
    assert not (tmp_path / "old.txt").exists()


def test_residents_of_one_city(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert main(["synth", "corpus", "-n", "12", "-o", str(out), "--city", "市川市"]) == 0
    gold = [json.loads(x) for x in (out / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    addresses = [a["text"] for a in gold if a["type"] == "ADDRESS"]
    assert addresses
    assert all("市川市" in a for a in addresses)


def test_an_unknown_city_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["synth", "corpus", "-n", "2", "-o", str(tmp_path / "x"), "--city", "無い市"]) == 2
    assert "無い市" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_zero_documents_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "corpus", "-n", "0", "-o", str(tmp_path / "x")]) == 2
    assert "at least 1" in capsys.readouterr().err


def test_progress_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["synth", "corpus", "-n", "3", "-o", str(tmp_path / "p")]) == 0
    assert "\rmamori synth corpus: 3/3 documents" in capsys.readouterr().err
