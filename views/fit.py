"""The cohort-fit grid: this patient against each cohort, feature by feature.

Each row is a cohort (best fit first): its setting, n, fit and, per feature the cohorts check,
✓ inside its eligibility or baseline mix, ✗ outside, ? unknown, blank where it reports nothing;
then why. A symbol reads without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evidence.formatting import n_text
from evidence.models import SETTING_LABELS, Setting
from sequencing.fit import CohortFit
from sequencing.vocabulary import GRADE_LABELS, GRADE_ORDER

__all__ = ["LEGEND", "SYMBOLS", "FitGrid", "FitRow", "fit_grid"]

SYMBOLS: dict[str, str] = {"inside": "✓", "outside": "✗", "unknown": "?"}
_MEANINGS = {
    "inside": "inside the cohort's eligibility or baseline mix",
    "outside": "outside",
    "unknown": "unknown",
}
LEGEND = " · ".join(f"{SYMBOLS[status]} {words}" for status, words in _MEANINGS.items())


@dataclass(frozen=True, slots=True)
class FitRow:
    cohort: str  # 'ZUMA-7 (Locke 2022) · ZUMA-7, axi-cel arm'
    setting: str
    n: str
    fit: str
    checks: tuple[str, ...]  # one symbol per feature of the grid, '' where not reported
    why: str


@dataclass(frozen=True, slots=True)
class FitGrid:
    features: tuple[str, ...]
    rows: tuple[FitRow, ...]

    def records(self) -> list[dict[str, str]]:
        """The grid as table rows: Cohort, Setting, n, Fit, one column per feature, Why."""
        return [
            {"Cohort": r.cohort, "Setting": r.setting, "n": r.n, "Fit": r.fit}
            | dict(zip(self.features, r.checks, strict=True))
            | {"Why": r.why}
            for r in self.rows
        ]


def fit_grid(fits: Sequence[CohortFit]) -> FitGrid:
    features = tuple(dict.fromkeys(check.label for fit in fits for check in fit.checks))
    rows = []
    for fit in sorted(fits, key=lambda f: GRADE_ORDER[f.grade]):
        symbols = {check.label: SYMBOLS[check.status] for check in fit.checks}
        rows.append(
            FitRow(
                cohort=f"{fit.source_short} · {fit.cohort_label}",
                setting=SETTING_LABELS[Setting(fit.setting)],
                n=n_text(fit.n),
                fit=GRADE_LABELS[fit.grade],
                checks=tuple(symbols.get(feature, "") for feature in features),
                why="; ".join(fit.reasons),
            )
        )
    return FitGrid(features, tuple(rows))
