"""The one safe expression language of quizapp: typed answers, template answers and formula checks.

A learner types ``2(yhat - y)``, ``1/3``, ``12.5%``, ``1 2; 3 4`` or ``σ(x)(1 − σ(x))``; this
package turns such text into a small validated tree that can be evaluated with float math,
turned into a SymPy expression, or rendered back as readable Unicode (the *echo*).

Nothing typed is ever evaluated as Python. The text passes one stage per module:

- :mod:`~engine.expr.lexer`: characters to tokens, names resolved against the declared
  variables, the constants and the listed functions;
- :mod:`~engine.expr.parser`: tokens to a validated :mod:`~engine.expr.tree` through Python's
  own parser on placeholders and a whitelist walk, within size bounds;
- :mod:`~engine.expr.evaluation`: float values; :mod:`~engine.expr.symbolic`: SymPy
  expressions; :mod:`~engine.expr.rendering`: the echo;
- :mod:`~engine.expr.domain`: where a problem's variables live (``yhat > y``);
- :mod:`~engine.expr.equivalence`: whether two expressions are the same function there.

``log`` is the natural logarithm (the echo shows it as ``ln``); ``log10`` and ``log2`` are the
others. SymPy is imported only when a SymPy expression is asked for, so numeric answers are
graded with plain float math.
"""

from engine.expr.domain import Domain, parse_domain
from engine.expr.equivalence import (
    AGREE_TOLERANCE,
    AGREEING_POINTS,
    DIFFER_TOLERANCE,
    MAX_POINT_TRIES,
    Agreement,
    Outcome,
    decimal_agreement,
    decimal_tolerance,
    decimals_typed,
    equivalence,
    equivalent,
    numeric_agreement,
    significant_figures,
    symbolically_equal,
)
from engine.expr.errors import ExpressionError, render_caret
from engine.expr.lexer import MAX_LITERAL_EXPONENT
from engine.expr.parser import (
    MAX_DEGREE,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_MAGNITUDE,
    MAX_NESTING,
    Parsed,
    evaluate,
    parse,
    to_sympy,
)
from engine.expr.rendering import render
from engine.expr.tree import (
    CONSTANTS,
    FUNCTIONS,
    BinaryOp,
    Call,
    Negate,
    Node,
    Number,
    Sequence,
    Symbol,
)

__all__ = [
    "AGREE_TOLERANCE",
    "AGREEING_POINTS",
    "CONSTANTS",
    "DIFFER_TOLERANCE",
    "FUNCTIONS",
    "MAX_DEGREE",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_LITERAL_EXPONENT",
    "MAX_MAGNITUDE",
    "MAX_NESTING",
    "MAX_POINT_TRIES",
    "Agreement",
    "Domain",
    "Outcome",
    "BinaryOp",
    "Call",
    "ExpressionError",
    "Negate",
    "Node",
    "Number",
    "Parsed",
    "Sequence",
    "Symbol",
    "decimal_agreement",
    "decimal_tolerance",
    "decimals_typed",
    "equivalence",
    "equivalent",
    "evaluate",
    "numeric_agreement",
    "parse_domain",
    "parse",
    "render",
    "render_caret",
    "significant_figures",
    "symbolically_equal",
    "to_sympy",
]
