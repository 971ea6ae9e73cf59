"""What changed for a patient since an older evidence version: on the engine's small fixture
(one figure revised in a made-up release), then on the real data (marked)."""

from __future__ import annotations

import pytest

from evidence.history import EARLIEST_REBUILD, base_as_of
from evidence.loader import EvidenceBase
from evidence.releases import CHANGELOG, ChangelogLine, changelog_lines, read_releases
from evidence.version import EVIDENCE_VERSION
from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from tests.sequencing.fixture_base import FIXTURE, with_outcomes
from tests.ui.board_scenarios import SCENARIOS, params
from ui import url_state
from views.changes import (
    CELL,
    FIGURE,
    OPTION,
    WhatChanged,
    headline,
    sections,
    version_notice,
    what_changed,
)
from views.report import markdown
from views.scenario import ScenarioViews, build_views

SINCE, NOW = "2026.12.01", "2026.12.08"
LATE_FAILURE = PatientProfile(
    prior_lines=3, prior_cart=True, months_cart_to_failure=10, cart_plan="not_candidate"
)
CART_NAIVE = PatientProfile(prior_lines=2, cart_plan="planned")
LOG = {
    NOW: [
        ChangelogLine(NOW, "Corrected the late-failure median PFS2 (`post-pfs2-late`)."),
        ChangelogLine(NOW, "An unrelated line about `tl-primary`."),
    ]
}
# The fixture with one figure corrected in release NOW: 5.6 months became 6.1.
REVISED = with_outcomes(
    {
        "post-pfs2-late": {
            "value": 6.1,
            "revisions": [{"version": NOW, "previous": '{"value": 5.6}'}],
        }
    }
)


def _views(profile: PatientProfile, base: EvidenceBase) -> ScenarioViews:
    return build_views(assess(profile, base), engine_index(base))


def _changes(profile: PatientProfile, base: EvidenceBase = REVISED) -> WhatChanged:
    then = base_as_of(base, SINCE)
    return what_changed(_views(profile, then), _views(profile, base), base, SINCE, NOW, LOG)


def test_the_rebuilt_base_has_the_figure_as_it_was() -> None:
    assert base_as_of(REVISED, SINCE).outcomes["post-pfs2-late"].value == 5.6
    assert FIXTURE.outcomes["post-pfs2-late"].value == 5.6


def test_a_patient_whose_figure_changed_sees_it_before_and_after_with_its_line() -> None:
    found = _changes(LATE_FAILURE)
    cells = [c for c in found.changes if c.kind == CELL]
    assert [(c.before.split(" · ")[0], c.after.split(" · ")[0]) for c in cells] == [
        ("5.6 months", "6.1 months")
    ]
    figures = [c for c in found.changes if c.kind == FIGURE]
    assert [c.records[0] for c in figures] == ["post-pfs2-late"]
    for change in found.changes:
        assert change.why == (
            f"{NOW}: Corrected the late-failure median PFS2 (post-pfs2-late).",
        ), change
    assert {c.kind for c in found.changes} == {CELL, FIGURE}


def test_a_patient_whose_evidence_did_not_change_sees_nothing() -> None:
    found = _changes(CART_NAIVE)
    assert found.unchanged
    assert headline(found).endswith(
        "nothing. The evidence this patient's board rests on is the same."
    )


def test_a_figure_added_since_is_new_with_no_before() -> None:
    added = with_outcomes({"post-pfs2-late": {"added_in": NOW}})
    found = _changes(LATE_FAILURE, added)
    # Before it, the board showed the whole cohort's median; now the late-failure subgroup's.
    assert {c.records[0]: c.status for c in found.changes if c.kind == FIGURE} == {
        "post-pfs2-late": "new since then",
        "post-pfs2": "no longer shown",
    }
    assert all(c.why for c in found.changes)


def test_a_revision_no_line_names_is_still_explained() -> None:
    found = what_changed(
        _views(LATE_FAILURE, base_as_of(REVISED, SINCE)),
        _views(LATE_FAILURE, REVISED),
        REVISED,
        SINCE,
        NOW,
        {NOW: [ChangelogLine(NOW, "Nothing to do with it: `tl-primary`.")]},
    )
    assert {c.why for c in found.changes} == {(f"{NOW}: `post-pfs2-late` revised (value)",)}


def test_sections_number_each_line_once() -> None:
    grouped, lines = sections(_changes(LATE_FAILURE))
    assert lines == (f"{NOW}: Corrected the late-failure median PFS2 (post-pfs2-late).",)
    assert all(row.notes == (1,) for section in grouped for row in section.rows)


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2026.12.07", None),  # today's version: nothing to list, nothing to say
        ("2026.12.01", None),  # a known release the base can be rebuilt as of
        ("2026.11.30", "can be listed only since 2026.12.01"),
        ("2026.12.05", "which this installation does not know"),
        ("2027.01.01", "which this installation does not know"),  # from a newer installation
    ],
)
def test_version_notice(since: str, expected: str | None) -> None:
    notice = version_notice(since, "2026.12.07", ["2026.11.30", "2026.12.01", "2026.12.07"], SINCE)
    assert (notice is None) if expected is None else (expected in (notice or ""))


# --- the real evidence base -------------------------------------------------------------------


def _real_changes(base: EvidenceBase, name: str, since: str) -> WhatChanged:
    """Real data: a named scenario's changes between `since` and today's release."""
    parsed = url_state.parse_url(params(name)).a
    assert parsed.profile is not None
    then = base_as_of(base, since)
    log = changelog_lines(CHANGELOG.read_text(encoding="utf-8"))
    return what_changed(
        build_views(assess(parsed.profile, then), engine_index(then)),
        build_views(assess(parsed.profile, base), engine_index(base)),
        base,
        since,
        EVIDENCE_VERSION,
        log,
    )


def test_real_data_every_release_since_the_earliest_rebuild_is_known() -> None:
    versions = [r.version for r in read_releases()]
    assert EARLIEST_REBUILD in versions and versions[-1] == EVIDENCE_VERSION


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_real_data_a_link_of_today_lists_nothing(base: EvidenceBase, name: str) -> None:
    """Real data: the base rebuilt as of today's release is today's base, for every patient."""
    assert _real_changes(base, name, EVIDENCE_VERSION).unchanged


def test_real_data_a_late_failure_link_from_2026_12_01_lists_this_rounds_changes(
    base: EvidenceBase,
) -> None:
    """Real data, the round's changes for a patient whose CAR-T failed after 10 months: the new
    options (polatuzumab-based and radiotherapy from the Spain/UK study), the bispecific lead
    now split by CAR-T failure timing, the allogeneic-transplant cohorts now outside its
    criteria, the pooled lead with its n, the tafa-len cells now partly fitting (criteria not
    reported), and the maturity labels (median follow-up) on the DESCAR-T figures."""
    found = _real_changes(base, "late-cart-failure", "2026.12.01")
    options = {c.where: c for c in found.changes if c.kind == OPTION}
    assert {w: c.status for w, c in options.items()} == {
        "CD20xCD3 bispecifics": "changed",
        "Polatuzumab-based": "new since then",
        "Radiotherapy": "new since then",
        "Allogeneic transplant": "changed",
        "Any treatment, pooled": "changed",
    }
    assert "Shumilov 2025" in options["CD20xCD3 bispecifics"].after
    assert "n=53" in options["Any treatment, pooled"].before
    assert "n=387" in options["Any treatment, pooled"].after
    cells = [c for c in found.changes if c.kind == CELL]
    assert len(cells) == 4
    assert all(c.before.endswith("· fits") and c.after.endswith("· partly fits") for c in cells)
    figures = [c for c in found.changes if c.kind == FIGURE]
    assert figures and all("median follow-up" in c.after for c in figures)
    assert all("median follow-up" not in c.before for c in figures)
    assert {c.kind for c in found.changes} == {CELL, FIGURE, OPTION}
    assert all(c.why for c in found.changes), [c.where for c in found.changes if not c.why]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_real_data_every_change_since_2026_12_01_has_its_changelog_line(
    base: EvidenceBase, name: str
) -> None:
    """Real data: no change without a line of the changelog (or a named revision) behind it."""
    found = _real_changes(base, name, "2026.12.01")
    assert not found.unchanged
    assert all(c.why for c in found.changes), [c.where for c in found.changes if not c.why]


def test_real_data_the_export_carries_what_changed(base: EvidenceBase) -> None:
    found = _real_changes(base, "late-cart-failure", "2026.12.01")
    parsed = url_state.parse_url(params("late-cart-failure")).a
    assert parsed.profile is not None
    views = build_views(assess(parsed.profile, base), engine_index(base))
    text = markdown(views, "stamp", "?ev=2026.12.01", changes=found)
    assert "## What changed since evidence 2026.12.01" in text
    assert "Polatuzumab-based (new since then)" in text
    assert "()" not in text  # a plain change has no empty status
    assert f"Evidence base version {EVIDENCE_VERSION}, released" in text
    assert "Update policy: " in text and "Funding: " in text
    assert "What changed since evidence" not in markdown(views, "stamp", "?")
