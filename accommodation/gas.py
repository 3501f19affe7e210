"""Goal Attainment Scaling (Kiresuk and Sherman, 1968): the children's service (SASS) scores each goal
from -2 (much less than expected) to +2 (much more than expected), 0 being the expected outcome.
Pure: the T-score of a set of goals, 50 when every goal is met as expected, with its standard deviation 10."""

from __future__ import annotations

import math
from collections.abc import Sequence

LEVELS = (-2, -1, 0, 1, 2)
# The assumed correlation between goals' scores: the standard value of the formula.
RHO = 0.3


def t_score(levels: Sequence[int], weights: Sequence[float] | None = None, *, rho: float = RHO) -> float:
    """T = 50 + 10 Σwᵢxᵢ / √((1−ρ)Σwᵢ² + ρ(Σwᵢ)²). Weights are optional (all 1). Refuses what cannot be
    scored: no goals, a level outside −2..+2, weights that do not match the goals or are not positive."""
    if not levels:
        raise ValueError("Score at least one goal.")
    if any(level not in LEVELS for level in levels):
        raise ValueError("Each goal scores from -2 to +2.")
    w = [1.0] * len(levels) if weights is None else [float(x) for x in weights]
    if len(w) != len(levels) or any(x <= 0 for x in w):
        raise ValueError("Give one positive weight per goal.")
    weighted = sum(wi * xi for wi, xi in zip(w, levels, strict=True))
    spread = math.sqrt((1 - rho) * sum(wi * wi for wi in w) + rho * sum(w) ** 2)
    return 50 + 10 * weighted / spread


def goals_achieved(levels: Sequence[int]) -> int:
    """Goals met at least as expected (0 or better)."""
    return sum(1 for level in levels if level >= 0)


def t_score_change(baseline: Sequence[int], final: Sequence[int], weights: Sequence[float] | None = None) -> float:
    """The change in goal attainment: the T-score of the final levels minus that of the baseline levels, the
    same goals and weights in the same order (positive: better than at the start)."""
    if len(baseline) != len(final):
        raise ValueError("Score the same goals at the start and at the end.")
    return t_score(final, weights) - t_score(baseline, weights)
