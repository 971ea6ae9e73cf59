"""The hosting stack on loopback: app replicas started with the container's command, Debian's nginx
with the project's deploy/nginx/streamlit.conf in front of them, a self-signed certificate.

Everything binds 127.0.0.1 on ports the kernel hands out (bind to port 0), every wait is bounded,
and every process is stopped by its own pid (``stop()``, called from the fixtures' teardown).
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from benchmarks.servers import terminate
from tests.test_container_cmd import _cmd, _env, _image_tree

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx" / "streamlit.conf"
INGRESS = ROOT / "deploy" / "k8s" / "ingress.yaml"
HOST = "127.0.0.1"
HEALTH_TIMEOUT_S = 60.0
NGINX_TIMEOUT_S = 15.0
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Every replica started here loads tests/hosting/audit/sitecustomize.py, which records (and
# refuses) any connection or name look-up off this machine into one log for the test session.
AUDIT_DIR = Path(__file__).resolve().parent / "audit"
AUDIT_VARIABLE = "TUMORBOARD_TEST_AUDIT_LOG"
_AUDIT_LOG: list[Path] = []


def audit_log() -> Path:
    """This test process's audit log (one file shared by every replica it starts)."""
    if not _AUDIT_LOG:
        folder = Path(tempfile.mkdtemp(prefix="tumorboard-audit-"))
        _AUDIT_LOG.append(folder / "outbound.jsonl")
        _AUDIT_LOG[0].touch()
    return _AUDIT_LOG[0]


def audit_records() -> list[dict[str, object]]:
    text = audit_log().read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def require_nginx() -> str:
    """nginx's path, or skip: only where it is not installed (scripts/test installs it)."""
    if not Path(NGINX).exists():
        import pytest

        pytest.skip("Debian's nginx is not installed (scripts/test installs it as root)")
    return NGINX


def free_ports(count: int) -> list[int]:
    """``count`` different TCP ports free on 127.0.0.1 right now (all held until all are found)."""
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind((HOST, 0))
            ports.append(int(sock.getsockname()[1]))
        return ports


def free_port() -> int:
    return free_ports(1)[0]


def wait_until(what: str, check: Callable[[], bool], timeout: float, step: float = 0.2) -> float:
    """Poll ``check`` until it is true; return the seconds it took. Bounded by ``timeout``."""
    start = time.monotonic()
    deadline = start + timeout
    while True:
        with contextlib.suppress(OSError, urllib.error.URLError, ssl.SSLError):
            if check():
                return time.monotonic() - start
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(step)


def insecure_tls() -> ssl.SSLContext:
    """For the tests' own requests to the self-signed proxy (the browser is told the same)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def request(
    url: str,
    *,
    cookie: str | None = None,
    timeout: float = 5.0,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """GET without following redirects; every header kept (Set-Cookie may repeat)."""
    headers = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}
    opener = urllib.request.build_opener(
        _NoRedirect(), urllib.request.HTTPSHandler(context=insecure_tls())
    )
    req = urllib.request.Request(url, headers=headers)
    try:
        response = opener.open(req, timeout=timeout)
    except urllib.error.HTTPError as err:
        response = err
    with response:
        collected: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            collected.setdefault(name.lower(), []).append(value)
        return Response(int(response.status), collected, response.read())


# --- replicas --------------------------------------------------------------------------------


@dataclass
class Replica:
    """One app process started with the Dockerfile's CMD in a replayed image tree."""

    name: str
    app_dir: Path
    home: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    extra_env: Mapping[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(_env())
        env.update(
            HOME=str(self.home),
            STREAMLIT_SERVER_PORT=str(self.port),
            STREAMLIT_SERVER_ADDRESS=HOST,
            PYTHONPATH=os.pathsep.join(filter(None, [str(AUDIT_DIR), env.get("PYTHONPATH")])),
            **{AUDIT_VARIABLE: str(audit_log())},
            **self.extra_env,
        )
        return env

    def start(self) -> Replica:
        cmd = _cmd()
        assert cmd[0] == "python", cmd
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, *cmd[1:]],
            cwd=self.app_dir,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def healthy(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited early:\n{self.log()[-4000:]}")
        with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
            return bool(response.read() == b"ok")

    def wait_healthy(self, timeout: float = HEALTH_TIMEOUT_S) -> float:
        return wait_until(f"replica {self.name}", self.healthy, timeout, 0.25)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        terminate(self.process, timeout)
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        """Abrupt loss of a replica (SIGKILL): what a crashed pod or node looks like."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=15)
        self.stop()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_replicas(
    base: Path,
    count: int = 2,
    extra_env: Mapping[str, str] | None = None,
    secrets_toml: Callable[[list[Replica]], str] | None = None,
) -> list[Replica]:
    """Start ``count`` replicas of the image's CMD at once, then wait until all are healthy.

    With ``secrets_toml`` (given the replicas, whose ports are chosen by then), each replica's
    HOME gets ``.streamlit/secrets.toml`` with that text, where the image expects it to be
    mounted (``/home/app/.streamlit/secrets.toml``).
    """
    app_dir = _image_tree(base / "image")
    replicas = []
    for number, port in enumerate(free_ports(count)):
        home = base / f"home-{number}"
        (home / ".streamlit").mkdir(parents=True)
        replicas.append(
            Replica(
                name=f"replica-{number}",
                app_dir=app_dir,
                home=home,
                log_path=base / f"replica-{number}.log",
                port=port,
                extra_env=dict(extra_env or {}),
            )
        )
    if secrets_toml is not None:
        text = secrets_toml(replicas)
        for replica in replicas:
            (replica.home / ".streamlit" / "secrets.toml").write_text(text, encoding="utf-8")
    try:
        for replica in replicas:
            replica.start()
        for replica in replicas:
            replica.wait_healthy()
    except BaseException:
        for replica in replicas:
            replica.stop()
        raise
    return replicas


# --- certificate -----------------------------------------------------------------------------


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 and localhost (Python's cryptography, else openssl)."""
    cert, key = directory / "tumorboard.crt", directory / "tumorboard.key"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key.chmod(0o600)
    return cert, key


# --- nginx -----------------------------------------------------------------------------------

_UPSTREAM_SERVER = re.compile(r"^(\s*server )10\.0\.0\.\d+:8501( .*;)$", re.MULTILINE)


def _replace(text: str, old: str, new: str, count: int) -> str:
    found = text.count(old)
    assert found == count, (
        f"deploy/nginx/streamlit.conf: expected {count} x {old!r}, found {found}; "
        "update tests/hosting/stack.py::render_conf with the file"
    )
    return text.replace(old, new)


def render_conf(
    *,
    http_port: int,
    https_port: int,
    upstreams: list[str],
    cert: Path,
    key: Path,
    logs: Path,
    text: str | None = None,
) -> str:
    """The shipped file with only its listen ports, upstream addresses and file paths rewritten.

    Each rewrite must match exactly as often as the shipped file has it, so a changed file fails
    here with a clear message instead of being tested half-rewritten.
    """
    text = NGINX_CONF.read_text(encoding="utf-8") if text is None else text
    text = _replace(text, "listen 80;", f"listen {HOST}:{http_port};", 1)
    text = _replace(text, "listen 443 ssl http2;", f"listen {HOST}:{https_port} ssl http2;", 1)
    text = _replace(text, "/etc/nginx/tls/tumorboard.crt", str(cert), 1)
    text = _replace(text, "/etc/nginx/tls/tumorboard.key", str(key), 1)
    text = _replace(text, "/var/log/nginx/", f"{logs}/", 3)
    servers = _UPSTREAM_SERVER.findall(text)
    assert len(servers) == len(upstreams), f"{len(servers)} upstream servers in the shipped file"
    addresses = iter(upstreams)
    return _UPSTREAM_SERVER.sub(lambda m: f"{m.group(1)}{next(addresses)}{m.group(2)}", text)


def main_conf(workdir: Path, include: Path) -> str:
    """A minimal nginx.conf around the included site file, everything under ``workdir``."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's temp dir
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'} warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        f"{temp}\n"
        f"    access_log {workdir / 'default.access.log'};\n"
        f"    include {include};\n"
        "}\n"
    )


def nginx_test(conf: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NGINX, "-t", "-q", "-c", str(conf), "-p", str(conf.parent)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@dataclass
class Proxy:
    """Debian's nginx running deploy/nginx/streamlit.conf on loopback ports."""

    workdir: Path
    http_port: int
    https_port: int
    conf: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    @property
    def access_log(self) -> Path:
        return self.workdir / "logs" / "tumorboard.access.log"

    def start(self) -> Proxy:
        out = (self.workdir / "nginx.stdout").open("wb")
        try:
            self.process = subprocess.Popen(
                [NGINX, "-c", str(self.conf), "-p", str(self.workdir)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            out.close()
        return self

    def listening(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"nginx exited:\n{self.error_log()}")
        with socket.create_connection((HOST, self.https_port), timeout=1):
            return True

    def error_log(self) -> str:
        parts = []
        for name in ("error.log", "nginx.stdout", "logs/tumorboard.error.log"):
            path = self.workdir / name
            if path.exists():
                parts.append(path.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(parts)

    def stop(self, timeout: float = 10.0) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)  # nginx: fast shutdown (master and workers)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # its own session: master and workers
            process.wait(timeout=timeout)


def start_proxy(workdir: Path, upstreams: list[str], ports: tuple[int, int] | None = None) -> Proxy:
    """Render the shipped conf for loopback, check it with ``nginx -t``, start nginx.

    ``ports`` (HTTP, HTTPS) when the caller needs the proxy's address before it starts."""
    workdir.mkdir(parents=True, exist_ok=True)
    for sub in ("logs", "tls", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / sub).mkdir(exist_ok=True)
    cert, key = self_signed_cert(workdir / "tls")
    http_port, https_port = ports or free_ports(2)
    site = workdir / "tumorboard.conf"
    site.write_text(
        render_conf(
            http_port=http_port,
            https_port=https_port,
            upstreams=upstreams,
            cert=cert,
            key=key,
            logs=workdir / "logs",
        ),
        encoding="utf-8",
    )
    conf = workdir / "nginx.conf"
    conf.write_text(main_conf(workdir, site), encoding="utf-8")
    checked = nginx_test(conf)
    assert checked.returncode == 0, checked.stderr
    proxy = Proxy(workdir, http_port, https_port, conf).start()
    try:
        wait_until("nginx", proxy.listening, NGINX_TIMEOUT_S, 0.1)
    except BaseException:
        proxy.stop()
        raise
    return proxy


def session_connects(replica: Replica) -> int:
    """How many websocket sessions the replica has accepted (its own metrics, not the proxy's)."""
    with urllib.request.urlopen(f"{replica.url}/_stcore/metrics", timeout=5) as response:
        text = response.read().decode("utf-8")
    match = re.search(r'^session_events_total\{type="connect"\} (\d+)', text, re.MULTILINE)
    assert match, text[:500]
    return int(match.group(1))


def replica_of(proxy: Proxy, replicas: list[Replica], cookie: str | None) -> int:
    """Open one websocket through the proxy with this cookie; the replica that counted it."""
    before = [session_connects(r) for r in replicas]
    import websocket  # websocket-client, a dev requirement

    ws = websocket.create_connection(
        f"wss://{HOST}:{proxy.https_port}/_stcore/stream",
        sslopt={"cert_reqs": ssl.CERT_NONE, "check_hostname": False},
        subprotocols=["streamlit"],
        origin=proxy.url,
        cookie=cookie,
        timeout=10,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            grown = [session_connects(r) - b for r, b in zip(replicas, before, strict=True)]
            if sum(grown) >= 1:
                break
            assert time.monotonic() < deadline, "no replica counted the session"
            time.sleep(0.05)
        assert sorted(grown) == [0, 1], grown
        return grown.index(1)
    finally:
        ws.close()
