"""Problem families as a learner sees them: a title in their language, and a topic.

A family id (``loss.huber.value``) names a generator; stats and worksheets show its
title ("Huber loss: value", "Huber 损失：求值") instead. The topics are the seven the
curriculum covers (losses, derivatives, gradients and clipping, normalization and
regularization, optimizers, k-means, PCA); a learner may pick families by topic, by id
prefix, or by id. The titles live in the catalog (:mod:`quizapp.i18n`); the engine is
imported only to list the families.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.i18n import CATALOG, Lang, t

#: Each topic and the family id prefixes it holds, in curriculum order.
TOPICS: dict[str, tuple[str, ...]] = {
    "losses": ("loss.",),
    "derivatives": ("deriv.", "activation.", "backprop."),
    "clipping": ("clip.", "gradient."),
    "regularization": ("norm.", "reg.", "dropout."),
    "optimizers": ("optim.",),
    "kmeans": ("kmeans.",),
    "pca": ("pca.",),
}

#: Families whose title is their subject (a loss, an optimizer) in a pattern.
_PATTERNS = {
    ("loss", "value"): "family.loss_value",
    ("deriv", "expression"): "family.deriv_expression",
    ("deriv", "value"): "family.deriv_value",
    ("optim", "step"): "family.optim_step",
    ("optim", "update"): "family.optim_update",
}


def family_title(family: str, lang: Lang) -> str:
    """The family's title in ``lang`` (``both``: English, then Chinese on the next line);
    an unknown family (say, from a review of a removed deck) keeps its id."""
    if f"family.{family}" in CATALOG:
        return t(f"family.{family}", lang)
    head, _, rest = family.partition(".")
    subject, _, kind = rest.rpartition(".")
    pattern = _PATTERNS.get((head, kind))
    if pattern is None or f"family.subject.{subject}" not in CATALOG:
        return family
    if lang == "both":
        return "\n".join(family_title(family, single) for single in ("en", "zh"))  # type: ignore[arg-type]
    return t(pattern, lang, subject=t(f"family.subject.{subject}", lang))


def topic_of(family: str) -> str | None:
    """The topic a family belongs to (None for a family outside the seven topics)."""
    for topic, prefixes in TOPICS.items():
        if family.startswith(prefixes):
            return topic
    return None


def all_families() -> list[str]:
    """Every problem family, sorted (imports the engine's generators)."""
    from engine import problems

    return problems.families()


def select_families(wanted: str, known: Sequence[str]) -> list[str]:
    """The families ``wanted`` names: an id, a topic (``kmeans``, ``losses``) or an id
    prefix (``optim``, ``loss``, ``deriv.huber``), in ``known``'s order.

    Returns:
        The matching families; empty when nothing matches.
    """
    if wanted in known:
        return [wanted]
    key = wanted.strip().lower().rstrip(".")
    if key in TOPICS:
        return [family for family in known if topic_of(family) == key]
    return [family for family in known if family == key or family.startswith(key + ".")]
