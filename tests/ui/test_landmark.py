"""Landmark survival on screen: the chart spec and the Sequencing page's chart (the rows and
their placement are tested in tests/views/test_landmark.py)."""

from __future__ import annotations

import json

from tests.ui.apptest import run_page
from tests.views.test_landmark import median, rate, rows_of, stage
from ui import charts
from views import landmark

PLANNED = {"prior_lines": "2", "cart_plan": "planned"}


def test_a_median_ci_open_at_the_top_runs_to_the_axis_end() -> None:
    rows = rows_of(
        stage(
            rate("os_rate", 24, 54),
            median("median_os", 33.5, ci_low=18.3, ci_high_not_reached=True),
        )
    )
    (row,) = [r for r in rows if r.kind == "median"]
    assert row.ci_high_open and row.ci_high is None
    spec = charts.landmark_chart(landmark.plotted(rows), "Months", "OS", 36, legend=False)
    medians = spec["datasets"]["medians"]
    assert medians["ci_high"].tolist() == [36]


def test_chart_template_is_shared_and_filled() -> None:
    rows = landmark.place_labels(landmark.plotted(rows_of(stage(rate("os_rate", 24, 54)))), 36)
    first = charts.landmark_chart(rows, "Months from CAR-T infusion", "Overall survival", 36, True)
    size = charts._landmark_template.cache_info().currsize
    second = charts.landmark_chart(rows, "Months from randomisation", "Overall survival", 36, True)
    assert charts._landmark_template.cache_info().currsize == size
    text = json.dumps({k: v for k, v in second.items() if k != "datasets"})
    assert "__axis_title__" not in text and "Months from randomisation" in text
    assert set(first["datasets"]) == {"rates", "medians", "fifty"}
    assert first["datasets"]["rates"]["y"].tolist() == [54]


def test_sequencing_page_shows_a_landmark_chart() -> None:
    at = run_page("overview", PLANNED, details=True)
    assert not at.exception, at.exception
    headings = [str(m.value) for m in at.markdown if "Survival at fixed times" in str(m.value)]
    assert headings
    shown = [c.proto for c in at.get("vega_lite_chart") if c.proto.alt.startswith("Survival")]
    assert shown, "no landmark chart on the page"
    assert any(
        "Overall survival" in json.loads(c.spec).get("title", {}).get("text", "") for c in shown
    )
    assert all({d.name for d in c.datasets} >= {"rates", "medians"} for c in shown)
    tables = [f.value for f in at.dataframe if "Joined by a dashed line" in f.value.columns]
    assert tables and not tables[0].empty
