"""mamori.pii's public names are pinned: removing or renaming one is a breaking change."""

from __future__ import annotations

import mamori.pii


def test_exported_members() -> None:
    # isort-style order: Classes, then functions.
    def order(name: str) -> tuple[int, str]:
        return (0 if name[0].isupper() else 1, name)

    assert mamori.pii.__all__ == sorted(mamori.pii.__all__, key=order)
    assert set(mamori.pii.__all__) == {
        "Adjustment", "Allowlist", "Candidate", "Detector", "DetectorSpec", "Explanation",
        "Extracted", "FileResult", "Finding", "Label", "Location", "NormalizedText", "Region",
        "Registry", "ScanDocument", "Scanner", "Status", "Summary", "allowlist_entry",
        "masked_preview", "normalize", "to_sarif",
    }  # fmt: skip
    for name in mamori.pii.__all__:
        assert getattr(mamori.pii, name) is not None
