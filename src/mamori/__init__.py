"""mamori (守り): keeps a Japanese municipality's residents' personal data from leaking.

This is the library: detection (`mamori.pii`), fictitious data (`mamori.synth`) and the
audit-log engine (`mamori.audit`), plus the command line (`mamori.cli`). It never imports
Django; the web application (`mamori_web`) uses it only through its public API.
"""

from mamori._exceptions import ConfigurationError, InputError, MamoriError
from mamori.jpdate import FiscalYear, fiscal_year_of, to_wareki

__all__ = [
    "ConfigurationError",
    "FiscalYear",
    "InputError",
    "MamoriError",
    "__version__",
    "fiscal_year_of",
    "to_wareki",
]

__version__ = "0.1.0"
