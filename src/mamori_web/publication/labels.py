"""How finding types are named and coloured on screen (spec/pii.md labels)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

TYPE_LABELS: dict[str, Promise] = {
    "PERSON": pgettext_lazy("finding type", "Name"),
    "ADDRESS": pgettext_lazy("finding type", "Address"),
    "DATE_OF_BIRTH": pgettext_lazy("finding type", "Date of birth"),
    "PHONE": pgettext_lazy("finding type", "Phone number"),
    "EMAIL": pgettext_lazy("finding type", "E-mail"),
    "POSTAL_CODE": pgettext_lazy("finding type", "Postal code"),
    "MY_NUMBER": pgettext_lazy("finding type", "My Number"),
    "CORPORATE_NUMBER": pgettext_lazy("finding type", "Corporate number"),
    "RESIDENT_CODE": pgettext_lazy("finding type", "Resident record code"),
    "PENSION_NUMBER": pgettext_lazy("finding type", "Basic pension number"),
    "DRIVERS_LICENSE": pgettext_lazy("finding type", "Driver's licence number"),
    "PASSPORT": pgettext_lazy("finding type", "Passport number"),
    "HEALTH_INSURANCE": pgettext_lazy("finding type", "Health insurance number"),
    "DISABILITY_CERT": pgettext_lazy("finding type", "Disability certificate"),
    "BANK_ACCOUNT": pgettext_lazy("finding type", "Bank account"),
    "CREDIT_CARD": pgettext_lazy("finding type", "Card number"),
    "REAL_RESIDENT": pgettext_lazy("finding type", "Real resident"),
}

# A CSS class per type (colours in publication.css); the label is always written too.
TYPE_CLASSES: dict[str, str] = {t: "t-" + t.lower().replace("_", "-") for t in TYPE_LABELS}


def type_label(finding_type: str) -> str:
    label = TYPE_LABELS.get(finding_type)
    return str(label) if label is not None else finding_type


def type_class(finding_type: str) -> str:
    return TYPE_CLASSES.get(finding_type, "t-other")
