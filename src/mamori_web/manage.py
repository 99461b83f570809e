"""`mamori manage …` runs Django's management commands with mamori's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mamori_web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mamori manage", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
