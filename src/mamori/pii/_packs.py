"""Rule packs: versioned YAML that says which detectors run, with what patterns and words.

A pack is a folder of ``*.yaml`` files read in name order (``packs/default`` ships with
mamori) or a single file. Each file may hold::

    version: 1
    thresholds: {default: 0.5, PHONE: 0.5}     # per label; "default" for the rest
    priority: [CORPORATE_NUMBER, MY_NUMBER, …]  # same span, different labels: first wins
    detectors:
      - id: jp.my_number                        # permanent; stored in findings/allowlists
        impl: my_number:MyNumberDetector        # module:Class under mamori.pii.detectors
        label: MY_NUMBER
        score: 0.8
        enabled: true
        patterns: {plain: '^9{12}$'}            # name → regular expression
        context: {words: [個人番号], negative: [整理番号], before: 24, after: 8,
                  boost: 0.1, penalty: 0.3, required: false, headers: true}
        options: {…}                            # detector-specific data

A later file (or a city's override file) changes an earlier detector by repeating its
``id`` with only the keys to change, e.g. ``{id: jp.phone, enabled: false}``.

The intended tool for this validation is pydantic; it is not a dependency of mamori, so
this module validates the ``yaml.safe_load`` result by hand with messages that name the
file, the detector and the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from mamori._exceptions import ConfigurationError
from mamori.pii._model import Label

__all__ = ["ContextSpec", "DetectorSpec", "PackConfig", "load_pack"]

PACK_VERSION = 1
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_IMPL_RE = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*$")
_LABELS = frozenset(label.value for label in Label)


@dataclass(frozen=True, slots=True)
class ContextSpec:
    """Context words near a candidate (same line) or in its column header."""

    words: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    before: int = 24
    after: int = 8
    boost: float = 0.15
    penalty: float = 0.4
    required: bool = False
    headers: bool = True


@dataclass(frozen=True, slots=True)
class DetectorSpec:
    id: str
    impl: str
    label: str
    score: float = 0.5
    enabled: bool = True
    patterns: Mapping[str, str] = field(default_factory=dict)
    context: ContextSpec = field(default_factory=ContextSpec)
    options: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""  # the file it was last set in, for messages

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    def compiled(self) -> dict[str, re.Pattern[str]]:
        return {name: re.compile(pattern) for name, pattern in self.patterns.items()}


@dataclass(frozen=True, slots=True)
class PackConfig:
    detectors: tuple[DetectorSpec, ...]
    thresholds: Mapping[str, float]
    priority: tuple[str, ...]
    sources: tuple[str, ...]

    def threshold(self, label: str) -> float:
        return self.thresholds.get(label, self.thresholds.get("default", 0.5))


class _Where:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, message: str) -> ConfigurationError:
        return ConfigurationError(f"rule pack {self.source}: {message}")


def _expect(where: _Where, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise where.fail(f"{what} must be a number, not {value!r}")
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise where.fail(f"{what} must be a {names}, not {type(value).__name__} {value!r}")
    return value


def _strings(where: _Where, value: Any, what: str) -> tuple[str, ...]:
    items = _expect(where, value, list, what)
    for item in items:
        _expect(where, item, str, f"each item of {what}")
    return tuple(items)


def _score(where: _Where, value: Any, what: str) -> float:
    number = float(_expect(where, value, (int, float), what))
    if not 0.0 <= number <= 1.0:
        raise where.fail(f"{what} must lie between 0 and 1, not {number}")
    return number


_CONTEXT_KEYS = {f.name for f in ContextSpec.__dataclass_fields__.values()}
_DETECTOR_KEYS = {"id", "impl", "label", "score", "enabled", "patterns", "context", "options"}


def _context(where: _Where, raw: Any, base: ContextSpec, what: str) -> ContextSpec:
    data = _expect(where, raw, dict, what)
    unknown = set(data) - _CONTEXT_KEYS
    if unknown:
        raise where.fail(
            f"{what} has unknown keys {sorted(unknown)}; known: {sorted(_CONTEXT_KEYS)}"
        )
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("words", "negative"):
            changes[key] = _strings(where, value, f"{what}.{key}")
        elif key in ("before", "after"):
            number = _expect(where, value, int, f"{what}.{key}")
            if number < 0:
                raise where.fail(f"{what}.{key} must not be negative")
            changes[key] = number
        elif key in ("boost", "penalty"):
            changes[key] = _score(where, value, f"{what}.{key}")
        else:
            changes[key] = _expect(where, value, bool, f"{what}.{key}")
    return replace(base, **changes)


def _detector(where: _Where, raw: Any, earlier: DetectorSpec | None, index: int) -> DetectorSpec:
    data = _expect(where, raw, dict, f"detectors[{index}]")
    ident = _expect(where, data.get("id"), str, f"detectors[{index}].id")
    what = f"detector {ident}"
    if not _ID_RE.match(ident):
        raise where.fail(f"{what}: an id is dotted lower case, like jp.my_number")
    unknown = set(data) - _DETECTOR_KEYS
    if unknown:
        raise where.fail(
            f"{what} has unknown keys {sorted(unknown)}; known: {sorted(_DETECTOR_KEYS)}"
        )
    if earlier is None:
        for key in ("impl", "label"):
            if key not in data:
                raise where.fail(f"{what} is new here and needs '{key}'")
        spec = DetectorSpec(id=ident, impl="", label="")
    else:
        spec = earlier
    changes: dict[str, Any] = {"source": where.source}
    if "impl" in data:
        impl = _expect(where, data["impl"], str, f"{what}.impl")
        if not _IMPL_RE.match(impl):
            raise where.fail(f"{what}.impl must be module:Class (under mamori.pii.detectors)")
        changes["impl"] = impl
    if "label" in data:
        label = _expect(where, data["label"], str, f"{what}.label")
        if label not in _LABELS:
            raise where.fail(f"{what}.label {label!r} is not a label of spec/pii.md")
        changes["label"] = label
    if "score" in data:
        changes["score"] = _score(where, data["score"], f"{what}.score")
    if "enabled" in data:
        changes["enabled"] = _expect(where, data["enabled"], bool, f"{what}.enabled")
    if "patterns" in data:
        patterns = _expect(where, data["patterns"], dict, f"{what}.patterns")
        for name, pattern in patterns.items():
            _expect(where, pattern, str, f"{what}.patterns.{name}")
            try:
                re.compile(pattern)
            except re.error as err:
                raise where.fail(f"{what}.patterns.{name} is not a valid regex: {err}") from err
        changes["patterns"] = dict(patterns)
    if "context" in data:
        changes["context"] = _context(where, data["context"], spec.context, f"{what}.context")
    if "options" in data:
        options = _expect(where, data["options"], dict, f"{what}.options")
        changes["options"] = {**spec.options, **options}
    return replace(spec, **changes)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            raise ConfigurationError(f"rule pack {path} holds no .yaml files")
        return files
    if path.is_file():
        return [path]
    raise ConfigurationError(f"rule pack {path} does not exist")


def load_pack(paths: Iterable[Path]) -> PackConfig:
    """Read and validate the files of one or more packs, later files overriding earlier."""
    specs: dict[str, DetectorSpec] = {}
    thresholds: dict[str, float] = {}
    priority: tuple[str, ...] = ()
    sources: list[str] = []
    for path in paths:
        for file in _files(path):
            where = _Where(str(file))
            try:
                data = yaml.safe_load(file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as err:
                raise where.fail(f"cannot be read: {err}") from err
            except yaml.YAMLError as err:
                raise where.fail(f"is not valid YAML: {err}") from err
            if data is None:
                continue
            _expect(where, data, dict, "the top level")
            unknown = set(data) - {"version", "thresholds", "priority", "detectors"}
            if unknown:
                raise where.fail(f"unknown top-level keys {sorted(unknown)}")
            version = data.get("version", PACK_VERSION)
            if version != PACK_VERSION:
                raise where.fail(
                    f"version {version!r} is not supported (this mamori reads {PACK_VERSION})"
                )
            for label, value in _expect(
                where, data.get("thresholds", {}), dict, "thresholds"
            ).items():
                if label != "default" and label not in _LABELS:
                    raise where.fail(f"thresholds: {label!r} is not a label of spec/pii.md")
                thresholds[label] = _score(where, value, f"thresholds.{label}")
            if "priority" in data:
                priority = _strings(where, data["priority"], "priority")
                bad = [label for label in priority if label not in _LABELS]
                if bad:
                    raise where.fail(f"priority names unknown labels {bad}")
            for index, raw in enumerate(
                _expect(where, data.get("detectors", []), list, "detectors")
            ):
                ident = raw.get("id") if isinstance(raw, dict) else None
                spec = _detector(
                    where, raw, specs.get(ident) if isinstance(ident, str) else None, index
                )
                specs[spec.id] = spec
            sources.append(str(file))
    return PackConfig(
        detectors=tuple(specs.values()),
        thresholds=thresholds,
        priority=priority,
        sources=tuple(sources),
    )
