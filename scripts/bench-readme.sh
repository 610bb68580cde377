#!/usr/bin/env bash
# Regenerates the "Performance" section of README.md: the machine (CPU model and core count),
# the Helm version, and the table `../shared/bench-charts/run.sh` prints for the release binary
# against Helm 4.1.4, with peak memory of the largest cases.
#   scripts/bench-readme.sh            # builds the release binary, runs, rewrites README.md
#   scripts/bench-readme.sh --print    # prints the section instead of rewriting README.md
# Env: RUNS (run.sh's runs per command, default 11), CHARTROOM_BIN (skip the build),
#      HELM_BIN (default .cache/helm/helm4, else scripts/install-helm-oracle.sh),
#      CHARTROOM_BENCH_CHARTS (default ../shared/bench-charts).
# The section runs from the line "## Performance" to the next "## " heading.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
suite=${CHARTROOM_BENCH_CHARTS:-$root/../shared/bench-charts}
[ -x "$suite/run.sh" ] || { echo "bench-readme: $suite/run.sh not found" >&2; exit 1; }
if [ -n "${CHARTROOM_BIN:-}" ]; then
  chartroom=$CHARTROOM_BIN
else
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  chartroom=$root/target/release/chartroom
fi
if [ -n "${HELM_BIN:-}" ]; then
  helm=$HELM_BIN
elif [ -x "$root/.cache/helm/helm4" ]; then
  helm=$root/.cache/helm/helm4
else
  helm=$("$root/scripts/install-helm-oracle.sh" | head -n 1)
fi
chartroom=$(realpath "$chartroom"); helm=$(realpath "$helm")

model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
[ -n "$model" ] || model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
cores=$(nproc)
load=$(cut -d' ' -f1 /proc/loadavg)
helm_version=$("$helm" version --short 2>/dev/null || echo unknown)
table=$(RUNS=${RUNS:-11} "$suite/run.sh" "$chartroom" "$helm")

# Peak resident memory of the three cases with the most output, for both tools.
rss() { # tool case -> KB
  local chart args
  chart=$(awk '{print $1}' "$suite/cases/$2/chart"); args=$(cat "$suite/cases/$2/args")
  # shellcheck disable=SC2086
  (cd "$suite" && /usr/bin/time -f %M "$1" template rel "charts/$chart" $args 2>&1 >/dev/null | tail -n 1)
}
memory=""
for case in $(cd "$suite/cases" && ls -S */expected.helm4.yaml | head -n 3 | cut -d/ -f1); do
  memory+="| $case | $(( $(rss "$chartroom" "$case") / 1024 )) MB | $(( $(rss "$helm" "$case") / 1024 )) MB |"$'\n'
done

section=$(cat <<EOF
## Performance

\`chartroom template\` against \`helm template\` ($helm_version) on the ten cases of the shared
bench charts (real Argo, Bitnami and prometheus-community charts; \`../shared/bench-charts/run.sh\`:
whole-process wall time, median of ${RUNS:-11} runs, PASS means byte-identical output), measured on
$model, $cores cores (load average $load when it started: other work on the machine slows
both tools and shrinks the ratio), with \`scripts/bench-readme.sh\` (which regenerates this
section):

\`\`\`
$table
\`\`\`

Peak resident memory (\`/usr/bin/time -v\`) on the cases with the largest output:

| case | chartroom | helm |
|---|---|---|
${memory%$'\n'}

What makes it fast: documents in plain block style (most of any render) have their heads
read line by line, the rest parsed without building what the sort does not read, on all
cores; template files are parsed once per distinct text (the Bitnami \`common\` library is
vendored by every subchart) and on all cores; lexer tokens are plain copies borrowing the
template text; \`template\` never frees its parsed templates (the exit does); compiled
regexes, \`semverCompare\` answers and \`.helmignore\` patterns are reused; chart files are
read once into buffers \`.Files\` shares; mimalloc is the allocator; the executable is
linked position-dependent (no load-time relocations: start-up about 1.8 ms of CPU); RSA key
generation (\`genCA\` and friends) searches both primes at once. Where the rest goes, per
case, is in docs/perf-profile-issue10.md. \`cargo bench --bench bench_charts\` times the same
cases in process (plus parse and render alone); \`cargo build --profile profiling\` builds a
binary with line tables for \`perf record -e cpu-clock --call-graph dwarf\` or
\`valgrind --tool=callgrind\`.
EOF
)

if [ "${1:-}" = "--print" ]; then
  printf '%s\n' "$section"
  exit 0
fi
readme=$root/README.md
python3 - "$readme" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip("\n") + "\n"
text = open(path).read()
match = re.search(r"^## Performance\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
if match:
    tail = text[match.end():]
    text = text[:match.start()] + section + ("\n" if tail else "") + tail
else:
    # Before the Layout section when there is one, else at the end.
    layout = re.search(r"^## Layout\n", text, flags=re.M)
    if layout:
        text = text[:layout.start()] + section + "\n" + text[layout.start():]
    else:
        text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
echo "README.md: Performance section updated"
