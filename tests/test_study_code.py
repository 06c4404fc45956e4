"""Code cards in a sitting (no screen): the draft, the runs, the proposed rating and the
recorded review, with its mistake counted under the task's id."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.code import tasks
from engine.code.task import as_learner_file
from quizapp.decks.model import CardKey
from quizapp.library import Library
from quizapp.study.sitting import code_rating

DECK = Path(__file__).parent / "fixtures" / "code_deck.yaml"
KEY = CardKey("code-practice", "huber.implement")
HUBER = tasks.get("code.huber")
SUM = next(v for v in HUBER.mistakes if v.id == "sum_instead_of_mean")


@pytest.mark.parametrize(
    ("passed", "failed_runs", "hint_used", "rating"),
    [
        (True, 0, False, 3),  # pass on the first run: Good
        (True, 2, False, 2),  # pass after failures: Hard
        (True, 0, True, 2),  # pass with the hint: Hard
        (False, 1, False, 1),  # fail: Again
        (False, 3, True, 1),
    ],
)
def test_the_rating_a_code_card_proposes(
    passed: bool, failed_runs: int, hint_used: bool, rating: int
) -> None:
    assert code_rating(passed=passed, failed_runs=failed_runs, hint_used=hint_used) == rating


def _library(tmp_path: Path) -> Library:
    return Library.open(data_dir=tmp_path / "data", deck_paths=[DECK], include_bundled=False)


def test_a_code_card_from_starter_to_recorded_review(tmp_path: Path) -> None:
    library = _library(tmp_path)
    try:
        sitting = library.new_sitting(None)
        assert sitting.current is not None and sitting.current.code
        assert sitting.draft("zh") == HUBER.starter("zh")
        assert sitting.current.hint == HUBER.hint
        assert sitting.code_rating is None
        wrong = as_learner_file(SUM.functions[0], "huber")
        report = sitting.run_code(wrong)
        assert report.mistake == "sum_instead_of_mean" and sitting.code_rating == 1
        assert library.store.get_draft(KEY) == wrong  # the run saved what it ran
        assert library.store.reviews_of(KEY) == []
        assert sitting.run_code(HUBER.solution_source()).status == "passed"
        assert sitting.code_rating == 2
        sitting.rate_code(2)
        [review] = library.store.reviews_of(KEY)
        assert (review.rating, review.correct, review.family) == (2, True, "code.huber")
        assert library.store.get_draft(KEY) is None
    finally:
        library.close()


def test_a_missed_code_card_counts_its_mistake_per_task(tmp_path: Path) -> None:
    library = _library(tmp_path)
    try:
        sitting = library.new_sitting(None)
        sitting.run_code(as_learner_file(SUM.functions[0], "huber"))
        sitting.rate_code(1)
        data = library.stats()
        [mistake] = data["mistakes"]
        assert (mistake["family"], mistake["mistake"]) == ("code.huber", "sum_instead_of_mean")
        assert mistake["feedback"] == SUM.feedback
        assert {"family": "code.huber", "attempts": 1, "correct": 0, "accuracy": 0.0} in data[
            "families"
        ]
    finally:
        library.close()


def test_a_draft_survives_closing_the_database(tmp_path: Path) -> None:
    library = _library(tmp_path)
    library.new_sitting(None).save_draft("def huber(y, yhat, delta=1.0):\n    return 0.0\n")
    library.close()
    library = _library(tmp_path)
    try:
        assert library.new_sitting(None).draft("en").endswith("return 0.0\n")
    finally:
        library.close()


def test_a_code_card_is_drilled_like_any_other(tmp_path: Path) -> None:
    library = _library(tmp_path)
    try:
        sitting = library.new_sitting(None)
        sitting.run_code(as_learner_file(SUM.functions[0], "huber"))
        sitting.rate_code(1)
        drill = library.new_drill(deck_id="code-practice")
        assert drill.current is not None and drill.current.code and drill.drill
        assert drill.run_code(HUBER.solution_source()).status == "passed"
        assert drill.code_rating == 3
        drill.rate_code(3)
        reviews = library.store.reviews_of(KEY)
        assert [review.rating for review in reviews] == [1, 3] and reviews[-1].drill
    finally:
        library.close()
