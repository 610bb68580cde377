#!/usr/bin/env bash
# Regenerates tests/golden/<profile>/<component>.yaml: for every chart component of the default
# project and every concrete profile, what Helm 4.1.4 prints for
#   helm template <release> <chart> -f <(chartroom values -p P C) --namespace NS
#        --kube-version KV --api-versions ...
# i.e. the oracle that `chartroom render -p P C` must equal (tests/projects.rs compares them).
# Usage: scripts/regenerate-golden.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
helm=$(scripts/install-helm-oracle.sh | head -1)
export TZ=UTC LC_ALL=C KUBECONFIG=/nonexistent
cargo build --quiet
chartroom="$root/target/debug/chartroom"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="$work/golden"
mkdir -p "$out"
# `chartroom list` prints "  <profile>  namespace=<ns>  chain=...", and "  <component>  chart=<path>".
profiles=$("$chartroom" list | awk '/^profiles:/{p=1;next} /^[a-z]/{p=0} p && !/\(abstract\)/{print $1}')
charts=$("$chartroom" list | awk '/^components:/{c=1;next} /^[a-z]/{c=0} c && $2 ~ /^chart=/{sub("chart=","",$2); print $1" "$2}')
for profile in $profiles; do
  mkdir -p "$out/$profile"
  while read -r component chart; do
    [ -n "$component" ] || continue
    "$chartroom" values -p "$profile" "$component" > "$work/values.yaml"
    mapfile -t flags < <("$chartroom" values -p "$profile" "$component" --helm-args)
    "$helm" template "${flags[0]}" "$chart" -f "$work/values.yaml" "${flags[@]:1}" > "$out/$profile/$component.yaml"
  done <<< "$charts"
done
rm -rf tests/golden.new
mv "$out" tests/golden.new
rm -rf tests/golden
mv tests/golden.new tests/golden
echo "golden files written to tests/golden"
