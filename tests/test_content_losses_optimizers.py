"""The losses and optimizers decks: coverage, correctness and the mix of card kinds.

Coverage maps every loss, every optimizer and every heading of the source notes'
"Loss Function" and "Optimizers" sections to the cards that answer it. Correctness
checks each fixed worked example against an independent reference (scikit-learn,
SciPy, or the update rule written out here from the torch.optim documentation),
each expression card against a SymPy derivative, and that the known slips of the
source notes (MAE labelled MSE, a wrong Huber branch, the old Keras ``lr`` keyword)
did not make it into the decks.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import sympy
import yaml
from helpers import card_texts
from scipy.spatial.distance import cosine as cosine_distance
from scipy.special import log_softmax, logsumexp, softmax
from scipy.stats import entropy
from sklearn.metrics import log_loss, mean_absolute_percentage_error, mean_pinball_loss
from sklearn.utils.class_weight import compute_class_weight

from engine.expr import parse
from engine.problem import Tolerance
from quizapp.decks import load_deck_file
from quizapp.decks.model import Card

CONTENT = Path(__file__).resolve().parent.parent / "content"
DECK_FILES = {"losses": CONTENT / "losses.yaml", "optimizers": CONTENT / "optimizers.yaml"}

#: The 15 Keras losses and the id prefix of their cards.
LOSSES = {
    "mean_squared_error": "mse",
    "mean_absolute_error": "mae",
    "mean_absolute_percentage_error": "mape",
    "mean_squared_logarithmic_error": "msle",
    "squared_hinge": "squared-hinge",
    "hinge": "hinge",
    "huber": "huber",
    "categorical_hinge": "categorical-hinge",
    "log_cosh": "log-cosh",
    "categorical_crossentropy": "categorical-ce",
    "sparse_categorical_crossentropy": "sparse-categorical-ce",
    "binary_crossentropy": "binary-ce",
    "kl_divergence": "kl-divergence",
    "poisson": "poisson",
    "cosine_similarity": "cosine-similarity",
}

#: The 10 optimizers: id prefix, engine formula key (None for the second-order methods,
#: which have no scalar update formula) and generated family.
OPTIMIZERS = {
    "sgd": ("optim.sgd", "optim.sgd.step"),
    "momentum": ("optim.momentum", "optim.momentum.step"),
    "nesterov": ("optim.nesterov", "optim.nesterov.step"),
    "adagrad": ("optim.adagrad", "optim.adagrad.step"),
    "rmsprop": ("optim.rmsprop", "optim.rmsprop.step"),
    "adadelta": ("optim.adadelta", "optim.adadelta.step"),
    "adam": ("optim.adam", "optim.adam.step"),
    "newton": (None, "optim.newton.step"),
    "conjugate-gradient": (None, "optim.conjugate_gradient.step"),
    "bfgs": (None, "optim.bfgs.update"),
}

#: Every heading of the notes' "Loss Function" section (and the L1/L2 paragraph under
#: "Mean Absolute Error"), with the cards that cover it.
LOSS_HEADINGS = {
    "Loss Function": ["robust-losses.choice", "crossentropy-vs-mse.classification"],
    "Mean Squared Error": ["mse.definition", "mse.when-to-use", "mse.generated"],
    "Mean Absolute Error": ["mae.definition", "mae.when-to-use", "mae.generated"],
    "L1 vs L2 robustness (paragraph)": [
        "l1-vs-l2.robustness",
        "l1-vs-l2.statements",
        "l1-vs-l2.mean-median",
    ],
    "Mean Absolute Percentage Error": ["mape.definition", "mape.problems", "mape.generated"],
    "Mean Squared Logarithmic Error": ["msle.definition", "msle.when-to-use", "msle.generated"],
    "Squared Hinge": [
        "squared-hinge.definition",
        "squared-hinge.when-to-use",
        "squared-hinge.generated",
    ],
    "Hinge": ["hinge.definition", "hinge.margins", "hinge.generated"],
    "Huber": ["huber.definition", "huber.when-to-use", "huber.keras-example", "huber.generated"],
    "Categorical Hinge": [
        "categorical-hinge.definition",
        "categorical-hinge.when-to-use",
        "categorical-hinge.generated",
    ],
    "Logcosh": ["log-cosh.definition", "log-cosh.when-to-use", "log-cosh.generated"],
    "Categorical Crossentropy": [
        "categorical-ce.definition",
        "categorical-ce.when-to-use",
        "categorical-ce.generated",
    ],
    "Sparse Categorical Crossentropy": [
        "sparse-categorical-ce.definition",
        "sparse-categorical-ce.when-to-use",
        "sparse-vs-categorical.labels",
        "sparse-categorical-ce.generated",
    ],
    "Binary Crossentropy": [
        "binary-ce.definition",
        "binary-ce.when-to-use",
        "binary-ce.generated",
    ],
    "Kullback-Leibler Divergence": [
        "kl-divergence.definition",
        "kl-divergence.when-to-use",
        "kl-divergence.generated",
    ],
    "Poisson": ["poisson.definition", "poisson.when-to-use", "poisson.generated"],
    "Cosine Proximity": [
        "cosine-similarity.definition",
        "cosine-similarity.when-to-use",
        "cosine-similarity.generated",
    ],
}

#: Every heading of the notes' "Optimizers" section, with the cards that cover it.
OPTIMIZER_HEADINGS = {
    "Optimizers": ["adaptive-methods.choice", "learning-rate.choice", "optimizers.torch-defaults"],
    "Adadelta": ["adadelta.update-rule", "adadelta.intuition", "adadelta.generated"],
    "Adagrad": ["adagrad.update-rule", "adagrad.intuition", "adagrad.generated"],
    "Adam": ["adam.update-rule", "adam.intuition", "adam.bias-correction", "adam.generated"],
    "Conjugate Gradients": [
        "conjugate-gradient.update-rule",
        "conjugate-gradient.intuition",
        "conjugate-gradient.generated",
    ],
    "BFGS": ["bfgs.update-rule", "bfgs.intuition", "bfgs.vs-lbfgs", "bfgs.generated"],
    "Momentum": ["momentum.update-rule", "momentum.intuition", "momentum.generated"],
    "Nesterov Momentum": ["nesterov.update-rule", "nesterov.intuition", "nesterov.generated"],
    "Newton's Method": ["newton.update-rule", "newton.intuition", "newton.generated"],
    "RMSProp": ["rmsprop.update-rule", "rmsprop.intuition", "rmsprop.generated"],
    "SGD": ["sgd.update-rule", "sgd.intuition", "sgd.keras-arguments", "sgd.generated"],
}

#: The themes the decks must also answer, beyond one card per loss or optimizer.
THEMES = {
    "losses": {
        "when to prefer Huber or log-cosh": ["log-cosh.when-to-use", "huber.when-to-use"],
        "cross-entropy vs MSE for classification": ["crossentropy-vs-mse.classification"],
        "label smoothing": ["label-smoothing.what", "label-smoothing.worked-example"],
        "from_logits": ["from-logits.what", "from-logits.choice"],
        "categorical vs sparse labels": ["sparse-vs-categorical.labels"],
        "KL vs cross-entropy": ["kl-vs-crossentropy.relation"],
        "hinge and margins": ["hinge.margins"],
        "Poisson for counts": ["poisson.when-to-use", "poisson.counts-choice"],
        "MAPE problems": ["mape.problems"],
        "MSLE for relative errors": ["msle.when-to-use"],
        "epsilon clipping": ["epsilon-clipping.keras"],
        "softmax + cross-entropy gradient": ["softmax-ce.gradient"],
    },
    "optimizers": {
        "learning-rate schedules": ["learning-rate.choice", "learning-rate.step-decay"],
        "AdamW vs L2": ["adamw.decoupled-weight-decay"],
        "bias correction": ["adam.bias-correction", "adam.without-correction"],
        "second-order cost": ["second-order.cost"],
        "CG in at most n steps": ["conjugate-gradient.intuition", "conjugate-gradient.statements"],
        "BFGS vs L-BFGS": ["bfgs.vs-lbfgs"],
        "saddle points": ["saddle-points.optimizers"],
        "Keras SGD arguments": ["sgd.keras-arguments", "sgd.keras-choice"],
    },
}

DERIVATIVE_FAMILIES = [
    f"deriv.{name}.{part}"
    for name in (
        "mean_squared_error",
        "mean_absolute_error",
        "huber",
        "log_cosh",
        "binary_crossentropy",
        "softmax_crossentropy",
    )
    for part in ("expression", "value")
]

CJK = re.compile(r"[\u4e00-\u9fff]")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a mapping with the same key twice."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key_node, deep=deep) for key_node, _ in node.value]
        duplicates = {key for key in keys if keys.count(key) > 1}
        if duplicates:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate keys {sorted(duplicates)}", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


def _load(deck_id: str) -> dict[str, Card]:
    result = load_deck_file(DECK_FILES[deck_id], bundled=True, check_engine=True)
    assert not result.problems, [str(problem) for problem in result.problems]
    (deck,) = result.decks
    return {card.id: card for card in deck.cards}


CARDS = {deck_id: _load(deck_id) for deck_id in DECK_FILES}
ALL_CARDS = {card_id: card for cards in CARDS.values() for card_id, card in cards.items()}


# ------------------------------------------------------------------------------ the files


@pytest.mark.parametrize("deck_id", sorted(DECK_FILES))
def test_the_file_parses_with_safe_load_and_has_no_duplicate_keys(deck_id: str) -> None:
    text = DECK_FILES[deck_id].read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    assert set(data) == {"deck", "cards"}
    assert data["deck"]["id"] == deck_id
    assert data == yaml.safe_load(text)


def test_the_two_decks_hold_at_least_eighty_cards() -> None:
    assert len(ALL_CARDS) >= 80


def test_every_card_is_bilingual_with_real_chinese() -> None:
    for card_id, card in ALL_CARDS.items():
        for field, text in card_texts(card):
            assert text.get("en", "").strip(), (card_id, field)
            assert text.get("zh", "").strip(), (card_id, field)
        assert CJK.search(card.prompt["zh"]), card_id
        if card.kind == "flashcard":
            assert CJK.search(card.answer["zh"]), card_id
        if card.explanation:
            assert CJK.search(card.explanation["zh"]), card_id


def test_every_bundled_card_explains_itself() -> None:
    missing = [card_id for card_id, card in ALL_CARDS.items() if not card.explanation]
    assert not missing


def test_the_kinds_are_mixed() -> None:
    kinds = [card.kind for card in ALL_CARDS.values()]
    assert kinds.count("flashcard") > len(kinds) / 3
    assert kinds.count("choice") >= 6
    assert kinds.count("numeric") >= 10
    assert kinds.count("expression") >= 4
    assert kinds.count("template") >= 3
    multiple_right = [
        card
        for card in ALL_CARDS.values()
        if card.kind == "choice" and sum(option.correct for option in card.options) > 1
    ]
    assert len(multiple_right) >= 3


# ------------------------------------------------------------------------------ coverage


@pytest.mark.parametrize(
    ("heading", "card_ids"),
    [*LOSS_HEADINGS.items(), *OPTIMIZER_HEADINGS.items()],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_every_heading_of_the_notes_has_cards(heading: str, card_ids: list[str]) -> None:
    deck_id = "losses" if heading in LOSS_HEADINGS else "optimizers"
    for card_id in card_ids:
        assert card_id in CARDS[deck_id], f"{heading}: {card_id} missing"


@pytest.mark.parametrize(
    ("deck_id", "theme", "card_ids"),
    [(deck_id, theme, ids) for deck_id, themes in THEMES.items() for theme, ids in themes.items()],
)
def test_every_theme_has_cards(deck_id: str, theme: str, card_ids: list[str]) -> None:
    for card_id in card_ids:
        assert card_id in CARDS[deck_id], f"{theme}: {card_id} missing"


@pytest.mark.parametrize(("name", "prefix"), sorted(LOSSES.items()))
def test_every_loss_has_a_definition_a_when_to_use_and_a_generated_card(
    name: str, prefix: str
) -> None:
    cards = CARDS["losses"]
    definition = cards[f"{prefix}.definition"]
    assert definition.formula is not None
    # Tied to the engine: its symbolic form (loss.NAME, with a check) or, for the
    # piecewise and vector-valued losses, the function itself (losses.NAME, with an example).
    assert definition.formula.engine in (f"loss.{name}", f"losses.{name}")
    assert "$" in definition.answer["en"] and "$" in definition.answer["zh"]
    advice = [card_id for card_id in cards if card_id.startswith(f"{prefix}.")]
    assert any(card_id.endswith((".when-to-use", ".margins", ".problems")) for card_id in advice), (
        prefix
    )
    generated = [card for card in cards.values() if card.family == f"loss.{name}.value"]
    assert generated, f"no generated card for loss.{name}.value"
    assert all(card.kind == "generated" for card in generated)


def test_losses_with_a_scalar_engine_form_carry_a_check() -> None:
    vector_valued = {"huber", "categorical_hinge", "cosine_similarity"}
    for name, prefix in LOSSES.items():
        formula = CARDS["losses"][f"{prefix}.definition"].formula
        if name not in vector_valued:
            assert formula.check, name


def test_every_derivative_family_has_a_card() -> None:
    families = {card.family for card in CARDS["losses"].values()}
    assert set(DERIVATIVE_FAMILIES) <= families


@pytest.mark.parametrize(("prefix", "keys"), sorted(OPTIMIZERS.items()))
def test_every_optimizer_has_an_update_rule_intuition_and_generated_card(
    prefix: str, keys: tuple[str | None, str]
) -> None:
    engine_key, family = keys
    cards = CARDS["optimizers"]
    rule = cards[f"{prefix}.update-rule"]
    assert rule.formula is not None and rule.formula.latex
    if engine_key is not None:
        assert rule.formula.engine == engine_key
        assert rule.formula.check
    assert f"{prefix}.intuition" in cards
    assert any(card.family == family for card in cards.values()), family


# ------------------------------------------------------------------------------ the notes' slips


def test_the_mae_formula_is_not_labelled_mse() -> None:
    for card_id, card in CARDS["losses"].items():
        if card.formula and card.formula.engine == "loss.mean_absolute_error":
            latex = card.formula.latex.strip()
            assert not latex.startswith("MSE"), card_id
            assert "|" in latex and "^2" not in latex, card_id
    answer = CARDS["losses"]["mae.definition"].answer["en"]
    assert r"\mathrm{MAE}=" in answer and r"\mathrm{MSE}" not in answer


def test_the_huber_formula_has_the_right_linear_branch() -> None:
    latex = CARDS["losses"]["huber.definition"].formula.latex
    assert r"\frac{1}{2}\delta^2" in latex
    assert r"\delta|y-\hat{y}|" in latex
    assert r"\delta(y-\hat{y})" not in latex
    right = [option for option in CARDS["losses"]["huber.linear-branch"].options if option.correct]
    assert [option.text["en"] for option in right] == [r"$\delta|y-\hat{y}|-\frac{1}{2}\delta^2$"]


def test_no_text_uses_the_old_keras_lr_keyword() -> None:
    for deck_id, path in DECK_FILES.items():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"SGD\(\s*lr\s*=", text), deck_id
        assert not re.search(r"\blr\s*=\s*0\.01\s*,\s*momentum", text), deck_id


def test_the_keras_sgd_card_names_learning_rate() -> None:
    card = CARDS["optimizers"]["sgd.keras-arguments"]
    assert "SGD(learning_rate=" in card.answer["en"]
    assert "SGD(learning_rate=" in card.answer["zh"]


def test_the_bce_formula_is_not_written_with_p_and_without_hats() -> None:
    latex = CARDS["losses"]["binary-ce.definition"].formula.latex
    assert r"\hat{y}" in latex and "ylog" not in latex


# ------------------------------------------------------------------------------ worked values


def _huber(y, yhat, delta=1.0):
    r = np.abs(np.asarray(y, float) - np.asarray(yhat, float))
    return np.where(r <= delta, 0.5 * r**2, delta * r - 0.5 * delta**2)


def _momentum_two_steps() -> float:
    # torch.optim.SGD: b = g on the first step, then b = mu*b + g; theta -= lr*b.
    theta, buffer, lr, mu = 0.0, None, 0.1, 0.9
    for gradient in (1.0, 1.0):
        buffer = gradient if buffer is None else mu * buffer + gradient
        theta -= lr * buffer
    return theta


def _first_cg_iterate() -> list[float]:
    # From x0 = 0 the first CG step is steepest descent with an exact line search.
    matrix = np.array([[4.0, 1.0], [1.0, 3.0]])
    residual = np.array([1.0, 2.0])
    alpha = residual @ residual / (residual @ matrix @ residual)
    return list(alpha * residual)


def _focal(p_true: float, gamma: float) -> float:
    """The focal loss of Lin et al. (2017) with alpha = 1, from the binary cross-entropy."""
    return (1 - p_true) ** gamma * log_loss([1], [p_true], labels=[0, 1])


def _contrastive(distance: float, similar: bool, margin: float = 1.0) -> float:
    # Hadsell, Chopra and LeCun (2006), without the factor 1/2, y = 1 for a similar pair.
    return distance**2 if similar else max(0.0, margin - distance) ** 2


def _triplet() -> float:
    anchor, positive, negative = np.array([1.0, 0.0]), np.array([1.0, 1.0]), np.array([2.0, 1.0])
    return max(0.0, np.linalg.norm(anchor - positive) - np.linalg.norm(anchor - negative) + 1.0)


def _info_nce() -> float:
    # (N + 1)-way softmax cross-entropy over similarity / temperature, the positive first.
    probabilities = softmax(np.array([0.8, 0.2, 0.0]) / 0.5)
    return log_loss([0], [probabilities], labels=[0, 1, 2])


def _smoothed_targets(num_classes: int, true_class: int, smoothing: float) -> np.ndarray:
    # torch.nn.CrossEntropyLoss(label_smoothing=...): a mixture of the one-hot target and
    # the uniform distribution over all classes.
    one_hot = np.eye(num_classes)[true_class]
    return (1 - smoothing) * one_hot + smoothing * np.full(num_classes, 1 / num_classes)


def _adam_first_step(
    theta: float, grad: float, lr: float, weight_decay: float, decoupled: bool
) -> float:
    """One step of torch.optim.Adam / AdamW written out from their documented algorithms."""
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    if decoupled:
        theta *= 1 - lr * weight_decay
    else:
        grad += weight_decay * theta
    m_hat = (1 - beta1) * grad / (1 - beta1)
    v_hat = (1 - beta2) * grad**2 / (1 - beta2)
    return theta - lr * m_hat / (math.sqrt(v_hat) + eps)


def _largest_stable_rate() -> float:
    """The supremum of the rates for which gradient descent contracts, found by bisection."""
    hessian = np.diag([1.0, 10.0])

    def contracts(rate: float) -> bool:
        step = np.eye(2) - rate * hessian
        return bool(np.max(np.abs(np.linalg.eigvals(step))) < 1)

    low, high = 0.0, 10.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if contracts(middle) else (low, middle)
    return low


def _sigmoid_focal(probability: float, target: int, alpha: float, gamma: float) -> float:
    """torchvision.ops.sigmoid_focal_loss for one element, from the binary cross-entropy."""
    p_true = probability if target == 1 else 1 - probability
    alpha_true = alpha if target == 1 else 1 - alpha
    cross_entropy = log_loss([target], [probability], labels=[0, 1])
    return alpha_true * (1 - p_true) ** gamma * cross_entropy


def _undersampled_posterior(model_output: float, kept_negatives: float) -> float:
    """Bayes' rule with explicit priors: the posterior on the original class balance.

    The likelihood ratio the model has learned is recovered from its output and the prior
    of the undersampled training set, then combined with the original prior. Any original
    prior gives the same answer; 1% is used.
    """
    prior = 0.01
    training_prior = prior / (prior + kept_negatives * (1 - prior))
    likelihood_ratio = (model_output / (1 - model_output)) / (training_prior / (1 - training_prior))
    odds = likelihood_ratio * prior / (1 - prior)
    return odds / (1 + odds)


def _constant_pinball_minimiser(targets: list[float], quantile: float) -> float:
    """The best constant prediction, by brute force over a grid, the loss written as loops."""
    grid = np.round(np.arange(0.0, 25.0, 0.001), 3)

    def mean_loss(prediction: float) -> float:
        total = 0.0
        for target in targets:
            residual = target - prediction
            total += quantile * residual if residual >= 0 else (quantile - 1) * residual
        return total / len(targets)

    coarse = min(grid[::100], key=mean_loss)
    fine = grid[(grid >= coarse - 0.1) & (grid <= coarse + 0.1)]
    return float(min(fine, key=mean_loss))


def _nt_xent_uniform(batch_size: int) -> float:
    """NT-Xent for one view when all 2N views have equal cosine similarities."""
    similarities = np.full((2 * batch_size, 2 * batch_size), 0.3)
    row = 0  # the positive of view 0 is view N
    candidates = np.delete(similarities[row], row)  # a view is never its own candidate
    positive = batch_size - 1  # index of view N once view 0 is removed
    probabilities = softmax(candidates / 0.5)
    return log_loss([positive], [probabilities], labels=list(range(len(candidates))))


def _linear_lr(
    base_lr: float, epoch: int, start: float = 1 / 3, end: float = 1.0, total: int = 5
) -> float:
    """torch.optim.lr_scheduler.LinearLR's closed form, min(total, epoch) / total of the way."""
    return base_lr * (start + (end - start) * min(total, epoch) / total)


def _goyal_warmup(epoch: float, iterations_per_epoch: int = 100) -> float:
    """A constant increment per iteration from 0.1 to 3.2 over 5 epochs, stepped in a loop."""
    rate, total = 0.1, 5 * iterations_per_epoch
    increment = (3.2 - 0.1) / total
    for _ in range(round(epoch * iterations_per_epoch)):
        rate += increment
    return rate


def _warm_restarts(epoch: int, base_lr: float = 0.1, first: int = 10, mult: int = 2) -> float:
    """CosineAnnealingWarmRestarts stepped once per epoch: T_cur counts up and wraps at T_i."""
    position, length = 0, first
    for _ in range(epoch):
        position += 1
        if position >= length:
            position -= length
            length *= mult
    return base_lr * (1 + math.cos(math.pi * position / length)) / 2


def _gradient_descent_converges(matrix: np.ndarray, rate: float, steps: int = 20_000) -> bool:
    """Iterate gradient descent on x^T A x / 2 from a generic start and see whether it shrinks."""
    x = np.array([1.0, -0.37])
    for _ in range(steps):
        x = x - rate * (matrix @ x)
        if np.linalg.norm(x) > 1e6:
            return False
    return bool(np.linalg.norm(x) < 1e-3)


def _largest_converging_rate(matrix: np.ndarray) -> float:
    low, high = 0.0, 2.0
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if _gradient_descent_converges(matrix, middle) else (low, middle)
    return low


def _fastest_rate_and_factor() -> list[float]:
    """Brute force: the rate on a fine grid that minimises the worst per-direction factor."""
    rates = np.linspace(0.0, 0.2, 200_001)
    worst = np.maximum(np.abs(1 - rates * 1.0), np.abs(1 - rates * 10.0))
    best = int(np.argmin(worst))
    return [float(rates[best]), float(worst[best])]


def _momentum_stable(rate: float, momentum: float = 0.9, curvature: float = 10.0) -> bool:
    """torch.optim.SGD's momentum on lambda * theta^2 / 2, iterated from a generic start."""
    theta, buffer = 1.0, 0.0
    for _ in range(20_000):
        buffer = momentum * buffer + curvature * theta
        theta -= rate * buffer
        if abs(theta) > 1e6:
            return False
    return abs(theta) < 1e-3


def _largest_momentum_rate() -> float:
    low, high = 0.0, 1.0
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if _momentum_stable(middle) else (low, middle)
    return low


def _accumulated_and_full_gradients() -> list[float]:
    micro_batches = [[1.0, 1.0, 1.0], [5.0]]
    accumulated = 0.0
    for gradients in micro_batches:  # loss.mean() / k, backward adds into .grad
        accumulated += sum(gradients) / len(gradients) / len(micro_batches)
    everything = [gradient for gradients in micro_batches for gradient in gradients]
    return [accumulated, sum(everything) / len(everything)]


def _decoupled_decay(steps: int, lr: float = 1e-3, weight_decay: float = 0.01) -> float:
    weight = 1.0
    for _ in range(steps):
        weight -= lr * weight_decay * weight  # torch.optim.AdamW: theta <- theta - lr*lambda*theta
    return weight


def _sam_perturbation() -> list[float]:
    """The maximiser of g . e over the ball |e| <= rho, found by scanning directions."""
    gradient, radius = np.array([3.0, 4.0]), 0.05
    angles = np.linspace(0, 2 * np.pi, 360_001)
    directions = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return list(directions[int(np.argmax(directions @ gradient))])


#: card id -> an independent reference for its fixed answer.
NUMERIC_REFERENCES = {
    "l1-vs-l2.mean-median": lambda: float(np.median([1, 2, 3, 4, 100])),
    "mape.worked-example": lambda: 100 * mean_absolute_percentage_error([2, 4], [1, 5]),
    "hinge.worked-example": lambda: float(
        np.mean(np.maximum(0, 1 - np.array([1, -1]) * [0.3, 0.4]))
    ),
    "squared-hinge.worked-example": lambda: float(
        np.mean(np.maximum(0, 1 - np.array([1, -1]) * [0.3, 0.4]) ** 2)
    ),
    "categorical-hinge.worked-example": lambda: max(0.0, 1 + max(0.2, 0.3) - 0.5),
    "huber.keras-example": lambda: float(
        np.mean(_huber([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]))
    ),
    "log-cosh.keras-example": lambda: float(np.mean(np.log(np.cosh([1.0, 0.0, 0.0, 0.0])))),
    "categorical-ce.keras-example": lambda: [
        log_loss([1], [[0.05, 0.95, 0.0]], labels=[0, 1, 2]),
        log_loss([2], [[0.1, 0.8, 0.1]], labels=[0, 1, 2]),
    ],
    "sparse-categorical-ce.keras-example": lambda: [-math.log(0.95), -math.log(0.1)],
    "binary-ce.keras-example": lambda: [
        log_loss([0, 1], [0.6, 0.4], labels=[0, 1]),
        log_loss([0, 0], [0.4, 0.6], labels=[0, 1]),
    ],
    "label-smoothing.worked-example": lambda: 1 * (1 - 0.1) + 0.1 / 4,
    "kl-divergence.worked-example": lambda: float(entropy([0.5, 0.5], [0.25, 0.75])),
    "poisson.worked-example": lambda: float(
        np.mean(np.array([2.0, 2.0]) - [1, 2] * np.log([2.0, 2.0]))
    ),
    "cosine-similarity.worked-example": lambda: -(1 - cosine_distance([3, 4], [4, 3])),
    "momentum.two-steps": _momentum_two_steps,
    "adagrad.first-step": lambda: 1 - 0.01 * 5 / (math.sqrt(25) + 1e-10),
    "rmsprop.first-step": lambda: 1 - 0.01 * 3 / (math.sqrt(0.01 * 9) + 1e-8),
    "adadelta.first-step": lambda: -math.sqrt(1e-6) / math.sqrt(0.1 + 1e-6),
    "adam.first-step": lambda: 1 - 1e-3 * (0.2 / 0.1) / (math.sqrt(0.004 / 0.001) + 1e-8),
    "adam.without-correction": lambda: 0.1 / math.sqrt(0.001),
    "newton.quadratic": lambda: 4 / (2 * 2),  # the vertex -b/(2a) of 2x^2 - 4x + 1
    "newton.quartic": lambda: 3 - (4 * 3**3) / (12 * 3**2),
    "conjugate-gradient.first-iterate": _first_cg_iterate,
    "bfgs.one-dimension": lambda: 2 / 0.5,  # the secant slope y/s
    "learning-rate.step-decay": lambda: 0.1 * 0.1 ** (65 // 30),
    "focal.down-weighting": lambda: -math.log(0.9) / _focal(0.9, 2),
    "focal.value": lambda: _focal(0.8, 2),
    "class-imbalance.balanced-weight": lambda: compute_class_weight(
        "balanced", classes=np.array([0, 1]), y=np.array([0] * 900 + [1] * 100)
    )[1],
    "label-smoothing.target-vector": lambda: _smoothed_targets(5, 1, 0.2),
    "pinball.value": lambda: [
        mean_pinball_loss([10.0], [8.0], alpha=0.9),
        mean_pinball_loss([10.0], [12.0], alpha=0.9),
    ],
    "contrastive.value": lambda: [_contrastive(0.3, True), _contrastive(0.3, False)],
    "triplet.value": _triplet,
    "infonce.value": _info_nce,
    "logsumexp.value": lambda: float(logsumexp([1000.0, 1000.0])) - 1000.0,
    "warmup.linear-value": lambda: float(np.interp(250, [0, 1000], [0.0, 1e-3])),
    "cosine.value": lambda: 0.0 + 0.5 * (0.1 - 0.0) * (1 + math.cos(math.radians(180 * 25 / 100))),
    "linear-scaling.value": lambda: 0.1 * (8192 / 256),
    "stability.largest-rate": _largest_stable_rate,
    "grad-accumulation.effective-batch": lambda: 16 * 8 * 4,
    "adamw.first-step": lambda: _adam_first_step(1.0, 0.5, 0.1, 0.01, decoupled=True),
    "adam-l2.first-step": lambda: _adam_first_step(1.0, 0.5, 0.1, 0.01, decoupled=False),
    "focal.negative-example": lambda: _sigmoid_focal(0.2, 0, alpha=0.25, gamma=2),
    "class-imbalance.balanced-multiclass": lambda: compute_class_weight(
        "balanced", classes=np.array([0, 1, 2]), y=np.array([0] * 50 + [1] * 30 + [2] * 20)
    ),
    "class-imbalance.undersampling-calibration": lambda: _undersampled_posterior(0.5, 0.1),
    "label-smoothing.entropy-floor": lambda: float(entropy(_smoothed_targets(10, 0, 0.1))),
    "pinball.constant-minimiser": lambda: _constant_pinball_minimiser([2, 3, 5, 8, 20], 0.7),
    "infonce.simclr-start": lambda: _nt_xent_uniform(32),
    "logsumexp.log-softmax": lambda: float(log_softmax([1000.0, 1001.0, 1002.0])[0]),
    "warmup.linearlr-default": lambda: _linear_lr(0.1, 2),
    "warmup.goyal-gradual": lambda: _goyal_warmup(2),
    "cosine.warm-restarts": lambda: _warm_restarts(20),
    "sharp-flat.sam-perturbation": _sam_perturbation,
    "stability.matrix-bound": lambda: _largest_converging_rate(np.array([[3.0, 1.0], [1.0, 3.0]])),
    "stability.best-rate": _fastest_rate_and_factor,
    "stability.momentum-bound": _largest_momentum_rate,
    "grad-accumulation.unequal-micro-batches": _accumulated_and_full_gradients,
    "adamw.decay-over-steps": lambda: _decoupled_decay(10_000),
}


def test_every_numeric_card_has_an_independent_reference() -> None:
    numeric = {card_id for card_id, card in ALL_CARDS.items() if card.kind == "numeric"}
    assert numeric == set(NUMERIC_REFERENCES)


@pytest.mark.parametrize("card_id", sorted(NUMERIC_REFERENCES))
def test_numeric_answers_match_the_reference(card_id: str) -> None:
    card = ALL_CARDS[card_id]
    reference = NUMERIC_REFERENCES[card_id]()
    tolerance = Tolerance(**(card.tolerance or {}))
    # The reference, typed by a learner, must be accepted against the card's value.
    assert tolerance.accepts_all(np.asarray(reference, float), np.asarray(card.value, float)), (
        card.value,
        reference,
    )


_y, _yhat = sympy.symbols("y yhat", real=True)
_theta, _lr, _mu, _v, _g = sympy.symbols("theta lr mu v g", real=True)
_x1, _x2 = sympy.symbols("x1 x2", real=True)
_lr0, _t, _T, _eta, _a, _x = sympy.symbols("lr0 t T eta a x", real=True)
_eps, _K, _c, _alpha, _beta = sympy.symbols("eps K c alpha beta", real=True)
_L, _mu = sympy.symbols("L mu", real=True)

#: expression card id -> the expression it must be equivalent to.
EXPRESSION_REFERENCES = {
    "mse.derivative": sympy.diff((_y - _yhat) ** 2, _yhat),
    "log-cosh.derivative": sympy.diff(sympy.log(sympy.cosh(_yhat - _y)), _yhat),
    "binary-ce.derivative": sympy.diff(
        -(_y * sympy.log(_yhat) + (1 - _y) * sympy.log(1 - _yhat)), _yhat
    ),
    "poisson.derivative": sympy.diff(_yhat - _y * sympy.log(_yhat), _yhat),
    # torch.optim.SGD with momentum: b <- mu*b + g, theta <- theta - lr*b.
    "momentum.expression": _theta - _lr * (_mu * _v + _g),
    "logsumexp.derivative": sympy.diff(sympy.log(sympy.exp(_x1) + sympy.exp(_x2)), _x1),
    # Half a cosine period from lr0 down to 0: lr0 at t = 0, lr0/2 at T/2, 0 at T.
    "cosine.expression": _lr0 / 2 * (1 + sympy.cos(sympy.pi * _t / _T)),
    # One gradient step on a x^2 / 2, divided by x.
    "stability.factor": sympy.expand((_x - _eta * sympy.diff(_a * _x**2 / 2, _x)) / _x),
    # The optimum of the smoothed cross-entropy is the target itself; the logit gap is the
    # log of the ratio of its two values.
    "label-smoothing.optimal-gap": sympy.log((1 - _eps + _eps / _K) / (_eps / _K)),
    # Two unit vectors in the plane at angles alpha and beta; cos(alpha - beta) is c.
    "triplet.unit-sphere": sympy.trigsimp(
        sympy.expand(
            (sympy.cos(_alpha) - sympy.cos(_beta)) ** 2
            + (sympy.sin(_alpha) - sympy.sin(_beta)) ** 2
        )
    ).subs(sympy.cos(_alpha - _beta), _c),
    # The flattest direction's factor 1 - eta*mu at eta = 2/(L + mu).
    "stability.best-rate-factor": 1 - 2 / (_L + _mu) * _mu,
}


def test_every_expression_card_has_a_reference() -> None:
    expression = {card_id for card_id, card in ALL_CARDS.items() if card.kind == "expression"}
    assert expression == set(EXPRESSION_REFERENCES)


@pytest.mark.parametrize("card_id", sorted(EXPRESSION_REFERENCES))
def test_expression_answers_match_sympy(card_id: str) -> None:
    card = ALL_CARDS[card_id]
    reference = EXPRESSION_REFERENCES[card_id]
    by_name = {symbol.name: symbol for symbol in reference.free_symbols}
    assert set(card.variables) == set(by_name)
    parsed = parse(card.value, card.variables).expr
    renamed = parsed.xreplace({symbol: by_name[symbol.name] for symbol in parsed.free_symbols})
    assert sympy.simplify(renamed - reference) == 0, (card.value, reference)
