"""Start and stop `streamlit run` servers on free loopback ports, with the production settings."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import IO, Any

__all__ = [
    "BASE_FLAGS",
    "OWNED",
    "PRODUCTION_CONFIG",
    "ROOT",
    "StreamlitServer",
    "free_port",
    "production_flags",
    "terminate",
]

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_CONFIG = ROOT / "deploy" / "config.production.toml"

#: Flags the benchmark always passes (the production profile repeats most of them).
BASE_FLAGS: dict[str, str] = {
    "server.headless": "true",
    "server.fileWatcherType": "none",
    "browser.gatherUsageStats": "false",
}
#: Settings the benchmark must own: it serves on loopback, on a port of its choosing.
OWNED = {"server.port", "server.address", "browser.serverPort"}


def _flag_value(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None  # lists and tables cannot be passed as one command-line flag


def production_flags(path: Path = PRODUCTION_CONFIG) -> tuple[dict[str, str], list[str]]:
    """The production config file as `streamlit run` flags, and the settings that were skipped."""
    flags = dict(BASE_FLAGS)
    skipped: list[str] = []
    if not path.is_file():
        return flags, skipped
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    for section, options in data.items():
        if not isinstance(options, dict):
            continue
        for name, value in options.items():
            key = f"{section}.{name}"
            text = _flag_value(value)
            if key in OWNED or text is None:
                skipped.append(key)
                continue
            flags[key] = text
    return flags, skipped


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def terminate(process: subprocess.Popen[bytes] | None, timeout: float = 10.0) -> None:
    """SIGTERM a child process, then SIGKILL if it has not stopped in `timeout` s (shared by
    the benchmark's servers and the hosting tests' replicas)."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=timeout)


class StreamlitServer:
    """One `streamlit run SCRIPT` process on 127.0.0.1:PORT. Stop it with stop() (or `with`)."""

    def __init__(
        self,
        script: str,
        flags: dict[str, str],
        *,
        launcher: str | None = None,
        log_path: Path | None = None,
        cwd: Path = ROOT,
    ) -> None:
        self.script = script
        self.port = free_port()
        self.flags = dict(flags)
        self.launcher = launcher
        self.log_path = log_path
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0
        self._log: IO[bytes] | None = None

    def command(self) -> list[str]:
        """The command line: `python -m streamlit run SCRIPT --flags`, or through a launcher."""
        head = (
            [sys.executable, self.launcher]
            if self.launcher
            else [sys.executable, "-m", "streamlit"]
        )
        flags = {**self.flags, "server.port": str(self.port), "server.address": "127.0.0.1"}
        return [*head, "run", self.script, *(f"--{key}={value}" for key, value in flags.items())]

    def start(self) -> StreamlitServer:
        """Spawn the server; `started_at` is the perf_counter time just before the spawn."""
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = self.log_path.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(),
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._log if self._log is not None else subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        return self

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("The server was not started.")
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def rss_mb(self) -> float:
        """Resident memory of the server process (VmRSS), in MB."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("VmRSS not found")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM this server (by its pid), then SIGKILL if it has not stopped in `timeout` s."""
        terminate(self.process, timeout)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
