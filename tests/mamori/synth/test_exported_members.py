"""mamori.synth's public names are pinned: removing or renaming one is a breaking change."""

from __future__ import annotations

import mamori.synth


def test_exported_members() -> None:
    # isort-style order: CONSTANTS, then Classes, then functions.
    def order(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert mamori.synth.__all__ == sorted(mamori.synth.__all__, key=order)
    assert set(mamori.synth.__all__) == {
        "COLUMNS", "DEFAULT_AS_OF", "Address", "AddressPool", "ColumnSpec", "CorpusFile",
        "CorpusSummary", "GoldAnnotation", "Household", "IdentifierFactory", "NamePools",
        "Person", "PseudonymizeReport", "Pseudonymizer", "ResidentGenerator", "Town",
        "WeightedPool", "generate_corpus", "generate_residents", "is_fictitious_block",
        "is_fictitious_building", "is_fictitious_phone", "parse_columns",
        "pseudonymize_files", "write_residents",
    }  # fmt: skip
    for name in mamori.synth.__all__:
        assert getattr(mamori.synth, name) is not None
