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
# Packaged inputs: `helm package` of charts/full (it applies .helmignore and packs the
# subchart directories), a chart whose subchart is a packaged .tgz, and a raw archive of
# charts/unfiltered made without `helm package`, so its .helmignore travels inside.
packages="$fixtures/packages"
rm -rf "$packages" "$fixtures/charts/tgz-subchart/charts"
mkdir -p "$packages" "$fixtures/charts/tgz-subchart/charts"
"$helm4" package "$fixtures/charts/full" -d "$packages" >/dev/null
"$helm4" package "$fixtures/charts/full/charts/other" -d "$fixtures/charts/tgz-subchart/charts" >/dev/null
python3 - "$fixtures/charts/unfiltered" "$packages/unfiltered-0.1.0.tgz" <<'PY'
import gzip, io, os, sys, tarfile
source, target = sys.argv[1], sys.argv[2]
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
    for directory, subdirectories, files in sorted(os.walk(source)):
        subdirectories.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            info = archive.gettarinfo(path, "unfiltered/" + os.path.relpath(path, source))
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            with open(path, "rb") as data:
                archive.addfile(info, data)
with open(target, "wb") as out:
    out.write(gzip.compress(buffer.getvalue(), mtime=0))
PY
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
