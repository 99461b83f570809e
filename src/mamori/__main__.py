"""`python -m mamori …` is the same as the `mamori` command."""

from mamori.cli import main

raise SystemExit(main())
