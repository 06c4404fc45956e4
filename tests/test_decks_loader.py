"""Well-formed decks load into the model dataclasses; the rules of the format hold."""

import gc
from pathlib import Path

import pytest

from quizapp.decks import Card, Formula, Option, ParamSpec, load_deck_text, load_decks

GOOD = r"""
# yaml-language-server: $schema=deck.schema.json
deck:
  id: losses
  title: {en: Loss functions, zh: 损失函数}
  description: {en: "The common losses."}
  tags: [losses]
  new_per_day: 5
cards:
  - id: mse.definition
    kind: flashcard
    tags: [mse, regression]
    prompt: {en: "What is MSE?", zh: "什么是 MSE？"}
    answer: {en: 'The mean of $(y-\hat{y})^2$'}
    formula:
      latex: '\frac{1}{n}\sum_{i=1}^{n}(y_i-\hat{y}_i)^2'
      engine: loss.mean_squared_error
      check: '(y - yhat)^2'
    target_seconds: 30
  - id: robust
    kind: choice
    prompt: {en: "Which losses are robust to outliers?"}
    options:
      - {en: Huber, correct: true}
      - {en: MAE, correct: true}
      - {en: No, correct: false}
  - id: mse.value
    kind: numeric
    prompt: {en: "MSE of y = [1, 2], ŷ = [1, 4]?"}
    value: 2.0
    tolerance: {abs: 1e-6}
  - id: pc
    kind: numeric
    prompt: {en: "First principal component?"}
    value: [0.6, 0.8]
    sign_invariant: true
  - id: mse.grad
    kind: expression
    prompt: {en: "d/dŷ of (y - ŷ)^2?"}
    value: '2*(yhat - y)'
    variables: [y, yhat]
  - id: huber.gen
    kind: generated
    prompt: {en: "Compute a Huber loss"}
    family: loss.huber.value
  - id: sgd.step
    kind: template
    params:
      lr: {range: [0.01, 0.1], step: 0.01}
      g: {choices: [0.5, 1.0, 2.0]}
      n: {range: [1, 3]}
    prompt: {en: "One SGD step with learning rate {lr} from θ = {n} and gradient {g}: θ' = ?"}
    value: 'n - lr*g'
    tolerance: {rel: 0.01}
"""


def _load(text: str, **kwargs):
    return load_deck_text(text, name="deck.yaml", **kwargs)


def test_a_deck_of_every_kind_loads_into_the_model() -> None:
    result = _load(GOOD)
    assert result.problems == ()
    (deck,) = result.decks
    assert (deck.id, deck.title, deck.description, deck.tags, deck.new_per_day) == (
        "losses",
        {"en": "Loss functions", "zh": "损失函数"},
        {"en": "The common losses."},
        ("losses",),
        5,
    )
    cards = {card.id: card for card in deck.cards}
    assert [card.kind for card in deck.cards] == [
        "flashcard",
        "choice",
        "numeric",
        "numeric",
        "expression",
        "generated",
        "template",
    ]
    mse = cards["mse.definition"]
    assert mse.tags == ("mse", "regression", "losses")  # the deck's tags are added
    assert mse.formula == Formula(
        r"\frac{1}{n}\sum_{i=1}^{n}(y_i-\hat{y}_i)^2", "loss.mean_squared_error", "(y - yhat)^2"
    )
    assert mse.target_seconds == 30 and mse.key == ("losses", "mse.definition")
    assert mse.source is not None and mse.source.line == 10
    # YAML 1.2 rules: `No` stays text, `1e-6` is a number.
    assert cards["robust"].options[2] == Option({"en": "No"}, False)
    assert cards["mse.value"].tolerance == {"abs": 1e-6}
    assert cards["pc"].value == [0.6, 0.8] and cards["pc"].sign_invariant
    assert cards["mse.grad"].variables == ("y", "yhat")
    assert cards["huber.gen"].family == "loss.huber.value" and cards["huber.gen"].params == {}
    assert cards["sgd.step"].params == {
        "lr": ParamSpec(low=0.01, high=0.1, step=0.01),
        "g": ParamSpec(choices=(0.5, 1.0, 2.0)),
        "n": ParamSpec(low=1, high=3, step=1),
    }


def test_a_user_deck_needs_one_language_a_bundled_deck_both() -> None:
    assert _load(GOOD).errors == ()
    bundled = _load(GOOD, bundled=True)
    assert bundled.decks == ()  # the deck title is bilingual, but its description is not
    missing = {(p.card_id, p.key) for p in bundled.errors}
    assert (None, "decks.text.bundled_needs_both") in missing
    assert ("robust", "decks.text.bundled_needs_both") in missing


def _one_card(card: str) -> str:
    return "deck: {id: d, title: {en: D}}\ncards:\n" + card


@pytest.mark.parametrize(
    ("card", "key"),
    [
        (
            "  - {id: a, kind: choice, prompt: {en: q}, options: [{en: x, correct: false},"
            " {en: y, correct: false}]}",
            "decks.choice.none_correct",
        ),
        (
            "  - {id: a, kind: choice, prompt: {en: q}, options: [{en: x, correct: true}]}",
            "decks.choice.option_count",
        ),
        (
            "  - {id: a, kind: numeric, prompt: {en: q}, value: [[1, 2], [3]]}",
            "decks.numeric.ragged",
        ),
        (
            "  - {id: a, kind: numeric, prompt: {en: q}, value: 1, options: []}",
            "decks.card.field_not_for_kind",
        ),
        ("  - {id: A B, kind: flashcard, prompt: {en: q}, answer: {en: a}}", "decks.card.bad_id"),
        ("  - {id: a, kind: flashcard, prompt: {fr: q}, answer: {en: a}}", "decks.unknown_key"),
        ("  - {id: a, kind: flashcard, prompt: {en: ''}, answer: {en: a}}", "decks.empty_text"),
        (
            "  - {id: a, kind: expression, prompt: {en: q}, value: '2*(yhat - y)', variables: [y]}",
            "decks.expression.bad",
        ),
        (
            "  - {id: a, kind: template, prompt: {en: '{lr}'}, value: 'lr', params: {lr: {range:"
            " [0.1, 0.5]}}}",
            "decks.template.needs_step",
        ),
        (
            "  - {id: a, kind: template, prompt: {en: '{x}'}, value: '1/x', params: {x: {range:"
            " [0, 2]}}}",
            "decks.template.not_finite",
        ),
        (
            "  - {id: a, kind: template, prompt: {en: 'q'}, value: 'e',"
            " params: {e: {range: [0, 2]}}}",
            "decks.template.reserved_name",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: loss.nope}}",
            "decks.formula.unknown_engine",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " example: {args: {g: [3, 4], clipnorm: 1}, expect: [0.6, 0.8]}}}",
            "decks.formula.example_needs_engine",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clipping.clip_by_norm, example: {args: {g: [3, 4], clipnorm: 1}}}}",
            "decks.missing_key",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clipping.clip_by_norm, example: {args: [3, 4], expect: 1}}}",
            "decks.not_mapping",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clipping.clip_by_norm, example: {args: {g: [3, 4], clipnorm: true},"
            " expect: [0.6, 0.8]}}}",
            "decks.formula.bad_example_arg",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clipping.clip_by_norm, example: {args: {g: [3, 4], clipnorm: 1},"
            " expect: [0.6, x]}}}",
            "decks.formula.bad_example_expect",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clipping.clip_by_norm, example: {args: {g: [], clipnorm: 1}, expect: 1}}}",
            "decks.formula.bad_example_arg",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clipping.clip_by_norm, example: {args: {g: [3, 4], clipnorm: 1},"
            " expect: {0bad: 1}}}}",
            "decks.bad_variable",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clip_by_norm, example: {args: {g: [3, 4], clipnorm: 1},"
            " expect: [0.6, 0.8]}}}",
            "decks.formula.bad_engine_function",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clipping.clip_by_nrom, example: {args: {g: [3, 4], clipnorm: 1},"
            " expect: [0.6, 0.8]}}}",
            "decks.formula.unknown_function",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: clipping.clip_by_norm, example: {args: {g: [3, 4], c: 1},"
            " expect: [0.6, 0.8]}}}",
            "decks.formula.example_args",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: optim.newton_step, example: {args: {expr: 'theta^^2', variables: [theta],"
            " point: [3]}, expect: [1]}}}",
            "decks.expression.bad",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: pca.covariance}}",
            "decks.formula.needs_example",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, formula: {latex: x,"
            " engine: optim.sgd, check: 'theta - lr*g', example: {args: {theta: 1}, expect: 1}}}",
            "decks.formula.check_and_example",
        ),
        (
            "  - {id: a, kind: flashcard, prompt: {en: q}, answer: {en: a}, target_seconds: 0}",
            "decks.not_positive",
        ),
        ("  - {id: a, kind: numeric, prompt: {en: q}, value: true}", "decks.not_number"),
        (
            "  - {id: a, kind: numeric, prompt: {en: q}, value: 1, tolerance: {}}",
            "decks.tolerance.empty",
        ),
        ("  - just text", "decks.card.not_mapping"),
    ],
)
def test_each_rule_gives_its_error_and_skips_only_that_card(card: str, key: str) -> None:
    result = _load(
        _one_card(card + "\n  - {id: ok, kind: flashcard, prompt: {en: q}, answer: {en: a}}\n")
    )
    assert key in [problem.key for problem in result.errors]
    assert all(problem.skipped == "card" for problem in result.errors)
    assert [card.id for card in result.decks[0].cards] == ["ok"]


def test_stray_latex_outside_dollars_is_a_warning_not_an_error() -> None:
    result = _load(
        _one_card(
            r"  - {id: a, kind: flashcard, prompt: {en: 'the \hat{y} here'}, answer: {en: '$x'}}"
        )
    )
    assert [p.key for p in result.warnings] == [
        "decks.text.backslash_outside_math",
        "decks.text.unbalanced_dollar",
    ]
    assert len(result.decks[0].cards) == 1


def test_an_empty_deck_loads_with_a_warning() -> None:
    result = _load("deck: {id: d, title: {en: D}}\ncards: []\n")
    assert result.decks[0].cards == () and [p.key for p in result.warnings] == ["decks.cards.empty"]


def test_load_decks_reads_folders_skips_duplicate_deck_ids_and_reports_missing_paths(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    nested = tmp_path / "more"
    nested.mkdir()
    (nested / "b.yml").write_text(GOOD, encoding="utf-8")  # the same deck id again
    (tmp_path / ".hidden.yaml").write_text("not: a deck", encoding="utf-8")
    result = load_decks([tmp_path, tmp_path / "a.yaml", tmp_path / "nope"], include_bundled=False)
    assert [deck.id for deck in result.decks] == ["losses"]
    assert [(Path(p.source.path).name, p.key, p.skipped) for p in result.errors] == [
        ("nope", "decks.file.missing", "deck"),
        ("b.yml", "decks.deck.duplicate_id", "deck"),
    ]


def test_bundled_decks_load_first_and_a_user_deck_cannot_take_their_id(tmp_path: Path) -> None:
    bundled = load_decks(include_bundled=True)
    taken = bundled.decks[0].id
    (tmp_path / "mine.yaml").write_text(
        GOOD.replace("id: losses", f"id: {taken}"), encoding="utf-8"
    )
    result = load_decks([tmp_path], include_bundled=True)
    assert [deck.id for deck in result.decks] == [deck.id for deck in bundled.decks]
    assert result.errors[-1].key == "decks.deck.duplicate_id"


def test_cards_are_frozen_dataclasses() -> None:
    card = _load(GOOD).decks[0].cards[0]
    assert isinstance(card, Card)
    with pytest.raises(AttributeError):
        card.id = "renamed"  # type: ignore[misc]


def test_an_unchanged_file_loads_from_the_cache_and_an_edit_is_parsed_afresh(
    tmp_path: Path,
) -> None:
    deck_file, cache = tmp_path / "d.yaml", tmp_path / "cache"
    deck_file.write_text(GOOD, encoding="utf-8")
    fresh = load_decks([deck_file], include_bundled=False)
    first = load_decks([deck_file], include_bundled=False, cache_dir=cache)
    cached = load_decks([deck_file], include_bundled=False, cache_dir=cache)
    assert first == fresh and cached == fresh  # equal dataclasses, cards and all
    assert len(list(cache.glob("*.json"))) == 1
    deck_file.write_text(GOOD.replace("What is MSE?", "What is the MSE?"), encoding="utf-8")
    edited = load_decks([deck_file], include_bundled=False, cache_dir=cache)
    assert edited.decks[0].cards[0].prompt["en"] == "What is the MSE?"
    (next(cache.glob("*.json"))).write_text("{not json", encoding="utf-8")  # a corrupt entry
    assert load_decks([deck_file], include_bundled=False, cache_dir=cache).card_count == 7


def test_the_documented_examples_load_without_problems() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "deck-format.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in docs.split("```yaml\n")[1:]]
    first_deck = next(block for block in blocks if block.startswith("# yaml-language-server"))
    assert _load(first_deck).problems == ()
    card_blocks = [block for block in blocks if block.startswith("  - id:") and "kind: " in block]
    kinds = {
        line.split()[-1]
        for block in card_blocks
        for line in block.splitlines()
        if line.strip().startswith("kind:")
    }
    assert {"flashcard", "choice", "numeric", "expression", "generated", "template", "code"} <= kinds
    deck = "deck:\n  id: docs\n  title: {en: Docs, zh: 文档}\ncards:\n" + "\n".join(
        block for block in card_blocks if "kind: flashcard  " not in block
    )
    result = _load(deck, bundled=True)
    assert [str(problem) for problem in result.problems] == []
    assert len(result.decks[0].cards) == 9
    covariance = next(c for c in result.decks[0].cards if c.id == "covariance.definition")
    assert covariance.formula.example == {
        "args": {"X": [[1, 2], [3, 4], [5, 0]]},
        "expect": [[4, -2], [-2, 4]],
    }


TEXT_RULES = r"""deck:
  id: texts
  title: {en: Texts, zh: 文本}
cards:
  - id: fine
    kind: flashcard
    prompt: {en: 'Is $a \ne b$?', zh: '$a$ 不等于 $b$ 吗？'}
    answer: {en: 'Yes', zh: 是}
  - id: stray-dollar
    kind: flashcard
    prompt: {en: 'It costs $5', zh: 五元}
    answer: {en: '\alpha outside', zh: 甲}
  - id: blank
    kind: flashcard
    prompt: {en: '  ', zh: 空}
    answer: {en: a, zh: 甲}
  - id: french
    kind: flashcard
    prompt: {en: a, fr: b}
    answer: {en: a, zh: 甲}
  - id: twice
    kind: flashcard
    prompt: {en: a, en: b}
    answer: {en: a, zh: 甲}
  - id: nothing
    kind: flashcard
    prompt: {en: ~, zh: 无}
    answer: {en: a, zh: 甲}
  - id: number-as-text
    kind: flashcard
    prompt: {en: 42}
    answer: {}
  - id: list-as-text
    kind: flashcard
    prompt: [a]
    answer: {en: a}
"""


@pytest.mark.parametrize("bundled", [False, True])
def test_bilingual_texts_read_the_same_with_and_without_explicit_tags(bundled: bool) -> None:
    # A file with no '!' anywhere reads its texts on a shortcut; a '!' (here in a final
    # comment, which moves no position) sends every text through the general reader.
    # Both must report exactly the same problems at the same places.
    plain = _load(TEXT_RULES, bundled=bundled)
    general = _load(TEXT_RULES + "# a comment with ! in it\n", bundled=bundled)
    assert plain == general
    keys = {problem.key for problem in plain.problems}
    assert {
        "decks.text.unbalanced_dollar",
        "decks.text.backslash_outside_math",
        "decks.empty_text",
        "decks.unknown_key",
        "decks.yaml.duplicate_key",
        "decks.not_text",
        "decks.text.no_language",
        "decks.text.not_mapping",
    } <= keys
    assert ("decks.text.bundled_needs_both" in keys) == bundled


def test_a_math_warning_names_the_field_and_points_at_the_text() -> None:
    warning = next(p for p in _load(TEXT_RULES).warnings if p.card_id == "stray-dollar")
    # line 11 is "    prompt: {en: 'It costs $5', zh: 五元}"; the quoted text starts at column 18
    assert (warning.key, warning.source.line, warning.source.column) == (
        "decks.text.unbalanced_dollar",
        11,
        18,
    )
    assert "prompt.en" in warning.message["en"]


def test_only_the_well_formed_card_of_the_text_rules_loads() -> None:
    result = _load(TEXT_RULES)
    # number-as-text: 42 is taken as the text "42"; its empty answer is the error
    assert [card.id for card in result.decks[0].cards] == ["fine", "stray-dollar"]
    assert result.decks[0].cards[0].prompt == {"en": r"Is $a \ne b$?", "zh": "$a$ 不等于 $b$ 吗？"}


def test_loading_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("deck: [unclosed\n", encoding="utf-8")
    assert gc.isenabled()
    result = load_decks([tmp_path], include_bundled=False)
    assert gc.isenabled() and result.card_count == 7 and len(result.errors) == 1
    gc.disable()
    try:
        load_decks([tmp_path], include_bundled=False)
        _load(GOOD)
        assert not gc.isenabled()
    finally:
        gc.enable()


EXAMPLE_CARD = _one_card(
    "  - id: cov\n"
    "    kind: flashcard\n"
    "    prompt: {en: q}\n"
    "    answer: {en: a}\n"
    "    formula:\n"
    "      latex: 'C = X_c^T X_c / (n - 1)'\n"
    "      engine: pca.covariance\n"
    "      example:\n"
    "        args: {X: [[1, 2], [3, 4], [5, 0]]}\n"
    "        expect: [[4, -2], [-2, 4]]\n"
    "  - id: fit\n"
    "    kind: flashcard\n"
    "    prompt: {en: q}\n"
    "    answer: {en: a}\n"
    "    formula:\n"
    "      latex: 'EVR'\n"
    "      engine: pca.fit\n"
    "      example:\n"
    "        args: {X: [[1, 2], [3, 4], [5, 0]], n_components: 1}\n"
    "        expect: {explained_variance_ratio: [0.75]}\n"
)


def test_a_worked_example_loads_into_the_formula_and_survives_the_cache(tmp_path: Path) -> None:
    result = _load(EXAMPLE_CARD)
    assert result.problems == ()
    cov, fit = result.decks[0].cards
    assert cov.formula == Formula(
        latex="C = X_c^T X_c / (n - 1)",
        engine="pca.covariance",
        example={"args": {"X": [[1, 2], [3, 4], [5, 0]]}, "expect": [[4, -2], [-2, 4]]},
    )
    assert fit.formula.example == {
        "args": {"X": [[1, 2], [3, 4], [5, 0]], "n_components": 1},
        "expect": {"explained_variance_ratio": [0.75]},
    }
    deck_file, cache = tmp_path / "d.yaml", tmp_path / "cache"
    deck_file.write_text(EXAMPLE_CARD, encoding="utf-8")
    first = load_decks([deck_file], include_bundled=False, cache_dir=cache)
    cached = load_decks([deck_file], include_bundled=False, cache_dir=cache)
    assert len(list(cache.glob("*.json"))) == 1
    assert cached == first and cached.decks[0].cards[0].formula == cov.formula


def test_without_the_engine_an_example_is_checked_for_shape_only() -> None:
    unknown = EXAMPLE_CARD.replace("pca.covariance", "pca.no_such_function")
    assert _load(unknown, check_engine=False).problems == ()
    assert [p.key for p in _load(unknown).errors] == ["decks.formula.unknown_function"]
    malformed = EXAMPLE_CARD.replace("expect: [[4, -2], [-2, 4]]", "expect: [[4, -2], [-2, no]]")
    errors = _load(malformed, check_engine=False).errors
    assert [(p.key, p.card_id, p.source.line) for p in errors] == [
        ("decks.formula.bad_example_expect", "cov", 12)
    ]
    assert "'example.expect' must be a number" in str(errors[0])
