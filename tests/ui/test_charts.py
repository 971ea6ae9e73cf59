"""Chart specs: cached templates filled per call, with nothing of the template left over."""

from __future__ import annotations

import json

import pandas as pd

from ui import charts

POINTS = pd.DataFrame(
    [
        {
            "row": "A · all (n=80)",
            "x": 57.5,
            "ci_low": 45.9,
            "ci_high": 68.5,
            "fit": "fits",
            "label": "57.5%",
            "in_band": True,
        },
        {
            "row": "B · all (n=83)",
            "x": 47.0,
            "ci_low": None,
            "ci_high": None,
            "fit": "partial",
            "label": "47%",
            "in_band": False,
        },
    ]
)


def _text(spec: dict) -> str:  # type: ignore[type-arg]
    data = {
        name: frame.to_dict("records") if isinstance(frame, pd.DataFrame) else frame
        for name, frame in spec.get("datasets", {}).items()
    }
    return json.dumps(spec | {"datasets": data}, default=str, ensure_ascii=False)


def test_range_chart_fills_rows_title_and_data() -> None:
    spec = charts.range_chart(POINTS, "Best ORR (%)", (47.0, 57.5), 100.0)
    text = _text(spec)
    assert "__rows__" not in text and "__axis_title__" not in text
    assert "Best ORR (%)" in text
    assert '"A · all (n=80)", "B · all (n=83)"' in text
    assert set(spec["datasets"]) == {"points", "band"}


def test_templates_are_shared_across_titles() -> None:
    charts.range_chart(POINTS, "One title", None, 100.0)
    before = charts._range_template.cache_info().currsize
    charts.range_chart(POINTS, "Another title", None, 100.0)
    assert charts._range_template.cache_info().currsize == before


def test_two_calls_do_not_share_state() -> None:
    first = charts.range_chart(POINTS, "T", None, None)
    second = charts.range_chart(POINTS.iloc[:1], "T", None, None)
    assert _text(first) != _text(second)
    assert "B · all" not in _text(second)


def test_washout_chart_marks_today_and_leukapheresis() -> None:
    curve = pd.DataFrame(
        {"day": range(121), "percent": [100 * 0.5 ** (d / 17) for d in range(121)]}
    )
    observed = pd.DataFrame(
        [{"label": "prior line (n=13)", "low_day": 64.0, "high_day": 103.5, "median_day": 82.2}]
    )
    spec = charts.washout_chart(curve, 17.0, 30, 50, observed)
    events = spec["datasets"]["events"]
    assert [e["label"] for e in events] == ["Today", "Planned leukapheresis"]
    assert "observed" in spec["datasets"]
