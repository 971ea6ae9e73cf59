"""The washout as shown (views.washout): a metric and its sentence give the same share, the
observed washouts sit on the days axis, every threshold says when it is crossed."""

from __future__ import annotations

import pytest

from evidence import EvidenceBase
from evidence.figure import months_to_days
from evidence.formatting import share_text
from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from sequencing.washout import Washout
from views.washout import NO_DATE, WashoutView, washout_view


def _view(base: EvidenceBase, leukapheresis: int | None = 10) -> tuple[Washout, WashoutView]:
    profile = PatientProfile(prior_lines=2, days_since_last_tafasitamab=21, cart_plan="planned")
    washout = assess(profile, base, leukapheresis_in_days=leukapheresis).washout
    assert washout is not None
    return washout, washout_view(washout, engine_index(base))


def test_the_metrics_and_the_statements_agree(base: EvidenceBase) -> None:
    washout, view = _view(base)
    assert view.days_since == "21"
    assert view.today == share_text(washout.fraction_today)
    assert any(f"about {view.today} is expected to remain" in s for s in view.statements)
    assert washout.fraction_at_leukapheresis is not None
    assert view.at_leukapheresis == share_text(washout.fraction_at_leukapheresis)
    assert any(f"about {view.at_leukapheresis} is expected" in s for s in view.statements)
    assert view.leukapheresis_day == 31 and view.leukapheresis_when == "In 10 days from today."
    assert "Planned leukapheresis on day 31." in view.alt_text
    assert view.half_life is not None


def test_without_a_date_it_says_so(base: EvidenceBase) -> None:
    _, view = _view(base, None)
    assert view.at_leukapheresis == NO_DATE and view.leukapheresis_day is None


def test_observed_washouts_are_on_the_days_axis(base: EvidenceBase) -> None:
    washout, view = _view(base)
    points = [p for p in washout.observed if p.value is not None]
    assert len(view.observed) == len(points) > 0
    for observed, point in zip(view.observed, points, strict=True):
        assert point.value is not None
        per = months_to_days(1) if point.unit == "months" else 1.0
        assert observed.median_day == pytest.approx(point.value * per)
    assert len(view.observed_records) == len(washout.observed)


def test_each_threshold_says_when(base: EvidenceBase) -> None:
    washout, view = _view(base)
    assert [t.falls_under for t in view.thresholds] == list(washout.thresholds)
    for threshold, day in zip(view.thresholds, washout.thresholds.values(), strict=True):
        left = round(day) - 21
        assert threshold.from_today == ("already passed" if left <= 0 else f"in {left} days")
    assert view.curve[0] == (0, 100.0)
