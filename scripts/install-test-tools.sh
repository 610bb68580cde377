#!/usr/bin/env bash
# Installs the tools the test suite runs besides cargo, into the project's cache (never into
# the system Python, which refuses it on Debian and others):
#   .cache/venv: a Python virtual environment with kubernetes-validate (the cross-check of
#   rendered manifests in tests/projects.rs);
#   .cache/kubernetes-json-schema: the Kubernetes JSON schemas that package ships (v1.25 to
#   v1.37, kubernetes-validate's `-local` layout), for `chartroom validate --schema-location`.
# Re-running is cheap: what is installed at the pinned version is kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.cache/venv"
version=1.37.0
link_schemas() {
  local schemas
  schemas=$(echo "$venv"/lib/python3*/site-packages/kubernetes_validate/kubernetes-json-schema)
  [ -d "$schemas" ] && ln -sfn "$schemas" "$root/.cache/kubernetes-json-schema"
}
if "$venv/bin/kubernetes-validate" --version 2>/dev/null | grep -q "$version"; then
  link_schemas
  exit 0
fi
python=${PYTHON:-python3}
if ! "$python" -m venv --clear "$venv" 2>/dev/null; then
  # Debian ships the venv module's pip bootstrap separately (python3-venv).
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$python" -m venv --clear "$venv"
  else
    echo "cannot create a virtual environment with $python: install your distribution's venv package (Debian: python3-venv)" >&2
    exit 1
  fi
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "kubernetes-validate==$version"
link_schemas
"$venv/bin/kubernetes-validate" --version
