#!/usr/bin/env bash
# Regenerates the golden files of chartroom projects (tests/projects.rs compares against them):
#   tests/golden/<project>/<profile>/helm/<component>.yaml
#       what Helm 4.1.4 prints for every chart component of every concrete profile:
#       helm template <release> <chart> -f <(chartroom values -p P C) <chartroom values --helm-args>
#       i.e. the oracle that `chartroom render -p P C` must equal;
#   tests/golden/<project>/<profile>/render.yaml
#       the whole `chartroom render -p P` stream (chart and Jinja components), a snapshot
#       that makes every change of a project's output visible in review.
# <project> is the project's `name` in its chartroom.yaml.
# Usage: scripts/regenerate-golden.sh [PROJECT_DIR...]   (default: the root and examples/*)
# Set CHARTROOM to use a prebuilt binary instead of building target/debug/chartroom.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
helm=$(scripts/install-helm-oracle.sh | head -1)
export TZ=UTC LC_ALL=C KUBECONFIG=/nonexistent
if [ -z "${CHARTROOM:-}" ]; then
  cargo build --quiet
  CHARTROOM="$root/target/debug/chartroom"
fi
if [ $# -eq 0 ]; then
  set -- . examples/*/
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for project_dir in "$@"; do
  project_dir=${project_dir%/}
  listing=$(cd "$project_dir" && "$CHARTROOM" list)
  name=$(awk '/^project:/{print $2}' <<< "$listing")
  # `chartroom list` prints "  <profile>  namespace=<ns>  chain=...", and "  <component>  chart=<path>".
  profiles=$(awk '/^profiles:/{p=1;next} /^[a-z]/{p=0} p && !/\(abstract\)/{print $1}' <<< "$listing")
  charts=$(awk '/^components:/{c=1;next} /^[a-z]/{c=0} c && $2 ~ /^chart=/{sub("chart=","",$2); print $1" "$2}' <<< "$listing")
  out="$work/$name"
  for profile in $profiles; do
    mkdir -p "$out/$profile/helm"
    (cd "$project_dir" && "$CHARTROOM" render -p "$profile") > "$out/$profile/render.yaml"
    while read -r component chart; do
      [ -n "$component" ] || continue
      # Components the profile disables have no Helm output to compare.
      (cd "$project_dir" && "$CHARTROOM" render -p "$profile" "$component" >/dev/null 2>&1) || continue
      [ -n "$(cd "$project_dir" && "$CHARTROOM" render -p "$profile" "$component")" ] || continue
      (cd "$project_dir" && "$CHARTROOM" values -p "$profile" "$component") > "$work/values.yaml"
      mapfile -t flags < <(cd "$project_dir" && "$CHARTROOM" values -p "$profile" "$component" --helm-args)
      (cd "$project_dir" && "$helm" template "${flags[0]}" "$chart" -f "$work/values.yaml" "${flags[@]:1}") \
        > "$out/$profile/helm/$component.yaml"
    done <<< "$charts"
  done
  rm -rf "tests/golden/$name.new"
  mkdir -p tests/golden
  mv "$out" "tests/golden/$name.new"
  rm -rf "tests/golden/$name"
  mv "tests/golden/$name.new" "tests/golden/$name"
  echo "golden files of $project_dir written to tests/golden/$name"
done
