"""The library's shape: its public names, and that it never imports Django."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import mamori

LIBRARY = Path(mamori.__file__).parent


def test_exported_members() -> None:
    assert mamori.__all__ == sorted(mamori.__all__)
    assert mamori.__all__ == [
        "ConfigurationError",
        "FiscalYear",
        "InputError",
        "MamoriError",
        "__version__",
        "fiscal_year_of",
        "to_wareki",
    ]
    for name in mamori.__all__:
        assert hasattr(mamori, name)


def _all_modules() -> list[str]:
    # __main__ runs the command line when imported; it only calls mamori.cli.main.
    return sorted(
        info.name
        for info in pkgutil.walk_packages([str(LIBRARY)], prefix="mamori.")
        if info.name != "mamori.__main__"
    )


def test_no_library_module_imports_django_or_the_web_app_at_module_level() -> None:
    offenders = []
    for path in LIBRARY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only; handlers may import lazily
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in {"django", "mamori_web"}:
                    offenders.append(f"{path.relative_to(LIBRARY)}: {name}")
    assert offenders == []


def test_importing_every_library_module_loads_no_django() -> None:
    modules = _all_modules()
    assert "mamori.cli" in modules
    assert "mamori.jpdate" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'mamori_web'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
