"""The benchmark's websocket client against a real `streamlit run` of benchmarks/minimal_app.py.

No timing is asserted: the benchmark measures, it never fails on a time. Bounded to 60 s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import scenarios
from benchmarks.servers import StreamlitServer, production_flags
from benchmarks.ws_client import StreamlitSession, user_key, wait_for_server
from sequencing.profile import PatientProfile

DEADLINE_S = 60.0

# Starts `streamlit run` of the minimal app: not in the fast tier.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def minimal_server() -> Iterator[StreamlitServer]:
    flags, _ = production_flags()
    server = StreamlitServer("benchmarks/minimal_app.py", flags)
    server.start()
    try:
        wait_for_server("127.0.0.1", server.port, timeout=DEADLINE_S)
        yield server
    finally:
        server.stop()


def test_rerun_finishes_with_script_finished(minimal_server: StreamlitServer) -> None:
    start = time.monotonic()
    with StreamlitSession("127.0.0.1", minimal_server.port, timeout=30) as session:
        first = session.open_page(scenarios.query_strings()[0])
        assert first.ok, first
        assert first.status == "FINISHED_SUCCESSFULLY"
        assert session.session_id
        assert first.deltas > 0
        again = session.rerun()
        assert again.ok, again
        other = session.rerun(scenarios.query_strings()[1])
        assert other.ok, other
        assert len(session.runs) == 3
    assert time.monotonic() - start < DEADLINE_S


def test_widget_change_by_key(minimal_server: StreamlitServer) -> None:
    with StreamlitSession("127.0.0.1", minimal_server.port, timeout=30) as session:
        session.open_page("prior_lines=2")
        ecog = session.find_widget("ecog")
        assert ecog is not None
        assert ecog.kind == "selectbox"
        assert user_key(ecog.id) == "ecog"
        changed = session.set_widget("ecog")
        assert changed.ok, changed
        assert session.find_widget("ecog") is not None
        assert session.set_widget("refractory", True).ok
        with pytest.raises(KeyError):
            session.set_widget("no_such_widget")


def test_a_single_page_app_renders_its_page_whatever_the_page_name(
    minimal_server: StreamlitServer,
) -> None:
    """The minimal app has no pages: Streamlit ignores the page name and runs the script."""
    with StreamlitSession("127.0.0.1", minimal_server.port, timeout=30) as session:
        result = session.open_page("", "no_such_page")
        assert result.ok, result
        assert not result.page_not_found
        assert result.deltas > 0
        assert session.find_widget("ecog") is not None


class _ScriptedStream:
    """A websocket that answers every rerun with the given ForwardMsgs, as a server would."""

    def __init__(self, messages: list[ForwardMsg]) -> None:
        self.frames = [(websocket.ABNF.OPCODE_BINARY, m.SerializeToString()) for m in messages]
        self.sent: list[bytes] = []

    def send_binary(self, data: bytes) -> None:
        self.sent.append(data)

    def settimeout(self, _: float) -> None:
        pass

    def recv_data(self) -> tuple[int, bytes]:
        return self.frames.pop(0)


def _finished() -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    return msg


def test_unknown_page_is_reported() -> None:
    """A multipage app answers an unknown page with page_not_found: the run is not ok."""
    missing = ForwardMsg()
    missing.page_not_found.page_name = "no_such_page"
    session = StreamlitSession("127.0.0.1", 8501)
    stream = _ScriptedStream([missing, _finished()])
    session._ws = stream  # type: ignore[assignment]
    result = session.open_page("", "no_such_page")
    assert result.page_not_found
    assert result.status == "FINISHED_SUCCESSFULLY"
    assert not result.ok
    [sent] = stream.sent
    assert BackMsg.FromString(sent).rerun_script.page_name == "no_such_page"
    # The same run without page_not_found is ok.
    session._ws = _ScriptedStream([_finished()])  # type: ignore[assignment]
    assert session.open_page("", "").ok


def test_client_refuses_non_loopback_hosts() -> None:
    with pytest.raises(ValueError):
        StreamlitSession("192.0.2.1", 8501)


def test_scenarios_are_valid_distinct_profiles() -> None:
    queries = scenarios.query_strings()
    assert len(queries) >= 20
    assert len(set(queries)) == len(queries)
    for query in queries:
        PatientProfile.model_validate(scenarios.as_profile_fields(query))


def test_pages_start_with_the_landing_page() -> None:
    pages = scenarios.pages()
    assert pages[0][1] == ""
    assert len({name for _, name in pages}) == len(pages)


def test_the_named_scenarios_are_the_boards_and_each_is_measured() -> None:
    """`--named` measures the board's named scenarios, and the worst of each ratio is found."""
    from benchmarks.run import _worst
    from tests.ui.board_scenarios import SCENARIOS

    assert [name for name, _ in scenarios.NAMED] == list(SCENARIOS)
    assert scenarios.named_query_strings() == list(SCENARIOS.values())
    per = {
        "easy": {
            "websocket_change_ratio": 1.0,
            "browser": {"change_ratio_landing_to_minimal_p50": 1.2},
        },
        "hard": {
            "websocket_change_ratio": 1.4,
            "browser": {"change_ratio_landing_to_minimal_p50": 3.0},
        },
    }
    worst = _worst(per)
    assert worst["websocket_change_ratio"] == {"value": 1.4, "scenario": "hard"}
    assert worst["browser_change_ratio"] == {"value": 3.0, "scenario": "hard"}
