#!/usr/bin/env bash
# Instructions executed (all threads, valgrind's callgrind) by `chartroom template` on each
# case of the shared bench charts: a measure of the work done that, unlike wall time, does not
# move with the load of the machine. Keeps each profile as /tmp/chartroom-callgrind.CASE.out
# for `callgrind_annotate`.
#   scripts/measure-instructions.sh [BINARY]   (default: target/release/chartroom)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$(realpath "${1:-$root/target/release/chartroom}")
suite=${CHARTROOM_BENCH_CHARTS:-$root/../shared/bench-charts}
cd "$suite"
total=0
for case in $(ls cases); do
  chart=$(awk '{print $1}' "cases/$case/chart"); args=$(cat "cases/$case/args")
  # shellcheck disable=SC2086
  count=$(valgrind --tool=callgrind --callgrind-out-file="/tmp/chartroom-callgrind.$case.out" \
    "$binary" template rel "charts/$chart" $args 2>&1 >/dev/null \
    | sed -n 's/.*I *refs: *//p' | tr -d ,)
  printf '%-30s %8.1f M\n' "$case" "$(echo "$count / 1000000" | bc -l)"
  total=$((total + count))
done
printf '%-30s %8.1f M\n' total "$(echo "$total / 1000000" | bc -l)"
