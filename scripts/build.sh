#!/usr/bin/env bash
# scripts/build.sh FLAVOR -- configure (once) and build one flavour into build/FLAVOR.
#   release : -O2 -g, jemalloc, everything (the measurement build)
#   asan    : ASan+UBSan, engine + models + proptests
#   tsan    : TSan, engine + models + proptests
# Extra arguments are passed to cmake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
flavor=${1:?usage: scripts/build.sh release|asan|tsan [cmake args]}
shift
case "$flavor" in
  release) args=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan)    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DVMC_SANITIZE=address -DVMC_BUILD_SIM=OFF -DVMC_BUILD_BENCH=OFF) ;;
  tsan)    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DVMC_SANITIZE=thread -DVMC_BUILD_SIM=OFF -DVMC_BUILD_BENCH=OFF) ;;
  *) echo "unknown flavour: $flavor" >&2; exit 2 ;;
esac
dir=build/$flavor
if [ ! -f "$dir/CMakeCache.txt" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$dir" "${args[@]}" "$@" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)"
