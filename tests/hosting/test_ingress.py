"""The Kubernetes Ingress carries the nginx example's protections, checked like test_nginx_conf.py
checks the nginx file: the same security headers value for value, metrics blocked, no access log
(the query string is the scenario), and the controller settings it depends on (header names
allowed, no version token, HSTS with subdomains, a log format without the query string); the
Deployment keeps its replicas on different nodes and fails closed on sign-in."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.hosting.stack import INGRESS, NGINX_CONF, ROOT

yaml = pytest.importorskip("yaml")

K8S = ROOT / "deploy" / "k8s"
PREFIX = "nginx.ingress.kubernetes.io/"
HEADERS = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
]


def _docs(name: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((K8S / name).read_text("utf-8")) if d]


def _ingress(name: str) -> dict[str, Any]:
    (found,) = [d for d in _docs(INGRESS.name) if d["metadata"]["name"] == name]
    return found


def _annotations(name: str = "tumorboard") -> dict[str, str]:
    return {
        k.removeprefix(PREFIX): str(v) for k, v in _ingress(name)["metadata"]["annotations"].items()
    }


def _nginx_header(name: str) -> str:
    match = re.search(rf'add_header {name} "([^"]+)" always;', NGINX_CONF.read_text("utf-8"))
    assert match, f"the nginx example has no {name}"
    return match.group(1)


def _controller() -> dict[str, str]:
    (config,) = _docs("controller/ingress-nginx-controller.yaml")
    return {k: str(v) for k, v in config["data"].items()}


def test_the_ingress_sets_the_nginx_examples_headers_value_for_value() -> None:
    (headers,) = _docs("security-headers.yaml")
    namespace, name = _annotations()["custom-headers"].split("/")
    assert name == headers["metadata"]["name"]
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text("utf-8"))
    assert namespace == kustomization["namespace"]
    assert sorted(headers["data"]) == sorted(HEADERS)
    for header in HEADERS:
        assert headers["data"][header] == _nginx_header(header), header


def test_the_controller_allows_exactly_those_header_names() -> None:
    allowed = _controller()["global-allowed-response-headers"].split(",")
    assert sorted(allowed) == sorted(HEADERS)


def test_the_controller_hides_its_version_and_sends_hsts_with_subdomains() -> None:
    config = _controller()
    assert config["server-tokens"] == "false"
    assert config["hsts"] == "true" and config["hsts-include-subdomains"] == "true"
    hsts = _nginx_header("Strict-Transport-Security")
    assert hsts == f"max-age={config['hsts-max-age']}; includeSubDomains"


def test_no_access_log_records_the_query_string() -> None:
    assert _annotations()["enable-access-log"] == "false"
    assert _annotations("tumorboard-blocked")["enable-access-log"] == "false"
    fmt = _controller()["log-format-upstream"]
    for variable in ("$request ", '$request"', "$request_uri", "$args", "$query_string"):
        assert variable not in fmt, variable
    assert "$uri" in fmt


def test_metrics_are_refused_to_everyone() -> None:
    blocked = _ingress("tumorboard-blocked")
    assert _annotations("tumorboard-blocked")["denylist-source-range"] == "0.0.0.0/0,::/0"
    (rule,) = blocked["spec"]["rules"]
    assert rule["host"] == _ingress("tumorboard")["spec"]["rules"][0]["host"]
    assert [(p["path"], p["pathType"]) for p in rule["http"]["paths"]] == [
        ("/_stcore/metrics", "Exact")
    ]


def test_no_snippet_annotations() -> None:
    """Snippets are disabled on most controllers; an Ingress with one is rejected whole."""
    for name in ("tumorboard", "tumorboard-blocked"):
        assert not any("snippet" in key for key in _annotations(name)), name


def _deployment() -> dict[str, Any]:
    (deployment,) = _docs("deployment.yaml")
    return deployment


def test_replicas_are_kept_on_different_nodes() -> None:
    spec = _deployment()["spec"]
    (term,) = spec["template"]["spec"]["affinity"]["podAntiAffinity"][
        "requiredDuringSchedulingIgnoredDuringExecution"
    ]
    assert term["topologyKey"] == "kubernetes.io/hostname"
    assert term["labelSelector"]["matchLabels"] == spec["selector"]["matchLabels"]
    (pdb,) = _docs("pdb.yaml")
    assert pdb["spec"]["selector"] == spec["selector"] and pdb["spec"]["maxUnavailable"] == 1


def test_the_deployment_fails_closed_and_shares_sign_outs() -> None:
    pod = _deployment()["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = {item["name"]: item["value"] for item in container["env"]}
    assert env["TUMORBOARD_REQUIRE_SIGN_IN"] == "1"
    assert env["TUMORBOARD_SECURE_COOKIES"] == "1"
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volume = mounts[env["TUMORBOARD_SIGN_OUT_DIR"]]
    (source,) = [v for v in pod["volumes"] if v["name"] == volume]
    claim = source["persistentVolumeClaim"]["claimName"]
    (pvc,) = _docs("sign-outs.yaml")
    assert pvc["metadata"]["name"] == claim and pvc["spec"]["accessModes"] == ["ReadWriteMany"]
