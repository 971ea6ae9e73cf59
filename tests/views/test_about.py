"""The About page's content (views.about): every source a row with its link."""

from __future__ import annotations

from evidence import EvidenceBase
from views.about import holdings, source_rows


def test_every_source_with_its_link(base: EvidenceBase) -> None:
    rows = source_rows(base)
    assert len(rows) == len(base.sources)
    for row, source in zip(rows, base.sources.values(), strict=True):
        if source.doi:
            assert row.link == f"https://doi.org/{source.doi}"
        else:
            assert row.link == (source.url or "")
        assert row.record()["Known only second-hand"] == ("yes" if source.cited_in else "")
    assert f"**{len(base.outcomes)}** outcome records" in holdings(base)
