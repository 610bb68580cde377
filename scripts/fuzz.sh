#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for SECONDS each (default 60) with cargo-fuzz on
# the nightly toolchain, seeding each corpus from the repository's own inputs: helm-vectors
# templates and values, the projects' profiles, chart archives. Crashes are kept under
# fuzz/artifacts/<target>/ and make the script fail. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(template_parse template_exec jinja_render yaml_values manifest_head set_values profile chart_archive)
fi
vectors=${CHARTROOM_HELM_VECTORS:-../shared/helm-vectors}
seed() {
    local target=$1 corpus=fuzz/corpus/$1
    mkdir -p "$corpus"
    case $target in
        template_parse|template_exec)
            find examples charts tests/fixtures "$vectors/cases" -path '*/templates/*' -type f -size -64k 2>/dev/null ;;
        jinja_render)
            find examples manifests -path '*manifests/*' -type f -size -64k 2>/dev/null ;;
        manifest_head)
            find tests/golden "$vectors/cases" -name 'expected*' -type f -size -64k 2>/dev/null ;;
        yaml_values)
            find examples tests/fixtures "$vectors/cases" profiles -name '*.yaml' -type f -size -64k 2>/dev/null ;;
        profile)
            find profiles examples/*/profiles tests/fixtures -path '*profiles/*.yaml' -type f 2>/dev/null ;;
        chart_archive)
            find tests "$vectors/cases" -name '*.tgz' -type f -size -1M 2>/dev/null ;;
        set_values)
            printf 'a=b,c.d[0]=e' > "$corpus/seed-set"; printf 'x={a,b},y[1].z=null' > "$corpus/seed-list" ;;
    esac | head -2000 | while read -r file; do
        cp "$file" "$corpus/$(sha1sum "$file" | cut -c1-16)"
    done
}
for target in "${targets[@]}"; do
    seed "$target"
    echo "== $target: ${seconds}s"
    cargo +nightly fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1 2>&1 \
        | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|Done)' || true
    if ls "fuzz/artifacts/$target"/crash-* "fuzz/artifacts/$target"/oom-* "fuzz/artifacts/$target"/timeout-* >/dev/null 2>&1; then
        echo "$target: crash artifacts in fuzz/artifacts/$target" >&2
        exit 1
    fi
done
