"""The settings file: validated key by key, bad values fall back to defaults with a warning."""

from dataclasses import fields, replace
from pathlib import Path

import pytest

from quizapp.config import DeckLimits, Settings, load_settings, save_settings
from quizapp.errors import QuizappError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_gives_the_documented_defaults_silently(tmp_path: Path) -> None:
    settings, warnings = load_settings(tmp_path / "absent.toml")
    assert warnings == []
    assert (settings.new_per_day, settings.reviews_per_day) == (20, 200)
    assert settings.desired_retention == 0.9
    assert settings.day_start_hour == 4
    assert (settings.rating_mode, settings.leech_threshold, settings.leech_action) == (
        "fsrs4",
        8,
        "suspend",
    )
    assert settings.drill_moves_schedule is False and settings.fuzz is True


def test_saving_then_loading_gives_the_same_settings(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "config.toml"
    original = Settings(
        language="zh",
        theme='light "quoted" 主题',
        new_per_day=5,
        reviews_per_day=50,
        desired_retention=0.85,
        day_start_hour=0,
        rating_mode="pass_fail",
        leech_threshold=4,
        leech_action="tag",
        drill_moves_schedule=True,
        fuzz=False,
        deck_limits={"losses": DeckLimits(new_per_day=3), "pca.v2": DeckLimits(None, 9)},
    )
    save_settings(path, original)
    loaded, warnings = load_settings(path)
    assert warnings == []
    assert loaded == original
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('language = "fr"', "language"),
        ("new_per_day = -1", "new_per_day"),
        ("new_per_day = true", "new_per_day"),
        ("reviews_per_day = 2.5", "reviews_per_day"),
        ("desired_retention = 0.5", "desired_retention"),
        ("desired_retention = 1", "desired_retention"),
        ("day_start_hour = 24", "day_start_hour"),
        ('rating_mode = "stars"', "rating_mode"),
        ("leech_threshold = 0", "leech_threshold"),
        ('leech_action = "delete"', "leech_action"),
        ('fuzz = "yes"', "fuzz"),
        ('theme = ""', "theme"),
    ],
)
def test_a_bad_value_falls_back_to_its_default_and_the_warning_names_the_key(
    tmp_path: Path, line: str, key: str
) -> None:
    settings, warnings = load_settings(_write(tmp_path, f"{line}\nnew_per_day_typo = 1\n"))
    assert getattr(settings, key) == getattr(Settings(), key)
    assert len(warnings) == 2  # the bad value and the unknown key
    assert key in warnings[0]["en"] and key in warnings[0]["zh"]
    assert "new_per_day_typo" in warnings[1]["en"]


def test_good_values_next_to_a_bad_one_are_kept(tmp_path: Path) -> None:
    settings, warnings = load_settings(
        _write(tmp_path, "new_per_day = 7\ndesired_retention = 2\nday_start_hour = 6\n")
    )
    assert (settings.new_per_day, settings.day_start_hour) == (7, 6)
    assert settings.desired_retention == 0.9
    assert len(warnings) == 1


def test_an_unparseable_file_gives_defaults_and_is_left_untouched(tmp_path: Path) -> None:
    path = _write(tmp_path, "new_per_day = = 3\n[[[")
    before = path.read_bytes()
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert len(warnings) == 1 and str(path) in warnings[0]["en"]
    assert path.read_bytes() == before


def test_bad_deck_limits_are_reported_with_their_full_key(tmp_path: Path) -> None:
    settings, warnings = load_settings(
        _write(tmp_path, '[decks.losses]\nnew_per_day = 3\nreviews_per_day = "many"\n')
    )
    assert settings.deck_limits == {"losses": DeckLimits(new_per_day=3)}
    assert ["decks.losses.reviews_per_day" in w["en"] for w in warnings] == [True]


def test_deck_limits_prefer_the_settings_file_then_the_deck_file_then_the_global_value() -> None:
    settings = Settings(new_per_day=20, deck_limits={"a": DeckLimits(new_per_day=2)})
    assert settings.new_limit("a", deck_default=10) == 2
    assert settings.new_limit("b", deck_default=10) == 10
    assert settings.new_limit("b") == 20
    assert settings.review_limit("a", deck_default=None) == 200


def test_every_setting_is_written_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_settings(path, replace(Settings(), fuzz=False))
    text = path.read_text(encoding="utf-8")
    for item in fields(Settings):
        if item.name != "deck_limits":
            assert f"\n{item.name} = " in text
    assert "fuzz = false" in text


def test_saving_into_a_folder_that_cannot_exist_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(QuizappError) as raised:
        save_settings(blocker / "config.toml", Settings())
    assert str(blocker) in raised.value.text["en"]
