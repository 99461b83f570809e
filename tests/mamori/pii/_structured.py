"""Shared helpers of the structured-detector tests."""

from __future__ import annotations

from mamori.pii import Registry, Scanner

STRUCTURED = (
    "jp.bank_account",
    "jp.corporate_number",
    "jp.credit_card",
    "jp.disability_cert",
    "jp.drivers_license",
    "jp.email",
    "jp.health_insurance",
    "jp.my_number",
    "jp.passport",
    "jp.pension_number",
    "jp.phone",
    "jp.postal_code",
    "jp.resident_code",
)


def structured_scanner() -> Scanner:
    return Scanner(Registry.from_config(only=STRUCTURED))


def found(scanner: Scanner, text: str) -> set[tuple[str, str]]:
    return {(f.type, text[f.start : f.end]) for f in scanner.scan_text(text)}
