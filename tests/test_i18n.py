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


def test_a_counted_word_agrees_with_its_count() -> None:
    assert t("home.reloaded", "en", decks=1) == "Reloaded 1 deck"
    assert t("home.reloaded", "en", decks=2) == "Reloaded 2 decks"
    assert t("home.reloaded", "en", decks=0) == "Reloaded 0 decks"
    assert t("home.reloaded", "zh", decks=1) == "已重新加载 1 个卡组"
    assert t("stats.totals", "both", total=1, today=1, due=0, retention="—", streak=1).startswith(
        "Reviews: 1 in all, 1 today · Due today: 0 · Retention (30 days): — · Streak: 1 day\n"
    )
    summary = t("decks.validate.summary", "en", decks=1, cards=1, errors=0, warnings=2)
    assert summary == "1 deck, 1 card, 0 errors, 2 warnings"


def test_no_english_count_is_followed_by_a_bare_plural() -> None:
    """'{n} days' reads '1 days' when n is 1: a counted noun names both forms."""
    import re

    nouns = "days|decks|cards|notes|errors|warnings|reviews|problems|entries"
    bare = re.compile(r"\{(\w+)\} (?:stored )?(" + nouns + r")\b")
    assert [key for key, entry in CATALOG.items() if bare.search(entry["en"])] == []
