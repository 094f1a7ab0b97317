#!/usr/bin/env bash
# Every test: install what is missing, then build and run the test suite in
# the Release, ASan+UBSan, TSan and clang-UBSan builds (the last one's
# compile commands also drive the lint gate, scripts/lint.sh), then the fuzz targets
# for their bounded time (label fuzz: the C API's about a minute, each trace
# reader's 10 s).  CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
start=$SECONDS
status=0
for flavor in release asan tsan ubsan fuzz; do
  t0=$SECONDS
  echo "=== $flavor: build"
  scripts/build.sh "$flavor" -DVMC_WERROR=ON  # CI fails on a warning
  echo "=== $flavor: test"
  labels=(-LE manual)
  [ "$flavor" = fuzz ] && labels=(-L fuzz)
  if ! (cd "build/$flavor" && ctest --output-on-failure -j "$(nproc)" --timeout 900 "${labels[@]}"); then
    status=1
  fi
  if [ "$flavor" = ubsan ] && ! scripts/lint.sh build/ubsan; then
    status=1  # an unformatted file, a clang-tidy finding or an overlong function
  fi
  if [ "$flavor" = fuzz ]; then
    # What each target ran in its budget (libFuzzer's final statistics).
    awk '/ Testing: /{name=$NF} /stat::number_of_executed_units/{print "  " name ": " $2 " executions"}' \
      build/fuzz/Testing/Temporary/LastTest.log || true
  fi
  echo "=== $flavor: done in $((SECONDS - t0)) s"
done
echo "=== all flavours done in $((SECONDS - start)) s, status $status"
exit $status
