"""Altair charts, built once here for every page. Each has a text alternative beside it.

Charts are built with Altair and handed to Streamlit as a Vega-Lite dict without re-validating the
schema: validation costs more than the rest of a rerun and the specs here are fixed in code.
"""

from __future__ import annotations

from typing import Any, cast

import altair as alt
import pandas as pd
import streamlit as st

from ui.theme import FIT_LABELS, FIT_SHAPES, OKABE_ITO

_FIT_ORDER = ["fits", "partial", "outside"]
_DAYS_PER_MONTH = 30.4375


def show(chart: alt.TopLevelMixin, key: str, alt_text: str, height: int | None = None) -> None:
    """Render a chart with its text alternative (read by screen readers; tables sit beside it).

    `height` (pixels, whole element) is for continuous charts; row charts size by step.
    """
    st.vega_lite_chart(
        chart.to_dict(validate=False),
        width="stretch",
        key=key,
        alt=alt_text,
        height=height if height is not None else "content",
    )


def _fit_colour() -> alt.Color:
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


def range_chart(
    points: pd.DataFrame,
    axis_title: str,
    band: tuple[float, float] | None,
    domain_max: float | None,
) -> alt.LayerChart:
    """One endpoint: each cohort a point with its CI bar, labelled with n; the span as a band.

    `points` columns: row (unique label), x, ci_low, ci_high, fit (grade), label (value text),
    in_band (whether the figure sets the band; hollow marks do not).
    """
    frame = points.assign(fit_label=points["fit"].map(FIT_LABELS))
    scale = alt.Scale(domain=[0, domain_max], nice=False) if domain_max else alt.Scale(zero=True)
    # An explicit domain: layers filter rows (no CI, no value) and Vega-Lite would otherwise
    # drop unsorted rows from the union of their domains.
    y = alt.Y(
        "row:N",
        title=None,
        sort=None,
        scale=alt.Scale(domain=list(frame["row"])),
        axis=alt.Axis(labelLimit=440, labelFontSize=12),
    )
    x = alt.X("x:Q", title=axis_title, scale=scale)
    layers: list[alt.Chart] = []
    if band is not None:
        band_frame = pd.DataFrame({"low": [band[0]], "high": [band[1]]})
        layers.append(
            alt.Chart(band_frame)
            .mark_rect(color="#56B4E9", opacity=0.18)
            .encode(x="low:Q", x2="high:Q")
        )
    base = alt.Chart(frame)
    layers.append(
        base.mark_rule(strokeWidth=2).encode(
            y=y,
            x=alt.X("ci_low:Q", scale=scale, title=axis_title),
            x2="ci_high:Q",
            color=_fit_colour(),
        )
    )
    layers.append(
        base.mark_point(size=110, filled=True, opacity=1, strokeWidth=2).encode(
            y=y,
            x=x,
            color=_fit_colour(),
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
        base.mark_text(align="left", dx=9, dy=-9, fontSize=11, color="#222222").encode(
            y=y, x=x, text="label:N"
        )
    )
    # A step per row (not a fixed height) keeps every cohort on its own labelled row.
    chart = alt.layer(*layers).properties(height=alt.Step(32)).configure_legend(orient="bottom")
    return cast(alt.LayerChart, chart)


def washout_chart(
    curve: pd.DataFrame,
    half_life_days: float,
    thresholds: dict[str, float],
    leukapheresis_day: float | None,
    observed: pd.DataFrame,
) -> alt.LayerChart:
    """Expected residual tafasitamab (first-order model) against days since the last dose.

    `observed` columns: label, low_day, high_day (None where no range is reported),
    median_day (DESCAR-T washouts, as reported).
    """
    max_day = float(curve["day"].max())
    line = (
        alt.Chart(curve)
        .mark_line(color="#0072B2", strokeWidth=3)
        .encode(
            x=alt.X(
                "day:Q",
                title="Days since the last tafasitamab dose",
                scale=alt.Scale(domain=[0, max_day], nice=False),
            ),
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
    marks = pd.DataFrame(
        [
            {"day": half_life_days * k, "label": f"{k} half-li{'fe' if k == 1 else 'ves'}"}
            for k in range(1, 8)
            if half_life_days * k <= max_day
        ]
    )
    layers: list[Any] = []
    if not observed.empty:
        layers.append(
            alt.Chart(observed.dropna(subset=["low_day", "high_day"]))
            .mark_rect(opacity=0.22)
            .encode(
                x="low_day:Q",
                x2="high_day:Q",
                color=alt.Color(
                    "label:N",
                    title="Observed in DESCAR-T (median, IQR band)",
                    scale=alt.Scale(range=["#E69F00", "#CC79A7", "#009E73"]),
                ),
                tooltip=[alt.Tooltip("label:N", title="Observed")],
            )
        )
        layers.append(
            alt.Chart(observed)
            .mark_rule(strokeDash=[2, 2], strokeWidth=2)
            .encode(
                x="median_day:Q",
                color=alt.Color("label:N"),
            )
        )
    layers.append(line)
    if not marks.empty:
        layers.append(
            alt.Chart(marks).mark_rule(color="#999999", strokeDash=[4, 4]).encode(x="day:Q")
        )
        layers.append(
            alt.Chart(marks)
            .mark_text(angle=270, align="left", dx=-4, dy=-6, color="#555555", fontSize=11)
            .encode(x="day:Q", y=alt.value(6), text="label:N")
        )
    if leukapheresis_day is not None:
        leuka = pd.DataFrame({"day": [leukapheresis_day], "label": ["Planned leukapheresis"]})
        layers.append(alt.Chart(leuka).mark_rule(color="#D55E00", strokeWidth=3).encode(x="day:Q"))
        layers.append(
            alt.Chart(leuka)
            .mark_text(align="left", dx=5, dy=12, color="#D55E00", fontSize=12, fontWeight="bold")
            .encode(x="day:Q", y=alt.value(0), text="label:N")
        )
    del thresholds  # shown in the table beside the chart; lines here would crowd the curve
    chart = alt.layer(*layers).properties(height=360).configure_legend(orient="bottom")
    return cast(alt.LayerChart, chart)


def forest_chart(points: pd.DataFrame, axis_title: str, log_scale: bool) -> alt.LayerChart:
    """Evidence-library forest plot: `points` has row, x, ci_low, ci_high, setting_label."""
    scale = alt.Scale(type="log") if log_scale else alt.Scale(zero=True)
    y = alt.Y(
        "row:N",
        title=None,
        sort=None,
        scale=alt.Scale(domain=list(points["row"])),
        axis=alt.Axis(labelLimit=380),
    )
    colour = alt.Color(
        "setting_label:N",
        title="Setting",
        scale=alt.Scale(range=["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]),
    )
    base = alt.Chart(points)
    layers = [
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
        layers.append(
            alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#444444").encode(x="x:Q")
        )
    chart = alt.layer(*layers).properties(height=alt.Step(26)).configure_legend(orient="bottom")
    return cast(alt.LayerChart, chart)


def days_from_months(months: float) -> float:
    return months * _DAYS_PER_MONTH
