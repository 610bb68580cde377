#!/usr/bin/env bash
# pre-commit entry point (.pre-commit-hooks.yaml): finds the chartroom projects that hold the
# changed files (the nearest directory upwards with a chartroom.yaml) and checks each once.
#   scripts/pre-commit-chartroom.sh validate|render-check FILE...
set -uo pipefail
mode=$1; shift
chartroom=${CHARTROOM:-chartroom}
declare -A projects=()
for file in "$@"; do
  directory=$(dirname "$file")
  while :; do
    if [ -f "$directory/chartroom.yaml" ]; then projects[$directory]=1; break; fi
    [ "$directory" = "." ] || [ "$directory" = "/" ] && break
    directory=$(dirname "$directory")
  done
done
status=0
for project in "${!projects[@]}"; do
  case $mode in
    validate) "$chartroom" validate -C "$project" --all || status=1 ;;
    render-check) "$chartroom" render -C "$project" --all --check > /dev/null || status=1 ;;
    *) echo "unknown mode $mode (validate or render-check)" >&2; exit 2 ;;
  esac
done
exit $status
