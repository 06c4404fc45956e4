"""FSRS parameters fitted to the learner's own log: the fit, exclusions, apply and undo."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from synthetic_reviews import synthetic_log

from quizapp.cli import main
from quizapp.config import Settings
from quizapp.store import open_store
from quizapp.store.records import ReviewRecord
from quizapp.study import personal
from quizapp.study.scheduling import make_scheduler

START = datetime(2026, 1, 5, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def log():
    return synthetic_log(3000)


def test_the_fit_predicts_a_log_from_other_parameters_better_than_the_defaults(log):
    report = personal.fit(log.reviews)
    assert report.needed == 0 and report.better
    assert report.fitted.log_loss < report.default.log_loss
    # The parameters that made the log are the best possible predictor; the fit
    # comes closer to them than the defaults do.
    truth = personal.evaluate(log.parameters, personal.training_items(log.reviews))
    assert abs(report.fitted.log_loss - truth.log_loss) < abs(
        report.default.log_loss - truth.log_loss
    )
    assert len(report.parameters) == 21
    make_scheduler(Settings(), parameters=report.parameters)  # fsrs accepts them


def test_items_follow_anki_later_day_reviews_only():
    reviews = [
        personal.Review(("d", "a"), 10, 3),
        personal.Review(("d", "a"), 10, 1),  # same day: no prediction
        personal.Review(("d", "a"), 13, 3),
        personal.Review(("d", "b"), 11, 3),
        personal.Review(("d", "b"), 12, 4),
    ]
    assert personal.histories(reviews) == [
        [(3, 0), (1, 0), (3, 3)],
        [(3, 0), (4, 1)],
    ]


def test_too_few_reviews_says_how_many_more(tmp_path, capsys):
    reviews = synthetic_log(150).reviews
    report = personal.fit(reviews)
    assert report.needed == personal.MIN_REVIEWS - 150 and not report.better
    _store_log(tmp_path, reviews)
    assert main(["--data-dir", str(tmp_path), "--lang", "en", "optimize"]) == 0
    assert f"{personal.MIN_REVIEWS - 150} more are needed" in capsys.readouterr().out


def _store_log(folder, reviews, drill_every: int = 0):
    store = open_store(folder / "quizapp.sqlite3")
    try:
        for index, review in enumerate(reviews):
            moment = START + timedelta(days=review.day, seconds=index)
            store.record(
                ReviewRecord(
                    deck_id=review.card[0],
                    card_id=review.card[1],
                    reviewed_at=moment,
                    rating=review.rating,
                    prior_state=2,
                    drill=bool(drill_every and index % drill_every == 0),
                ),
                None,
            )
    finally:
        store.close()


def test_drill_reviews_are_left_out(tmp_path):
    reviews = synthetic_log(500).reviews
    _store_log(tmp_path, reviews, drill_every=5)
    store = open_store(tmp_path / "quizapp.sqlite3")
    try:
        read = personal.scheduled_reviews(store, day_start_hour=4)
    finally:
        store.close()
    kept = [r for i, r in enumerate(reviews) if i % 5]
    assert Counter((r.card, r.rating) for r in read) == Counter((r.card, r.rating) for r in kept)


def test_apply_only_when_better_then_undo_restores(tmp_path, log, capsys):
    _store_log(tmp_path, log.reviews)
    args = ["--data-dir", str(tmp_path), "--lang", "en", "optimize"]
    assert main([*args, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["better"] and not first["applied"] and first["in_use"] is None
    assert first["fitted"]["log_loss"] < first["default"]["log_loss"]

    assert main([*args, "--apply"]) == 0
    assert "Applied" in capsys.readouterr().out
    store = open_store(tmp_path / "quizapp.sqlite3")
    try:
        in_use = personal.parameters_in_use(store)
        assert in_use == pytest.approx(first["parameters"])
        assert personal.stored(store)["fitted_at"].startswith(str(datetime.now(UTC).year))
    finally:
        store.close()

    # Fitting again on the same log is no better than what is now in use: nothing changes.
    assert main([*args, "--apply", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert not again["applied"]

    assert main([*args, "--undo"]) == 0
    assert "default parameters" in capsys.readouterr().out
    store = open_store(tmp_path / "quizapp.sqlite3")
    try:
        assert personal.parameters_in_use(store) is None
    finally:
        store.close()


def test_damaged_stored_parameters_fall_back_to_the_defaults(tmp_path):
    store = open_store(tmp_path / "quizapp.sqlite3")
    try:
        store.set_setting(personal.SETTING_KEY, {"parameters": [1, 2, "x"]})
        assert personal.parameters_in_use(store) is None
    finally:
        store.close()


def test_a_plain_install_does_not_pull_torch():
    code = "import quizapp.study.personal, fsrs_rs_python, sys; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    import importlib.metadata

    requirements = importlib.metadata.requires("quizapp-ml") or importlib.metadata.requires(
        "quizapp"
    )
    assert not any(r.lower().startswith("torch") for r in requirements if "extra ==" not in r)
