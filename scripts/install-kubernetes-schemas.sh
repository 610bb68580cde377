#!/usr/bin/env bash
# Installs the Kubernetes JSON schemas `chartroom validate` and `render --check` use offline by
# default (when no --schema-location is given): Kubernetes v1.25 to v1.37, as the PyPI package
# kubernetes-validate ships them (its `-local` layout, strict and not), unpacked from the
# package's wheel into the chartroom cache directory:
#   ${CHARTROOM_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/chartroom}/kubernetes-json-schema
# The wheel is fetched with pip inside a throwaway virtual environment (system Pythons refuse
# pip next to their own packages); nothing is installed into any Python. The directory is
# replaced only once the new one is complete. Prints the directory.
#   scripts/install-kubernetes-schemas.sh
set -euo pipefail
version=1.37.0
cache=${CHARTROOM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chartroom}
target=$cache/kubernetes-json-schema
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$python" -m venv "$work/venv" 2>/dev/null; then
  echo "cannot create a virtual environment with $python: install your distribution's venv package (Debian: python3-venv)" >&2
  exit 1
fi
"$work/venv/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
  --only-binary=:all: -d "$work/wheel" "kubernetes-validate==$version"
"$work/venv/bin/python" - "$work/wheel" "$work/unpacked" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/*.whl")[0]
prefix = "kubernetes_validate/kubernetes-json-schema/"
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith(prefix):
            archive.extract(name, sys.argv[2])
PY
mkdir -p "$cache"
rm -rf "$target.new"
mv "$work/unpacked/kubernetes_validate/kubernetes-json-schema" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
echo "$target"
