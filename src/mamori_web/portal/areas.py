"""The areas of the mission that are not built yet, and why each one exists.

Each area answers real incidents (DESIGN.md §1). Until an area's app exists, its entry in
the navigation leads to an honest 未実装 page that says what the area will do; it never
shows invented data. When an app is built, remove its entry here and point the navigation
at the app's own URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    slug: str
    label: Promise
    purpose: Promise
    incident: Promise


PENDING_AREAS: tuple[Area, ...] = (
    Area(
        slug="takeout",
        label=_("Take-out and media"),
        purpose=_(
            "Taking data out of the office needs a two-level approval, and every export "
            "is logged. Removable media are registered with a custodian; a stick that is "
            "not registered is flagged."
        ),
        incident=_(
            "Sakai City, 2015: a staff member took the whole voter roll (about 680,000 "
            "persons) home without any approval and put it on a rented server; Amagasaki "
            "City, 2022: a sub-sub-contractor lost a USB stick with all residents' data."
        ),
    ),
    Area(
        slug="monitoring",
        label=_("Log monitoring"),
        purpose=_(
            "Operation logs are collected centrally and analysed per staff member, so "
            "that abnormal access to resident records is found early. Each manager sees "
            "only the findings of their own department."
        ),
        incident=_(
            "Nakano Ward, 2016–17: a temporary employee misused resident information from "
            "the resident-record system."
        ),
    ),
    Area(
        slug="registers",
        label=_("Registers"),
        purpose=_(
            "The registers the law and the security policy require: contractors with "
            "their certificates and renewals, re-subcontracting approvals, erasure and "
            "disposal certificates, and who may enter the server room."
        ),
        incident=_(
            "Amagasaki City, 2022: re-subcontracting was never approved and the transport "
            "rules were ignored, and nobody noticed until the USB stick was lost."
        ),
    ),
    Area(
        slug="inspections",
        label=_("Inspections"),
        purpose=_(
            "Yearly and emergency inspections of every department with checklists, "
            "answered by staff and contractors, with results such as 133 of 139 items "
            "met per department and fiscal year."
        ),
        incident=_(
            "Nakano Ward, 2016–17: after the misuse, emergency inspections of all "
            "departments were run with checklists of 21, 54 and 33 items."
        ),
    ),
    Area(
        slug="incidents",
        label=_("Incidents"),
        purpose=_(
            "An incident is handled from the first report to the report to the Personal "
            "Information Protection Commission, with the CSIRT's steps on record. "
            "Whistleblower reports are received anonymously and followed up through a "
            "random case token."
        ),
        incident=_(
            "Sakai City, 2015: the voter roll was public on a rented server for months "
            "before anyone reported it."
        ),
    ),
    Area(
        slug="training",
        label=_("Training"),
        purpose=_(
            "Training with comprehension tests for every employee, fiscal-year appointed "
            "and temporary staff and contractors included, tracked per fiscal year."
        ),
        incident=_(
            "Nakano Ward, 2016–17: the misuse by a temporary employee led to training "
            "for every employee, temporary staff included."
        ),
    ),
)

AREAS_BY_SLUG: dict[str, Area] = {a.slug: a for a in PENDING_AREAS}
