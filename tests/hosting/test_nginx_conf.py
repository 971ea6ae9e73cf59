"""deploy/nginx/streamlit.conf read and checked without starting anything: ``nginx -t`` on the
shipped file, the Content-Security-Policy against the installed Streamlit's index.html, and the
rules the file must keep (cookie stickiness, no query string in any log)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
import streamlit

from tests.hosting.stack import NGINX_CONF, main_conf, nginx_test, require_nginx, self_signed_cert

STREAMLIT_INDEX = Path(streamlit.__file__).parent / "static" / "index.html"
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def _conf() -> str:
    return NGINX_CONF.read_text(encoding="utf-8")


def _csp() -> dict[str, list[str]]:
    match = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', _conf())
    assert match, "no Content-Security-Policy (with `always`) in the nginx example"
    policy: dict[str, list[str]] = {}
    for directive in match.group(1).split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def inline_script_hashes() -> list[str]:
    """CSP source expressions for every inline script of the installed Streamlit's index.html."""
    html = STREAMLIT_INDEX.read_text(encoding="utf-8")
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    ]


def test_csp_allows_exactly_the_installed_streamlits_inline_script() -> None:
    hashes = inline_script_hashes()
    shipped = [v for v in _csp()["script-src"] if v.startswith("'sha256-")]
    assert len(hashes) == 1, (
        f"Streamlit {streamlit.__version__}'s index.html now has {len(hashes)} inline scripts "
        f"({hashes}); the CSP in deploy/nginx/streamlit.conf allows {shipped}. Put every hash "
        "in script-src and check the browser test (tests/hosting/test_proxy.py) again."
    )
    assert shipped == hashes, (
        f"Streamlit {streamlit.__version__} changed its inline bootstrap script. In "
        f"deploy/nginx/streamlit.conf, replace {shipped} with {hashes[0]} in script-src "
        "(Content-Security-Policy), and rerun tests/hosting."
    )


def test_csp_is_strict_for_scripts_frames_and_connections() -> None:
    policy = _csp()
    script = policy["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    # 'wasm-unsafe-eval' lets WebAssembly compile (Streamlit's protobuf decoder); it does not
    # allow eval() or new Function() for JavaScript.
    assert set(script) - {"'self'", "'wasm-unsafe-eval'"} == set(inline_script_hashes())
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]  # the websocket: same host, wss:
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    for directive in ("img-src", "font-src", "worker-src"):
        assert set(policy[directive]) <= {"'self'", "data:", "blob:"}, directive


def test_every_security_header_is_set_once_with_always() -> None:
    conf = _conf()
    for header, value in (
        ("Strict-Transport-Security", '"max-age=31536000; includeSubDomains"'),
        ("X-Content-Type-Options", '"nosniff"'),
        ("X-Frame-Options", '"DENY"'),
        ("Referrer-Policy", '"no-referrer"'),
    ):
        assert conf.count(f"add_header {header} {value} always;") == 1, header
    policy = re.search(r'add_header Permissions-Policy "([^"]+)" always;', conf)
    assert policy, "no Permissions-Policy"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy.group(1), feature
    # add_header in a location would silently drop every header inherited from the server.
    for location in re.findall(r"location [^{]+\{([^}]*)\}", conf):
        assert "add_header" not in location


def test_stickiness_is_by_the_proxys_own_cookie_not_the_client_address() -> None:
    conf = _conf()
    directives = [line.split("#")[0].strip() for line in conf.splitlines()]
    assert "ip_hash;" not in directives  # everyone behind one NAT address would share a replica
    assert "hash $tumorboard_route consistent;" in directives
    assert "add_header Set-Cookie $tumorboard_route_cookie always;" in directives


def test_no_log_format_carries_the_query_string() -> None:
    conf = _conf()
    for fmt in re.findall(r"log_format\s+\w+\s+((?:'[^']*'\s*)+);", conf):
        assert "$request_uri" not in fmt and "$request " not in fmt and "$args" not in fmt
        assert "$query_string" not in fmt and '$request"' not in fmt
    for line in conf.splitlines():
        if line.strip().startswith("access_log") and "off" not in line:
            assert line.strip().endswith("tumorboard_noquery;"), line


def _nginx_t(tmp_path: Path, text: str) -> tuple[int, str]:
    """``nginx -t`` on a site file whose certificate and log paths point at ``tmp_path``
    (nginx -t opens them); ports, upstreams and headers as given."""
    require_nginx()
    cert, key = self_signed_cert(tmp_path)
    logs = tmp_path / "logs"
    logs.mkdir()
    for old, new in (
        ("/etc/nginx/tls/tumorboard.crt", str(cert)),
        ("/etc/nginx/tls/tumorboard.key", str(key)),
        ("/var/log/nginx/", f"{logs}/"),
    ):
        assert old in text
        text = text.replace(old, new)
    site = tmp_path / "tumorboard.conf"
    site.write_text(text, encoding="utf-8")
    conf = tmp_path / "nginx.conf"
    conf.write_text(main_conf(tmp_path, site), encoding="utf-8")
    checked = nginx_test(conf)
    return checked.returncode, checked.stderr


def test_nginx_accepts_the_shipped_file(tmp_path: Path) -> None:
    """The file as shipped: only the certificate and log paths are rewritten."""
    code, stderr = _nginx_t(tmp_path, _conf())
    assert code == 0, stderr
    assert "emerg" not in stderr and "warn" not in stderr, stderr


@pytest.mark.parametrize("broken", ["hash $tumorboard_route consistent", "add_header X-Frame"])
def test_nginx_t_really_checks(tmp_path: Path, broken: str) -> None:
    """A guard on the guard: a damaged copy of the file must fail ``nginx -t``."""
    text = _conf()
    assert broken in text
    code, _ = _nginx_t(tmp_path, text.replace(broken, broken + " nonsense nonsense", 1))
    assert code != 0


def _servers(conf: str) -> list[str]:
    """The text of each top-level server { } block."""
    blocks, depth, start = [], 0, -1
    for match in re.finditer(r"(^|\n)\s*server\s*\{|\{|\}", conf):
        token = match.group(0).strip()
        if token.startswith("server") and depth == 0:
            start, depth = match.start(), 1
        elif token == "{" and start >= 0:
            depth += 1
        elif token == "}" and start >= 0:
            depth -= 1
            if depth == 0:
                blocks.append(conf[start : match.end()])
                start = -1
    return blocks


def test_every_server_hides_the_nginx_version() -> None:
    servers = _servers(_conf())
    assert len(servers) == 2
    for server in servers:
        assert "server_tokens off;" in server, server[:80]


def test_the_redirect_to_https_names_the_host_instead_of_trusting_host() -> None:
    (plain,) = [s for s in _servers(_conf()) if "return 301" in s]
    (target,) = re.findall(r"return 301 (\S+);", plain)
    assert target == "https://tumorboard.hospital.example$request_uri"
    assert "$host" not in target and "$http_host" not in target


def test_every_proxied_cookie_gets_secure_httponly_samesite() -> None:
    directives = [line.split("#")[0].strip() for line in _conf().splitlines()]
    flags = [d for d in directives if d.startswith("proxy_cookie_flags ")]
    # First match wins: the XSRF cookie (read by Streamlit's page script) without HttpOnly,
    # then every other cookie with all three.
    assert flags == [
        "proxy_cookie_flags _streamlit_xsrf secure samesite=lax;",
        "proxy_cookie_flags ~.+ secure httponly samesite=lax;",
    ]


def test_media_urls_are_not_logged_and_need_the_route_cookie() -> None:
    media = re.search(r"location /media/ \{(.*?)\n    \}", _conf(), re.DOTALL)
    assert media, "no location for /media/"
    body = media.group(1)
    assert "access_log off;" in body
    assert "$cookie_tumorboard_route" in body and "return 403;" in body


def test_the_websocket_refuses_foreign_origins() -> None:
    stream = re.search(r"location /_stcore/stream \{(.*?)\n    \}", _conf(), re.DOTALL)
    assert stream and "if ($tumorboard_foreign_origin)" in stream.group(1)
    assert "return 403;" in stream.group(1)
