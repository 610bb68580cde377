#!/usr/bin/env bash
# The project's test command (README.md, .ci/run): installs the test tools into .cache, then
# runs every test (unit tests, helm-vectors conformance with its ratchet, projects, diff,
# surface and robustness suites).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-tools.sh
# The tests never see the user's chartroom cache (installed schemas, fetched schemas).
export CHARTROOM_CACHE_DIR="$PWD/.cache/test-chartroom-cache"
cargo test --locked "$@"
