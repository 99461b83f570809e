"""Japanese phone numbers by the numbering plan (総務省 電気通信番号計画).

- fixed lines: 0 + area code + local exchange + 4-digit subscriber, 10 digits in all; the
  area code (with its 0) has 2–5 digits and its second digit is 1–9; grouped numbers must
  put the groups where the plan does (area 2–5, exchange 1–4, subscriber 4).
- mobile 070/080/090 and IP 050: 11 digits, 3-4-4.
- toll-free 0120 (10 digits, 4-3-3 or 4-2-4…) and 0800 (11 digits, 4-3-4); 0570 (10).

The project's fictitious numbers (docs/synth.md) use exchanges starting with 0 (``03-0123-4567``,
``090-0123-4567``); the plan's shape still holds, so they are detected too.
"""

from __future__ import annotations

import re

from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment
from mamori.pii.detectors._base import NumberDetector, NumberRun

_GROUPS = re.compile(r"[0-9]+")
_ELEVEN = ("070", "080", "090", "050")


def fits_plan(digits: str, groups: list[int]) -> bool:
    """Whether ``digits`` (grouped as ``groups`` lengths; one group when plain) is a number."""
    if not digits.startswith("0") or digits[1] == "0":
        return False
    if len(digits) == 11:
        if digits.startswith(_ELEVEN):
            return len(groups) == 1 or groups == [3, 4, 4]
        if digits.startswith("0800"):
            return len(groups) == 1 or groups == [4, 3, 4]
        return False
    if len(digits) != 10:
        return False
    if digits.startswith(("0120", "0570")):
        return len(groups) == 1 or groups in ([4, 3, 3], [4, 2, 4], [4, 6])
    if digits[2] == "0" and digits[1] in "5789":
        return False  # 050/070/080/090 numbers have 11 digits
    if len(groups) == 1:
        return True
    if len(groups) == 3:
        area, exchange, subscriber = groups
        return 2 <= area <= 5 and 1 <= exchange <= 4 and subscriber == 4
    if len(groups) == 2:  # (area) exchange-subscriber written as area + rest
        return 2 <= groups[0] <= 5 and groups[1] in (5, 6, 7, 8)
    return False


class PhoneDetector(NumberDetector):
    detector_id = "jp.phone"

    def accept(self, doc: ScanDocument, run: NumberRun) -> tuple[Adjustment, ...] | None:
        groups = [len(g) for g in _GROUPS.findall(run.text)]
        return () if fits_plan(run.digits, groups) else None
