"""The password policy in settings: each rule rejects on its own, a good password passes."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from mamori_web.accounts.models import User
from mamori_web.accounts.validators import CharacterClassValidator

pytestmark = pytest.mark.django_db


@pytest.fixture
def user() -> User:
    return User(username="yamada.hanako", first_name="花子", last_name="山田")


def _codes(password: str, user: User) -> set[str]:
    with pytest.raises(ValidationError) as info:
        validate_password(password, user=user)
    return {e.code for e in info.value.error_list if e.code}


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        # 11 characters, all four classes: only the length is wrong.
        pytest.param("Ab3!xyzqRst", {"password_too_short"}, id="too-short"),
        # Long and not common, but lower-case letters only.
        pytest.param("kumonosuhimawari", {"password_too_uniform"}, id="one-class"),
        # Lower-case and digits are only two classes of the three required.
        pytest.param("kumonosu2718", {"password_too_uniform"}, id="two-classes"),
        # Three classes and 12 characters, but on the common-password list.
        pytest.param("Minecraft123", {"password_too_common"}, id="common"),
        # Too close to the user name.
        pytest.param("Yamada.Hanako1", {"password_too_similar"}, id="similar"),
        # Digits only: numeric (and a single class).
        pytest.param(
            "948372615048",
            {"password_entirely_numeric", "password_too_uniform"},
            id="numeric",
        ),
    ],
)
def test_each_rule_rejects(user: User, password: str, codes: set[str]) -> None:
    assert _codes(password, user) == codes


@pytest.mark.parametrize("password", ["Tsuki-no-Usagi-77", "kumo no su 2718!", "HIMAWARI-2718x"])
def test_good_password_passes(user: User, password: str) -> None:
    validate_password(password, user=user)  # raises when refused


def test_character_classes_are_counted() -> None:
    assert CharacterClassValidator.classes("abc") == 1
    assert CharacterClassValidator.classes("abcDEF") == 2
    assert CharacterClassValidator.classes("abcDEF12") == 3
    assert CharacterClassValidator.classes("abcDEF12!") == 4
    CharacterClassValidator(min_classes=4).validate("abcDEF12!")  # raises when refused
    with pytest.raises(ValidationError):
        CharacterClassValidator(min_classes=4).validate("abcDEF123")


def test_rule_messages_are_japanese(user: User) -> None:
    with translation.override("ja"), pytest.raises(ValidationError) as info:
        validate_password("kumonosuhimawari", user=user)
    assert "3種類以上" in " ".join(info.value.messages)
    with translation.override("ja"):
        assert "3種類以上" in CharacterClassValidator().get_help_text()
