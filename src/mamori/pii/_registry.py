"""The registry: the detectors, thresholds and priorities a scan uses, built from rule packs.

``Registry.from_config()`` reads the default pack shipped in ``mamori/pii/packs/default``;
``Registry.from_config(PATH)`` reads a folder (a whole pack, replacing the default) or a
file (a city's overrides on top of the default: switch a detector off, change a score or a
word list). Registries are explicit objects passed to the ``Scanner``: no module-level
singletons, no caches.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from mamori._exceptions import ConfigurationError
from mamori.pii._context import ContextRule
from mamori.pii._document import Detector
from mamori.pii._packs import DetectorSpec, PackConfig, load_pack

__all__ = ["Registry", "default_pack_path"]

_DETECTOR_PACKAGE = "mamori.pii.detectors"


def default_pack_path() -> Path:
    """The folder of the default rule pack (package data)."""
    return Path(str(resources.files("mamori.pii.packs").joinpath("default")))


def _build(spec: DetectorSpec) -> Detector:
    module_name, _, class_name = spec.impl.partition(":")
    try:
        module = importlib.import_module(f"{_DETECTOR_PACKAGE}.{module_name}")
    except ImportError as err:
        raise ConfigurationError(
            f"detector {spec.id} ({spec.source}): cannot import "
            f"{_DETECTOR_PACKAGE}.{module_name}: {err}"
        ) from err
    cls = getattr(module, class_name, None)
    if cls is None:
        raise ConfigurationError(f"detector {spec.id} ({spec.source}): {spec.impl} does not exist")
    if getattr(cls, "detector_id", None) != spec.id:
        raise ConfigurationError(
            f"detector {spec.id} ({spec.source}): {spec.impl} is "
            f"{getattr(cls, 'detector_id', '?')!r}; a detector_id is permanent and must match"
        )
    factory = getattr(cls, "from_spec", None)
    detector = factory(spec) if factory is not None else cls()
    if not isinstance(detector, Detector):
        raise ConfigurationError(f"detector {spec.id}: {spec.impl} does not implement Detector")
    return detector


@dataclass(frozen=True)
class Registry:
    """Detectors plus the pack's thresholds, overlap priority and context rules."""

    detectors: tuple[Detector, ...]
    specs: Mapping[str, DetectorSpec]
    thresholds: Mapping[str, float] = field(default_factory=dict)
    priority: tuple[str, ...] = ()
    context: Mapping[str, ContextRule] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @classmethod
    def from_config(
        cls,
        path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
        *,
        only: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
    ) -> Registry:
        """Build from the default pack, a pack folder, or override files on the default.

        ``only`` keeps the detectors with these ids (for tests and benchmarks); ``labels``
        builds only detectors of these labels (``mamori scan --types``).
        """
        paths = [default_pack_path()]
        if path is not None:
            given = (
                [Path(path)] if isinstance(path, (str, os.PathLike)) else [Path(p) for p in path]
            )
            paths = given if len(given) == 1 and given[0].is_dir() else paths + given
        return cls.from_pack(load_pack(paths), only=only)

    @classmethod
    def from_pack(cls, pack: PackConfig, *, only: Iterable[str] | None = None) -> Registry:
        wanted = None if only is None else frozenset(only)
        specs = {
            s.id: s for s in pack.detectors if s.enabled and (wanted is None or s.id in wanted)
        }
        if wanted is not None and (missing := wanted - set(specs)):
            raise ConfigurationError(f"no enabled detectors {sorted(missing)} in the rule pack")
        detectors = tuple(_build(spec) for spec in specs.values())
        rules = {ident: ContextRule.build(spec.context) for ident, spec in specs.items()}
        return cls(
            detectors=detectors,
            specs=specs,
            thresholds=dict(pack.thresholds),
            priority=pack.priority,
            context=rules,
            sources=pack.sources,
        )

    def threshold(self, label: str) -> float:
        return self.thresholds.get(label, self.thresholds.get("default", 0.5))

    @property
    def labels(self) -> frozenset[str]:
        return (
            frozenset().union(*(d.labels for d in self.detectors))
            if self.detectors
            else frozenset()
        )
