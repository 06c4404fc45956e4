"""FSRS parameters fitted to the learner's own review log.

The fit uses ``fsrs-rs-python`` (the Rust FSRS optimizer Anki runs, as a small wheel
without PyTorch): the same 21 FSRS-6 parameters the ``fsrs`` scheduler takes. Drill
reviews (which do not move the schedule) are left out; an undone review has no row.

Each card's scheduled reviews, in order, become training items the way Anki builds
them: for every review after the first that comes on a later day than the one before,
the item is the history up to and including it (the last rating is what the model
predicts). Days are the learner's study days (``day_start_hour``).

The parameters live in the database's settings table under :data:`SETTING_KEY` with
the date they were fitted and the set they replaced, so applying can be undone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from quizapp.i18n import Lang, t
from quizapp.store import Store
from quizapp.study.days import study_day, utc

#: Where the learner's parameters are kept (the settings table of the database).
SETTING_KEY = "fsrs.parameters"
#: Fewer scheduled reviews than this give parameters no better than the defaults
#: (Anki asks for the same before it optimizes).
MIN_REVIEWS = 400
#: The training items must include at least this many with a later-day review.
MIN_ITEMS = 64


@dataclass(frozen=True)
class Review:
    """One scheduled review of a card, as the fit sees it."""

    card: tuple[str, str]
    day: int  # study-day ordinal
    rating: int


@dataclass(frozen=True)
class Evaluation:
    """How well a set of parameters predicts the reviews: lower is better for both."""

    log_loss: float
    rmse: float


@dataclass(frozen=True)
class FitReport:
    """The outcome of fitting: what was measured and whether the fit is worth applying.

    Attributes:
        reviews: scheduled reviews used (drill reviews excluded).
        items: training items built from them.
        needed: reviews still missing before a fit is possible (0 when enough).
        default: the default parameters' evaluation on the same items (None: too few).
        fitted: the fitted parameters' evaluation (None: too few).
        parameters: the fitted parameters (empty: too few).
        current: the parameters in use now and their evaluation.
    """

    reviews: int
    items: int
    needed: int
    default: Evaluation | None = None
    fitted: Evaluation | None = None
    parameters: tuple[float, ...] = ()
    current: Evaluation | None = None

    @property
    def better(self) -> bool:
        """Whether the fitted parameters predict the log better than the ones in use."""
        if self.fitted is None:
            return False
        baseline = self.current or self.default
        return baseline is not None and self.fitted.log_loss < baseline.log_loss

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form for ``quizapp optimize --json``."""
        data = asdict(self)
        data["better"] = self.better
        data["parameters"] = list(self.parameters)
        return data


def default_parameters() -> tuple[float, ...]:
    """FSRS-6's default parameters (those of the ``fsrs`` scheduler)."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(float(value) for value in DEFAULT_PARAMETERS)


def scheduled_reviews(store: Store, day_start_hour: int = 4) -> list[Review]:
    """Every review that moved the schedule, oldest first (drill reviews left out)."""
    rows = store.query(
        "SELECT deck_id, card_id, reviewed_at_ms, rating FROM review "
        "WHERE drill = 0 ORDER BY deck_id, card_id, reviewed_at_ms, id"
    )
    reviews = []
    for deck_id, card_id, at_ms, rating in rows:
        moment = datetime.fromtimestamp(at_ms / 1000, tz=UTC)
        reviews.append(
            Review((deck_id, card_id), study_day(moment, day_start_hour).toordinal(), rating)
        )
    return reviews


def histories(reviews: Iterable[Review]) -> list[list[tuple[int, int]]]:
    """The training items as ``(rating, days since the previous review)`` lists (see module doc).

    ``reviews`` come grouped by card, each card's in time order.
    """
    items: list[list[tuple[int, int]]] = []
    history: list[tuple[int, int]] = []
    last_card: tuple[str, str] | None = None
    last_day = 0
    for review in reviews:
        if review.card != last_card:
            history, last_card, last_day = [], review.card, review.day
        delta = review.day - last_day if history else 0
        history.append((review.rating, delta))
        last_day = review.day
        if len(history) > 1 and delta > 0:
            items.append(list(history))
    return items


def training_items(reviews: Iterable[Review]) -> list[Any]:
    """:func:`histories` as fsrs-rs training items."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    return [
        FSRSItem([FSRSReview(rating, delta) for rating, delta in history])
        for history in histories(reviews)
    ]


def evaluate(parameters: Sequence[float], items: Sequence[Any]) -> Evaluation:
    """Log loss and RMSE (binned) of ``parameters`` on ``items``."""
    from fsrs_rs_python import FSRS

    result = FSRS(list(parameters)).evaluate(list(items))
    return Evaluation(log_loss=float(result.log_loss), rmse=float(result.rmse_bins))


def fit(reviews: Sequence[Review], current: Sequence[float] | None = None) -> FitReport:
    """Fit parameters to ``reviews`` and evaluate them against the defaults and ``current``."""
    items = training_items(reviews)
    needed = max(0, MIN_REVIEWS - len(reviews))
    if needed or len(items) < MIN_ITEMS:
        return FitReport(len(reviews), len(items), max(needed, 1))
    from fsrs_rs_python import FSRS

    defaults = default_parameters()
    fitted = tuple(float(v) for v in FSRS(list(defaults)).compute_parameters(items))
    return FitReport(
        reviews=len(reviews),
        items=len(items),
        needed=0,
        default=evaluate(defaults, items),
        fitted=evaluate(fitted, items),
        parameters=fitted,
        current=evaluate(current, items) if current is not None else None,
    )


def stored(store: Store) -> dict[str, Any] | None:
    """The learner's stored parameters record, or None (defaults in use)."""
    record = store.get_setting(SETTING_KEY)
    if not isinstance(record, dict) or not _valid(record.get("parameters")):
        return None
    return record


def parameters_in_use(store: Store) -> tuple[float, ...] | None:
    """The learner's parameters, or None when the defaults are in use."""
    record = stored(store)
    return tuple(record["parameters"]) if record else None


def apply(store: Store, report: FitReport, now: datetime) -> dict[str, Any]:
    """Store the fitted parameters, keeping the ones they replace for :func:`undo`.

    Raises:
        ValueError: the report has no better parameters to apply.
    """
    if not report.better:
        raise ValueError("only parameters that predict the log better are applied")
    before = stored(store)
    record = {
        "parameters": list(report.parameters),
        "fitted_at": utc(now).isoformat(),
        "reviews": report.reviews,
        "log_loss": report.fitted.log_loss if report.fitted else None,
        "previous": before,
    }
    store.set_setting(SETTING_KEY, record)
    return record


def undo(store: Store) -> dict[str, Any] | None:
    """Go back to the parameters in use before the last apply; return what is now in use.

    Returns None when that was the defaults (and when nothing had been applied).
    """
    before = stored(store)
    previous = before.get("previous") if before else None
    store.set_setting(SETTING_KEY, previous)
    return previous if isinstance(previous, dict) else None


def _valid(parameters: object) -> bool:
    return (
        isinstance(parameters, list)
        and len(parameters) == len(default_parameters())
        and all(isinstance(v, int | float) and v == v for v in parameters)
    )


def _evaluation(key: str, evaluation, lang: Lang, **extra: object) -> str:
    return t(
        key, lang, log_loss=f"{evaluation.log_loss:.4f}", rmse=f"{evaluation.rmse:.2%}", **extra
    )


def describe(
    report: FitReport,
    current_record: dict[str, Any] | None,
    applied: object,
    lang: Lang,
    *,
    on_screen: bool = False,
) -> str:
    """The report as text: what was measured and what to do next.

    ``on_screen``: the next step is the settings screen's button, not the command.
    """
    lines = [t("optimize.reviews", lang, reviews=report.reviews, items=report.items)]
    if report.needed:
        lines.append(t("optimize.too_few", lang, needed=report.needed, minimum=MIN_REVIEWS))
        return "\n".join(lines)
    lines.append(_evaluation("optimize.default", report.default, lang))
    if report.current is not None and current_record:
        date = str(current_record.get("fitted_at", ""))[:10]
        lines.append(_evaluation("optimize.current", report.current, lang, date=date))
    lines.append(_evaluation("optimize.fitted", report.fitted, lang))
    if applied is not None:
        lines.append(t("optimize.applied", lang))
    elif report.better:
        lines.append(t("optimize.can_apply_button" if on_screen else "optimize.can_apply", lang))
    else:
        lines.append(t("optimize.not_better", lang))
    return "\n".join(lines)
