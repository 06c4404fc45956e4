"""The learner's settings: one TOML file, validated key by key.

A bad value never stops the app: it falls back to the default and a warning names the
key. A file that cannot be parsed at all gives every default and one warning, and is
left exactly as it is (the learner may want to fix it by hand). The keys are documented
in ``docs/config.md``.

Reading uses :mod:`tomllib`; writing uses the small writer below (the file holds only
flat keys and one table per deck), so no extra dependency is needed.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from quizapp.errors import QuizappError
from quizapp.i18n import LANGS, Lang, t

RatingMode = Literal["fsrs4", "pass_fail"]
LeechAction = Literal["suspend", "tag"]
RATING_MODES: tuple[RatingMode, ...] = ("fsrs4", "pass_fail")
LEECH_ACTIONS: tuple[LeechAction, ...] = ("suspend", "tag")
#: Daily limits above this are surely a typo (Anki's own maximum is 9999).
MAX_DAILY_LIMIT = 9999
#: The table holding per-deck limits: ``[decks."deck-id"]``.
DECKS_TABLE = "decks"
#: A warning to show the learner: ``{"en": ..., "zh": ...}``.
Warning = dict[str, str]


@dataclass(frozen=True)
class DeckLimits:
    """One deck's daily limits from the settings file (None: not set there)."""

    new_per_day: int | None = None
    reviews_per_day: int | None = None


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default.

    Attributes:
        language: interface language, ``en``, ``zh`` or ``both``.
        theme: the name of the interface theme.
        new_per_day: new cards introduced per deck per study day (also the overall cap).
        reviews_per_day: review cards shown per deck per study day (also the overall cap).
        desired_retention: the recall probability FSRS schedules for, 0.70 to 0.97.
        day_start_hour: the local hour (0-23) at which a new study day begins.
        rating_mode: ``fsrs4`` (Again/Hard/Good/Easy from an auto-graded answer) or
            ``pass_fail`` (Again or Good only).
        leech_threshold: lapses after which a card is a leech.
        leech_action: ``suspend`` (tag and suspend the leech) or ``tag`` (tag only).
        drill_moves_schedule: whether reviews in a drill change the schedule.
        fuzz: spread review intervals slightly so cards learnt together drift apart.
        load_balance: within that spread, pick the day with the fewest cards already due.
        deck_limits: per-deck limits from ``[decks."id"]`` tables; they win over the
            deck file's own limits, which win over the global ones.
    """

    language: Lang = "both"
    theme: str = "dark"
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9
    day_start_hour: int = 4
    rating_mode: RatingMode = "fsrs4"
    leech_threshold: int = 8
    leech_action: LeechAction = "suspend"
    drill_moves_schedule: bool = False
    fuzz: bool = True
    load_balance: bool = True
    deck_limits: Mapping[str, DeckLimits] = field(default_factory=dict, hash=False)

    def new_limit(self, deck_id: str, deck_default: int | None = None) -> int:
        """Return the daily new-card limit of ``deck_id``.

        Args:
            deck_id: the deck.
            deck_default: the limit the deck file sets, if any.
        """
        override = self.deck_limits.get(deck_id)
        if override is not None and override.new_per_day is not None:
            return override.new_per_day
        return self.new_per_day if deck_default is None else deck_default

    def review_limit(self, deck_id: str, deck_default: int | None = None) -> int:
        """Return the daily review limit of ``deck_id`` (same precedence as :meth:`new_limit`)."""
        override = self.deck_limits.get(deck_id)
        if override is not None and override.reviews_per_day is not None:
            return override.reviews_per_day
        return self.reviews_per_day if deck_default is None else deck_default


DEFAULTS = Settings()

# --- validation ------------------------------------------------------------------------
# A check returns None when the value is fine, else (catalog key of the reason, its values).
Check = Callable[[Any], tuple[str, dict[str, object]] | None]


def _choice(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> tuple[str, dict[str, object]] | None:
        if isinstance(value, str) and value in choices:
            return None
        return "config.reason.choice", {"choices": ", ".join(choices)}

    return check


def _whole(low: int, high: int) -> Check:
    def check(value: Any) -> tuple[str, dict[str, object]] | None:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return None
        return "config.reason.whole", {"low": low, "high": high}

    return check


def _number(low: float, high: float) -> Check:
    def check(value: Any) -> tuple[str, dict[str, object]] | None:
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and low <= value <= high
        ):
            return None
        return "config.reason.number", {"low": low, "high": high}

    return check


def _flag(value: Any) -> tuple[str, dict[str, object]] | None:
    return None if isinstance(value, bool) else ("config.reason.flag", {})


def _name(value: Any) -> tuple[str, dict[str, object]] | None:
    if isinstance(value, str) and value.strip() and len(value) <= 64:
        return None
    return "config.reason.name", {}


CHECKS: dict[str, Check] = {
    "language": _choice(LANGS),
    "theme": _name,
    "new_per_day": _whole(0, MAX_DAILY_LIMIT),
    "reviews_per_day": _whole(0, MAX_DAILY_LIMIT),
    "desired_retention": _number(0.70, 0.97),
    "day_start_hour": _whole(0, 23),
    "rating_mode": _choice(RATING_MODES),
    "leech_threshold": _whole(1, 99),
    "leech_action": _choice(LEECH_ACTIONS),
    "drill_moves_schedule": _flag,
    "fuzz": _flag,
    "load_balance": _flag,
}
DECK_LIMIT_KEYS = ("new_per_day", "reviews_per_day")


def _warning(catalog_key: str, /, **values: object) -> Warning:
    return {lang: t(catalog_key, lang, **values) for lang in ("en", "zh")}


def _bad_value(
    key: str, value: Any, default: Any, reason: tuple[str, dict[str, object]]
) -> Warning:
    reason_key, reason_values = reason
    return {
        lang: t(
            "config.bad_value",
            lang,
            key=key,
            value=_toml_value(value) if _is_writable(value) else repr(value),
            default=_toml_value(default),
            reason=t(reason_key, lang, **reason_values),
        )
        for lang in ("en", "zh")
    }


def _deck_limits(raw: Any, path: Path, warnings: list[Warning]) -> dict[str, DeckLimits]:
    if not isinstance(raw, dict):
        warnings.append(_warning("config.bad_table", key=DECKS_TABLE, path=str(path)))
        return {}
    limits: dict[str, DeckLimits] = {}
    check = _whole(0, MAX_DAILY_LIMIT)
    for deck_id, table in raw.items():
        if not isinstance(table, dict):
            warnings.append(
                _warning("config.bad_table", key=f"{DECKS_TABLE}.{deck_id}", path=str(path))
            )
            continue
        values: dict[str, int] = {}
        for key, value in table.items():
            full_key = f"{DECKS_TABLE}.{deck_id}.{key}"
            if key not in DECK_LIMIT_KEYS:
                warnings.append(_warning("config.unknown_key", key=full_key, path=str(path)))
                continue
            problem = check(value)
            if problem is not None:
                default = getattr(DEFAULTS, key)
                warnings.append(_bad_value(full_key, value, default, problem))
                continue
            values[key] = value
        limits[str(deck_id)] = DeckLimits(**values)
    return limits


def parse_settings(raw: Mapping[str, Any], path: Path) -> tuple[Settings, list[Warning]]:
    """Validate parsed TOML into Settings; each bad key falls back to its default.

    Args:
        raw: the parsed file.
        path: where it came from (named in warnings).

    Returns:
        The settings and one warning per key that was ignored or replaced.
    """
    warnings: list[Warning] = []
    chosen: dict[str, Any] = {}
    for key, value in raw.items():
        if key == DECKS_TABLE:
            chosen["deck_limits"] = _deck_limits(value, path, warnings)
            continue
        check = CHECKS.get(key)
        if check is None:
            warnings.append(_warning("config.unknown_key", key=key, path=str(path)))
            continue
        problem = check(value)
        if problem is not None:
            warnings.append(_bad_value(key, value, getattr(DEFAULTS, key), problem))
            continue
        chosen[key] = float(value) if key == "desired_retention" else value
    return Settings(**chosen), warnings


def load_settings(path: Path) -> tuple[Settings, list[Warning]]:
    """Read the settings file; never fails.

    Args:
        path: the settings file (see :func:`quizapp.paths.config_path`). A missing file
            gives the defaults without a warning.

    Returns:
        The settings and the warnings to show the learner ({"en", "zh"} each). A file
        that cannot be read or parsed gives all defaults and is left untouched.
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        return Settings(), [_warning("config.unreadable", path=str(path), detail=error.strerror)]
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(), [_warning("config.unreadable", path=str(path), detail=str(error))]
    return parse_settings(raw, Path(path))


# --- writing -----------------------------------------------------------------------------


def _is_writable(value: Any) -> bool:
    return isinstance(value, bool | int | str) or (
        isinstance(value, float) and math.isfinite(value)
    )


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    # A JSON string with non-ASCII kept is a valid TOML basic string.
    return json.dumps(str(value), ensure_ascii=False)


def settings_to_toml(settings: Settings) -> str:
    """Return ``settings`` as the text of a settings file (every key, defaults included)."""
    lines = ["# quizapp settings; every key is described in docs/config.md", ""]
    for item in fields(Settings):
        if item.name == "deck_limits":
            continue
        lines.append(f"{item.name} = {_toml_value(getattr(settings, item.name))}")
    for deck_id, limits in sorted(settings.deck_limits.items()):
        values = [(key, getattr(limits, key)) for key in DECK_LIMIT_KEYS]
        if all(value is None for _, value in values):
            continue
        lines += ["", f"[{DECKS_TABLE}.{_toml_value(deck_id)}]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in values if value is not None]
    return "\n".join(lines) + "\n"


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings file atomically (a temporary file, then a rename).

    Args:
        path: the settings file.
        settings: what to write.

    Raises:
        QuizappError: the folder cannot be created or written (read-only, disk full).
    """
    path = Path(path)
    text = settings_to_toml(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        detail = error.strerror or str(error)
        raise QuizappError(
            t("config.save_failed", "en", path=str(path), detail=detail),
            t("config.save_failed", "zh", path=str(path), detail=detail),
        ) from error
