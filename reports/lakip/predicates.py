"""Predicates of capaian (Sangat Baik … Sangat Kurang) per indicator and per strategic goal.

The scale holds four inclusive lower bounds. A capaian is first rounded to two decimals, as it is shown, and then
placed: with the default scale 91,00 and above is Sangat Baik; 76,00 up to 90,99 Baik (so 90,5 is Baik);
66,00–75,99 Cukup; 51,00–65,99 Kurang; below 51,00 (50,5 included) Sangat Kurang. Rounding first means the
predicate always agrees with the number printed beside it (90,996 prints 91,00 and is Sangat Baik).
See docs/dev/lakip.md, "Predicates".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .rules import format_percent, round2

VERY_GOOD, GOOD, FAIR, POOR, VERY_POOR = "Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang"
LABELS = (VERY_GOOD, GOOD, FAIR, POOR, VERY_POOR)
DEFAULT_BOUNDS = {"very_good_min": "91", "good_min": "76", "fair_min": "66", "poor_min": "51"}
BOUND_NAMES = ("very_good_min", "good_min", "fair_min", "poor_min")


@dataclass(frozen=True)
class Scale:
    """A predicate scale as plain numbers (from the model in force, or from a published LAKIP's copy)."""

    very_good_min: Decimal
    good_min: Decimal
    fair_min: Decimal
    poor_min: Decimal

    @classmethod
    def from_dict(cls, bounds: dict) -> Scale:
        return cls(**{name: Decimal(str(bounds[name])) for name in BOUND_NAMES})

    def as_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in BOUND_NAMES}

    def predicate(self, value: Decimal | None) -> str | None:
        """The predicate of a capaian in percent; None when there is no capaian."""
        if value is None:
            return None
        shown = round2(value)
        bounds = (self.very_good_min, self.good_min, self.fair_min, self.poor_min)
        for label, bound in zip(LABELS[:4], bounds, strict=True):
            if shown >= bound:
                return label
        return VERY_POOR

    def bands(self) -> list[tuple[str, str]]:
        """(label, range in Indonesian notation) for the page and the document."""
        bounds = [self.very_good_min, self.good_min, self.fair_min, self.poor_min]
        below = [format_percent(b - Decimal("0.01")) for b in bounds]
        return [
            (VERY_GOOD, f"≥ {format_percent(bounds[0])}%"),
            (GOOD, f"{format_percent(bounds[1])}% – {below[0]}%"),
            (FAIR, f"{format_percent(bounds[2])}% – {below[1]}%"),
            (POOR, f"{format_percent(bounds[3])}% – {below[2]}%"),
            (VERY_POOR, f"≤ {below[3]}%"),
        ]


def current_scale() -> Scale:
    from .models import PredicateScale

    # Query: the scale in force.
    return Scale.from_dict(PredicateScale.current().as_dict())


@dataclass(frozen=True)
class GoalSummary:
    """A strategic goal: its indicators' capaian averaged (those with a capaian only) and its predicate."""

    goal: str
    codes: tuple[str, ...]
    capaian: Decimal | None
    predicate: str | None


def goal_summaries(results, scale: Scale) -> list[GoalSummary]:
    """Per strategic goal, in report order: the mean of its indicators' capaian (indicators without capaian are
    left out of the mean), its predicate; None when no indicator of the goal has a capaian."""
    goals: dict[str, list] = {}
    for result in results:
        goals.setdefault(result.indicator.strategic_goal, []).append(result)
    summaries = []
    for goal, members in goals.items():
        values = [r.capaian for r in members if r.capaian is not None]
        mean = sum(values, Decimal(0)) / len(values) if values else None
        codes = tuple(r.indicator.code for r in members)
        summaries.append(GoalSummary(goal, codes, mean, scale.predicate(mean)))
    return summaries
