"""Intake of a pasted abstract: drafts whose quotes are verbatim spans of the pasted text, which
never load, and on which the lint runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence.__main__ import main
from evidence.errors import EvidenceInvalid
from evidence.intake import DRAFT_NOTE, drafts_text, intake, lint_drafts, sentences
from evidence.loader import DATA_DIR, EvidenceBase, load
from evidence.numbers import value_in_text

LEADS = Path(__file__).resolve().parents[2].parent / "shared" / "EVIDENCE_LEADS.md"
COHORT = "elm1-odronextamab-post-cart"
# When ../shared is absent, the same paragraph as pasted on 2026-12-07 (ELM-1, two bullets).
PASTED = (
    "- 60 patients progressing after CD19 CAR-T; median 3 prior lines (2-9); 71.7% refractory "
    "to CAR-T; 48.3% relapsed within 90 days of CAR-T. Primary endpoint ORR by independent "
    "central review (Lugano). [abstract]\n- Median follow-up 16.2 months: ORR 48.3%, CR 31.7%; "
    "responses similar across CAR-T products and time to relapse; median DoR 14.8 months "
    "(responders), median duration of CR not reached; median PFS 4.8 months; median OS 10.2 "
    "months. [abstract]\n"
)


def _pasted() -> str:
    """The ELM-1 paragraph of the leads sheet, as a curator would paste it."""
    if not LEADS.exists():
        return PASTED
    text = LEADS.read_text(encoding="utf-8")
    start = text.index("**Odronextamab after CAR-T")
    return text[start : text.index("**Mosunetuzumab", start)]


def test_every_quote_is_a_verbatim_span_holding_its_number() -> None:
    pasted = _pasted()
    drafts, _ = intake(pasted, COHORT, "2026.12.08")
    assert len(drafts) >= 8
    for draft in drafts:
        outcome = draft.outcome
        assert outcome.quote is not None and outcome.quote in pasted
        assert outcome.value is not None
        assert value_in_text(outcome.value, outcome.quote), outcome.id
        assert outcome.draft and outcome.note == DRAFT_NOTE


def test_the_guesses_on_the_leads_paragraph() -> None:
    drafts, skipped = intake(_pasted(), COHORT, "2026.12.08")
    found = {(d.outcome.endpoint.value, d.outcome.value) for d in drafts}
    assert {("orr", 48.3), ("cr_rate", 31.7), ("median_pfs", 4.8), ("median_os", 10.2)} <= found
    assert ("median_followup", 16.2) in found and ("median_dor", 14.8) in found
    assert any("90 days" in s for s in skipped)  # a cut, not a figure


def test_a_count_and_an_interval_after_a_rate_are_read() -> None:
    text = "ORR 48.3% (70/145); CR 24.8% (36/145). ORR 42.0% (95% CI 31.6-53.1)."
    drafts, _ = intake(text, COHORT, "2026.12.08")
    first, second, third = (d.outcome for d in drafts)
    assert (first.events, first.denominator) == (70, 145)
    assert (second.events, second.denominator) == (36, 145)
    assert (third.ci_low, third.ci_high, third.ci_level) == (31.6, 53.1, 95)
    assert len(drafts) == 3  # the "95%" of "95% CI" is no figure


@pytest.mark.parametrize(
    "text",
    ["One. Two; three", "ORR 48.3% was seen.  Median PFS 4.8 months", "  leading space. x"],
)
def test_sentences_are_spans_of_the_text(text: str) -> None:
    for start, end in sentences(text):
        assert text[start:end].strip() == text[start:end]


def test_drafts_never_load(tmp_path: Path, base: EvidenceBase) -> None:
    """Real data, copied: the drafts pasted into the ELM-1 file are refused, each by EV017."""
    drafts, _ = intake(_pasted(), COHORT, "2026.12.07")
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    target = data / base.files[base.cohort_source[COHORT]]
    body = drafts_text(drafts).split("\n", 2)[2]
    target.write_text(target.read_text(encoding="utf-8") + body, encoding="utf-8")
    with pytest.raises(EvidenceInvalid) as caught:
        load(data)
    assert {e.code for e in caught.value.errors} == {"EV017"}
    assert len(caught.value.errors) == len(drafts)


def test_the_lint_runs_on_the_drafts(base: EvidenceBase) -> None:
    """Real data beside the drafts: an interval printed but not recorded is flagged (SL003)."""
    drafts, _ = intake("CR 23.9% (15.4-34.1) by review.", COHORT, "2026.12.07")
    assert "SL003" in {f.code for f in lint_drafts(base, drafts)}


def test_the_command_writes_drafts_outside_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pasted = tmp_path / "abstract.txt"
    pasted.write_text(_pasted(), encoding="utf-8")
    out = tmp_path / "drafts"
    assert main(["intake", str(pasted), "--cohort", COHORT, "--out", str(out)]) == 0
    assert (out / f"{COHORT}-drafts.toml").exists()
    assert "lint on the drafts" in capsys.readouterr().out
    inside = DATA_DIR / "drafts"
    assert main(["intake", str(pasted), "--cohort", COHORT, "--out", str(inside)]) == 1
    assert not inside.exists()
    assert main(["intake", str(pasted), "--cohort", "no-such-cohort", "--out", str(out)]) == 1
