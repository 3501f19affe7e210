"""The Goal Attainment Scaling T-score (Kiresuk–Sherman, rho 0.3), with and without weights. Pure."""

from __future__ import annotations

import pytest

from accommodation.gas import goals_achieved, t_score, t_score_change


@pytest.mark.parametrize(
    ("levels", "weights", "expected"),
    [
        ([0], None, 50.0),
        ([0, 0, 0], None, 50.0),  # every goal as expected
        ([1], None, 60.0),  # one goal: T moves 10 a level
        ([-2], None, 30.0),
        ([-2, -2, -2], None, 22.61),  # 50 − 60/√4.8, the usual baseline of three goals
        ([2, 2, 2], None, 77.39),
        ([-2, -2, -2, -2, -2], None, 19.85),  # 50 − 100/√(3.5 + 7.5)
        ([1, 0], [1, 2], 54.02),  # 50 + 10·1/√(0.7·5 + 0.3·9)
        ([1, 0], [2, 2], 56.20),  # equal weights give the unweighted score
        ([1, 0], None, 56.20),  # 50 + 10/√(1.4 + 1.2)
        ([-1, 1], [1, 1], 50.0),
    ],
)
def test_t_score(levels: list[int], weights: list[float] | None, expected: float) -> None:
    assert t_score(levels, weights) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("levels", "weights"),
    [([], None), ([3], None), ([-3, 0], None), ([0, 1], [1]), ([0], [0]), ([0], [-1])],
)
def test_what_cannot_be_scored_is_refused(levels: list[int], weights: list[float] | None) -> None:
    with pytest.raises(ValueError):
        t_score(levels, weights)


@pytest.mark.parametrize(("levels", "achieved"), [([-2, -1, 0, 1, 2], 3), ([-1, -1], 0), ([0], 1)])
def test_goals_achieved_are_those_met_as_expected_or_better(levels: list[int], achieved: int) -> None:
    assert goals_achieved(levels) == achieved


@pytest.mark.parametrize(
    ("baseline", "final", "weights", "expected"),
    [
        ([-1], [0], None, 10.0),  # one goal, one level better
        ([-2, -2, -2], [0, 0, 0], None, 27.39),  # 50 − 22.61: three goals from −2 to as expected
        ([-1, -1, -1], [0, 1, -1], None, 13.69),  # the sum goes from −3 to 0: 10·3/√4.8
        ([-1, -1], [-1, -1], None, 0.0),  # no change
        ([-2, -1], [0, -2], [1, 3], -2.91),  # weighted sums −5 → −6: 10·(−1)/√(0.7·10 + 0.3·16)
    ],
)
def test_the_change_in_attainment_is_the_end_t_score_minus_the_start(
    baseline: list[int], final: list[int], weights: list[float] | None, expected: float
) -> None:
    assert t_score_change(baseline, final, weights) == pytest.approx(expected, abs=0.01)


def test_a_change_compares_the_same_goals() -> None:
    with pytest.raises(ValueError):
        t_score_change([-1, -1], [0])
