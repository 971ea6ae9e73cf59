"""The container, checked without Docker.

Docker cannot run here, so the image is checked in two ways: the Dockerfile is read for what it
must and must not do, and its own instructions are replayed on this machine. The test copies the
files named by the Dockerfile's COPY lines into a fresh tree (so the production profile lands in
.streamlit/config.toml exactly as in the image), then starts the Dockerfile's CMD there, with the
image's ENV, and polls the health endpoint and runs the HEALTHCHECK command against it.

Two things differ from the image, on purpose: "python" is this virtualenv's interpreter, and the
port and bind address come from STREAMLIT_SERVER_PORT / STREAMLIT_SERVER_ADDRESS (a free
loopback port here; the image uses 8501 on all interfaces). HOME is a fresh empty directory, so
no secrets.toml from this machine can leak in: the app runs in open mode.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

# Part of this module starts the image's command (a real server): the fast tier starts none.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
PROD_CONFIG = ROOT / "deploy" / "config.production.toml"
DEV_CONFIG = ROOT / ".streamlit" / "config.toml"
HEALTH_TIMEOUT_S = 60.0
DEV_ONLY_PACKAGES = ("pytest", "hypothesis", "playwright", "ruff", "mypy", "pyinstrument")


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


def _instructions() -> list[Instruction]:
    """The Dockerfile's instructions, with continuation lines joined and comments dropped."""
    logical: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, "Dockerfile ends inside a continued line"
    out = []
    for line in logical:
        keyword, _, args = line.partition(" ")
        out.append(Instruction(keyword.upper(), args.strip()))
    return out


def _only(keyword: str) -> Instruction:
    found = [i for i in _instructions() if i.keyword == keyword]
    assert len(found) == 1, f"expected exactly one {keyword}, found {len(found)}"
    return found[0]


def _cmd() -> list[str]:
    args = _only("CMD").args
    cmd = json.loads(args)  # the exec (JSON) form: no shell between the container and Streamlit
    assert isinstance(cmd, list) and all(isinstance(a, str) for a in cmd)
    return cmd


def _env() -> dict[str, str]:
    env: dict[str, str] = {}
    for inst in _instructions():
        if inst.keyword == "ENV":
            for item in shlex.split(inst.args):
                key, sep, value = item.partition("=")
                assert sep, f"use ENV key=value, not {inst.args!r}"
                env[key] = value
    return env


def _workdir() -> str:
    return _only("WORKDIR").args


def _prod_port() -> int:
    return int(tomllib.loads(PROD_CONFIG.read_text(encoding="utf-8"))["server"]["port"])


# --- what the Dockerfile must say -----------------------------------------------------------


def _args() -> dict[str, str | None]:
    """The Dockerfile's ARGs and their defaults (None: no default)."""
    found: dict[str, str | None] = {}
    for inst in _instructions():
        if inst.keyword == "ARG":
            name, sep, default = inst.args.partition("=")
            found[name] = default if sep else None
    return found


def test_base_image_is_slim_python_311_pinned_by_a_digest_given_at_build() -> None:
    assert _only("FROM").args == "${PYTHON_IMAGE}@${PYTHON_DIGEST}"
    args = _args()
    assert re.fullmatch(r"python:3\.11[\w.-]*-slim", args["PYTHON_IMAGE"] or ""), args
    # No invented digest: it is given at build time, and the build stops without one.
    assert args["PYTHON_DIGEST"] is None


def test_runs_as_a_non_root_user() -> None:
    users = [i.args for i in _instructions() if i.keyword == "USER"]
    assert users, "no USER: the container would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    assert user.isdigit() and int(user) >= 10000, "use a numeric UID so runAsNonRoot can check it"


def test_exposes_exactly_one_port_the_configured_one() -> None:
    assert _only("EXPOSE").args.split() == [str(_prod_port())]


def test_healthcheck_asks_the_health_endpoint_without_curl() -> None:
    args = _only("HEALTHCHECK").args
    assert f"127.0.0.1:{_prod_port()}/_stcore/health" in args
    assert "curl" not in args and "wget" not in args  # neither exists in python:3.11-slim


def test_installs_only_hash_pinned_runtime_requirements() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "requirements-dev" not in text
    installs = [i.args for i in _instructions() if i.keyword == "RUN" and "pip install" in i.args]
    assert len(installs) == 1
    assert re.search(
        r"pip install (--no-cache-dir )?--require-hashes -r requirements\.lock$", installs[0]
    )
    locked = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for name in DEV_ONLY_PACKAGES:
        assert not re.search(rf"^{name}==", locked, re.MULTILINE), f"dev tool at run time: {name}"
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"not pinned: {line}"
        assert line.split("==")[0].lower() not in DEV_ONLY_PACKAGES, f"dev tool at run time: {line}"


def test_production_config_is_baked_in() -> None:
    copies = [i.args.split() for i in _instructions() if i.keyword == "COPY"]
    assert ["deploy/config.production.toml", ".streamlit/config.toml"] in copies
    assert not any("secrets" in " ".join(c) for c in copies), "secrets are mounted, never baked"


def test_dockerignore_keeps_the_context_small_and_secret_free() -> None:
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for name in (".venv", "tests", ".git", "benchmarks", "test-artifacts", ".streamlit"):
        assert name in ignored, f"{name} would be sent to the Docker build"


# --- the production profile ------------------------------------------------------------------


def test_production_profile_settings() -> None:
    cfg = tomllib.loads(PROD_CONFIG.read_text(encoding="utf-8"))
    assert cfg["server"]["headless"] is True
    assert cfg["server"]["fileWatcherType"] == "none"
    assert cfg["server"]["runOnSave"] is False
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"]["enableCORS"] is True
    assert cfg["server"]["enableStaticServing"] is False
    assert cfg["server"]["maxUploadSize"] == 1
    assert cfg["server"]["maxMessageSize"] == 5  # tests/hosting/test_frames.py
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["client"]["showErrorLinks"] is False
    assert cfg["client"]["toolbarMode"] == "viewer"
    assert cfg["runner"]["fastReruns"] is True
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["browser"]["serverAddress"]
    assert cfg["logger"]["hideWelcomeMessage"] is True


def test_every_production_setting_says_why() -> None:
    previous = ""
    for number, raw in enumerate(PROD_CONFIG.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith(("#", "[")):
            assert previous.startswith("#"), f"line {number} has no comment above it: {line}"
        if line:
            previous = line


def test_dev_profile_still_sends_nothing_and_skips_the_ip_lookup() -> None:
    cfg = tomllib.loads(DEV_CONFIG.read_text(encoding="utf-8"))
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["browser"]["serverAddress"]


# --- the image's command, run for real -------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _image_tree(dest: Path) -> Path:
    """Replay the Dockerfile's COPY lines into dest/<WORKDIR> and return that directory."""
    workdir = dest / _workdir().lstrip("/")
    workdir.mkdir(parents=True)
    for inst in _instructions():
        if inst.keyword != "COPY":
            continue
        parts = [p for p in inst.args.split() if not p.startswith("--")]
        *sources, target = parts
        for source in sources:
            src = ROOT / source.rstrip("/")
            to = workdir / target
            if src.is_dir():
                shutil.copytree(src, to, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                if target.endswith("/") or target in (".", "./"):
                    to = to / src.name
                to.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, to)
    return workdir


def _get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return int(response.status), response.read().decode("utf-8", "replace")


@dataclass
class Running:
    url: str
    port: int
    log: Path
    env: dict[str, str]
    cwd: Path
    pid: int
    proc: subprocess.Popen[bytes]


@contextmanager
def serve_image(base: Path, extra_env: dict[str, str] | None = None) -> Iterator[Running]:
    """Start the image's CMD in a replayed image tree on a free loopback port; stop it after.

    Shared by this module and the load test, so both exercise exactly the container's command.
    """
    app_dir = _image_tree(base / "root")
    home = base / "home"
    home.mkdir()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.update(_env())
    env.update(
        HOME=str(home),
        STREAMLIT_SERVER_PORT=str(port),
        STREAMLIT_SERVER_ADDRESS="127.0.0.1",
        **(extra_env or {}),
    )
    cmd = _cmd()
    assert cmd[0] == "python"
    argv = [sys.executable, *cmd[1:]]
    log = base / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=app_dir, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while True:
            assert proc.poll() is None, f"server exited early:\n{log.read_text()}"
            try:
                if _get(f"{url}/_stcore/health") == (200, "ok"):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert time.monotonic() < deadline, (
                f"no health in {HEALTH_TIMEOUT_S}s:\n{log.read_text()}"
            )
            time.sleep(0.25)
        yield Running(url=url, port=port, log=log, env=env, cwd=app_dir, pid=proc.pid, proc=proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def running_image(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with serve_image(tmp_path_factory.mktemp("image")) as running:
        yield running


def test_image_command_serves_health(running_image: Running) -> None:
    assert _get(f"{running_image.url}/_stcore/health") == (200, "ok")


def test_healthcheck_command_passes_against_the_running_app(running_image: Running) -> None:
    args = _only("HEALTHCHECK").args
    check = json.loads(args[args.index("CMD") + len("CMD") :].strip())
    assert check[0] == "python"
    check = [
        sys.executable,
        *(a.replace(f":{_prod_port()}/", f":{running_image.port}/") for a in check[1:]),
    ]
    done = subprocess.run(
        check, env=running_image.env, cwd=running_image.cwd, timeout=30, check=False
    )
    assert done.returncode == 0


def test_image_serves_the_app_page(running_image: Running) -> None:
    status, body = _get(f"{running_image.url}/")
    assert status == 200
    assert "<html" in body.lower()


def test_no_external_ip_lookup_and_production_profile_in_effect(running_image: Running) -> None:
    log = running_image.log.read_text(encoding="utf-8", errors="replace")
    assert "external ip" not in log.lower()
    assert "checkip" not in log.lower()
    # hideWelcomeMessage is only in the production profile: its absence of a banner shows the
    # baked-in config.toml was the one loaded.
    assert "You can now view" not in log
