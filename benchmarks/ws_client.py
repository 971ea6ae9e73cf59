"""A minimal Streamlit websocket client speaking the browser's protocol with Streamlit's protobufs.

It does what the browser's frontend does, and nothing that depends on a DOM:

1. ``GET /`` over HTTP, as a browser loads the page; this also yields the XSRF cookie
   (``_streamlit_xsrf``) when ``server.enableXsrfProtection`` is on. Streamlit 1.67 (Starlette
   server) does not require the token to open the stream; it uses it only to trust auth cookies,
   but the client sends it the way the frontend does: as the second websocket subprotocol.
2. Opens ``ws://HOST:PORT/_stcore/stream`` with subprotocol ``streamlit``.
3. Sends ``BackMsg.rerun_script`` (a ``ClientState``) with the URL's ``query_string`` (without
   the ``?``) and the page: on the first run the page is addressed by ``page_name``, which is the
   page's URL path (``st.Page("pages/cd19_washout.py")`` is served at ``/cd19_washout``; the
   default page is ``""``); later reruns send the ``page_script_hash`` the server reported, as
   the frontend does.
4. Reads ``ForwardMsg`` frames until ``script_finished``. The time from sending the rerun to
   receiving ``script_finished`` is the interaction latency this benchmark reports.

Widget changes: :meth:`StreamlitSession.set_widget` finds a widget from its user ``key`` (widget
ids end in ``-<key>``), and reruns with the new value in ``widget_states``, as the frontend does
when a widget changes. The client also keeps the values it has set and sends them with every
later rerun (the frontend sends every widget's value; the server keeps the others unchanged).
A rerun with a different ``query_string`` on the same session is also possible; it only changes
what the page sees in ``st.query_params``, not widgets already on the page, so the benchmark
opens a new session per scenario URL, like a browser opening that URL.

Message cache: like the frontend, the client remembers the hashes of cacheable messages
(``metadata.cacheable``) and sends them in ``cached_message_hashes``; the server then replies
with ``ref_hash`` references instead of resending large elements.

Dependencies: ``websocket-client`` and Streamlit's own protobufs (no browser, no asyncio).
"""

from __future__ import annotations

import contextlib
import ssl
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

__all__ = [
    "WIDGET_VALUE_FIELDS",
    "XSRF_COOKIE",
    "RunResult",
    "StreamlitProtocolError",
    "StreamlitSession",
    "WidgetInfo",
    "http_get",
    "http_get_cookies",
    "server_ready",
    "user_key",
    "wait_for_server",
]

XSRF_COOKIE = "_streamlit_xsrf"

#: Element types that are widgets, with the ``WidgetState`` field their value travels in.
WIDGET_VALUE_FIELDS: dict[str, str] = {
    "checkbox": "bool_value",
    "number_input": "double_value",
    "slider": "double_array_value",
    "radio": "string_value",
    "selectbox": "string_value",
    "button_group": "string_array_value",
    "multiselect": "string_array_value",
    "text_input": "string_value",
    "text_area": "string_value",
    "color_picker": "string_value",
    "date_input": "string_array_value",
    "time_input": "string_value",
    "button": "trigger_value",
    "download_button": "trigger_value",
}


class StreamlitProtocolError(RuntimeError):
    """The server closed the stream, timed out, or answered with something a browser rejects."""


@dataclass
class WidgetInfo:
    """A widget seen in the last run: its id, its element type and its options, if any."""

    id: str
    kind: str
    options: list[str] = field(default_factory=list)
    current: str | None = None
    #: The fragment the widget was drawn in ("" outside any): changing it reruns only that.
    fragment_id: str = ""


@dataclass
class RunResult:
    """One script run as the client saw it."""

    seconds: float
    status: str
    messages: int
    bytes: int
    deltas: int
    exceptions: list[str]
    page_not_found: bool

    @property
    def ok(self) -> bool:
        """True when the run finished normally with no exception element on the page."""
        return (
            self.status in {"FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}
            and not self.exceptions
            and not self.page_not_found
        )


def user_key(widget_id: str) -> str | None:
    """The user key of a widget id ``$$ID-<hash>-<user key>``, or None for keyless widgets."""
    if not widget_id.startswith("$$ID-"):
        return None
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[2] != "None" else None


def http_get(host: str, port: int, path: str = "/", timeout: float = 5.0) -> tuple[int, str]:
    """GET a path on the server; returns (status, the XSRF cookie value or "")."""
    status, cookies = http_get_cookies(host, port, path, timeout)
    return status, cookies.get(XSRF_COOKIE, "")


def _insecure_tls() -> ssl.SSLContext:
    """For a loopback proxy with a throwaway self-signed certificate (the benchmark's own)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def http_get_cookies(
    host: str, port: int, path: str = "/", timeout: float = 5.0, *, tls: bool = False
) -> tuple[int, dict[str, str]]:
    """GET a path (over HTTPS with ``tls``); returns (status, every cookie the response set)."""
    url = f"{'https' if tls else 'http'}://{host}:{port}{path}"
    context = _insecure_tls() if tls else None
    with urllib.request.urlopen(url, timeout=timeout, context=context) as response:
        response.read()
        cookies: dict[str, str] = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return int(response.status), cookies


def server_ready(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when the server answers its health endpoint."""
    try:
        status, _ = http_get(host, port, "/_stcore/health", timeout=timeout)
    except OSError:
        return False
    return status == 200


def _widget_info(kind: str, element: Any) -> WidgetInfo:
    """Extract what set_widget needs from a widget element proto."""
    info = WidgetInfo(id=str(element.id), kind=kind)
    if kind in {"radio", "selectbox"}:
        info.options = [str(o) for o in element.options]
        if element.HasField("default") and 0 <= element.default < len(info.options):
            info.current = info.options[element.default]
    elif kind == "button_group":
        info.options = [str(o.content) for o in element.options]
        defaults = list(element.default)
        if defaults and 0 <= defaults[0] < len(info.options):
            info.current = info.options[defaults[0]]
    elif kind == "number_input":
        info.current = str(element.value if element.HasField("value") else element.default)
    return info


class StreamlitSession:
    """One browser tab's worth of Streamlit session, driven synchronously.

    Use as a context manager, or call :meth:`connect` and :meth:`close`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 8501,
        *,
        timeout: float = 30.0,
        use_message_cache: bool = True,
        tls: bool = False,
    ) -> None:
        if host not in {"127.0.0.1", "localhost", "::1"}:
            raise ValueError("This benchmark client only talks to loopback addresses.")
        self.host = host
        self.port = port
        self.timeout = timeout
        self.use_message_cache = use_message_cache
        #: ``wss://`` and ``https://`` (a loopback TLS proxy; its certificate is not checked).
        self.tls = tls
        self._ws: websocket.WebSocket | None = None
        self._query_string = ""
        self._page_name = ""
        self._page_script_hash = ""
        self._cached_hashes: set[str] = set()
        self._widget_values: dict[str, WidgetState] = {}
        self.widgets: dict[str, WidgetInfo] = {}
        self.session_id = ""
        self.runs: list[RunResult] = []

    # -- connection ---------------------------------------------------------------------------

    def connect(self) -> StreamlitSession:
        """Load the page over HTTP (for the XSRF cookie, and a proxy's sticky-session cookie)
        and open the websocket stream with every cookie the page set, as a browser does."""
        _, cookies = http_get_cookies(self.host, self.port, "/", self.timeout, tls=self.tls)
        xsrf = cookies.get(XSRF_COOKIE, "")
        subprotocols = ["streamlit", xsrf] if xsrf else ["streamlit"]
        http, ws = ("https", "wss") if self.tls else ("http", "ws")
        self._ws = websocket.create_connection(
            f"{ws}://{self.host}:{self.port}/_stcore/stream",
            timeout=self.timeout,
            subprotocols=subprotocols,
            cookie="; ".join(f"{k}={v}" for k, v in cookies.items()) or None,
            origin=f"{http}://{self.host}:{self.port}",
            enable_multithread=False,
            sslopt={"cert_reqs": ssl.CERT_NONE, "check_hostname": False} if self.tls else None,
        )
        return self

    def close(self) -> None:
        """Close the stream (the server keeps the session for ``server.disconnectedSessionTTL``)."""
        if self._ws is not None:
            with contextlib.suppress(OSError, websocket.WebSocketException):
                self._ws.close(timeout=1.0)
            self._ws = None

    def __enter__(self) -> StreamlitSession:
        return self.connect()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------------------

    def open_page(self, query_string: str = "", page_name: str = "") -> RunResult:
        """The first run of a URL: ``/<page_name>?<query_string>``, as a browser opening it."""
        self._query_string = query_string.lstrip("?")
        self._page_name = page_name.strip("/")
        self._page_script_hash = ""
        self._widget_values.clear()
        return self.rerun()

    def rerun(self, query_string: str | None = None, fragment_id: str = "") -> RunResult:
        """Request a rerun (optionally with another query string, or of one fragment, as the
        frontend does when a widget inside an ``st.fragment`` changes) and wait for
        script_finished."""
        if query_string is not None:
            self._query_string = query_string.lstrip("?")
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self._query_string
        state.page_name = "" if self._page_script_hash else self._page_name
        state.page_script_hash = self._page_script_hash
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend(self._widget_values.values())
        if self.use_message_cache:
            state.cached_message_hashes.extend(sorted(self._cached_hashes))
        state.context_info.timezone = "UTC"
        state.context_info.timezone_offset = 0
        state.context_info.locale = "en-GB"
        state.context_info.url = self._url()
        state.context_info.color_scheme = "light"
        return self._send_and_wait(back)

    def set_widget(self, key: str, value: Any | None = None) -> RunResult:
        """Change the widget whose user key is ``key`` and wait for the rerun to finish.

        With ``value=None`` the next option (radio, selectbox, segmented control) or the next
        number is chosen, which is what a tumor board changing one feature does.
        """
        info = self.find_widget(key)
        if info is None:
            raise KeyError(f"No widget with key {key!r} on the page (seen: {sorted(self.widgets)})")
        state = WidgetState(id=info.id)
        value_field = WIDGET_VALUE_FIELDS[info.kind]
        if value is None:
            value = self._next_value(info)
        if value_field == "string_array_value":
            items = value if isinstance(value, list) else [value]
            state.string_array_value.data.extend(str(v) for v in items)
        elif value_field == "double_array_value":
            items = value if isinstance(value, list) else [value]
            state.double_array_value.data.extend(float(v) for v in items)
        elif value_field == "double_value":
            state.double_value = float(value)
        elif value_field == "bool_value":
            state.bool_value = bool(value)
        elif value_field == "trigger_value":
            state.trigger_value = True
        else:
            state.string_value = str(value)
        info.current = str(value)
        self._widget_values[info.id] = state
        result = self.rerun(fragment_id=info.fragment_id)
        if value_field == "trigger_value":
            del self._widget_values[info.id]
        return result

    def find_widget(self, key: str) -> WidgetInfo | None:
        """The widget registered with user key ``key`` in the last run, if any.

        Widget ids are ``$$ID-<hash>-<user key>``; an exact id is accepted too.
        """
        if key in self.widgets:
            return self.widgets[key]
        for info in self.widgets.values():
            if user_key(info.id) == key:
                return info
        return None

    # -- internals ----------------------------------------------------------------------------

    def _url(self) -> str:
        path = f"/{self._page_name}" if self._page_name else "/"
        query = f"?{self._query_string}" if self._query_string else ""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}{path}{query}"

    @staticmethod
    def _next_value(info: WidgetInfo) -> Any:
        if info.options:
            index = info.options.index(info.current) if info.current in info.options else -1
            return info.options[(index + 1) % len(info.options)]
        if info.kind == "number_input":
            return float(info.current or 0) + 1
        if info.kind == "checkbox":
            return info.current != "True"
        raise ValueError(f"Give a value for widget {info.id} ({info.kind})")

    def _send_and_wait(self, back: BackMsg) -> RunResult:
        ws = self._ws
        if ws is None:
            raise StreamlitProtocolError("Not connected: call connect() first.")
        start = time.perf_counter()
        deadline = start + self.timeout
        ws.send_binary(back.SerializeToString())
        messages = 0
        size = 0
        deltas = 0
        exceptions: list[str] = []
        page_not_found = False
        seen_widgets: dict[str, WidgetInfo] = {}
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise StreamlitProtocolError(f"No script_finished within {self.timeout} s")
            ws.settimeout(remaining)
            try:
                opcode, data = ws.recv_data()
            except websocket.WebSocketTimeoutException as exc:
                raise StreamlitProtocolError(f"No script_finished within {self.timeout} s") from exc
            except (OSError, websocket.WebSocketException) as exc:
                raise StreamlitProtocolError(f"Stream closed: {exc!r}") from exc
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise StreamlitProtocolError("The server closed the stream.")
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            messages += 1
            size += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if msg.metadata.cacheable and msg.hash:
                self._cached_hashes.add(msg.hash)
            if kind == "delta":
                deltas += 1
                self._read_delta(msg, seen_widgets, exceptions)
            elif kind == "ref_hash":
                deltas += 1
            elif kind == "new_session":
                self.session_id = str(msg.new_session.initialize.session_id)
                if msg.new_session.page_script_hash:
                    self._page_script_hash = str(msg.new_session.page_script_hash)
            elif kind == "navigation":
                if msg.navigation.page_script_hash:
                    self._page_script_hash = str(msg.navigation.page_script_hash)
            elif kind == "page_info_changed":
                # The app rewrote its URL (st.query_params): the browser's address bar follows,
                # and its next rerun carries the new query string.
                self._query_string = str(msg.page_info_changed.query_string)
            elif kind == "page_not_found":
                page_not_found = True
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue
                elapsed = time.perf_counter() - start
                # A fragment's run redraws only the fragment: the other widgets stay.
                partial = status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
                self.widgets = {**self.widgets, **seen_widgets} if partial else seen_widgets
                result = RunResult(
                    seconds=elapsed,
                    status=status,
                    messages=messages,
                    bytes=size,
                    deltas=deltas,
                    exceptions=exceptions,
                    page_not_found=page_not_found,
                )
                self.runs.append(result)
                return result

    @staticmethod
    def _read_delta(msg: ForwardMsg, widgets: dict[str, WidgetInfo], errors: list[str]) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            errors.append(f"{element.exception.type}: {element.exception.message}")
        elif kind in WIDGET_VALUE_FIELDS:
            info = _widget_info(kind, getattr(element, kind))
            info.fragment_id = str(msg.delta.fragment_id)
            widgets[info.id] = info


def wait_for_server(host: str, port: int, timeout: float = 30.0) -> float:
    """Poll the health endpoint every 20 ms until it answers; returns the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server_ready(host, port, timeout=0.5):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise StreamlitProtocolError(f"Server on port {port} not ready within {timeout} s")
