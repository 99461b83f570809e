"""The apps' Japanese catalogues do not contradict each other.

Django merges the catalogues of all apps and the first app in INSTALLED_APPS wins for a
message id: an app that translates a generic word its own way (org: Status → 在職状況)
changes that word on every other app's pages. Such words need a context (pgettext).
"""

from __future__ import annotations

import gettext
from pathlib import Path

from django.apps import apps


def _catalogues() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for app in apps.get_app_configs():
        mo = Path(app.path) / "locale" / "ja" / "LC_MESSAGES" / "django.mo"
        if app.name.startswith("mamori_web") and mo.exists():
            with mo.open("rb") as fh:
                out[app.label] = dict(gettext.GNUTranslations(fh)._catalog)  # type: ignore[attr-defined]
    return out


def test_every_app_ships_a_compiled_catalogue() -> None:
    labels = set(_catalogues())
    assert {"org", "portal", "scanning", "publication", "api", "sweep"} <= labels


def test_no_message_id_is_translated_two_ways_without_a_context() -> None:
    seen: dict[str, tuple[str, str]] = {}
    clashes: list[str] = []
    for label, catalogue in _catalogues().items():
        for msgid, msgstr in catalogue.items():
            if not isinstance(msgid, str) or not msgid:
                continue  # plural forms and the header
            first = seen.setdefault(msgid, (label, msgstr))
            if first[1] != msgstr:
                clashes.append(f"{msgid!r}: {first[0]} {first[1]!r} vs {label} {msgstr!r}")
    assert not clashes, "give these a context (pgettext): " + "; ".join(clashes)
