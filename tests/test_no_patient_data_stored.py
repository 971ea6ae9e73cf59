"""Nothing about a patient is written to disk or to the server's log: the scenario lives in the
session and the URL only. Runs the container's command, drives every page with a distinctive
scenario over the browser's websocket protocol, then looks for it everywhere the server could
have written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_container_cmd import serve_image

ws_client = pytest.importorskip("benchmarks.ws_client")

# Starts the image's command (a real server): not in the fast tier.
pytestmark = pytest.mark.slow

# Values no page would print by themselves, so any trace of them is the scenario leaking.
SCENARIO = {
    "age": "97",
    "months_cart_to_failure": "4.25",
    "prior_cart": "true",
    "prior_lines": "7",
    "days_since_last_tafasitamab": "333",
}
QUERY = "&".join(f"{key}={value}" for key, value in SCENARIO.items())
PAGES = ["", "cd19_washout", "evidence_library", "teaching", "about"]


def _files(root: Path) -> dict[Path, float]:
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            found[path] = path.stat().st_mtime
    return found


def test_a_scenario_leaves_no_trace_on_disk_or_in_the_log(tmp_path: Path) -> None:
    with serve_image(tmp_path) as server:
        home = Path(server.env["HOME"])
        before = _files(server.cwd) | _files(home)
        with ws_client.StreamlitSession("127.0.0.1", server.port, timeout=60.0) as session:
            for page in PAGES:
                result = session.open_page(QUERY, page)
                assert result.ok, page
        after = _files(server.cwd) | _files(home)
        log = server.log.read_text(errors="replace")
    written = [path for path, mtime in after.items() if before.get(path) != mtime]
    assert written == [], f"files written while serving: {written}"
    assert QUERY not in log
    for key, value in SCENARIO.items():
        assert f"{key}={value}" not in log
    assert "333" not in log and "4.25" not in log
