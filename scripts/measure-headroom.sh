#!/usr/bin/env bash
# Measures how much of each template budget (steps, output) the bench charts use, by bisecting
# the smallest CHARTROOM_MAX_STEPS and CHARTROOM_MAX_OUTPUT each case renders with; prints the
# headroom of the defaults (src/limits.rs). Usage: scripts/measure-headroom.sh [CHARTROOM] [BENCH_DIR]
set -euo pipefail
cr=$(realpath "${1:-target/release/chartroom}")
bench=$(realpath "${2:-../shared/bench-charts}")
cd "$bench"
python3 - "$cr" <<'PY'
import os, subprocess, sys
cr = sys.argv[1]
def ok(case, variable, value):
    chart = "charts/" + open(f"cases/{case}/chart").read().split()[0]
    args = open(f"cases/{case}/args").read().split()
    env = dict(os.environ, **{variable: str(value)})
    return subprocess.run([cr, "template", "rel", chart] + args, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
def smallest(case, variable, high):
    low = 0
    while high - low > max(1, low // 100):
        mid = (low + high) // 2
        if ok(case, variable, mid): high = mid
        else: low = mid
    return high
defaults = {"CHARTROOM_MAX_STEPS": 200_000_000, "CHARTROOM_MAX_OUTPUT": 256 << 20}
for case in sorted(os.listdir("cases")):
    cells = []
    for variable, default in defaults.items():
        used = smallest(case, variable, default)
        cells.append(f"{variable.split('_')[-1].lower()} {used:>9} ({default // used}x headroom)")
    print(f"{case:32} " + "  ".join(cells))
PY
