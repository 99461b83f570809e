"""Fail closed: a finding that is skipped, cannot be mapped, or does not read back as
planned fails the redaction, names type and place (never the value), and leaves no file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from mamori._exceptions import ConfigurationError
from mamori.pii import Finding, Scanner
from mamori.pii.redact import RedactionError, _html, _mask, _text, redact_file
from mamori.synth import Person

from .conftest import letter_lines


@pytest.fixture
def letter(tmp_path: Path, persons: list[Person]) -> Path:
    path = tmp_path / "in" / "letter.txt"
    path.parent.mkdir()
    path.write_text("\n".join(letter_lines(persons[0])) + "\n", encoding="utf-8")
    return path


def _no_leftovers(folder: Path, *keep: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(keep)


def test_a_finding_the_mapper_skips_is_caught_by_the_rescan(
    letter: Path, persons: list[Person], scanner: Scanner, tmp_path: Path, monkeypatch: Any
) -> None:
    real = _mask.plan_masks

    def skip_phone(
        text: str, slots: Sequence[_mask.Slot], findings: Iterable[Finding], mask: str, **kw: Any
    ) -> _mask.Plan:
        return real(text, slots, [f for f in findings if f.type != "PHONE"], mask, **kw)

    monkeypatch.setattr(_text, "plan_masks", skip_phone)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(RedactionError, match="still found") as caught:
        redact_file(letter, out_dir / "letter.txt", scanner=scanner)
    assert caught.value.failures == ("PHONE at line 5",)
    assert persons[0].phone not in str(caught.value)  # the place, never the value
    _no_leftovers(out_dir)


def test_a_finding_that_cannot_be_mapped_fails(
    persons: list[Person], scanner: Scanner, tmp_path: Path, monkeypatch: Any
) -> None:
    source = tmp_path / "page.html"
    source.write_text(f"<html><body><p>{persons[0].name} 様</p></body></html>", "utf-8")
    monkeypatch.setattr(_html, "_tokens", lambda source, at, data: None)  # unlocatable nodes
    with pytest.raises(RedactionError, match="could not be mapped") as caught:
        redact_file(source, tmp_path / "out.html", scanner=scanner)
    assert caught.value.failures == ("PERSON at line 1",)
    _no_leftovers(tmp_path, "page.html")


def test_a_copy_that_does_not_read_back_as_planned_fails(
    letter: Path, scanner: Scanner, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(_text, "encode_like", lambda data, codec, old, new: data)
    with pytest.raises(RedactionError, match="does not read back as planned"):
        redact_file(letter, tmp_path / "out.txt", scanner=scanner)
    _no_leftovers(tmp_path, "in")


def test_a_failure_leaves_an_existing_output_alone(
    letter: Path, scanner: Scanner, tmp_path: Path, monkeypatch: Any
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("前の版\n", encoding="utf-8")
    monkeypatch.setattr(_text, "encode_like", lambda data, codec, old, new: data)
    with pytest.raises(RedactionError):
        redact_file(letter, out, scanner=scanner)
    assert out.read_text(encoding="utf-8") == "前の版\n"
    _no_leftovers(tmp_path, "in", "out.txt")


def test_an_unscannable_input_fails(scanner: Scanner, tmp_path: Path) -> None:
    source = tmp_path / "broken.docx"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RedactionError, match="unscannable"):
        redact_file(source, tmp_path / "out.docx", scanner=scanner)
    _no_leftovers(tmp_path, "broken.docx")


@pytest.mark.parametrize(
    ("out_name", "kwargs", "message"),
    [
        ("letter.txt", {}, "must not be the input"),  # the input itself
        ("out.docx", {}, "keeps the input's format"),
        ("out.txt", {"mask": "*"}, "mask must be"),
        ("out.txt", {"types": ["NAME"]}, "unknown labels"),
    ],
)
def test_usage_errors(
    letter: Path,
    scanner: Scanner,
    out_name: str,
    kwargs: dict[str, Any],
    message: str,
) -> None:
    out = letter.parent / out_name
    with pytest.raises(ConfigurationError, match=message):
        redact_file(letter, out, scanner=scanner, **kwargs)


def test_a_copy_in_a_link_target_fails_the_html(
    persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    email = persons[0].email
    source = tmp_path / "page.html"
    source.write_text(
        f'<html><body><p>連絡先：<a href="mailto:{email}">{email}</a></p></body></html>', "utf-8"
    )
    with pytest.raises(RedactionError, match="where no mask reaches") as caught:
        redact_file(source, tmp_path / "out.html", scanner=scanner)
    assert caught.value.failures == ("EMAIL at line 1",)
    assert email not in str(caught.value)
    _no_leftovers(tmp_path, "page.html")


def test_a_copy_in_the_document_properties_fails_the_docx(
    persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    import docx

    p = persons[0]
    document = docx.Document()
    document.add_paragraph(f"氏名：{p.name} 様")
    document.add_paragraph(f"携帯電話：{p.phone}")
    document.core_properties.author = p.phone  # a value hidden in docProps/core.xml
    source = tmp_path / "letter.docx"
    document.save(str(source))
    with pytest.raises(RedactionError, match="where no mask reaches") as caught:
        redact_file(source, tmp_path / "out.docx", scanner=scanner)
    assert caught.value.failures == ("PHONE at line 2",)
    _no_leftovers(tmp_path, "letter.docx")
