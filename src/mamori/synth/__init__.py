"""Fictitious residents, labelled documents and consistent pseudonymisation.

Cities must never test systems or write manuals with real residents' data (市川市 2008,
東村山市 2010). This package gives them realistic fictitious data instead:

- `ResidentGenerator` / `generate_residents` / `write_residents`: households of
  fictitious residents with matching kana readings, real town + postal code, and
  recognisably fictitious block numbers, phones and e-mail (docs/synth.md);
- `generate_corpus`: labelled documents of the kinds a city publishes, with gold
  annotations in the offsets of spec/pii.md (docs/corpus.md);
- `Pseudonymizer` / `pseudonymize_files`: real values to consistent fictitious stand-ins
  under a secret key, for migration tests (docs/pseudonymize.md).
"""

from mamori.synth._addresses import AddressPool, Town, is_fictitious_block, is_fictitious_building
from mamori.synth._corpus import CorpusFile, CorpusSummary, GoldAnnotation, generate_corpus
from mamori.synth._identifiers import IdentifierFactory, is_fictitious_phone
from mamori.synth._model import Address, Household, Person
from mamori.synth._names import NamePools, WeightedPool
from mamori.synth._pseudonymize import (
    ColumnSpec,
    Pseudonymizer,
    PseudonymizeReport,
    parse_columns,
    pseudonymize_files,
)
from mamori.synth._residents import DEFAULT_AS_OF, ResidentGenerator, generate_residents
from mamori.synth._writers import COLUMNS, write_residents

__all__ = [
    "COLUMNS",
    "DEFAULT_AS_OF",
    "Address",
    "AddressPool",
    "ColumnSpec",
    "CorpusFile",
    "CorpusSummary",
    "GoldAnnotation",
    "Household",
    "IdentifierFactory",
    "NamePools",
    "Person",
    "PseudonymizeReport",
    "Pseudonymizer",
    "ResidentGenerator",
    "Town",
    "WeightedPool",
    "generate_corpus",
    "generate_residents",
    "is_fictitious_block",
    "is_fictitious_building",
    "is_fictitious_phone",
    "parse_columns",
    "pseudonymize_files",
    "write_residents",
]
