#!/usr/bin/env bash
# Times whole-process `chartroom template` against `helm template` (Helm 4.1.4) on the same
# inputs and prints the ratio helm time / chartroom time (above 1: chartroom is faster).
#   scripts/bench-vs-helm.sh [CHART_DIR...]
# Default inputs:
#   * each chart component of this repository, with the values `chartroom values -p prod <c>`
#     prints as a values file and the flags of `--helm-args` (as scripts/regenerate-golden.sh);
#   * the largest helm-vectors cases that render (expected.out), with their args;
#   * the whole prod profile: `chartroom render -p prod` against helm rendering the three
#     charts one after the other (chartroom also renders the Jinja monitoring component).
# Chart directories given as arguments are rendered without values instead.
# Each command runs RUNS times (default 20); the figure is the mean wall time per run. Every
# command must succeed once before it is timed; a failing input is reported, not timed.
# Env: RUNS, CHARTROOM_BIN (skip the release build), CHARTROOM_HELM_VECTORS (suite path),
#      VECTOR_CASES (how many vector cases, default 3).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-20}
helm=$("$root/scripts/install-helm-oracle.sh" | head -n 1)
if [ -n "${CHARTROOM_BIN:-}" ]; then
  chartroom=$CHARTROOM_BIN
else
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  chartroom="$root/target/release/chartroom"
fi
export KUBECONFIG=/nonexistent TZ=UTC LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# An input: a label, the directory to run in, and the `template` arguments (shell words).
labels=(); dirs=(); arguments=()
add_input() { labels+=("$1"); dirs+=("$2"); arguments+=("$3"); }

if [ $# -gt 0 ]; then
  for chart in "$@"; do add_input "$chart" "$PWD" "rel $(printf '%q' "$chart")"; done
else
  profile_charts=()
  while read -r component chart; do
    [ -n "$component" ] || continue
    values="$work/$component.values.yaml"
    (cd "$root" && "$chartroom" values -p prod "$component") > "$values"
    mapfile -t flags < <(cd "$root" && "$chartroom" values -p prod "$component" --helm-args)
    words="$(printf '%q ' "${flags[0]}" "$chart" -f "$values" "${flags[@]:1}")"
    add_input "$chart (prod values)" "$root" "$words"
    profile_charts+=("$words")
  done < <(cd "$root" && "$chartroom" list | awk '/^components:/{c=1;next} /^[a-z]/{c=0} c && $2 ~ /^chart=/{sub("chart=","",$2); print $1" "$2}')

  suite=${CHARTROOM_HELM_VECTORS:-}
  if [ -z "$suite" ]; then
    for candidate in "$root/../shared/helm-vectors" "$root/../../shared/helm-vectors"; do
      if [ -d "$candidate/cases" ]; then suite=$(cd "$candidate" && pwd); break; fi
    done
  fi
  if [ -n "$suite" ] && [ -d "$suite/cases" ]; then
    # The biggest vector charts (subcharts included) among cases that render to stdout.
    while IFS= read -r case_dir; do
      args=""; [ -f "$case_dir/args" ] && args=$(head -n 1 "$case_dir/args")
      add_input "${case_dir#"$suite"/cases/}" "$case_dir" "rel chart $args"
    done < <(
      for chart in "$suite"/cases/*/*/chart; do
        case_dir=${chart%/chart}
        [ -f "$case_dir/expected.out" ] || continue
        [ -f "$case_dir/outdir" ] || [ -f "$case_dir/debug" ] || [ -f "$case_dir/expected.exit" ] && continue
        printf '%s %s\n' "$(du -sb "$chart" | cut -f1)" "$case_dir"
      done | sort -rn | head -n "${VECTOR_CASES:-3}" | cut -d' ' -f2)
  else
    echo "helm-vectors suite not found (set CHARTROOM_HELM_VECTORS); timing the repository's charts only" >&2
  fi
fi

render_with() { # TOOL DIR WORDS: one render, output discarded; fails when the render fails
  local tool=$1 dir=$2 words=$3
  (cd "$dir" && eval "set -- $words" && exec "$tool" template "$@") >/dev/null 2>"$work/stderr"
}
profile_with() { # TOOL: the prod profile (chartroom: one process; helm: one process per chart)
  if [ "$1" = "$chartroom" ]; then
    (cd "$root" && "$chartroom" render -p prod) >/dev/null 2>"$work/stderr"
  else
    local words
    for words in "${profile_charts[@]}"; do render_with "$helm" "$root" "$words" || return 1; done
  fi
}
mean_ms() { # command... -> mean milliseconds per run over $runs runs (after one checked run)
  "$@" || { echo FAIL; return 0; }
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@"; done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v runs="$runs" 'BEGIN { printf "%.1f\n", ns / runs / 1e6 }'
}
report() { # LABEL HELM_MS CHARTROOM_MS
  local ratio=-
  if [ "$2" != FAIL ] && [ "$3" != FAIL ]; then ratio=$(awk -v h="$2" -v c="$3" 'BEGIN { printf "%.1fx", h / (c > 0.05 ? c : 0.05) }'); fi
  printf '%-52s %10s %10s %8s\n' "$1" "$2" "$3" "$ratio"
  if [ "$3" = FAIL ]; then sed 's/^/    chartroom: /' "$work/stderr" | head -n 3; fi
}

printf '%-52s %10s %10s %8s\n' input "helm ms" "chartroom" "helm/cr"
for index in "${!labels[@]}"; do
  h=$(mean_ms render_with "$helm" "${dirs[$index]}" "${arguments[$index]}")
  c=$(mean_ms render_with "$chartroom" "${dirs[$index]}" "${arguments[$index]}")
  report "${labels[$index]}" "$h" "$c"
done
if [ $# -eq 0 ] && [ ${#profile_charts[@]} -gt 0 ]; then
  h=$(mean_ms profile_with "$helm")
  c=$(mean_ms profile_with "$chartroom")
  report "render -p prod (helm: ${#profile_charts[@]} charts in turn)" "$h" "$c"
fi
