"""The named scenarios (tests/ui/board_scenarios.py) built into their views on the real
evidence base, once per test session: shared by the view tests."""

from __future__ import annotations

from functools import cache

from evidence import load
from sequencing import assess
from sequencing.index import engine_index
from tests.ui.board_scenarios import SCENARIOS, params
from ui import url_state
from views.scenario import ScenarioViews, build_views


@cache
def named_views() -> dict[str, ScenarioViews]:
    base = load()
    index = engine_index(base)
    out = {}
    for name in SCENARIOS:
        parsed = url_state.parse_url(params(name))
        assert parsed.a.profile is not None
        leukapheresis = parsed.a.leukapheresis_in_days
        assessment = assess(parsed.a.profile, base, leukapheresis_in_days=leukapheresis)
        out[name] = build_views(assessment, index)
    return out
