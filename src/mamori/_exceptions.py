"""The library's exceptions.

One tree, so that callers can catch what they can handle::

    MamoriError                 anything the library raises on purpose
    ├── ConfigurationError      a setting, key file or rule pack is missing or wrong
    └── InputError              an input file or value cannot be used as given
        └── UnscannableError    a file cannot be read completely (reported, never "clean")

Every error says what to do about it in its message.
"""

from __future__ import annotations


class MamoriError(Exception):
    """Base class of every error mamori raises on purpose."""


class ConfigurationError(MamoriError):
    """A setting, key file or rule pack is missing or invalid."""


class InputError(MamoriError):
    """An input file or value cannot be used as given."""


class UnscannableError(InputError):
    """A file cannot be read or scanned completely; it must block publication."""
