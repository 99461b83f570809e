"""Consistent pseudonymisation of real resident data (for migration tests and the like).

The public names are re-exported by :mod:`mamori.synth`; see docs/pseudonymize.md.
"""

from mamori.synth._pseudonymize._columns import ColumnSpec, Kind, parse_columns
from mamori.synth._pseudonymize._core import Pseudonymizer
from mamori.synth._pseudonymize._files import PseudonymizeReport, pseudonymize_files
from mamori.synth._pseudonymize._identity import InvalidValue
from mamori.synth._pseudonymize._pools import Pools
from mamori.synth._pseudonymize._render import AddressPseudonym, PersonPseudonym

__all__ = [
    "AddressPseudonym",
    "ColumnSpec",
    "InvalidValue",
    "Kind",
    "PersonPseudonym",
    "Pools",
    "PseudonymizeReport",
    "Pseudonymizer",
    "parse_columns",
    "pseudonymize_files",
]
