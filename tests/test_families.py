"""Problem families as the learner sees them: titles in both languages, seven topics."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.problems import families
from quizapp.families import TOPICS, family_title, select_families, topic_of

ALL = families()


@pytest.mark.parametrize("family", ALL)
def test_every_family_has_a_title_in_both_languages(family: str) -> None:
    english, chinese = family_title(family, "en"), family_title(family, "zh")
    assert english != family and chinese != family
    assert english.isascii() and not chinese.isascii()
    assert family_title(family, "both") == f"{english}\n{chinese}"


def test_titles_tell_families_apart() -> None:
    for lang in ("en", "zh"):
        titles = [family_title(family, lang) for family in ALL]  # type: ignore[arg-type]
        assert len(set(titles)) == len(titles), lang


def test_titles_read_as_written() -> None:
    assert family_title("loss.huber.value", "en") == "Huber loss: value"
    assert family_title("deriv.mean_absolute_error.expression", "zh") == "平均绝对误差：导数表达式"
    assert family_title("optim.adam.step", "zh") == "Adam：一步更新"
    assert family_title("no.such.family", "zh") == "no.such.family"


def test_every_family_belongs_to_one_of_the_seven_topics() -> None:
    assert list(TOPICS) == [
        "losses",
        "derivatives",
        "clipping",
        "regularization",
        "optimizers",
        "kmeans",
        "pca",
    ]
    assert [family for family in ALL if topic_of(family) is None] == []
    assert {topic_of(family) for family in ALL} == set(TOPICS)


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("kmeans", [f for f in ALL if f.startswith("kmeans.")]),
        ("optim", [f for f in ALL if f.startswith("optim.")]),
        ("loss", [f for f in ALL if f.startswith("loss.")]),
        ("losses", [f for f in ALL if f.startswith("loss.")]),
        ("derivatives", [f for f in ALL if f.split(".")[0] in ("deriv", "activation", "backprop")]),
        ("regularization", [f for f in ALL if f.split(".")[0] in ("norm", "reg", "dropout")]),
        ("deriv.huber", ["deriv.huber.expression", "deriv.huber.value"]),
        ("pca.projection", ["pca.projection"]),
        ("PCA", [f for f in ALL if f.startswith("pca.")]),
        ("kmean", []),
        ("loss.hub", []),
    ],
)
def test_families_are_chosen_by_id_topic_or_prefix(wanted: str, expected: list[str]) -> None:
    assert select_families(wanted, ALL) == expected


def test_the_deck_format_lists_every_family() -> None:
    # Deck authors pick a generated card's family from docs/deck-format.md.
    text = (Path(__file__).parents[1] / "docs" / "deck-format.md").read_text(encoding="utf-8")
    assert [family for family in ALL if f"`{family}`" not in text] == []
