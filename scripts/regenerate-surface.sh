#!/usr/bin/env bash
# Regenerates the expected results of tests/fixtures/surface/cases/*/ (checked by
# tests/surface.rs) from real Helm: Helm 4.1.4, or Helm 3.17.3 for cases holding a file named
# `helm3` (the post-renderer follows Helm 3).
# Each case has `args` (one argument per line, after `template`), run in a scratch copy of
# tests/fixtures/surface with the case's directory as the working directory. Recorded:
#   expected.out  stdout, then every file under out/ (if written) as "==> path <==" + content
#   expected.err  stderr, the scratch path replaced by $FIXTURES
#   expected.rc   the exit status
# Usage: scripts/regenerate-surface.sh [case...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# CHARTROOM_HELM_CACHE picks where the oracle binaries live (default .cache/helm).
mapfile -t oracles < <(scripts/install-helm-oracle.sh)
helm4=${oracles[0]}; helm3=${oracles[1]}
export TZ=UTC LC_ALL=C KUBECONFIG=/nonexistent
fixtures="$root/tests/fixtures/surface"
cases=("$@")
[ ${#cases[@]} -gt 0 ] || mapfile -t cases < <(ls "$fixtures/cases")
for name in "${cases[@]}"; do
  scratch=$(mktemp -d)
  cp -a "$fixtures/." "$scratch/"
  dir="$scratch/cases/$name"
  helm=$helm4; [ -f "$dir/helm3" ] && helm=$helm3
  mapfile -t args < "$dir/args"
  set +e
  (cd "$dir" && "$helm" template "${args[@]}" > "$scratch/stdout" 2> "$scratch/stderr")
  rc=$?
  set -e
  {
    cat "$scratch/stdout"
    if [ -d "$dir/out" ]; then
      (cd "$dir" && find out -type f | sort | while read -r file; do printf '==> %s <==\n' "$file"; cat "$file"; done)
    fi
  } > "$fixtures/cases/$name/expected.out"
  sed "s|$scratch|\$FIXTURES|g" "$scratch/stderr" > "$fixtures/cases/$name/expected.err"
  echo "$rc" > "$fixtures/cases/$name/expected.rc"
  rm -rf "$scratch"
  echo "$name: exit $rc"
done
