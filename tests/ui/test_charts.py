"""Chart specs: cached templates filled per call, with nothing of the template left over."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ui import charts
from views.ranges import ChartRow
from views.washout import ObservedWashout

POINTS = [
    ChartRow("A · all (n=80)", 57.5, 45.9, 68.5, "Fits", True, "57.5%"),
    ChartRow("B · all (n=83)", 47.0, None, None, "Partly fits", False, "47%"),
]


def _text(spec: charts.Spec) -> str:
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
    second = charts.range_chart(POINTS[:1], "T", None, None)
    assert _text(first) != _text(second)
    assert "B · all" not in _text(second)


def test_washout_chart_marks_today_and_leukapheresis() -> None:
    curve = [(d, 100 * 0.5 ** (d / 17)) for d in range(121)]
    observed = [ObservedWashout("prior line (n=13)", 64.0, 103.5, 82.2)]
    spec = charts.washout_chart(curve, 17.0, 30, 50, observed)
    events = spec["datasets"]["events"]
    assert [e["label"] for e in events] == ["Today", "Planned leukapheresis"]
    assert "observed" in spec["datasets"]


def _x_domains(spec: charts.Spec) -> list[list[float]]:
    """Every x scale domain in a range chart's layers."""
    found = []
    for layer in spec["layer"]:
        scale = layer.get("encoding", {}).get("x", {}).get("scale", {})
        if "domain" in scale:
            found.append(scale["domain"])
    return found


def _durations(*values: tuple[float, float | None, float | None]) -> list[ChartRow]:
    return [
        ChartRow(f"r{i}", x, low, high, "Fits", True, f"{x:g} months")
        for i, (x, low, high) in enumerate(values)
    ]


def test_rate_axis_runs_from_0_to_100() -> None:
    domains = _x_domains(charts.range_chart(POINTS, "Best ORR (%)", (47.0, 57.5), 100.0))
    assert domains and all(d == [0, 100.0] for d in domains)


@pytest.mark.parametrize("largest", [20.9, 8.0, 3.0, 51.2, 0.9])
def test_duration_axis_starts_at_zero_and_leaves_room_for_the_label(largest: float) -> None:
    """'20.9 months' and '8 months' were cut at the right edge: the axis ends past the largest
    value by room for its label (30% of the value), at a round number."""
    spec = charts.range_chart(
        _durations((largest, None, None), (largest / 2, None, None)), "T", None, None
    )
    domains = _x_domains(spec)
    assert domains
    for low, high in domains:
        assert low == 0
        assert high >= largest * 1.3
        assert high <= largest * 2  # not so wide that the points crowd the left


def test_duration_axis_covers_the_ci_and_the_band() -> None:
    spec = charts.range_chart(
        _durations((11.6, 5.7, 45.7), (4.7, None, None)), "T", (4.7, 11.6), None
    )
    (high,) = {d[1] for d in _x_domains(spec)}
    assert high >= 45.7 * 1.05


def test_a_value_near_the_axis_end_is_labelled_to_its_left() -> None:
    """A rate of 97% on a 0-100 axis: its label is written left of the point."""
    spec = charts.range_chart(POINTS, "T", None, 100.0)
    texts = [layer for layer in spec["layer"] if layer["mark"].get("type") == "text"]
    aligns = {layer["mark"]["align"]: layer["transform"][0]["filter"] for layer in texts}
    assert set(aligns) == {"left", "right"}
    assert "82" in aligns["right"]


@pytest.mark.parametrize(
    ("value", "nice"), [(10.4, 12), (27.17, 30), (34.4, 40), (0.91, 1), (101, 120), (0, 1)]
)
def test_nice_axis_ends(value: float, nice: float) -> None:
    assert charts.nice_max(value) == nice
