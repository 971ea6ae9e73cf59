"""Altair charts, built in one place for every page. Each has a text alternative beside it.

Each chart's Vega-Lite spec is built once with Altair, on named data sets, and cached; a rerun
only fills in the rows. Building an Altair chart costs about 50 ms (schema objects and hashing),
which on the landing page's dozen charts was most of a rerun (profiled with py-spy).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui.theme import FIT_LABELS, FIT_SHAPES, OKABE_ITO

_FIT_ORDER = ["fits", "partial", "outside"]
_DAYS_PER_MONTH = 30.4375
# Stand in for data-dependent parts (the rows, an axis title) inside a cached template, so that
# templates are few (keyed by chart shape only) and every scenario hits the cache.
_ROWS = "__rows__"
_AXIS = "__axis_title__"

Spec = dict[str, Any]


def show(spec: Spec, key: str, alt_text: str, height: int | None = None) -> None:
    """Render a chart with its text alternative (read by screen readers; tables sit beside it).

    `height` (pixels, whole element) is for continuous charts; row charts size by step.
    """
    st.vega_lite_chart(
        spec,
        width="stretch",
        key=key,
        alt=alt_text,
        height=height if height is not None else "content",
    )


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


def _fit_colour() -> Any:
    return alt.Color(
        "fit_label:N",
        title="Fit to this patient",
        scale=alt.Scale(
            domain=[FIT_LABELS[g] for g in _FIT_ORDER], range=[OKABE_ITO[g] for g in _FIT_ORDER]
        ),
    )


def _fit_shape() -> alt.Shape:
    return alt.Shape(
        "fit_label:N",
        title="Fit to this patient",
        scale=alt.Scale(
            domain=[FIT_LABELS[g] for g in _FIT_ORDER], range=[FIT_SHAPES[g] for g in _FIT_ORDER]
        ),
    )


@cache
def _range_template(domain_max: float | None, with_band: bool) -> str:
    axis_title = _AXIS
    scale = alt.Scale(domain=[0, domain_max], nice=False) if domain_max else alt.Scale(zero=True)
    # An explicit row domain: layers filter rows (no CI, no value) and Vega-Lite would otherwise
    # drop unsorted rows from the union of their domains.
    y = alt.Y(
        "row:N",
        title=None,
        sort=None,
        scale=alt.Scale(domain=[_ROWS]),
        axis=alt.Axis(labelLimit=440, labelFontSize=12),
    )
    x = alt.X("x:Q", title=axis_title, scale=scale)
    points = alt.Chart(alt.NamedData("points"))
    layers: list[Any] = []
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
    layers.append(
        points.mark_text(align="left", dx=9, dy=-9, fontSize=11, color="#222222").encode(
            y=y, x=x, text="label:N"
        )
    )
    # A step per row (not a fixed height) keeps every cohort on its own labelled row.
    chart = alt.layer(*layers).properties(height=alt.Step(32)).configure_legend(orient="bottom")
    return json.dumps(chart.to_dict(validate=False))


def range_chart(
    points: pd.DataFrame,
    axis_title: str,
    band: tuple[float, float] | None,
    domain_max: float | None,
) -> Spec:
    """One endpoint: each cohort a point with its CI bar, labelled with its value; the span of the
    fitting cohorts as a band.

    `points` columns: row (unique label), x, ci_low, ci_high, fit (grade), label (value text),
    in_band (whether the figure sets the band; hollow marks do not).
    """
    frame = points.assign(fit_label=points["fit"].map(FIT_LABELS))
    datasets: dict[str, Any] = {"points": _records(frame)}
    if band is not None:
        datasets["band"] = [{"low": band[0], "high": band[1]}]
    template = _range_template(domain_max, band is not None)
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
    layers: list[Any] = []
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
    curve: pd.DataFrame,
    half_life_days: float,
    today_day: float,
    leukapheresis_day: float | None,
    observed: pd.DataFrame,
) -> Spec:
    """Expected residual tafasitamab (first-order model) against days since the last dose, with
    half-life marks, the planned leukapheresis and DESCAR-T's observed washouts.

    `curve` columns: day, percent. `observed` columns: label, low_day, high_day (None where no
    range is reported), median_day.
    """
    max_day = float(curve["day"].max())
    marks = [
        {"day": half_life_days * k, "label": f"{k} half-li{'fe' if k == 1 else 'ves'}"}
        for k in range(1, 8)
        if half_life_days * k <= max_day
    ]
    datasets: dict[str, Any] = {"curve": _records(curve[["day", "percent"]]), "marks": marks}
    if not observed.empty:
        datasets["observed"] = _records(observed)
    datasets["events"] = [{"day": today_day, "label": "Today"}]
    if leukapheresis_day is not None:
        datasets["events"].append({"day": leukapheresis_day, "label": "Planned leukapheresis"})
    template = _washout_template(max_day, not observed.empty)
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
    colour = alt.Color(
        "setting_label:N",
        title="Setting",
        scale=alt.Scale(range=["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]),
    )
    base = alt.Chart(alt.NamedData("points"))
    layers: list[Any] = [
        base.mark_rule(strokeWidth=2).encode(
            y=y, x=alt.X("ci_low:Q", scale=scale, title=axis_title), x2="ci_high:Q", color=colour
        ),
        base.mark_point(filled=True, size=90, opacity=1).encode(
            y=y,
            x=alt.X("x:Q", scale=scale),
            color=colour,
            shape=alt.Shape("setting_label:N", title="Setting"),
            tooltip=[alt.Tooltip("row:N", title="Record"), alt.Tooltip("x:Q", title="Value")],
        ),
    ]
    if log_scale:
        layers.append(alt.Chart(alt.NamedData("unity")).mark_rule(color="#444444").encode(x="x:Q"))
    chart = alt.layer(*layers).properties(height=alt.Step(26)).configure_legend(orient="bottom")
    return json.dumps(chart.to_dict(validate=False))


def forest_chart(points: pd.DataFrame, axis_title: str, log_scale: bool) -> Spec:
    """Evidence-library forest plot: `points` has row, x, ci_low, ci_high, setting_label."""
    datasets: dict[str, Any] = {"points": _records(points)}
    if log_scale:
        datasets["unity"] = [{"x": 1.0}]
    return _fill(_forest_template(log_scale), datasets, list(points["row"]), axis_title)


def days_from_months(months: float) -> float:
    return months * _DAYS_PER_MONTH
