"""Fetch axe-core (the npm package) for the accessibility tests, pinned by version and hash.

The browser tests inject `axe.min.js` into each page (tests/e2e/test_accessibility.py). It is
read from the npm registry's tarball once, checked against the registry's published SHA-512
integrity (pinned here, so a changed file is refused), and kept in .cache/axe-core/ (ignored by
git). Nothing here runs in the product: the app never loads axe.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.10.2"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = (
    "sha512-RE3mdQ7P3FRSe7eqCWoeQ/Z9QXrtniSjp1wUjt5nRC3WIpz5rSCve6o3"
    "fsZ2aCpJtrZjSZgjwXAoTO5k4tEI0w=="
)
TARGET = Path(__file__).resolve().parents[1] / ".cache" / "axe-core" / VERSION / "axe.min.js"


def main() -> int:
    if TARGET.exists():
        return 0
    with urllib.request.urlopen(TARBALL, timeout=60) as response:
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        print(f"axe-core {VERSION}: integrity {digest} is not the pinned one", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        if member is None:
            print("axe-core tarball has no package/axe.min.js", file=sys.stderr)
            return 1
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_bytes(member.read())
    print(f"axe-core {VERSION} -> {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
