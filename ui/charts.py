"""Altair charts, built in one place for every page. Each has a text alternative beside it.

Each chart's Vega-Lite spec is built once with Altair, on named data sets, and cached; a rerun
only fills in the rows. Building an Altair chart costs about 50 ms (schema objects and hashing),
which on the landing page's dozen charts was most of a rerun (profiled with py-spy).
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from sequencing.vocabulary import GRADE_LABELS, GRADE_ORDER
from ui.theme import FIT_SHAPES, OKABE_ITO
from views.icons import ICON_WORDS, IconCell
from views.landmark import LandmarkRow
from views.library import ForestRow
from views.ranges import ChartRow
from views.washout import ObservedWashout

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "ICON_COLOURS",
    "ICON_HEIGHT",
    "LANDMARK_HEIGHT",
    "LANDMARK_HEIGHT_WITH_LEGEND",
    "LANDMARK_PLOT_HEIGHT",
    "Spec",
    "forest_chart",
    "icon_array_chart",
    "landmark_chart",
    "nice_max",
    "range_chart",
    "range_domain_max",
    "show",
    "washout_chart",
]

_FIT_ORDER = sorted(GRADE_ORDER, key=GRADE_ORDER.__getitem__)
# Stand in for data-dependent parts (the rows, an axis title) inside a cached template, so that
# templates are few (keyed by chart shape only) and every scenario hits the cache.
_ROWS = "__rows__"
_AXIS = "__axis_title__"

# A Vega-Lite spec: JSON, whose values are any JSON (and, under "datasets", data frames).
Spec = dict[str, Any]


def show(
    spec: Spec, key: str, alt_text: str, height: int | None = None, stretch: bool = True
) -> None:
    """Render a chart with its text alternative (read by screen readers; tables sit beside it).

    `height` (pixels, whole element) is for continuous charts; row charts size by step.
    `stretch=False` keeps a chart's own width (an icon array stays square).
    """
    # The text alternative on the SVG itself (Vega-Lite's `description` is the root's label);
    # the marks and axes are left out of the accessibility tree (`aria: false`), as the figures
    # are in the table or cards beside every chart.
    described = _without_aria(spec) | {
        "description": alt_text,
        "config": spec.get("config", {}) | {"aria": False},
    }
    st.vega_lite_chart(
        described,
        width="stretch" if stretch else "content",
        key=key,
        alt=alt_text,
        height=height if height is not None else "content",
    )


def _without_aria(node: Any) -> Any:
    """Every mark with `aria: false` (Streamlit's theme config does not carry the top-level
    one to the marks); data sets are left as they are."""
    if isinstance(node, list):
        return [_without_aria(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: value if key == "datasets" else _without_aria(value) for key, value in node.items()}
    mark = out.get("mark")
    if isinstance(mark, str):
        out["mark"] = {"type": mark, "aria": False}
    elif isinstance(mark, dict):
        out["mark"] = mark | {"aria": False}
    return out


def _records(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a named data set. Streamlit sends every named data set as Arrow (NaN becomes
    null, which Vega-Lite leaves out of a mark); a frame converts straight to the same Arrow
    table, about three times faster than JSON-safe dicts that Streamlit turns back into a frame."""
    return frame.reset_index(drop=True)


def _fill(template: str, datasets: dict[str, Any], rows: list[str], axis_title: str = "") -> Spec:
    filled: Spec = _replace(json.loads(template), rows, axis_title)
    filled["datasets"] = datasets  # after the walk: data sets hold frames, not JSON
    return filled


def _replace(node: Any, rows: list[str], axis_title: str) -> Any:
    if isinstance(node, dict):
        return {key: _replace(value, rows, axis_title) for key, value in node.items()}
    if isinstance(node, list):
        if node == [_ROWS]:
            return copy.copy(rows)
        return [_replace(item, rows, axis_title) for item in node]
    if node == _AXIS:
        return axis_title
    return node


def _fit_colour() -> alt.Color:
    return alt.Color(
        "fit_label:N",
        title="Fit to this patient",
        scale=alt.Scale(
            domain=[GRADE_LABELS[g] for g in _FIT_ORDER], range=[OKABE_ITO[g] for g in _FIT_ORDER]
        ),
    )


def _fit_shape() -> alt.Shape:
    return alt.Shape(
        "fit_label:N",
        title="Fit to this patient",
        scale=alt.Scale(
            domain=[GRADE_LABELS[g] for g in _FIT_ORDER], range=[FIT_SHAPES[g] for g in _FIT_ORDER]
        ),
    )


# Axis ends that read well: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten.
_NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
# Room right of the largest value for its text label ("20.9 months" is about a fifth of a
# narrow plot), and right of the largest CI end for its bar's cap.
_LABEL_HEADROOM = 1.3
_CI_HEADROOM = 1.05
# Past this share of the axis a value's label is written to the left of its point.
_FLIP_LABEL_AT = 0.82


def nice_max(value: float) -> float:
    """The smallest 'nice' number at or above `value` (1 for nothing to show)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in _NICE_STEPS:
        if step * power >= value * (1 - 1e-9):
            return round(step * power, 10)
    return 10.0 * power  # pragma: no cover - _NICE_STEPS ends at 10


def range_domain_max(points: pd.DataFrame, band: tuple[float, float] | None) -> float:
    """A duration axis from 0 to past the largest value, with room for its label."""
    values = [float(v) for v in points["x"].dropna()]
    ends = [float(v) for v in points["ci_high"].dropna()] + ([band[1]] if band else [])
    wanted = max([v * _LABEL_HEADROOM for v in values] + [v * _CI_HEADROOM for v in ends] or [0])
    return nice_max(wanted)


@cache
def _range_template(domain_max: float, with_band: bool) -> str:
    axis_title = _AXIS
    scale = alt.Scale(domain=[0, domain_max], nice=False, zero=True)
    # An explicit row domain: layers filter rows (no CI, no value) and Vega-Lite would otherwise
    # drop unsorted rows from the union of their domains.
    y = alt.Y(
        "row:N",
        title=None,
        sort=None,
        scale=alt.Scale(domain=[_ROWS]),
        axis=alt.Axis(labelLimit=440, labelFontSize=12),
    )
    x = alt.X(
        "x:Q",
        title=axis_title,
        scale=scale,
        # About ten ticks, whatever the width: 0.1-month steps on a 4-month axis were unreadable.
        axis=alt.Axis(labelFontSize=12, titleFontSize=13, tickCount=10, labelOverlap=True),
    )
    points = alt.Chart(alt.NamedData("points"))
    layers: list[alt.Chart] = []
    if with_band:
        layers.append(
            alt.Chart(alt.NamedData("band"))
            .mark_rect(color="#56B4E9", opacity=0.18)
            .encode(x=alt.X("low:Q", scale=scale, title=axis_title), x2="high:Q")
        )
    layers.append(
        points.mark_rule(strokeWidth=2).encode(
            y=y,
            x=alt.X("ci_low:Q", scale=scale, title=axis_title),
            x2="ci_high:Q",
            color=_fit_colour(),
        )
    )
    layers.append(
        points.mark_point(size=110, filled=True, opacity=1, strokeWidth=2).encode(
            y=y,
            x=x,
            color=_fit_colour(),
            stroke=_fit_colour(),
            shape=_fit_shape(),
            # Hollow: shown for context but not setting the band (responders only, weighted
            # comparison sets, cohorts pooling treatments).
            fillOpacity=alt.condition("datum.in_band", alt.value(1.0), alt.value(0.0)),
            tooltip=[
                alt.Tooltip("row:N", title="Cohort"),
                alt.Tooltip("label:N", title="Value"),
                alt.Tooltip("fit_label:N", title="Fit"),
            ],
        )
    )
    # The value beside its point: to the right, or to the left near the axis end (a rate of
    # 97% on a 0-100 axis), so that no label runs off the chart.
    flip = f"datum.x > {domain_max * _FLIP_LABEL_AT}"
    sides: tuple[tuple[str, Literal["left", "right"], int], ...] = (
        (f"!({flip})", "left", 9),
        (flip, "right", -9),
    )
    for test, align, dx in sides:
        layers.append(
            points.transform_filter(test)
            .mark_text(align=align, dx=dx, dy=-10, fontSize=12, color="#222222")
            .encode(y=y, x=x, text="label:N")
        )
    # A step per row (not a fixed height) keeps every cohort on its own labelled row.
    chart = alt.layer(*layers).properties(height=alt.Step(34)).configure_legend(orient="bottom")
    return json.dumps(chart.to_dict(validate=False))


def _frame(rows: Sequence[DataclassInstance]) -> pd.DataFrame:
    """View rows (dataclasses) as a data set's columns."""
    return pd.DataFrame([asdict(row) for row in rows])


def range_chart(
    rows: Sequence[ChartRow],
    axis_title: str,
    band: tuple[float, float] | None,
    domain_max: float | None,
) -> Spec:
    """One endpoint: each cohort a point with its CI bar, labelled with its value; the span of the
    fitting cohorts as a band.

    Rows (`views.ranges.ChartRow`): row (unique label), x, ci_low, ci_high, fit_label, label
    (value text), in_band (whether the figure sets the band; hollow marks do not). The axis
    starts at zero and ends at `domain_max` (100 for rates) or, for durations (None), past the
    largest value or CI end with room for the value's label.
    """
    frame = _frame(rows)
    datasets: dict[str, Any] = {"points": _records(frame)}
    if band is not None:
        datasets["band"] = [{"low": band[0], "high": band[1]}]
    end = domain_max if domain_max else range_domain_max(frame, band)
    template = _range_template(float(end), band is not None)
    return _fill(template, datasets, list(frame["row"]), axis_title)


@cache
def _washout_template(max_day: float, with_observed: bool) -> str:
    day_scale = alt.Scale(domain=[0, max_day], nice=False)
    line = (
        alt.Chart(alt.NamedData("curve"))
        .mark_line(color="#0072B2", strokeWidth=3)
        .encode(
            x=alt.X("day:Q", title="Days since the last tafasitamab dose", scale=day_scale),
            y=alt.Y(
                "percent:Q",
                title="Expected antibody remaining (% of level at last dose)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            tooltip=[
                alt.Tooltip("day:Q", title="Day"),
                alt.Tooltip("percent:Q", title="% remaining", format=".1f"),
            ],
        )
    )
    layers: list[alt.Chart] = []
    if with_observed:
        colour = alt.Color(
            "label:N",
            title="Observed in DESCAR-T (median; band: IQR where reported)",
            scale=alt.Scale(range=["#E69F00", "#CC79A7", "#009E73"]),
            legend=alt.Legend(
                orient="bottom", direction="vertical", labelLimit=600, titleLimit=600
            ),
        )
        observed = alt.Chart(alt.NamedData("observed"))
        layers.append(
            observed.mark_rect(opacity=0.22).encode(
                x=alt.X("low_day:Q", scale=day_scale),
                x2="high_day:Q",
                color=colour,
                tooltip=[alt.Tooltip("label:N", title="Observed")],
            )
        )
        layers.append(
            observed.mark_rule(strokeDash=[2, 2], strokeWidth=2).encode(
                x=alt.X("median_day:Q", scale=day_scale), color=colour
            )
        )
    layers.append(line)
    marks = alt.Chart(alt.NamedData("marks"))
    layers.append(
        marks.mark_rule(color="#999999", strokeDash=[4, 4]).encode(
            x=alt.X("day:Q", scale=day_scale)
        )
    )
    layers.append(
        marks.mark_text(angle=270, align="left", dx=-4, dy=-6, color="#555555", fontSize=11).encode(
            x=alt.X("day:Q", scale=day_scale), y=alt.value(6), text="label:N"
        )
    )
    # Today and the planned leukapheresis, as labelled vertical lines in fixed colours (a colour
    # encoding would share, and scramble, the observed washouts' legend).
    events = alt.Chart(alt.NamedData("events"))
    for label, line_colour in (("Today", "#000000"), ("Planned leukapheresis", "#D55E00")):
        event = events.transform_filter(alt.datum.label == label)
        layers.append(
            event.mark_rule(strokeWidth=3, color=line_colour).encode(
                x=alt.X("day:Q", scale=day_scale)
            )
        )
        layers.append(
            event.mark_text(
                align="left", dx=5, dy=12, fontSize=12, fontWeight="bold", color=line_colour
            ).encode(x=alt.X("day:Q", scale=day_scale), y=alt.value(0), text="label:N")
        )
    chart = alt.layer(*layers).properties(height=340)
    return json.dumps(chart.to_dict(validate=False))


def washout_chart(
    curve: Sequence[tuple[int, float]],
    half_life_days: float,
    today_day: float,
    leukapheresis_day: float | None,
    observed: Sequence[ObservedWashout],
) -> Spec:
    """Expected residual tafasitamab (first-order model) against days since the last dose, with
    half-life marks, the planned leukapheresis and DESCAR-T's observed washouts.

    `curve`: (day, % remaining). `observed`: `views.washout.ObservedWashout` rows (label,
    low_day and high_day, None where no range is reported, median_day).
    """
    max_day = float(max(day for day, _ in curve))
    marks = [
        {"day": half_life_days * k, "label": f"{k} half-li{'fe' if k == 1 else 'ves'}"}
        for k in range(1, 8)
        if half_life_days * k <= max_day
    ]
    points = pd.DataFrame(list(curve), columns=["day", "percent"])
    datasets: dict[str, Any] = {"curve": _records(points), "marks": marks}
    if observed:
        datasets["observed"] = _records(_frame(observed))
    datasets["events"] = [{"day": today_day, "label": "Today"}]
    if leukapheresis_day is not None:
        datasets["events"].append({"day": leukapheresis_day, "label": "Planned leukapheresis"})
    template = _washout_template(max_day, bool(observed))
    return _fill(template, datasets, [])


@cache
def _forest_template(log_scale: bool) -> str:
    axis_title = _AXIS
    scale = alt.Scale(type="log") if log_scale else alt.Scale(zero=True)
    y = alt.Y(
        "row:N",
        title=None,
        sort=None,
        scale=alt.Scale(domain=[_ROWS]),
        axis=alt.Axis(labelLimit=380),
    )
    # Whose effect each figure measures: a CAR-T's response after tafa-len is never read as
    # tafa-len's.
    colour = alt.Color(
        "measures:N",
        title="Measures the effect of",
        scale=alt.Scale(range=["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]),
        legend=alt.Legend(labelLimit=400, direction="vertical"),
    )
    base = alt.Chart(alt.NamedData("points"))
    layers: list[alt.Chart] = [
        base.mark_rule(strokeWidth=2).encode(
            y=y, x=alt.X("ci_low:Q", scale=scale, title=axis_title), x2="ci_high:Q", color=colour
        ),
        base.mark_point(filled=True, size=90, opacity=1).encode(
            y=y,
            x=alt.X("x:Q", scale=scale),
            color=colour,
            shape=alt.Shape("measures:N", title="Measures the effect of"),
            tooltip=[
                alt.Tooltip("row:N", title="Record"),
                alt.Tooltip("value:N", title="Value"),
                alt.Tooltip("measures:N", title="Measures the effect of"),
                alt.Tooltip("setting:N", title="Setting"),
            ],
        ),
    ]
    if log_scale:
        layers.append(alt.Chart(alt.NamedData("unity")).mark_rule(color="#444444").encode(x="x:Q"))
    chart = alt.layer(*layers).properties(height=alt.Step(26)).configure_legend(orient="bottom")
    return json.dumps(chart.to_dict(validate=False))


def forest_chart(rows: Sequence[ForestRow], axis_title: str, log_scale: bool) -> Spec:
    """Evidence-library forest plot: `views.library.ForestRow` rows (row, x, ci_low, ci_high,
    value, measures, setting), coloured by whose effect each measures."""
    frame = _frame(rows)
    datasets: dict[str, Any] = {"points": _records(frame)}
    if log_scale:
        datasets["unity"] = [{"x": 1.0}]
    return _fill(_forest_template(log_scale), datasets, list(frame["row"]), axis_title)


_JOIN_COLOUR = "#555555"
LANDMARK_PLOT_HEIGHT = 240
# The whole element: the plot, its title, the time axis and (on the last panel) the legend.
LANDMARK_HEIGHT = LANDMARK_PLOT_HEIGHT + 95
LANDMARK_HEIGHT_WITH_LEGEND = LANDMARK_HEIGHT + 60


@cache
def _landmark_template(title: str, x_max: int, legend: bool) -> str:
    """One measure's panel. Panels of a stage share `x_max`, so their time axes line up."""
    step = 3 if x_max <= 12 else 6 if x_max <= 48 else 12
    x_scale = alt.Scale(domain=[0, x_max], nice=False, zero=True)
    y_scale = alt.Scale(domain=[0, 100], nice=False)
    x_axis = alt.Axis(
        values=list(range(0, x_max + 1, step)), format="d", labelFontSize=13, titleFontSize=13
    )
    y_axis = alt.Axis(values=[0, 25, 50, 75, 100], labelFontSize=13, titleFontSize=13)
    tooltip = [
        alt.Tooltip("cohort:N", title="Cohort"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("value_text:N", title="Value"),
        alt.Tooltip("ci_text:N", title="Interval"),
        alt.Tooltip("time_origin:N", title="Counted"),
        alt.Tooltip("fit_label:N", title="Fit"),
        alt.Tooltip("band_text:N", title="Sets the band"),
    ]
    colour = _fit_colour() if legend else _fit_colour().legend(None)
    shape = _fit_shape() if legend else _fit_shape().legend(None)
    rates = alt.Chart(alt.NamedData("rates"))
    medians = alt.Chart(alt.NamedData("medians"))
    x = alt.X("x:Q", title=_AXIS, scale=x_scale, axis=x_axis)
    y = alt.Y("y:Q", title="% of patients", scale=y_scale, axis=y_axis)
    layers: list[alt.Chart] = [
        # Where a median sits: the 50% line.
        alt.Chart(alt.NamedData("fifty"))
        .mark_rule(color="#999999", strokeDash=[2, 3])
        .encode(y=alt.Y("y:Q", scale=y_scale)),
        rates.mark_rule(strokeWidth=2).encode(
            x=x, y=alt.Y("ci_low:Q", scale=y_scale), y2="ci_high:Q", color=colour
        ),
        medians.mark_rule(strokeWidth=2.5).encode(
            x=alt.X("ci_low:Q", scale=x_scale),
            x2="ci_high:Q",
            y=alt.Y("ci_y:Q", scale=y_scale),
            color=colour,
            tooltip=tooltip,
        ),
        # One study's own reported times, never across cohorts (rows with a line key).
        rates.transform_filter("datum.line !== ''")
        .mark_line(color=_JOIN_COLOUR, strokeDash=[6, 4], strokeWidth=1.5)
        .encode(x=x, y=y, detail="line:N", order="x:Q"),
        rates.mark_point(size=150, filled=True, opacity=1, strokeWidth=2.5).encode(
            x=x,
            y=y,
            color=colour,
            stroke=colour,
            shape=shape,
            fillOpacity=alt.condition("datum.hollow", alt.value(0.0), alt.value(1.0)),
            tooltip=tooltip,
        ),
        medians.mark_tick(orient="vertical", thickness=4, size=30).encode(
            x=x,
            y=y,
            color=colour,
            opacity=alt.condition("datum.hollow", alt.value(0.4), alt.value(1.0)),
            tooltip=tooltip,
        ),
    ]
    # Labels where `ui.landmark.place_labels` found room: beside a point, or above or below
    # it (label_y, in %); none where every place was taken (the tooltip and table name it).
    label_x = alt.X("label_x:Q", scale=x_scale)
    label_y = alt.Y("label_y:Q", scale=y_scale)
    sides: tuple[tuple[str, Literal["left", "right", "center"], int], ...] = (
        ("right", "left", 11),
        ("left", "right", -11),
        ("center", "center", 0),
    )
    for data in (rates, medians):
        for position, align, dx in sides:
            layers.append(
                data.transform_filter(f"datum.label_pos === '{position}'")
                .mark_text(align=align, baseline="middle", dx=dx, fontSize=13, color="#1A1A1A")
                .encode(x=label_x, y=label_y, text="label:N")
            )
    chart = alt.layer(*layers).properties(
        height=LANDMARK_PLOT_HEIGHT, title=alt.TitleParams(title, anchor="start", fontSize=15)
    )
    if legend:
        chart = chart.configure_legend(orient="bottom", labelFontSize=13, titleFontSize=13)
    return json.dumps(chart.to_dict(validate=False))


def landmark_chart(
    rows: Sequence[LandmarkRow], axis_title: str, title: str, x_max: int, legend: bool
) -> Spec:
    """Survival at fixed times for one measure (PFS, OS...): each cohort's rate at each time
    with its CI, medians on the 50% line with their CIs, dashed lines only through one study's
    own times. `rows` are one measure's `views.landmark` rows that have a point, labels placed;
    the panels of one stage share `x_max` so their time axes line up."""
    prepared = [
        asdict(r)
        | {
            "band_text": "yes" if not r.hollow else f"no: {r.hollow_reason}",
            # A median's CI whose upper end was not reached runs to the edge of the axis.
            "ci_high": x_max if r.ci_high_open else r.ci_high,
        }
        for r in rows
    ]
    columns = [
        "family", "kind", "x", "y", "ci_low", "ci_high", "cohort", "measure", "value_text",
        "ci_text", "time_origin", "fit_label", "hollow", "band_text", "label", "line",
        "label_pos", "label_x", "label_y", "ci_y",
    ]  # fmt: skip
    frame = pd.DataFrame(prepared, columns=columns)
    datasets: dict[str, Any] = {
        "rates": _records(frame[frame["kind"] == "rate"]),
        "medians": _records(frame[frame["kind"] == "median"]),
        "fifty": [{"y": 50.0}],
    }
    return _fill(_landmark_template(title, x_max, legend), datasets, [], axis_title)


# Icon arrays: responded in Okabe-Ito blue, the CI band lighter, the rest light grey.
ICON_COLOURS = {"responded": "#0072B2", "ci_band": "#9CCFF0", "not": "#DEDEDE"}
_ICON_CELL = 40  # pixels per person: readable from the back of a room
# The key is drawn inside the chart, as rows under the grid: a legend's height varies, and the
# squares stay square only when the chart's height is known.
_ICON_KEY = [
    {"row": 11.0, "kind": "responded", "label": ICON_WORDS["responded"], "in_ci": False},
    {"row": 12.0, "kind": "ci_band", "label": ICON_WORDS["ci_band"], "in_ci": False},
    {"row": 13.0, "kind": "not", "label": ICON_WORDS["not"], "in_ci": False},
    {"row": 14.0, "kind": "key_outline", "label": "Outlined: inside the CI band", "in_ci": True},
]
_ICON_ROWS = 15.5  # 10 rows of people, a gap, the key
ICON_HEIGHT = int(_ICON_CELL * (_ICON_ROWS + 0.5)) + 10


@cache
def _icon_template() -> str:
    side = _ICON_CELL * 10
    kinds = [*ICON_COLOURS, "key_outline"]
    colours = [*ICON_COLOURS.values(), "#FFFFFF"]
    axis = alt.Axis(labels=False, ticks=False, domain=False, grid=False, title=None)
    x = alt.X("column:Q", scale=alt.Scale(domain=[-0.5, 9.5], nice=False), axis=axis)
    y = alt.Y("row:Q", scale=alt.Scale(domain=[_ICON_ROWS - 1, -0.5], nice=False), axis=axis)
    colour = alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=colours), legend=None)
    # The CI band, outlined: every cell whose count the interval leaves open.
    stroke = alt.condition("datum.in_ci", alt.value("#1A1A1A"), alt.value("#FFFFFF"))
    size = (_ICON_CELL - 9) ** 2
    cells = (
        alt.Chart(alt.NamedData("cells"))
        .mark_square(size=size, opacity=1, strokeWidth=3)
        .encode(
            x=x,
            y=y,
            color=colour,
            stroke=stroke,
            tooltip=[alt.Tooltip("cell:Q", title="Person"), alt.Tooltip("label:N", title="")],
        )
    )
    key = alt.Chart(alt.NamedData("key")).transform_calculate(column="0")
    key_squares = key.mark_square(size=size, opacity=1, strokeWidth=3).encode(
        x=x, y=y, color=colour, stroke=stroke
    )
    key_text = key.mark_text(
        align="left", baseline="middle", dx=_ICON_CELL / 2 + 4, fontSize=15, color="#1A1A1A"
    ).encode(x=x, y=y, text="label:N")
    chart = (
        alt.layer(cells, key_squares, key_text)
        .properties(width=side, height=int(_ICON_CELL * (_ICON_ROWS + 0.5)))
        .configure_view(stroke=None)
    )
    return json.dumps(chart.to_dict(validate=False))


def icon_array_chart(cells: Sequence[IconCell]) -> Spec:
    """100 people as squares in a 10 x 10 grid, its key drawn under it. `cells`:
    `views.icons.IconCell` (cell, row, column, kind, in_ci: outlined, inside the CI band)."""
    frame = _frame(cells)
    frame = frame.assign(label=frame["kind"].map(ICON_WORDS))
    datasets = {"cells": _records(frame), "key": _ICON_KEY}
    return _fill(_icon_template(), datasets, [])
