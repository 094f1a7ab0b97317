#!/usr/bin/env bash
# Every test: install what is missing, then build and run the test suite in
# the Release, ASan+UBSan, TSan and clang-UBSan builds.  CI (.ci/run) calls
# exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
start=$SECONDS
status=0
for flavor in release asan tsan ubsan; do
  echo "=== $flavor: build"
  scripts/build.sh "$flavor" -DVMC_WERROR=ON  # CI fails on a warning
  echo "=== $flavor: test"
  if ! (cd "build/$flavor" && ctest --output-on-failure -j "$(nproc)" --timeout 900 -LE manual); then
    status=1
  fi
done
echo "=== all flavours done in $((SECONDS - start)) s, status $status"
exit $status
