"""mamori.pii.sweep's public names are pinned: removing or renaming one breaks callers."""

from __future__ import annotations

import mamori.pii.sweep


def test_exported_members() -> None:
    assert mamori.pii.sweep.__all__ == sorted(mamori.pii.sweep.__all__, key=lambda n: (
        0 if n.isupper() else 1 if n[0].isupper() else 2, n))  # fmt: skip
    assert set(mamori.pii.sweep.__all__) == {
        "FORMAT", "UNKNOWN", "Department", "DepartmentEntry", "DepartmentMap", "FileEntry",
        "PageEntry", "Preview", "ScanOutcome", "Site", "SweepReport", "Totals", "mask",
        "site_from_manifest", "site_from_mirror", "sweep", "write_xlsx", "xlsx_bytes",
    }  # fmt: skip
    for name in mamori.pii.sweep.__all__:
        assert getattr(mamori.pii.sweep, name) is not None
