"""The considerations as shown (views.considerations, views.cd19): most severe first, each with
its severity in words and its records resolved; the CD19 page takes the CD19 and washout rules."""

from __future__ import annotations

from evidence import EvidenceBase
from sequencing.considerations import CD19_AND_WASHOUT_RULES
from sequencing.index import engine_index
from sequencing.vocabulary import SEVERITY_LABELS, SEVERITY_ORDER
from tests.views.scenarios import named_views
from views.cd19 import TOPICS, cd19_considerations, known_topics
from views.records import record_views


def test_most_severe_first_with_words_and_records() -> None:
    for name, views in named_views().items():
        shown = views.considerations
        assert len(shown) == len(views.assessment.considerations), name
        ranks = [SEVERITY_ORDER[c.severity] for c in shown]
        assert ranks == sorted(ranks), name
        by_rule = {c.rule_id: c for c in views.assessment.considerations}
        for item in shown:
            assert item.heading == f"{SEVERITY_LABELS[item.severity]}: {item.title}"
            source = by_rule[item.rule_id]
            assert item.text == source.text
            ids = [r.outcome_id if hasattr(r, "outcome_id") else r.record_id for r in item.records]
            assert ids == list(dict.fromkeys(source.evidence)), (name, item.rule_id)


def test_recent_tafasitamab_warning_reaches_the_cd19_page() -> None:
    views = named_views()["recent-tafasitamab"]
    shown = cd19_considerations(views.considerations)
    assert shown and {c.rule_id for c in shown} <= CD19_AND_WASHOUT_RULES
    assert "Recent tafasitamab before leukapheresis" in [c.title for c in shown]


def test_known_topics_hold_current_findings_only(base: EvidenceBase) -> None:
    topics = known_topics(engine_index(base))
    assert topics and topics[0].expanded and not any(t.expanded for t in topics[1:])
    headings = dict(TOPICS)
    for topic in topics:
        name = next(k for k, v in headings.items() if topic.heading.startswith(v))
        current = [
            i for i, f in base.findings.items() if f.topic == name and f.superseded_by is None
        ]
        assert topic.records == record_views(current, engine_index(base))
        assert topic.heading == f"{headings[name]} ({len(current)} statements)"
