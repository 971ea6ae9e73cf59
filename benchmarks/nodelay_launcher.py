"""Kept for old command lines: the TCP_NODELAY launcher is now the production one, deploy/serve.py
(the Dockerfile's CMD). This file runs it unchanged.

Usage: ``python benchmarks/nodelay_launcher.py run app.py [streamlit flags]``; prefer
``python -m benchmarks.run --launcher deploy/serve.py``.
"""

from __future__ import annotations

import runpy
from pathlib import Path

if __name__ == "__main__":
    runpy.run_path(
        str(Path(__file__).resolve().parent.parent / "deploy" / "serve.py"), run_name="__main__"
    )
