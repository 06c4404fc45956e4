"""Content checks for the gradients, k-means and PCA decks.

The decks are read with a strict YAML loader (duplicate keys are an error) and checked
against the deck format, against the questions they must cover, against known errors
that must not creep in, and against independent references: NumPy, scikit-learn and
finite differences for every number, expression and template answer they state.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
import yaml
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

CONTENT = Path(__file__).resolve().parent.parent / "content"
DECK_NAMES = ("gradients", "kmeans", "pca")

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
DECK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
KINDS = {"flashcard", "choice", "numeric", "expression", "generated", "template"}
TEXT_FIELDS = ("prompt", "answer", "explanation", "hint")
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a mapping with the same key twice."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    duplicates = sorted({str(key) for key in keys if keys.count(key) > 1})
    if duplicates:
        raise yaml.constructor.ConstructorError(
            None, None, f"duplicate keys {duplicates}", node.start_mark
        )
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load(name: str) -> dict[str, Any]:
    text = (CONTENT / f"{name}.yaml").read_text(encoding="utf-8")
    strict = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    assert strict == yaml.safe_load(text)
    return strict


DECKS: dict[str, dict[str, Any]] = {name: _load(name) for name in DECK_NAMES}
CARDS: dict[str, dict[str, Any]] = {
    f"{name}/{card['id']}": card for name, deck in DECKS.items() for card in deck["cards"]
}


def _cards_of_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {key: card for key, card in CARDS.items() if card["kind"] == kind}


def _texts(card: dict[str, Any], lang: str) -> list[str]:
    """Every text of ``card`` in ``lang``: prompt, answer, explanation, hint, options."""
    found = [card[field][lang] for field in TEXT_FIELDS if field in card]
    found += [option[lang] for option in card.get("options", [])]
    return found


def _sympy(text: str, names: list[str]) -> sympy.Expr:
    """Parse an expression of the deck syntax with SymPy alone (``^`` is a power)."""
    symbols = {name: sympy.Symbol(name, real=True) for name in names}
    functions = {
        "sigmoid": lambda z: 1 / (1 + sympy.exp(-z)),
        "abs": sympy.Abs,
        "max": sympy.Max,
        "min": sympy.Min,
        "sqrt": sympy.sqrt,
        "exp": sympy.exp,
        "tanh": sympy.tanh,
    }
    transformations = (*standard_transformations, convert_xor)
    return parse_expr(text, local_dict={**symbols, **functions}, transformations=transformations)


def _value(text: str, values: dict[str, float]) -> float:
    expr = _sympy(text, list(values))
    return float(expr.subs({sympy.Symbol(k, real=True): v for k, v in values.items()}))


def _dropout_output_variance(x: float, p: float) -> float:
    """The variance of inverted dropout's output, summed over its two outcomes."""
    outcomes = [(1 - p, x / (1 - p)), (p, 0.0)]
    mean = sum(weight * value for weight, value in outcomes)
    return sum(weight * (value - mean) ** 2 for weight, value in outcomes)


def _unit_vector(dimension: int) -> np.ndarray:
    direction = np.random.default_rng(dimension).standard_normal(dimension)
    return direction / np.linalg.norm(direction)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _central_difference(f: Any, x: float, h: float = 1e-5) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


# --------------------------------------------------------------------------- format


@pytest.mark.parametrize("name", DECK_NAMES)
def test_deck_header(name: str) -> None:
    deck = DECKS[name]
    assert set(deck) == {"deck", "cards"}
    header = deck["deck"]
    assert header["id"] == name and DECK_ID_PATTERN.match(header["id"])
    for field in ("title", "description"):
        assert header[field]["en"].strip() and header[field]["zh"].strip()
    ids = [card["id"] for card in deck["cards"]]
    assert len(ids) == len(set(ids)), "card ids must be unique within a deck"


@pytest.mark.parametrize("key", sorted(CARDS))
def test_card_follows_the_format(key: str) -> None:
    card = CARDS[key]
    assert ID_PATTERN.match(card["id"])
    assert card["kind"] in KINDS
    for tag in card.get("tags", []):
        assert ID_PATTERN.match(tag), tag
    for field in TEXT_FIELDS:
        if field in card:
            assert set(card[field]) == {"en", "zh"}, field
            assert all(isinstance(v, str) and v.strip() for v in card[field].values()), field
    kind = card["kind"]
    if kind == "flashcard":
        assert "answer" in card
    if kind != "generated":
        assert "explanation" in card, "bundled cards explain their answer"
    if kind == "choice":
        options = card["options"]
        assert 2 <= len(options) <= 8
        assert any(option["correct"] is True for option in options)
        assert all(set(option) == {"en", "zh", "correct"} for option in options)
    if kind == "numeric":
        assert np.all(np.isfinite(np.asarray(card["value"], dtype=float)))
    if kind == "expression":
        assert card["variables"] and isinstance(card["value"], str)
    if kind == "generated":
        assert isinstance(card["family"], str)
    if kind == "template":
        assert card["params"] and isinstance(card["value"], str)
        for spec in card["params"].values():
            assert set(spec) in ({"choices"}, {"range", "step"}, {"range"})
        for lang in ("en", "zh"):
            for text in _texts(card, lang):
                assert set(PLACEHOLDER.findall(text)) <= set(card["params"])
        assert set(PLACEHOLDER.findall(card["prompt"]["en"])) == set(card["params"])


@pytest.mark.parametrize("key", sorted(CARDS))
def test_latex_only_inside_dollars(key: str) -> None:
    card = CARDS[key]
    for lang in ("en", "zh"):
        for text in _texts(card, lang):
            assert text.count("$") % 2 == 0, f"unbalanced $ in {text!r}"
            outside = MATH.sub("", text)
            assert "\\" not in outside, f"backslash outside math in {text!r}"


def test_enough_cards_and_a_mix_of_kinds() -> None:
    counts = {kind: len(_cards_of_kind(kind)) for kind in KINDS}
    assert sum(counts.values()) >= 75
    assert counts["flashcard"] > sum(counts.values()) / 3
    assert counts["choice"] >= 5 and counts["numeric"] >= 5 and counts["expression"] >= 3
    assert counts["template"] >= 3
    multi = [
        c for c in _cards_of_kind("choice").values() if sum(o["correct"] for o in c["options"]) > 1
    ]
    assert len(multi) >= 3, "some choice cards have several right answers"


def test_chinese_uses_the_standard_terms() -> None:
    zh = {
        name: " ".join(t for c in d["cards"] for t in _texts(c, "zh")) for name, d in DECKS.items()
    }
    for term in ("梯度裁剪", "学习率", "梯度消失", "梯度爆炸", "批归一化", "残差连接", "初始化"):
        assert term in zh["gradients"], term
    for term in ("聚类中心", "曼哈顿距离", "局部最优", "轮廓系数"):
        assert term in zh["kmeans"], term
    for term in ("主成分分析", "协方差矩阵", "特征值", "奇异值分解", "白化", "降维"):
        assert term in zh["pca"], term


# --------------------------------------------------------------------------- coverage

#: Each question or heading of the source notes (and each required extra topic) -> the
#: cards that answer it.
COVERAGE: dict[str, list[str]] = {
    # Gradient Explode and Vanish: the notes' five questions
    "What is gradient explosion or vanishing": ["gradients/gradients.what"],
    "Why does gradient explosion happen": ["gradients/exploding.why"],
    "Why does gradient vanishing happen": ["gradients/vanishing.why"],
    "Dealing with exploding gradient": ["gradients/exploding.remedies"],
    "Dealing with vanishing gradients": ["gradients/vanishing.remedies"],
    # gradients: extra topics
    "clipping by value vs norm": ["gradients/clipping.value-vs-norm"],
    "clipping by norm vs global norm": ["gradients/clipping.norm-vs-global"],
    "L2 norm": ["gradients/clipping.l2-norm"],
    "Xavier initialisation": ["gradients/init.xavier"],
    "He initialisation": ["gradients/init.he"],
    "ReLU": ["gradients/relu.definition", "gradients/relu.derivative"],
    "residual connections": ["gradients/residual.why"],
    "batch normalisation": ["gradients/batchnorm.why"],
    "LSTM gating": ["gradients/lstm.gating"],
    "RNN long-term dependencies": ["gradients/rnn.long-term-dependencies"],
    # k-means: the notes' three questions
    "简要介绍一下k-means": ["kmeans/kmeans.intro"],
    "k-means初始值的选取对最终结果有影响吗": ["kmeans/kmeans.init-matters"],
    "k-means计算距离应该计算什么距离": ["kmeans/kmeans.distance"],
    # k-means: extra topics
    "k-means++": ["kmeans/kmeans.kmeanspp"],
    "choosing k (elbow, silhouette)": ["kmeans/kmeans.choose-k", "kmeans/kmeans.silhouette"],
    "cost per iteration O(nkd)": ["kmeans/kmeans.complexity"],
    "assumptions and failure cases": ["kmeans/kmeans.assumptions", "kmeans/kmeans.failure-choice"],
    "k-medoids": ["kmeans/kmeans.kmedoids"],
    "Manhattan distance": ["kmeans/kmeans.manhattan-center", "kmeans/kmeans.manhattan-example"],
    "local optimum": ["kmeans/kmeans.objective"],
    # PCA: the notes' three questions
    "简要介绍一下PCA": ["pca/pca.intro"],
    "PCA的优缺点": ["pca/pca.pros-cons"],
    "为什么要进行去均值操作": ["pca/pca.why-center"],
    # PCA: extra topics
    "covariance with its 1/(n-1) factor": ["pca/pca.covariance"],
    "relation to SVD": ["pca/pca.svd"],
    "standardising features": ["pca/pca.standardize"],
    "choosing k by explained variance": ["pca/pca.choose-k"],
    "whitening": ["pca/pca.whitening"],
    "limits: linear, variance is not importance": ["pca/pca.limits", "pca/pca.limits-choice"],
    "kernel PCA": ["pca/pca.kernel"],
}


@pytest.mark.parametrize("topic", sorted(COVERAGE))
def test_every_question_of_the_notes_has_a_bilingual_card(topic: str) -> None:
    for key in COVERAGE[topic]:
        assert key in CARDS, f"{topic}: no card {key}"
        card = CARDS[key]
        assert card["prompt"]["en"].strip() and card["prompt"]["zh"].strip()
        if card["kind"] == "flashcard":
            assert card["answer"]["en"].strip() and card["answer"]["zh"].strip()


FAMILIES = {
    "gradients": [
        "activation.derivative",
        "backprop.chain_rule",
        "gradient.vanishing",
        "gradient.exploding",
        "clip.by_value",
        "clip.by_norm",
        "clip.by_global_norm",
    ],
    "kmeans": [
        "kmeans.assign",
        "kmeans.lloyd_step",
        "kmeans.inertia",
        "kmeans.kmeanspp_probability",
        "kmeans.distance",
    ],
    "pca": [
        "pca.covariance",
        "pca.eigenvalues",
        "pca.explained_variance_ratio",
        "pca.projection",
        "pca.reconstruction_error",
        "pca.components_for_threshold",
    ],
}


@pytest.mark.parametrize("name", DECK_NAMES)
def test_every_engine_family_of_the_topic_has_a_generated_card(name: str) -> None:
    present = {card["family"] for card in DECKS[name]["cards"] if card["kind"] == "generated"}
    assert set(FAMILIES[name]) <= present


@pytest.mark.parametrize("key", sorted(_cards_of_kind("generated")))
def test_generated_cards_generate(key: str) -> None:
    problems = pytest.importorskip("engine.problems")
    card = CARDS[key]
    if card["family"] not in problems.families():
        pytest.skip(f"engine family {card['family']} is not registered")
    for seed in range(3):
        problem = problems.generate(card["family"], seed, **card.get("params", {}))
        assert problem.family == card["family"]
        assert problem.prompt["en"] and problem.prompt["zh"]


# --------------------------------------------------------------------------- errors not copied


def test_l2_norm_is_always_a_square_root() -> None:
    """A card that speaks of the L2 norm says it is the square root of the sum of squares."""
    for key, card in CARDS.items():
        english, chinese = " ".join(_texts(card, "en")), " ".join(_texts(card, "zh"))
        if re.search(r"L2 (vector )?norm", english, re.IGNORECASE):
            assert "square root" in english or "\\sqrt" in english, key
        if "L2 范数" in chinese:
            assert "平方根" in chinese or "\\sqrt" in chinese, key
        assert "sum of the squared values)" not in english, key


def test_no_removed_keras_argument_in_code() -> None:
    for key, card in CARDS.items():
        for text in _texts(card, "en") + _texts(card, "zh"):
            assert not re.search(r"SGD\(\s*lr\s*=", text), key


def test_clipping_cards_say_clipnorm_is_per_tensor_and_global_is_joint() -> None:
    card = CARDS["gradients/clipping.norm-vs-global"]
    answer = card["answer"]["en"]
    assert "clipnorm clips the gradient of each weight tensor on its own" in answer
    assert "global_clipnorm" in answer and "clip_grad_norm_" in answer
    assert "clip_grad_value_" in answer


def test_pca_chinese_has_none_of_the_typos() -> None:
    typos = ("主成成分", "低位空间", "之后到方差", "最为次一级", "降维到主要方法")
    for key, card in CARDS.items():
        if key.startswith("pca/"):
            for text in _texts(card, "zh"):
                for typo in typos:
                    assert typo not in text, (key, typo)
    intro = CARDS["pca/pca.intro"]["answer"]["zh"]
    assert "投影到该方向之后的方差" in intro and "低维空间" in intro


def test_covariance_formula_has_its_normalising_factor() -> None:
    latex = CARDS["pca/pca.covariance"]["formula"]["latex"]
    assert re.search(r"n\s*-\s*1", latex)
    assert "X_c^\\top X_c" in latex, "samples as rows: the d x d matrix X^T X"


def test_kmeans_says_local_optimum() -> None:
    assert "local optimum" in CARDS["kmeans/kmeans.intro"]["answer"]["en"]
    assert "局部最优" in CARDS["kmeans/kmeans.intro"]["answer"]["zh"]


# --------------------------------------------------------------------------- formulas

#: Independent NumPy definitions of the activations the cards tie to the engine.
ACTIVATIONS = {
    "activation.sigmoid": lambda x, a: _sigmoid(x),
    "activation.sigmoid.derivative": lambda x, a: _central_difference(_sigmoid, x),
    "activation.tanh": lambda x, a: math.tanh(x),
    "activation.tanh.derivative": lambda x, a: _central_difference(math.tanh, x),
    "activation.relu": lambda x, a: max(0.0, x),
    "activation.relu.derivative": lambda x, a: 1.0 if x > 0 else 0.0,
    "activation.leaky_relu": lambda x, a: x if x > 0 else a * x,
    "activation.leaky_relu.derivative": lambda x, a: 1.0 if x > 0 else a,
}
SAMPLE_X = (-3.1, -0.8, -0.05, 0.2, 1.3, 4.0)
SAMPLE_ALPHA = (0.01, 0.2, 0.5)

#: Cards tied to an engine formula key (cards tied to an engine function carry a worked
#: ``example`` instead, checked in test_decks_formulas.py).
FORMULA_CARDS = {
    key: card
    for key, card in CARDS.items()
    if card.get("formula", {}).get("engine") and "example" not in card["formula"]
}


def test_every_activation_key_has_a_formula_card() -> None:
    assert {card["formula"]["engine"] for card in FORMULA_CARDS.values()} == set(ACTIVATIONS)
    for card in FORMULA_CARDS.values():
        assert card["formula"]["check"], "an engine formula needs its check"


@pytest.mark.parametrize("key", sorted(FORMULA_CARDS))
def test_formula_check_matches_an_independent_definition(key: str) -> None:
    formula = FORMULA_CARDS[key]["formula"]
    reference = ACTIVATIONS[formula["engine"]]
    for x, alpha in itertools.product(SAMPLE_X, SAMPLE_ALPHA):
        got = _value(formula["check"], {"x": x, "alpha": alpha})
        assert got == pytest.approx(reference(x, alpha), rel=1e-6, abs=1e-8), (x, alpha)


@pytest.mark.parametrize("key", sorted(FORMULA_CARDS))
def test_formula_check_matches_the_engine(key: str) -> None:
    formulas = pytest.importorskip("engine.formulas")
    formula = FORMULA_CARDS[key]["formula"]
    engine_expr = formulas.symbolic(formula["engine"])
    by_name = {symbol.name: symbol for symbol in engine_expr.free_symbols}
    for x, alpha in itertools.product(SAMPLE_X, SAMPLE_ALPHA):
        values = {"x": x, "alpha": alpha}
        want = float(engine_expr.subs({by_name[n]: v for n, v in values.items() if n in by_name}))
        assert _value(formula["check"], values) == pytest.approx(want, rel=1e-9, abs=1e-12)


# --------------------------------------------------------------------------- expressions

#: card -> (independent reference, sample points)
EXPRESSION_REFERENCES: dict[str, tuple[Any, list[dict[str, float]]]] = {
    "gradients/activation.sigmoid-derivative-expression": (
        lambda x: _central_difference(_sigmoid, x),
        [{"x": x} for x in SAMPLE_X],
    ),
    "gradients/activation.tanh-derivative": (
        lambda x: _central_difference(math.tanh, x),
        [{"x": x} for x in SAMPLE_X],
    ),
    "gradients/backprop.sigmoid-chain": (
        lambda w, x: _central_difference(lambda t: _sigmoid(w * t), x),
        [{"w": w, "x": x} for w in (-1.5, 0.5, 2.0) for x in SAMPLE_X],
    ),
    "kmeans/kmeans.kmeanspp-expression": (
        # k-means++ draws a point with weight D(x)^2: the empirical frequency of a
        # seeded draw is compared in test_kmeanspp_probability_by_sampling.
        lambda a, b, c: (np.array([a, b, c]) ** 2 / np.sum(np.array([a, b, c]) ** 2))[0],
        [{"a": 1.0, "b": 2.0, "c": 3.0}, {"a": 0.5, "b": 0.5, "c": 4.0}],
    ),
    "gradients/silu.derivative": (
        lambda x: _central_difference(lambda t: t * _sigmoid(t), x),
        [{"x": x} for x in SAMPLE_X],
    ),
    "pca/pca.two-samples-expression": (
        # two points r apart along a random direction in five dimensions
        lambda r: float(
            np.linalg.eigvalsh(
                np.cov(np.array([np.zeros(5), r * _unit_vector(5)]), rowvar=False)
            ).max()
        ),
        [{"r": r} for r in (0.5, 1.0, 3.0, 7.5)],
    ),
    "gradients/dropout.variance-expression": (
        _dropout_output_variance,
        [{"x": x, "p": p} for x in (-2.0, 0.3, 1.5) for p in (0.1, 0.5, 0.8)],
    ),
    "pca/pca.eigen-2x2": (
        lambda a, b: float(np.linalg.eigvalsh([[a, b], [b, a]]).max()),
        [{"a": a, "b": b} for a in (1.0, 3.0, 5.0) for b in (0.2, 0.9)],
    ),
}


def test_every_expression_card_has_a_reference() -> None:
    assert set(_cards_of_kind("expression")) == set(EXPRESSION_REFERENCES)


@pytest.mark.parametrize("key", sorted(EXPRESSION_REFERENCES))
def test_expression_answer_matches_reference(key: str) -> None:
    card = CARDS[key]
    reference, points = EXPRESSION_REFERENCES[key]
    for point in points:
        assert set(point) == set(card["variables"])
        assert _value(card["value"], point) == pytest.approx(reference(**point), rel=1e-6)


def test_kmeanspp_probability_by_sampling() -> None:
    """Draw the second k-means++ centre many times: the frequency follows D(x)^2."""
    rng = np.random.default_rng(0)
    points = np.array([0.0, 1.0, 3.0, 4.0])
    squared = (points - points[0]) ** 2
    draws = rng.choice(len(points), size=200_000, p=squared / squared.sum())
    frequency = float(np.mean(draws == 3))
    assert CARDS["kmeans/kmeans.kmeanspp-example"]["value"] == pytest.approx(frequency, abs=0.01)


# --------------------------------------------------------------------------- numbers


def _he_std() -> float:
    """The weight std that keeps a ReLU layer's pre-activation variance at 1 (fan-in 512).

    With unit-variance pre-activations x, the next layer's pre-activation has variance
    fan_in * std**2 * E[relu(x)**2]; E[relu(x)**2] is estimated by sampling.
    """
    fan_in = 512
    x = np.random.default_rng(1).standard_normal(1_000_000)
    second_moment = float(np.mean(np.maximum(x, 0.0) ** 2))
    return 1.0 / math.sqrt(fan_in * second_moment)


def _sklearn_pca_first_component() -> np.ndarray:
    from sklearn.decomposition import PCA

    return PCA(n_components=1).fit(np.array([[1, 2], [3, 6], [5, 4]], float)).components_[0]


def _sklearn_inertia() -> float:
    from sklearn.cluster import KMeans

    data = np.array([[1.0], [2.0], [6.0]])
    return float(KMeans(n_clusters=1, init=np.array([[3.0]]), n_init=1).fit(data).inertia_)


def _sklearn_silhouette() -> float:
    from sklearn.metrics import silhouette_samples

    # The first point: its cluster-mate is 2 away (a = 2); the other cluster is 4 and 6
    # away (b = 5).
    data = np.array([[0.0], [2.0], [-4.0], [-6.0]])
    return float(silhouette_samples(data, [0, 0, 1, 1])[0])


def _manhattan() -> float:
    from sklearn.metrics.pairwise import manhattan_distances

    return float(manhattan_distances([[1, 2]], [[4, -2]])[0, 0])


def _components_for_90_percent() -> int:
    eigenvalues = np.array([5, 3, 1.5, 0.5])
    cumulative = np.cumsum(eigenvalues) / eigenvalues.sum()
    return int(np.argmax(cumulative >= 0.9) + 1)


def _clip_by_norm(g: list[float], threshold: float) -> np.ndarray:
    vector = np.asarray(g, float)
    return vector * min(1.0, threshold / float(np.sqrt(np.sum(vector**2))))


def _clip_by_global_norm(tensors: list[list[float]], threshold: float) -> list[np.ndarray]:
    arrays = [np.asarray(t, float) for t in tensors]
    global_norm = math.sqrt(sum(float(np.sum(a**2)) for a in arrays))
    return [a * min(1.0, threshold / global_norm) for a in arrays]


def _sigmoid_derivative_max() -> float:
    grid = np.linspace(-10, 10, 200_001)
    s = 1 / (1 + np.exp(-grid))
    return float(np.max(np.gradient(s, grid)))


def _sklearn_standardised(values: list[float]) -> np.ndarray:
    """Batch (or layer) normalisation with gamma 1, beta 0, eps 0: z-scores with the biased std."""
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(np.array(values, float).reshape(-1, 1)).ravel()


def _torch_running_stats() -> list[float]:
    # torch.nn.BatchNorm1d, momentum 0.1: new = (1 - momentum) * old + momentum * batch
    # statistic, where the stored variance is the unbiased one.
    batch = np.array([1.0, 2.0, 3.0, 6.0])
    return [0.9 * 0.0 + 0.1 * batch.mean(), 0.9 * 1.0 + 0.1 * batch.var(ddof=1)]


def _stop_epoch(losses: list[float], patience: int) -> int:
    """The epoch (from 1) after which keras.callbacks.EarlyStopping's rule stops training."""
    best, wait = math.inf, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(losses)


def _torch_linear_default_bound(fan_in: int = 400) -> float:
    # torch.nn.Linear.reset_parameters: kaiming_uniform_(a=sqrt(5)), whose bound is
    # gain * sqrt(3 / fan_in) with gain = sqrt(2 / (1 + a**2)).
    gain = math.sqrt(2.0 / (1.0 + math.sqrt(5.0) ** 2))
    return gain * math.sqrt(3.0 / fan_in)


def _exact_gelu(x: float) -> float:
    return x * 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _batchnorm_eval(
    x: float, running_mean: float, running_var: float, gamma: float, beta: float
) -> float:
    return gamma * (x - running_mean) / math.sqrt(running_var) + beta


def _rms_normalised(values: list[float]) -> np.ndarray:
    vector = np.asarray(values, float)
    return vector / math.sqrt(sum(v * v for v in values) / len(values))


def _torch_sgd_with_weight_decay(w: float, grad: float, lr: float, weight_decay: float) -> float:
    # torch.optim.SGD without momentum: g <- g + weight_decay * w, then w <- w - lr * g; the
    # same as gradient descent on loss + weight_decay / 2 * w**2, differentiated numerically.

    def penalised(v: float) -> float:
        return grad * v + weight_decay / 2 * v**2

    return w - lr * _central_difference(penalised, w)


def _sklearn_lasso_on_an_orthogonal_design() -> np.ndarray:
    from sklearn.linear_model import Lasso

    n = 50
    design, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((n, 3)))
    design *= math.sqrt(n)  # X^T X = n I
    target = design @ np.array([3.0, -0.5, 1.2])
    model = Lasso(alpha=1.0, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(design, target)
    return model.coef_


def _sklearn_ari(truth: list[int], predicted: list[int]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(truth, predicted))


def _sklearn_empty_cluster_centres() -> np.ndarray:
    from sklearn.cluster import KMeans

    model = KMeans(n_clusters=2, init=np.array([[-1.0], [10.0]]), n_init=1).fit([[-1.0], [1.0]])
    return np.sort(model.cluster_centers_.ravel())


def _sklearn_minibatch_step() -> np.ndarray:
    # Three earlier points whose mean is (2, 0), then (6, 4): the per-centre rate 1/n makes
    # the centre the running mean, which is what KMeans with one cluster returns.
    from sklearn.cluster import KMeans

    points = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, -1.0], [6.0, 4.0]])
    return KMeans(n_clusters=1, n_init=1).fit(points).cluster_centers_[0]


def _sklearn_silhouette_of_point_two() -> float:
    from sklearn.metrics import silhouette_samples

    data = np.array([[0.0], [1.0], [2.0], [4.0], [5.0], [10.0]])
    return float(silhouette_samples(data, [0, 0, 0, 1, 1, 2])[2])


def _sklearn_gmm_responsibility() -> float:
    from sklearn.mixture import GaussianMixture

    model = GaussianMixture(n_components=2, covariance_type="spherical")
    model.weights_ = np.array([0.5, 0.5])
    model.means_ = np.array([[0.0], [2.0]])
    model.covariances_ = np.array([1.0, 1.0])
    model.precisions_cholesky_ = 1 / np.sqrt(model.covariances_)
    return float(model.predict_proba([[1.5]])[0, 1])


def _sklearn_minibatch_two_points_in_one_batch() -> np.ndarray:
    # partial_fit from the centre (0, 0): the first batch's two points average to (0, 0),
    # so the centre stays there with a count of 2; the second batch brings (3, 3) and (6, 0).
    from sklearn.cluster import MiniBatchKMeans

    model = MiniBatchKMeans(n_clusters=1, init=np.array([[0.0, 0.0]]), n_init=1, batch_size=2)
    model.partial_fit(np.array([[-1.0, 1.0], [1.0, -1.0]]))
    model.partial_fit(np.array([[3.0, 3.0], [6.0, 0.0]]))
    return model.cluster_centers_[0]


def _sklearn_mean_silhouette() -> float:
    from sklearn.metrics import silhouette_score

    return float(silhouette_score(np.array([[0.0], [2.0], [6.0], [8.0]]), [0, 0, 1, 1]))


#: The two labellings the ARI, Rand index and NMI cards compare.
_TRUTH, _CLUSTERING = [0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]


def _pair_agreement(truth: list[int], predicted: list[int]) -> float:
    """The Rand index by brute force: the fraction of point pairs both labellings treat alike."""
    pairs = list(itertools.combinations(range(len(truth)), 2))
    agree = sum((truth[i] == truth[j]) == (predicted[i] == predicted[j]) for i, j in pairs)
    return agree / len(pairs)


def _sklearn_rand_index() -> float:
    from sklearn.metrics import rand_score

    value = float(rand_score(_TRUTH, _CLUSTERING))
    assert value == pytest.approx(_pair_agreement(_TRUTH, _CLUSTERING))
    return value


def _sklearn_nmi() -> float:
    from sklearn.metrics import normalized_mutual_info_score

    return float(normalized_mutual_info_score(_TRUTH, _CLUSTERING, average_method="arithmetic"))


def _elbow(inertias: list[float]) -> int:
    """The k (counted from 1) where the second difference of the inertia curve is largest."""
    second = np.diff(np.asarray(inertias, float), n=2)
    return int(np.argmax(second)) + 2


def _sklearn_gmm_parameter_count() -> float:
    # The count GaussianMixture.bic uses: (BIC + 2 n mean log-likelihood) / ln n.
    from sklearn.mixture import GaussianMixture

    data = np.random.default_rng(0).standard_normal((200, 2))
    model = GaussianMixture(n_components=3, covariance_type="full", random_state=0).fit(data)
    return (model.bic(data) + 2 * model.score(data) * len(data)) / math.log(len(data))


def _data_with_covariance_eigenvalues(eigenvalues: list[float], n: int = 50) -> np.ndarray:
    """Centred data whose sample covariance (1/(n-1) normalised) has exactly these eigenvalues."""
    rng = np.random.default_rng(0)
    d = len(eigenvalues)
    # Orthonormal columns orthogonal to the all-ones vector, so the data is centred.
    basis, _ = np.linalg.qr(np.column_stack([np.ones(n), rng.standard_normal((n, d))]))
    scores = basis[:, 1:] * np.sqrt(np.array(eigenvalues) * (n - 1))
    rotation, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return scores @ rotation.T


def _sklearn_ppca_noise_variance() -> float:
    from sklearn.decomposition import PCA

    data = _data_with_covariance_eigenvalues([6, 3, 1, 0.6, 0.4])
    return float(PCA(n_components=2).fit(data).noise_variance_)


def _sklearn_two_sample_eigenvalue() -> float:
    from sklearn.decomposition import PCA

    data = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, -1.0]])
    return float(PCA(n_components=1).fit(data).explained_variance_[0])


def _sklearn_whitened_squared_length() -> float:
    # Whitened scores of the first sample; their squared length must also be the squared
    # Mahalanobis distance to the mean, written out with the inverse covariance.
    from sklearn.decomposition import PCA

    data = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 0.0]])
    scores = PCA(n_components=2, whiten=True).fit(data).transform(data[:1])[0]
    centred = data[0] - data.mean(axis=0)
    mahalanobis = centred @ np.linalg.inv(np.cov(data, rowvar=False)) @ centred
    assert float(scores @ scores) == pytest.approx(float(mahalanobis))
    return float(scores @ scores)


def _zca_matrix() -> np.ndarray:
    from scipy.linalg import fractional_matrix_power

    covariance = np.array([[5.0, 4.0], [4.0, 5.0]])
    whitening = np.real(fractional_matrix_power(covariance, -0.5))
    assert np.allclose(whitening @ covariance @ whitening, np.eye(2))
    return whitening


def _sklearn_noise_variance_with_few_samples() -> float:
    """noise_variance_ of PCA(n_components=2): 5 samples, 10 dimensions, the card's spectrum."""
    from sklearn.decomposition import PCA

    n_samples, n_features = 5, 10
    rng = np.random.default_rng(0)
    # Orthonormal columns orthogonal to the all-ones vector: centred scores of rank n - 1.
    basis, _ = np.linalg.qr(np.column_stack([np.ones(n_samples), rng.standard_normal((5, 4))]))
    scores = basis[:, 1:] * np.sqrt(np.array([6.0, 3.0, 2.0, 0.4]) * (n_samples - 1))
    rotation, _ = np.linalg.qr(rng.standard_normal((n_features, n_features)))
    data = scores @ rotation[:, : n_samples - 1].T
    return float(PCA(n_components=2).fit(data).noise_variance_)


def _top_eigenvector_of_xtx() -> np.ndarray:
    matrix = np.array([[3.0, 0.0, 4.0], [0.0, 2.0, 0.0]])
    _, vectors = np.linalg.eigh(matrix.T @ matrix)
    return vectors[:, -1]


NUMERIC_REFERENCES: dict[str, Any] = {
    "gradients/clipping.norm-example": lambda: _clip_by_norm([3, 4], 1.0),
    "gradients/clipping.global-example": lambda: _clip_by_global_norm([[3, 4], [12]], 6.5)[0],
    "gradients/clipping.value-example": lambda: np.clip([0.3, -1.2, 0.8], -0.5, 0.5),
    "gradients/init.he-example": _he_std,
    "gradients/init.xavier-example": lambda: 2 / (300 + 100),
    "gradients/activation.sigmoid-derivative-max": _sigmoid_derivative_max,
    "kmeans/kmeans.kmeanspp-example": lambda: 16 / (0 + 1 + 9 + 16),
    "kmeans/kmeans.silhouette-example": _sklearn_silhouette,
    "kmeans/kmeans.manhattan-example": _manhattan,
    "kmeans/kmeans.centroid-example": lambda: np.mean([[1, 2], [3, 4], [5, 0]], axis=0),
    "kmeans/kmeans.inertia-example": _sklearn_inertia,
    "pca/pca.covariance-example": lambda: np.cov(np.array([[1, 2], [3, 6], [5, 4]]), rowvar=False),
    "pca/pca.eigenvalues-example": lambda: np.sort(np.linalg.eigvalsh([[4, 2], [2, 4]]))[::-1],
    "pca/pca.first-component-example": _sklearn_pca_first_component,
    "pca/pca.projection-example": lambda: np.dot(
        np.array([1, 1]) / math.sqrt(2), np.array([1, 2]) - np.array([3, 4])
    ),
    "pca/pca.threshold-example": _components_for_90_percent,
    "gradients/batchnorm.forward-example": lambda: _sklearn_standardised([1, 2, 3, 6]),
    "gradients/layernorm.forward-example": lambda: _sklearn_standardised([2, 4, 6]),
    "gradients/batchnorm.running-stats": _torch_running_stats,
    "gradients/gelu.value": lambda: 1.0 * 0.5 * (1 + math.erf(1 / math.sqrt(2))),
    "gradients/dropout.scaled-value": lambda: 3.0 / (1 - 0.2),
    # the soft threshold written as w - clip(w, -t, t)
    "gradients/l1.soft-threshold-example": lambda: (
        np.array([0.5, -0.05, -2]) - np.clip([0.5, -0.05, -2], -0.1, 0.1)
    ),
    "gradients/early-stopping.patience-example": lambda: _stop_epoch(
        [0.90, 0.70, 0.65, 0.66, 0.64, 0.645, 0.65, 0.66], patience=2
    ),
    "gradients/batchnorm.eval-example": lambda: _batchnorm_eval(4.0, 1.0, 4.0, 2.0, 0.5),
    "gradients/rmsnorm.example": lambda: _rms_normalised([1.0, 2.0, 2.0, 4.0]),
    "gradients/gelu.derivative-example": lambda: _central_difference(_exact_gelu, 1.0),
    "gradients/init.pytorch-linear-default": _torch_linear_default_bound,
    "gradients/weight-decay.sgd-example": lambda: _torch_sgd_with_weight_decay(2.0, 0.5, 0.1, 0.01),
    "gradients/l1.lasso-orthonormal-example": _sklearn_lasso_on_an_orthogonal_design,
    "kmeans/minibatch.update-example": _sklearn_minibatch_step,
    "kmeans/kmeans.empty-cluster-example": _sklearn_empty_cluster_centres,
    "kmeans/silhouette.compute": _sklearn_silhouette_of_point_two,
    "kmeans/ari.permuted-labels": lambda: _sklearn_ari([0, 0, 1, 1], [1, 1, 0, 0]),
    "kmeans/gmm.responsibility": _sklearn_gmm_responsibility,
    "kmeans/minibatch.same-batch-example": _sklearn_minibatch_two_points_in_one_batch,
    "kmeans/silhouette.score-example": _sklearn_mean_silhouette,
    "kmeans/ari.contingency-example": lambda: _sklearn_ari(_TRUTH, _CLUSTERING),
    "kmeans/rand-index.example": _sklearn_rand_index,
    "kmeans/nmi.example": _sklearn_nmi,
    "kmeans/kmeans.elbow-example": lambda: _elbow([1000, 600, 200, 180, 165, 155]),
    "kmeans/gmm.parameter-count": _sklearn_gmm_parameter_count,
    "pca/pca.gram-trick-example": _top_eigenvector_of_xtx,
    "pca/pca.whitening-example": lambda: np.array([3.0, -0.5]) / np.sqrt([9.0, 0.25]),
    "pca/ppca.noise-variance": _sklearn_ppca_noise_variance,
    "pca/pca.two-samples-example": _sklearn_two_sample_eigenvalue,
    "pca/pca.whitened-norm-example": _sklearn_whitened_squared_length,
    "pca/pca.zca-example": _zca_matrix,
    "pca/ppca.sklearn-few-samples": _sklearn_noise_variance_with_few_samples,
}


def test_every_numeric_card_has_a_reference() -> None:
    assert set(_cards_of_kind("numeric")) == set(NUMERIC_REFERENCES)


@pytest.mark.parametrize("key", sorted(NUMERIC_REFERENCES))
def test_numeric_answer_matches_reference(key: str) -> None:
    card = CARDS[key]
    want = np.asarray(NUMERIC_REFERENCES[key](), float)
    got = np.asarray(card["value"], float)
    assert got.shape == want.shape
    if card.get("sign_invariant") and np.dot(got.ravel(), want.ravel()) < 0:
        want = -want
    rel = card.get("tolerance", {}).get("rel", 1e-2)
    assert np.allclose(got, want, rtol=max(rel, 1e-3), atol=1e-6), (got, want)


def test_projection_example_agrees_with_sklearn_up_to_sign() -> None:
    from sklearn.decomposition import PCA

    data = np.array([[1, 2], [3, 6], [5, 4]], float)
    score = PCA(n_components=1).fit_transform(data)[0, 0]
    assert abs(CARDS["pca/pca.projection-example"]["value"]) == pytest.approx(abs(score), rel=1e-3)


# --------------------------------------------------------------------------- templates


def _grid(spec: dict[str, Any]) -> list[float]:
    if "choices" in spec:
        return list(spec["choices"])
    low, high = spec["range"]
    step = spec.get("step", (high - low) / 4)
    return list(np.arange(low, high + step / 2, step))


def _lost_variance(a: float, b: float, c: float) -> float:
    eigenvalues = np.sort(np.linalg.eigvalsh(np.diag([a, b, c])))[::-1]
    return float(eigenvalues[1:].sum() / eigenvalues.sum())


TEMPLATE_REFERENCES: dict[str, Any] = {
    "gradients/vanishing.sigmoid-bound-template": lambda n: _sigmoid_derivative_max() ** n,
    "gradients/exploding.rnn-power-template": lambda w, steps: float(np.prod([w] * int(steps))),
    "gradients/clipping.value-template": lambda g, c: float(np.clip(g, -c, c)),
    "gradients/clipping.norm-template": lambda a, b, c: float(_clip_by_norm([a, b], c)[0]),
    # the size of the array of point-minus-centre coordinate differences
    "kmeans/kmeans.cost-template": lambda n, k, d: float(
        math.prod(np.broadcast_shapes((int(n), 1, int(d)), (1, int(k), int(d))))
    ),
    "kmeans/kmeans.kmeanspp-template": lambda a, b: a**2 / (a**2 + b**2),
    "pca/pca.evr-template": lambda a, b: float(
        np.linalg.eigvalsh(np.diag([a, b])).max() / np.trace(np.diag([a, b]))
    ),
    "pca/pca.lost-variance-template": _lost_variance,
    # the soft threshold written as w - clip(w, -t, t)
    "gradients/l1.soft-threshold-template": lambda t, w: float(w - np.clip(w, -t, t)),
}


def test_every_template_card_has_a_reference() -> None:
    assert set(_cards_of_kind("template")) == set(TEMPLATE_REFERENCES)


@pytest.mark.parametrize("key", sorted(TEMPLATE_REFERENCES))
def test_template_answer_matches_reference_on_every_draw(key: str) -> None:
    card = CARDS[key]
    names = sorted(card["params"])
    grids = [_grid(card["params"][name]) for name in names]
    for combo in itertools.product(*grids):
        values = dict(zip(names, (float(v) for v in combo), strict=True))
        want = TEMPLATE_REFERENCES[key](**values)
        assert _value(card["value"], values) == pytest.approx(want, rel=1e-3), values


def test_norm_template_always_clips() -> None:
    """Every drawn gradient is longer than its threshold, so the answer is a real clip."""
    params = CARDS["gradients/clipping.norm-template"]["params"]
    for a, b, c in itertools.product(*(params[n]["choices"] for n in ("a", "b", "c"))):
        assert math.hypot(a, b) > c


def test_templates_evaluate_with_the_engine() -> None:
    expressions = pytest.importorskip("engine.expr")
    for key, card in _cards_of_kind("template").items():
        names = sorted(card["params"])
        first = {name: float(_grid(card["params"][name])[0]) for name in names}
        got = expressions.evaluate(card["value"], first)
        assert got == pytest.approx(TEMPLATE_REFERENCES[key](**first), rel=1e-6), key


# --------------------------------------------------------------------------- library facts


def _correct_options(key: str) -> set[str]:
    return {option["en"] for option in CARDS[key]["options"] if option["correct"]}


def test_minibatch_choice_states_the_installed_defaults() -> None:
    from sklearn.cluster import KMeans, MiniBatchKMeans

    assert "The default batch_size is 1024." in _correct_options("kmeans/minibatch.sklearn-choice")
    assert MiniBatchKMeans().batch_size == 1024
    data = np.random.default_rng(0).standard_normal((60, 2))
    assert MiniBatchKMeans(n_clusters=3, random_state=0).fit(data)._n_init == 1
    assert MiniBatchKMeans(n_clusters=3, init="random", random_state=0).fit(data)._n_init == 3
    assert KMeans(n_clusters=3, init="random", random_state=0).fit(data)._n_init == 10


def test_pca_solver_choice_follows_the_auto_policy() -> None:
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(0)
    tall = PCA(n_components=5).fit(rng.standard_normal((2000, 50)))
    square = PCA(n_components=5).fit(rng.standard_normal((600, 600)))
    assert (tall._fit_svd_solver, square._fit_svd_solver) == ("covariance_eigh", "randomized")
    assert len(_correct_options("pca/pca.solver-choice")) == 2


def test_whitening_choice_matches_sklearn() -> None:
    from sklearn.decomposition import PCA

    data = np.random.default_rng(1).standard_normal((40, 3)) @ np.diag([3.0, 1.0, 0.2])
    whitened = PCA(whiten=True).fit(data)
    plain = PCA().fit(data)
    scores = whitened.transform(data)
    assert np.allclose(np.var(scores, axis=0, ddof=1), 1.0)
    assert np.allclose(
        np.abs(scores), np.abs(plain.transform(data)) / np.sqrt(plain.explained_variance_)
    )
    assert np.allclose(np.linalg.norm(whitened.components_, axis=1), 1.0)
    assert np.allclose(
        whitened.inverse_transform(scores), plain.inverse_transform(plain.transform(data))
    )


def test_tsne_choice_matches_sklearn() -> None:
    from sklearn.manifold import TSNE

    assert not hasattr(TSNE(), "transform")
    assert TSNE().init == "pca" and TSNE().perplexity == 30.0
