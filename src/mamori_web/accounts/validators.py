"""Password rules beyond Django's: the mix of character classes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least `min_classes` of: lower-case, upper-case, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            (
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )

    def validate(self, password: str, user: Any = None) -> None:
        if self.classes(password) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least %(min)d of: lower-case letters, "
                    "upper-case letters, digits and symbols."
                ),
                code="password_too_uniform",
                params={"min": self.min_classes},
            )

    def get_help_text(self) -> str:
        return _(
            "Mix at least %(min)d of: lower-case letters, upper-case letters, digits and symbols."
        ) % {"min": self.min_classes}
