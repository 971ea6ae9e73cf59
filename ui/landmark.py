"""Landmark survival: the rates cohorts report at fixed times, on one time axis per stage.

Each point is one cohort's reported rate at one time (6, 12, 24, 60 months...) with its CI. A
median is where that cohort's curve crosses 50%, so it is drawn on the 50% line at its time. No
curve is drawn through cohorts: a dashed line joins only one study's own reported points of one
endpoint (one group of patients, one subgroup and arm, counted from one starting point). The rows
are built here in plain Python (no Streamlit); only `section` draws them (the chart, then the
same rows as a table).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from evidence.figure import DAYS_PER_MONTH
from evidence.formatting import interval_text, number
from evidence.models import Endpoint
from sequencing.ranges import RangePoint, band_label
from ui import charts, labels
from ui.figures import point_value
from ui.theme import FIT_LABELS

# Rates at a fixed time, and the medians of the same survival measure, by measure.
RATE_ENDPOINTS: dict[str, str] = {
    Endpoint.pfs_rate.value: "PFS",
    Endpoint.os_rate.value: "OS",
    Endpoint.efs_rate.value: "EFS",
    Endpoint.dfs_rate.value: "DFS",
}
MEDIAN_ENDPOINTS: dict[str, str] = {
    Endpoint.median_pfs.value: "PFS",
    Endpoint.median_pfs2.value: "PFS",
    Endpoint.median_os.value: "OS",
    Endpoint.median_os2.value: "OS",
    Endpoint.median_efs.value: "EFS",
    Endpoint.median_dfs.value: "DFS",
}
FAMILIES: tuple[str, ...] = ("PFS", "OS", "EFS", "DFS")
FAMILY_TITLES: dict[str, str] = {
    "PFS": "Progression-free survival (% alive without progression)",
    "OS": "Overall survival (% alive)",
    "EFS": "Event-free survival (% alive without an event)",
    "DFS": "Disease-free survival (% without relapse)",
}
MEDIAN_Y = 50.0


def _cohort(point: RangePoint) -> str:
    name = f"{point.source_short} · {point.subgroup}"
    if point.arm:
        name += f" · {point.arm}"
    return name + (f" (n={point.n})" if point.n else "")


def _short(point: RangePoint) -> str:
    """The study as a chart label: 'ZUMA-1 5-year', or its first word and arm, 'DESCAR-T ·
    Axi-cel' (the full name is in the tooltip and the table)."""
    if point.arm:
        return f"{point.source_short.split(' ')[0]} · {point.arm}"
    return point.source_short.split(" (")[0]


def _months(point: RangePoint, value: float | None) -> float | None:
    if value is None:
        return None
    if point.unit == "days":
        return value / DAYS_PER_MONTH
    if point.unit == "years":
        return value * 12
    return float(value)


def _line_key(point: RangePoint) -> str:
    """One study's own points of one endpoint: same patients, subgroup, arm and time origin."""
    return "|".join(
        [point.study, point.endpoint, point.subgroup, point.arm or "", point.time_origin or ""]
    )


def _base(point: RangePoint, family: str) -> dict[str, Any]:
    return {
        "family": family,
        "endpoint": point.endpoint,
        "cohort": _cohort(point),
        "short": _short(point),
        "source": point.source_short,
        "study": point.study,
        "n": point.n,
        "fit": point.grade,
        "fit_label": FIT_LABELS[point.grade],
        "hollow": not point.in_band,
        "hollow_reason": point.hollow_reason,
        "time_origin": labels.time_origin(point.time_origin),
        "ci_text": interval_text(point),
        "outcome_id": point.outcome_id,
    }


def _rate_row(point: RangePoint, family: str) -> dict[str, Any]:
    return _base(point, family) | {
        "kind": "rate",
        "measure": band_label(Endpoint(point.endpoint), point.timepoint_months, None),
        "x": float(point.timepoint_months) if point.timepoint_months is not None else None,
        "y": float(point.value) if point.value is not None else None,
        "ci_low": point.ci_low,
        "ci_high": point.ci_high,
        "ci_high_open": False,
        "value_text": point_value(point),
        "label": f"{number(point.value)}% {_short(point)}",
        "line": "",
    }


def _median_row(point: RangePoint, family: str) -> dict[str, Any]:
    x = None if point.not_reached else point.value_months
    return _base(point, family) | {
        "kind": "median",
        "measure": band_label(Endpoint(point.endpoint), None, None),
        "x": x,
        "y": MEDIAN_Y,
        "ci_low": _months(point, point.ci_low),
        "ci_high": _months(point, point.ci_high),
        "ci_high_open": bool(point.ci_high_not_reached),
        "value_text": "median " + point_value(point),
        "label": f"median {number(x)}" if x is not None else "median not reached",
        "line": "",
    }


def _join(rows: list[dict[str, Any]], points: Sequence[RangePoint]) -> None:
    """Mark the rate rows a dashed line may join: per study, endpoint, subgroup, arm and origin,
    one point per time (the latest analysis), and only where that gives two times or more."""
    chosen: dict[str, dict[float, tuple[int, int]]] = {}
    for position, (row, point) in enumerate(zip(rows, points, strict=True)):
        if row["kind"] != "rate" or row["x"] is None or row["y"] is None:
            continue
        by_time = chosen.setdefault(_line_key(point), {})
        held = by_time.get(row["x"])
        if held is None or point.analysis_order > held[0]:
            by_time[row["x"]] = (point.analysis_order, position)
    for key, by_time in chosen.items():
        if len(by_time) >= 2:
            for _order, position in by_time.values():
                rows[position]["line"] = key


def landmark_points(stage: Any) -> list[tuple[str, RangePoint]]:
    """(measure, point) for each landmark rate of a stage, and each median of a measure that
    has one; nothing when the stage reports no rate at a fixed time."""
    ranges = list(stage.ranges)
    rates = [
        (RATE_ENDPOINTS[p.endpoint], p)
        for r in ranges
        if r.endpoint in RATE_ENDPOINTS
        for p in r.points
        if p.value is not None and p.timepoint_months is not None and p.unit == "%"
    ]
    families = {family for family, _ in rates}
    medians = [
        (MEDIAN_ENDPOINTS[p.endpoint], p)
        for r in ranges
        if MEDIAN_ENDPOINTS.get(r.endpoint) in families
        for p in r.points
    ]
    return rates + medians


def landmark_rows(stage: Any) -> list[dict[str, Any]]:
    """The rows of a stage's landmark chart and its table.

    Each row: kind ('rate' or 'median'), family (PFS, OS, EFS, DFS), measure, x (months: the
    timepoint, or the median; None for a median not reached), y (the rate, or 50 for a median),
    ci_low/ci_high (the rate's CI in %, or the median's CI in months; ci_high_open when its upper
    end was not reached), cohort, short, study, n, fit, fit_label, hollow (shown, not setting the
    band) with hollow_reason, time_origin, value_text, ci_text, label, and line (the key of the
    dashed line through one study's own points, '' when not joined).
    """
    pairs = landmark_points(stage)
    rows = [
        _rate_row(p, family) if p.endpoint in RATE_ENDPOINTS else _median_row(p, family)
        for family, p in pairs
    ]
    _join(rows, [p for _, p in pairs])
    order = {family: i for i, family in enumerate(FAMILIES)}
    rows.sort(
        key=lambda r: (
            order[r["family"]],
            r["kind"] != "rate",
            r["x"] if r["x"] is not None else float("inf"),
            r["cohort"],
        )
    )
    return rows


# Label placement, in the pixels of a panel at about the narrowest width it is shown at (a
# 1366-pixel screen with the sidebar open), so that a wider screen only adds room.
PANEL_WIDTH_PX = 860.0
NARROW_PANEL_WIDTH_PX = 380.0  # half the page, in compare mode
PANEL_HEIGHT_PX = 240.0
_CHAR_PX = 7.4  # 13-pixel text
_LINE_PX = 16.0
_POINT_PX = 8.0  # half a point's width
_TICK_HALF_PX = (3.0, 15.0)  # a median's bar: half its width and height
_GAP_PX = 11.0
_MEDIAN_LEVELS = 3
_CI_STACK_PERCENT = 2.5  # 6 pixels

_Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(box: _Box, others: Iterable[_Box]) -> bool:
    left, top, right, bottom = box
    return any(
        left < o_right and o_left < right and top < o_bottom and o_top < bottom
        for o_left, o_top, o_right, o_bottom in others
    )


def _box(left: float, mid: float, width: float) -> _Box:
    """A line of text's box from its left edge and its middle."""
    return (left, mid - _LINE_PX / 2, left + width, mid + _LINE_PX / 2)


def _centre_inside(cx: float, width: float, width_px: float) -> float:
    """A centred label's middle, moved sideways to stay inside the panel near an edge."""
    return min(max(cx, width / 2), width_px - width / 2)


def place_labels(
    rows: Sequence[dict[str, Any]],
    x_max: float,
    width_px: float = PANEL_WIDTH_PX,
    height_px: float = PANEL_HEIGHT_PX,
) -> list[dict[str, Any]]:
    """One panel's rows with where each text label goes: label_pos 'right' or 'left' (of a
    rate's point, level with it or diagonally), 'center' (above or below; a median's label
    stacks up to three deep), or 'none' where no place is free (the tooltip and the table still
    name it); label_x (months) and label_y (%) anchor the text. Greedy, rates first, each label
    kept clear of every mark, CI bar, dashed line and label placed before."""

    def px(x: float) -> float:
        return x / x_max * width_px

    def py(y: float) -> float:
        return (100.0 - y) / 100.0 * height_px

    marks: list[_Box] = []
    for r in rows:
        cx, cy = px(r["x"]), py(r["y"])
        half_w, half_h = (_POINT_PX, _POINT_PX) if r["kind"] == "rate" else _TICK_HALF_PX
        marks.append((cx - half_w, cy - half_h, cx + half_w, cy + half_h))
    out = [dict(r) for r in rows]
    _stack_median_intervals(out)
    # CI bars: upright through a rate, along its own height for a median.
    for r in out:
        if r["ci_low"] is None or r["ci_high"] is None:
            continue
        if r["kind"] == "rate":
            cx = px(r["x"])
            marks.append((cx - 2, py(r["ci_high"]), cx + 2, py(r["ci_low"])))
        else:
            high = x_max if r.get("ci_high_open") else r["ci_high"]
            cy = py(r["ci_y"])
            marks.append((px(r["ci_low"]), cy - 2, px(high), cy + 2))
    # The dashed lines through one study's times, as a trail of small boxes.
    for key in {r["line"] for r in rows if r["line"]}:
        joined = sorted((px(r["x"]), py(r["y"])) for r in rows if r["line"] == key)
        for (x0, y0), (x1, y1) in itertools.pairwise(joined):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0) // 6))
            for k in range(steps + 1):
                cx, cy = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
                marks.append((cx - 2, cy - 2, cx + 2, cy + 2))
    placed: list[_Box] = []
    order = sorted(range(len(out)), key=lambda i: (out[i]["kind"] != "rate", out[i]["x"]))
    for i in order:
        row = out[i]
        cx, cy = px(row["x"]), py(row["y"])
        width = len(row["label"]) * _CHAR_PX
        # (position, text x in pixels, text middle in pixels, box)
        candidates: list[tuple[str, float, float, _Box]] = []
        if row["kind"] == "rate":
            beside = _POINT_PX + 2 + _LINE_PX / 2
            for mid in (cy, cy - beside, cy + beside):  # level, then diagonally up, down
                candidates.append(("right", cx, mid, _box(cx + _GAP_PX, mid, width)))
                candidates.append(("left", cx, mid, _box(cx - _GAP_PX - width, mid, width)))
                if mid != cy:
                    at = _centre_inside(cx, width, width_px)
                    candidates.append(("center", at, mid, _box(at - width / 2, mid, width)))
        else:
            for level in range(_MEDIAN_LEVELS):
                for sign in (-1, 1):
                    mid = cy + sign * (_TICK_HALF_PX[1] + 2 + _LINE_PX / 2 + level * _LINE_PX)
                    at = _centre_inside(cx, width, width_px)
                    candidates.append(("center", at, mid, _box(at - width / 2, mid, width)))
        row["label_pos"], row["label_x"], row["label_y"] = "none", row["x"], row["y"]
        for position, at, mid, box in candidates:
            inside = box[0] >= 0 and box[2] <= width_px and box[1] >= 0 and box[3] <= height_px
            if inside and not _overlaps(box, marks + placed):
                row["label_pos"] = position
                row["label_x"] = at / width_px * x_max
                row["label_y"] = 100.0 - mid / height_px * 100.0
                placed.append(box)
                break
    return out


def _stack_median_intervals(rows: list[dict[str, Any]]) -> None:
    """ci_y: where a median's CI is drawn, a few pixels apart for each median of a panel, so
    that overlapping intervals stay apart (the median's own bar stays on the 50% line)."""
    medians = sorted((r for r in rows if r["kind"] == "median"), key=lambda r: r["x"])
    for k, row in enumerate(medians):
        step = (k + 1) // 2 * (1 if k % 2 else -1)
        row["ci_y"] = MEDIAN_Y + step * _CI_STACK_PERCENT
    for row in rows:
        row.setdefault("ci_y", row["y"])


def plotted(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["x"] is not None and r["y"] is not None]


def families(rows: Iterable[dict[str, Any]]) -> tuple[str, ...]:
    present = {r["family"] for r in plotted(rows)}
    return tuple(f for f in FAMILIES if f in present)


def time_axis_title(rows: Sequence[dict[str, Any]]) -> str:
    """'Months from CAR-T infusion' when every figure counts from the same stated point."""
    origins = {r["time_origin"] for r in rows}
    if len(origins) == 1:
        origin = origins.pop()
        if origin and origin != "time origin not stated":
            return f"Months {origin}"
    return "Months (starting point as each study counts it: see the table)"


def alt_text(title: str, rows: Sequence[dict[str, Any]]) -> str:
    parts = []
    for row in rows:
        what = (
            f"{row['measure']} {row['value_text']}"
            if row["kind"] == "rate"
            else f"{row['measure']}: {row['value_text'].removeprefix('median ')}"
        )
        ci = f", {row['ci_text']}" if row["ci_text"] else ""
        hollow = f", shown hollow ({row['hollow_reason']})" if row["hollow"] else ""
        parts.append(f"{row['cohort']}: {what}{ci}, {row['fit_label'].lower()}{hollow}")
    joined = sorted({r["short"] for r in rows if r["line"]})
    lines = (
        " Dashed lines join only one study's own reported times: " + ", ".join(joined) + "."
        if joined
        else ""
    )
    return (
        f"{title}: survival at fixed times, one point per cohort and time, medians on the 50% "
        "line. " + "; ".join(parts) + "." + lines
    )


def table(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart's rows as a table (its text alternative)."""
    return [
        {
            "Cohort": r["cohort"],
            "Measure": r["measure"],
            "Months": number(r["x"]) if r["x"] is not None else "not reached",
            "Value": r["value_text"],
            "Interval": r["ci_text"],
            "Counted": r["time_origin"],
            "Fit": r["fit_label"],
            "Sets the band": "yes" if not r["hollow"] else f"no: {r['hollow_reason']}",
            "Joined by a dashed line": "yes, to the same study's other times" if r["line"] else "",
        }
        for r in rows
    ]


def section(stage: Any, key: str, narrow: bool = False) -> None:
    """The stage's landmark panels (one per measure, one time axis) with their table; nothing
    when the stage reports no rate at a fixed time. `narrow`: drawn in half the page (compare
    mode), so labels are placed for half the width."""
    rows = landmark_rows(stage)
    shown = plotted(rows)
    if not any(r["kind"] == "rate" for r in shown):
        return
    title = f"Survival at fixed times ({stage.title})"
    st.markdown(f"**{title}**")
    st.caption(
        "Each point is one cohort's reported rate at that time, with its 95% CI where reported; "
        "a short upright bar on the dotted 50% line is a cohort's median (where its curve "
        "crosses 50%), with the median's CI along the line. Points of different cohorts are "
        "never joined: a dashed line joins only one study's own reported times. Hollow marks "
        "do not set a band. Hover a mark for its cohort; the table below lists every figure."
    )
    axis = time_axis_title(shown)
    x_max = charts.landmark_x_max(shown)
    measures = families(shown)
    for family in measures:
        panel = place_labels(
            [r for r in shown if r["family"] == family],
            x_max,
            width_px=NARROW_PANEL_WIDTH_PX if narrow else PANEL_WIDTH_PX,
        )
        last = family == measures[-1]
        charts.show(
            charts.landmark_chart(panel, axis, FAMILY_TITLES[family], x_max, legend=last),
            key=f"{key}-landmark-{family}",
            alt_text=alt_text(f"{title}, {FAMILY_TITLES[family]}", panel),
            height=charts.LANDMARK_HEIGHT_WITH_LEGEND if last else charts.LANDMARK_HEIGHT,
        )
    missing = [r["cohort"] + ": " + r["measure"] for r in rows if r["x"] is None]
    if missing:
        st.caption("Median not reached (not drawn): " + "; ".join(missing))
    with st.expander(f"{title} as a table"):
        st.dataframe(pd.DataFrame(table(rows)), hide_index=True, width="stretch")
