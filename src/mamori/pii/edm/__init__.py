"""mamori.pii.edm: exact data matching (EDM) against the resident register.

The register's values are stored only as keyed fingerprints (HMAC-SHA256 under a secret
key kept apart from the index); a document region holding a primary field (name, My
Number, phone) and a corroborating field of the same record becomes a REAL_RESIDENT
finding. An index built from the synthetic generator's output can be registered as
fictitious: a document whose personal data all match it is a known fictitious example.

    from mamori.pii import Registry, Scanner
    from mamori.pii.edm import EdmMatcher, build_index, load_schema

    build_index("residents.csv", load_schema("schema.yaml"), key, "residents.edm")
    edm = EdmMatcher.open(["residents.edm"], key_file="edm.key")
    result = Scanner(Registry.from_config(), edm=edm).scan(extracted)
    result.summary.edm.real_persons            # distinct real residents in the file

The format is in ``_format``, the normalisation of each field in ``_fields``, the
matching rules in ``_match``; docs/edm.md describes them for users.
"""

from __future__ import annotations

from mamori.pii._summary import EdmSummary
from mamori.pii.edm._build import BuildReport, build_index, update_index
from mamori.pii.edm._fields import CORROBORATING, FIELDS, PRIMARY, normalize_field
from mamori.pii.edm._format import FORMAT_VERSION, EdmIndex
from mamori.pii.edm._match import DEFAULT_KEY_ENV_VAR, DETECTOR_ID, EdmMatcher, RealMatch
from mamori.pii.edm._schema import Schema, load_schema

__all__ = [
    "CORROBORATING",
    "DEFAULT_KEY_ENV_VAR",
    "DETECTOR_ID",
    "FIELDS",
    "FORMAT_VERSION",
    "PRIMARY",
    "BuildReport",
    "EdmIndex",
    "EdmMatcher",
    "EdmSummary",
    "RealMatch",
    "Schema",
    "build_index",
    "load_schema",
    "normalize_field",
    "update_index",
]
