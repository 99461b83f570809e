"""mamori.pii.edm's public names are pinned: removing or renaming one is a breaking change."""

from __future__ import annotations

import mamori.pii.edm


def test_exported_members() -> None:
    assert mamori.pii.edm.__all__ == sorted(
        mamori.pii.edm.__all__, key=lambda n: (n.isupper() is False, n[0].islower(), n)
    )
    assert set(mamori.pii.edm.__all__) == {
        "CORROBORATING", "DEFAULT_KEY_ENV_VAR", "DETECTOR_ID", "FIELDS", "FORMAT_VERSION",
        "PRIMARY", "BuildReport", "EdmIndex", "EdmMatcher", "EdmSummary", "RealMatch", "Schema",
        "build_index", "load_schema", "normalize_field", "update_index",
    }  # fmt: skip
    for name in mamori.pii.edm.__all__:
        assert getattr(mamori.pii.edm, name) is not None
