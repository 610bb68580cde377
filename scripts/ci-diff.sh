#!/usr/bin/env bash
# CI recipe (docs/argocd.md): validates every chartroom project of the repository and prints,
# as Markdown for a pull-request comment, what each profile's render changes against a git
# revision (usually the target branch).
#   scripts/ci-diff.sh REF [PROJECT_DIR...]   (default: the root and examples/*)
# Exit status: 0 when every project validates (changes or not), 1 when one does not.
set -uo pipefail
ref=${1:?usage: scripts/ci-diff.sh REF [PROJECT_DIR...]}; shift
chartroom=${CHARTROOM:-chartroom}
[ $# -gt 0 ] || set -- . examples/*/
status=0
echo "## chartroom: rendered changes against \`$ref\`"
for project in "$@"; do
  project=${project%/}
  [ -f "$project/chartroom.yaml" ] || continue
  echo
  echo "### \`$project\`"
  if ! problems=$("$chartroom" validate -C "$project" --all 2>&1); then
    status=1
    printf '\n**validate failed**\n\n```\n%s\n```\n' "$problems"
    continue
  fi
  profiles=$(cd "$project" && "$chartroom" list | awk '/^profiles:/{p=1;next} /^[a-z]/{p=0} p && !/\(abstract\)/{print $1}')
  for profile in $profiles; do
    report=$("$chartroom" diff -C "$project" -p "$profile" --against "git:$ref" --color never --exit-code 2>&1)
    case $? in
      0) echo "- \`$profile\`: no change" ;;
      2) printf -- '- `%s`:\n\n```diff\n%s\n```\n' "$profile" "$report" ;;
      *) status=1; printf -- '- `%s`: **diff failed**\n\n```\n%s\n```\n' "$profile" "$report" ;;
    esac
  done
done
exit $status
