"""The Kubernetes manifests, validated offline against the API schemas that kubernetes-validate
ships (strict: an unknown or misspelt field fails), and the Ingress's sticky-session cookie kept
consistent with the nginx example."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.hosting.stack import INGRESS, NGINX_CONF, ROOT

kubernetes_validate = pytest.importorskip("kubernetes_validate")
yaml = pytest.importorskip("yaml")

K8S = ROOT / "deploy" / "k8s"
# The newest Kubernetes whose schemas the pinned kubernetes-validate ships (requirements-dev.txt).
KUBERNETES_VERSION = "1.37.0"
MANIFESTS = sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
# The controller's own settings (for the cluster administrators), validated but not applied.
CONTROLLER = sorted((K8S / "controller").glob("*.yaml"))


def _documents(path: Path) -> list[dict[str, Any]]:
    docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
    assert docs, f"{path.name} holds no resource"
    return docs


def test_the_pinned_validator_ships_the_schemas_we_validate_against() -> None:
    assert KUBERNETES_VERSION in kubernetes_validate.utils.all_versions()
    assert kubernetes_validate.utils.latest_version() == KUBERNETES_VERSION, (
        "kubernetes-validate now ships newer schemas: raise KUBERNETES_VERSION"
    )


@pytest.mark.parametrize("path", MANIFESTS + CONTROLLER, ids=lambda p: p.name)
def test_manifest_is_valid_kubernetes_strict(path: Path) -> None:
    for doc in _documents(path):
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as err:
            pytest.fail(f"{path.name}: {err.path}: {err.message}")


def test_kustomization_lists_every_manifest_and_nothing_else() -> None:
    (kustomization,) = _documents(K8S / "kustomization.yaml")
    assert kustomization["kind"] == "Kustomization"
    assert sorted(kustomization["resources"]) == sorted(p.name for p in MANIFESTS)


def _annotation(name: str) -> str:
    (ingress,) = [d for d in _documents(INGRESS) if d["metadata"]["name"] == "tumorboard"]
    return str(ingress["metadata"]["annotations"][f"nginx.ingress.kubernetes.io/{name}"])


def test_ingress_and_nginx_example_use_the_same_sticky_cookie() -> None:
    conf = NGINX_CONF.read_text(encoding="utf-8")
    assert _annotation("affinity") == "cookie"
    name = _annotation("session-cookie-name")
    # nginx reads a cookie as $cookie_<name>: the name must be a valid nginx variable suffix.
    assert re.fullmatch(r"[A-Za-z0-9_]+", name), f"{name!r} cannot be read by nginx"
    assert f"$cookie_{name}" in conf
    set_cookie = re.search(r'"(\w+)=\$request_id;([^"]*)"', conf)
    assert set_cookie, "the nginx example no longer sets its own sticky cookie"
    assert set_cookie.group(1) == name
    attributes = set_cookie.group(2)
    assert f"Max-Age={_annotation('session-cookie-max-age')}" in attributes
    assert f"Path={_annotation('session-cookie-path')}" in attributes
    assert f"SameSite={_annotation('session-cookie-samesite')}" in attributes
    assert ("Secure" in attributes) == (_annotation("session-cookie-secure") == "true")


def test_ingress_keeps_the_websocket_open_and_the_body_small() -> None:
    assert _annotation("proxy-read-timeout") == "3600"
    assert _annotation("proxy-send-timeout") == "3600"
    assert _annotation("proxy-body-size") == "1m"
