"""The string catalog is complete in both languages and its placeholders agree."""

import string

import pytest

from quizapp.i18n import CATALOG, pick, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_key_has_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = CATALOG[key]
    assert entry.get("en", "").strip(), f"{key} lacks English"
    assert entry.get("zh", "").strip(), f"{key} lacks Chinese"
    assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_both_shows_english_then_chinese() -> None:
    assert t("cli.error", "both", message="x") == "Error: x\n错误：x"


def test_pick_falls_back_to_the_language_a_custom_deck_has() -> None:
    assert pick({"en": "only English"}, "zh") == "only English"
    assert pick({"zh": "只有中文"}, "en") == "只有中文"
    assert pick({"en": "a", "zh": "乙"}, "both") == "a\n乙"


def test_the_chinese_catalog_uses_the_glossary_terms() -> None:
    from quizapp.glossary import misuses

    found = [
        f"{key}: {misuse}" for key, entry in CATALOG.items() for misuse in misuses(entry["zh"])
    ]
    assert found == []
