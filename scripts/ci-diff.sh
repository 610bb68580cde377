#!/usr/bin/env bash
# CI recipe (docs/argocd.md): validates every chartroom project of the repository and prints,
# as Markdown for a pull-request comment, what each profile's render changes against a git
# revision (usually the target branch); each profile's section is `chartroom diff -o markdown`.
#   scripts/ci-diff.sh REF [PROJECT_DIR...]   (default: the root and examples/*)
# Exit status: 0 when every project validates (changes or not), 1 when one does not or a diff
# fails.
set -uo pipefail
ref=${1:?usage: scripts/ci-diff.sh REF [PROJECT_DIR...]}; shift
chartroom=${CHARTROOM:-chartroom}
[ $# -gt 0 ] || set -- . examples/*/
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
status=0
# Prints text in a plain fenced block longer than any backtick run inside it.
fenced() {
  local fence='```'
  while [[ $1 == *"$fence"* ]]; do fence+='`'; done
  printf '\n%s\n%s\n%s\n' "$fence" "$1" "$fence"
}
echo "## chartroom: rendered changes against \`$ref\`"
for project in "$@"; do
  project=${project%/}
  [ -f "$project/chartroom.yaml" ] || continue
  echo
  echo "### \`$project\`"
  if ! problems=$("$chartroom" validate -C "$project" --all 2>&1); then
    status=1
    printf '\n**validate failed**\n'
    fenced "$problems"
    continue
  fi
  profiles=$(cd "$project" && "$chartroom" list | awk '/^profiles:/{p=1;next} /^[a-z]/{p=0} p && !/\(abstract\)/{print $1}')
  for profile in $profiles; do
    echo
    if report=$("$chartroom" diff -C "$project" -p "$profile" --against "git:$ref" -o markdown 2>"$errors"); then
      printf '%s\n' "$report"
    else
      status=1
      printf -- '**`%s`: diff failed**\n' "$profile"
      fenced "$(cat "$errors")"
    fi
  done
done
exit $status
