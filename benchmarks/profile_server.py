"""Profile a `streamlit run` server while the benchmark client drives it, with py-spy.

`python -m benchmarks.profile_server [--page NAME] [--seconds 20] [--py-spy PATH] [--out DIR]`

py-spy samples every thread of the server (the script-runner threads and the event loop that
serialises and sends the messages), which an in-process profiler cannot. It is not a project
requirement: install it anywhere (`pip install --target /tmp/tools py-spy`) and pass its path.
Writes DIR/profile-PAGE.txt (collapsed stacks) and prints the top frames grouped by owner
(app code, Streamlit, Altair/Vega, protobuf, pandas/pyarrow, other).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import scenarios
from benchmarks.servers import ROOT, StreamlitServer, production_flags
from benchmarks.ws_client import StreamlitSession, wait_for_server

OWNERS: list[tuple[str, str]] = [
    ("app: sequencing/", "sequencing/"),
    ("app: evidence/", "evidence/"),
    ("app: ui/", "ui/"),
    ("app: pages/", "pages/"),
    ("altair / vega / jsonschema", "altair/"),
    ("altair / vega / jsonschema", "jsonschema"),
    ("altair / vega / jsonschema", "narwhals/"),
    ("pandas / pyarrow", "pandas/"),
    ("pandas / pyarrow", "pyarrow/"),
    ("fpdf2 (PDF)", "fpdf/"),
    ("pydantic", "pydantic"),
    ("protobuf", "google/protobuf"),
    (
        "gc (runner.postScriptGC)",
        "_on_script_finished (streamlit/runtime/scriptrunner/script_runner",
    ),
    ("streamlit", "streamlit/"),
]


def owner(stack: str) -> str:
    """Who a sampled stack belongs to: the innermost frame whose file matches an owner."""
    frames = stack.split(";")
    for frame in reversed(frames):
        for name, pattern in OWNERS:
            if pattern in frame:
                return name
    return "other (asyncio, threading, uvicorn, stdlib)"


def summarise(raw: Path, top: int = 25) -> str:
    """Owner shares and the heaviest leaf frames from py-spy's collapsed output (busy samples)."""
    by_owner: collections.Counter[str] = collections.Counter()
    leaves: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        by_owner[owner(stack)] += samples
        frames = stack.split(";")
        for frame in reversed(frames):
            if any(p in frame for _, p in OWNERS[:-1]) or "streamlit/" in frame:
                leaves[frame.strip()] += samples
                break
    lines = [f"busy samples: {total}", "", "share by owner (innermost frame):"]
    for name, samples in by_owner.most_common():
        lines.append(f"  {100 * samples / max(total, 1):5.1f}%  {name}")
    lines += ["", f"top {top} innermost project/library frames:"]
    for frame, samples in leaves.most_common(top):
        lines.append(f"  {100 * samples / max(total, 1):5.1f}%  {frame}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_server")
    parser.add_argument("--page", default="", help="page name ('' = landing)")
    parser.add_argument("--script", default="app.py")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--py-spy", default=shutil.which("py-spy") or "/tmp/tools/bin/py-spy")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--launcher", default=None)
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.OPTION=VALUE")
    args = parser.parse_args(argv)
    if not Path(args.py_spy).exists():
        print(f"py-spy not found at {args.py_spy}", file=sys.stderr)
        return 2
    flags, _ = production_flags()
    for item in args.set:
        key, _, value = item.partition("=")
        flags[key.strip()] = value.strip()
    args.out.mkdir(parents=True, exist_ok=True)
    label = args.page or "landing"
    raw = args.out / f"profile-{label}.txt"
    server = StreamlitServer(args.script, flags, launcher=args.launcher)
    spy: subprocess.Popen[bytes] | None = None
    try:
        server.start()
        wait_for_server("127.0.0.1", server.port, timeout=60)
        queries = scenarios.query_strings()
        with StreamlitSession("127.0.0.1", server.port, timeout=60) as warm:
            warm.open_page(queries[0], args.page)
            warm.rerun()
        spy = subprocess.Popen(
            [args.py_spy, "record", "-p", str(server.pid), "-d", str(int(args.seconds)),
             "-r", "250", "-f", "raw", "-o", str(raw)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(1.0)
        runs = 0
        deadline = time.monotonic() + args.seconds - 2
        index = 0
        while time.monotonic() < deadline:
            with StreamlitSession("127.0.0.1", server.port, timeout=60) as session:
                session.open_page(queries[index % len(queries)], args.page)
                for _ in range(2):
                    session.set_widget("ecog")
                    session.rerun()
                runs += 5
            index += 1
        spy.wait(timeout=args.seconds + 30)
    finally:
        if spy is not None and spy.poll() is None:
            spy.terminate()
            spy.wait(timeout=10)
        server.stop()
    print(f"{runs} runs of {label}; collapsed stacks in {raw}")
    print(summarise(raw))
    return 0


if __name__ == "__main__":
    sys.exit(main())
