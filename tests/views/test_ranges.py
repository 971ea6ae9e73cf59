"""The outcome-range charts' data (views.ranges), on every named scenario: every figure is a
table row and either a point on the axis or listed as not plotted; the heading's span is the
board's; the text alternative states every figure."""

from __future__ import annotations

from dataclasses import replace

from evidence import EvidenceBase
from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from tests.views.scenarios import named_views
from views.board import span_text
from views.ranges import OUTSIDE_ONLY, range_words, strategy_charts


def test_every_figure_is_drawn_or_listed(base: EvidenceBase) -> None:
    index = engine_index(base)
    for name, views in named_views().items():
        for strategy in views.assessment.strategies:
            charts = strategy_charts(strategy, index)
            bands = [r for s in strategy.stages for r in s.ranges if r.points]
            drawn = [c for s in charts.stages for c in s.ranges]
            assert [c.title for c in drawn] == [r.label for r in bands], name
            for chart, band in zip(drawn, bands, strict=True):
                assert len(chart.table) == len(band.points)
                assert len(chart.rows) + len(chart.not_plotted) == len(chart.table)
                assert len({row.cohort for row in chart.table}) == len(chart.table)
                for row in chart.table:
                    assert f"{row.cohort}: {row.figure.summary}" in chart.alt_text
                assert {r.x for r in chart.rows} <= {row.figure.x for row in chart.table}
                if band.unit == "%":
                    assert chart.domain_max == 100.0


def test_the_heading_states_the_boards_span(base: EvidenceBase) -> None:
    assessment = assess(PatientProfile(), base)
    strategy = next(s for s in assessment.strategies if s.applicable)
    orr = next(r for r in strategy.ranges if r.endpoint == "orr")
    words = range_words(orr)
    assert words.startswith(span_text(orr)) and "–" in words and "cohorts" in words


def test_a_band_only_outside_cohorts_report_says_so(base: EvidenceBase) -> None:
    strategy = next(s for s in assess(PatientProfile(), base).strategies if s.applicable)
    band = next(r for r in strategy.ranges if r.points)
    outside = replace(band, points=[replace(p, grade="outside") for p in band.points])
    assert range_words(outside) == OUTSIDE_ONLY
    hollow = replace(band, points=[*band.points, replace(band.points[0], in_band=False)])
    assert range_words(hollow).endswith("; 1 more shown hollow, not in the band")
