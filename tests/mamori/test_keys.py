"""Secret keys from files and the environment."""

from __future__ import annotations

import os
import stat

import pytest

from mamori._exceptions import ConfigurationError
from mamori._keys import generate_key_file, load_key


def test_generate_and_load(tmp_path) -> None:
    path = generate_key_file(tmp_path / "k")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = load_key(path)
    assert len(key) == 32
    assert path.read_text().strip() == key.hex()


def test_generate_never_overwrites(tmp_path) -> None:
    path = generate_key_file(tmp_path / "k")
    before = path.read_bytes()
    with pytest.raises(ConfigurationError, match="never overwritten"):
        generate_key_file(path)
    assert path.read_bytes() == before


def test_missing_file_says_how_to_create_one(tmp_path) -> None:
    with pytest.raises(ConfigurationError, match=r"mamori synth keygen -o .*nope"):
        load_key(tmp_path / "nope")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX only")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_file_others_may_read_is_refused(tmp_path, mode: int) -> None:
    path = generate_key_file(tmp_path / "k")
    path.chmod(mode)
    with pytest.raises(ConfigurationError, match=f"chmod 600 {path}") as info:
        load_key(path)
    assert path.read_text().strip() not in str(info.value)


def test_too_short_key_refused(tmp_path) -> None:
    path = tmp_path / "k"
    path.write_text("00" * 16)
    path.chmod(0o600)
    with pytest.raises(ConfigurationError, match="16 bytes"):
        load_key(path)


def test_environment_variable(monkeypatch) -> None:
    monkeypatch.setenv("MAMORI_KEY", "ab" * 32)
    assert load_key() == bytes.fromhex("ab" * 32)
    monkeypatch.setenv("OTHER_KEY", "x" * 40)
    assert load_key(env_var="OTHER_KEY") == b"x" * 40
    monkeypatch.setenv("MAMORI_KEY", "short")
    with pytest.raises(ConfigurationError, match=r"\$MAMORI_KEY") as info:
        load_key()
    assert "short" not in str(info.value)


def test_no_key_at_all(monkeypatch) -> None:
    monkeypatch.delenv("MAMORI_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="no key given"):
        load_key()


def test_file_wins_over_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MAMORI_KEY", "ab" * 32)
    path = generate_key_file(tmp_path / "k")
    assert load_key(path) != bytes.fromhex("ab" * 32)
