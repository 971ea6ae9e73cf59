"""Profile a `streamlit run` server while the benchmark client drives it, with py-spy.

`python -m benchmarks.profile_server [--page NAME] [--seconds 20] [--py-spy PATH] [--out DIR]`

py-spy samples every thread of the server (the script-runner threads and the event loop that
serialises and sends the messages), which an in-process profiler cannot. With --gil it keeps
only samples of the thread holding the GIL: the CPU time that all sessions queue for.
py-spy is not a project requirement: install it anywhere (`pip install --target /tmp/tools
py-spy`) and pass its path. Writes DIR/profile-PAGE.txt (collapsed stacks) and prints the share
of each category (app code, Streamlit, Altair/Vega, pandas/pyarrow, fpdf2, gc, other).
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

__all__ = ["CATEGORIES", "SPY_MODE", "category", "main", "summarise"]

#: (category, markers): a sampled stack belongs to the first category any of whose markers
#: appears in it, so a library's time counts once, wherever it is called from.
CATEGORIES: list[tuple[str, tuple[str, ...]]] = [
    ("streamlit: gc.collect after each run (runner.postScriptGC)", ("script_runner.py:1055",)),
    (
        "streamlit: message hashing and serialisation",
        ("serialize_forward_msg", "populate_hash_if_needed", "SerializeToString", "calc_hash"),
    ),
    ("fpdf2 (PDF built during the run)", ("fpdf/",)),
    ("altair / vega-lite / jsonschema", ("altair/", "jsonschema", "narwhals/", "referencing/")),
    ("pandas / pyarrow (dataframes, arrow)", ("pandas/", "pyarrow/")),
    ("pydantic", ("pydantic",)),
    ("app code (sequencing, evidence, ui, pages)", ("sequencing/", "evidence/", "ui/", "pages/")),
    ("streamlit: script runner and elements", ("ScriptRunner",)),
    ("streamlit: server, event loop, websocket", ("streamlit/", "uvicorn/", "starlette/")),
]


def category(stack: str) -> str:
    """The first category whose marker appears anywhere in the stack."""
    for name, markers in CATEGORIES:
        if any(marker in stack for marker in markers):
            return name
    return "other (asyncio, threading, stdlib)"


def summarise(raw: Path, top: int = 25) -> str:
    """Category shares and the heaviest leaf frames from py-spy's collapsed output."""
    by_category: collections.Counter[str] = collections.Counter()
    leaves: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        by_category[category(stack)] += samples
        leaves[stack.split(";")[-1].strip()] += samples
    lines = [f"samples holding the GIL: {total}", "", "share by category:"]
    for name, samples in by_category.most_common():
        lines.append(f"  {100 * samples / max(total, 1):5.1f}%  {name}")
    lines += ["", f"top {top} leaf frames:"]
    for frame, samples in leaves.most_common(top):
        lines.append(f"  {100 * samples / max(total, 1):5.1f}%  {frame}")
    return "\n".join(lines)


SPY_MODE: list[str] = ["--gil"]


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
             *SPY_MODE, "-r", "250", "-f", "raw", "-o", str(raw)],
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
