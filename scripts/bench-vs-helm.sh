#!/usr/bin/env bash
# Times whole-process `chartroom template` against `helm template` (Helm 4.1.4) on the same
# inputs and prints the ratio. Inputs: the charts of this repository and the largest
# helm-vectors cases, or the chart directories given as arguments.
#   scripts/bench-vs-helm.sh [CHART_DIR...]
# Each command runs RUNS times (default 20); the figure is the mean wall time per run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-20}
helm=$("$root/scripts/install-helm-oracle.sh" | head -n 1)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
chartroom="$root/target/release/chartroom"
export KUBECONFIG=/nonexistent TZ=UTC LC_ALL=C

charts=("$@")
if [ ${#charts[@]} -eq 0 ]; then
  charts=("$root/charts/postgresql" "$root/charts/redis")
  suite=${CHARTROOM_HELM_VECTORS:-$root/../shared/helm-vectors}
  if [ -d "$suite/cases" ]; then
    # The three biggest vector charts by total template size.
    while IFS= read -r dir; do charts+=("$dir"); done < <(
      for c in "$suite"/cases/*/*/chart; do
        [ -f "${c%/chart}/expected.out" ] || continue
        [ -s "${c%/chart}/args" ] && continue
        printf '%s %s\n' "$(du -sb "$c" | cut -f1)" "$c"
      done | sort -rn | head -n 3 | cut -d' ' -f2)
  fi
fi

mean_ms() { # command... -> mean milliseconds over $runs runs
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  echo $(( (end - start) / runs / 1000000 ))
}

printf '%-60s %10s %10s %8s\n' chart "helm ms" "chartroom" ratio
for chart in "${charts[@]}"; do
  h=$(mean_ms "$helm" template rel "$chart")
  c=$(mean_ms "$chartroom" template rel "$chart")
  ratio=$(python3 -c "print(f'{$h / max($c, 0.5):.1f}x')")
  printf '%-60s %10s %10s %8s\n' "${chart#$root/}" "$h" "$c" "$ratio"
done
