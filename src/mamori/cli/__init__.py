"""The `mamori` command line.

`main(argv)` is the entry point (tests call it directly). Sub-commands are small modules
that each add a parser and a handler; the web-application commands import Django only when
they run, so the library stays free of it.
"""

from mamori.cli._main import main

__all__ = ["main"]
