# Sourced by scripts/start and scripts/test: make .venv from a lock file, once.
# The lock files (requirements.lock: runtime; requirements-dev.lock: runtime + test tools) pin
# every package, transitive ones too, by version and sha256 hash; pip refuses anything else
# (--require-hashes). A stamp file holds the hash of the lock so a changed lock reinstalls.
# Regenerate the locks after changing requirements*.txt: see README.md, "Dependencies".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
python=${PYTHON:-python3}
requirements=${1:-requirements.lock}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum <"$requirements" | cut -c1-16)-$(basename "$requirements")"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --require-hashes -r "$requirements"
  touch "$stamp"
fi
