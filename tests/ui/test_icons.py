"""Response as 100 people on screen: the chart spec and the Teaching page."""

from __future__ import annotations

from evidence import EvidenceBase
from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from tests.ui.apptest import run_page, shown_text
from ui import charts
from ui.markdown import plain
from views import icons

PLANNED = {"prior_lines": "2", "cart_plan": "planned"}


def test_icon_chart_has_100_people_and_a_key() -> None:
    spec = charts.icon_array_chart(icons.icon_cells(46.8, 35.1, 58.6))
    assert len(spec["datasets"]["cells"]) == 100
    assert len(spec["datasets"]["key"]) == 4


def test_teaching_page_shows_the_icon_array_sentence(base: EvidenceBase) -> None:
    at = run_page("teaching", PLANNED)
    assert not at.exception, at.exception
    assessment = assess(PatientProfile(prior_lines=2, cart_plan="planned"), base)
    first, second = icons.icon_figures(assessment, engine_index(base))[:2]
    assert plain(first.sentence) in shown_text(at)
    arrays = [c.proto for c in at.get("vega_lite_chart") if "Icon array" in c.proto.alt]
    assert len(arrays) == 1 and first.sentence in arrays[0].alt
    # Choosing another figure redraws the array and its sentence.
    at.selectbox(key="icons-figure").set_value(second.outcome_id).run()
    assert plain(second.sentence) in shown_text(at)
