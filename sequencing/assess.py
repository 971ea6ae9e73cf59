"""One assessment of a patient against the evidence base: fits, strategies, considerations,
washout. Pure and fast: the per-base index is built once (see `sequencing.index`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from evidence.loader import EvidenceBase
from sequencing.considerations import Consideration, evaluate_rules
from sequencing.fit import CohortFit, fit_all
from sequencing.index import engine_index
from sequencing.options import OptionRow, build_options
from sequencing.profile import PatientProfile
from sequencing.ranges import MATCHED_GRADES, RANGE_ENDPOINTS, RangePoint, cohort_points
from sequencing.strategies import Strategy, build_strategies
from sequencing.washout import Washout, build_washout


@dataclass(frozen=True, slots=True)
class MatchedCohort:
    """A cohort graded fits/partial with its most specific outcome records for this patient."""

    cohort_id: str
    cohort_label: str
    source_short: str
    grade: str
    outcomes: list[RangePoint]


@dataclass(frozen=True, slots=True)
class Assessment:
    profile: PatientProfile
    fits: list[CohortFit]
    strategies: list[Strategy]
    considerations: list[Consideration]
    washout: Washout | None
    leukapheresis_in_days: int | None = None
    matched: list[MatchedCohort] = dataclasses.field(default_factory=list)
    # The other options at this patient's point, each with its own cohorts, unranked.
    options: tuple[OptionRow, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        out: dict[str, Any] = {
            "profile": self.profile.model_dump(mode="json"),
            "leukapheresis_in_days": self.leukapheresis_in_days,
            "fits": [dataclasses.asdict(f) for f in self.fits],
            "strategies": [dataclasses.asdict(s) for s in self.strategies],
            "considerations": [dataclasses.asdict(c) for c in self.considerations],
            "washout": None if self.washout is None else dataclasses.asdict(self.washout),
            "matched_cohorts": [dataclasses.asdict(m) for m in self.matched],
            "options": [
                dataclasses.asdict(o) | {"context": [f.id for f in o.context]} for o in self.options
            ],
        }
        return out


def assess(
    profile: PatientProfile, base: EvidenceBase, *, leukapheresis_in_days: int | None = None
) -> Assessment:
    """Assess one (already validated) profile against a loaded evidence base."""
    if leukapheresis_in_days is not None and leukapheresis_in_days < 0:
        raise ValueError("The leukapheresis date must be today or later (days >= 0).")
    index = engine_index(base)
    fits = fit_all(profile, index)
    fit_by_id = {fit.cohort_id: fit for fit in fits}
    options = build_options(profile, fits, index)
    strategies = build_strategies(profile, fits, index, options)
    washout = build_washout(profile, index, fit_by_id, leukapheresis_in_days)
    considerations = evaluate_rules(profile, index, fit_by_id, washout, leukapheresis_in_days)
    matched = [
        MatchedCohort(
            fit.cohort_id,
            fit.cohort_label,
            fit.source_short,
            fit.grade,
            cohort_points(fit, profile, index),
        )
        for fit in fits
        if fit.grade in MATCHED_GRADES
    ]
    return Assessment(
        profile=profile,
        fits=fits,
        strategies=strategies,
        considerations=considerations,
        washout=washout,
        leukapheresis_in_days=leukapheresis_in_days,
        matched=matched,
        options=options,
    )


__all__ = ["RANGE_ENDPOINTS", "Assessment", "MatchedCohort", "assess"]
