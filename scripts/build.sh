#!/usr/bin/env bash
# scripts/build.sh FLAVOR [--target T]... [cmake args] -- configure (when
# needed) and build one flavour into build/FLAVOR.
#   release : -O2 -g, jemalloc, everything (the measurement build), and the
#             fault-injection test library (VMC_FAULT_INJECTION)
#   asan    : ASan+UBSan, engine + models + proptests + fault injection
#   tsan    : TSan, engine + models + proptests
#   ubsan   : clang's UBSan (enum and function checks included, which GCC's
#             lacks), engine + models
#   fuzz    : clang, ASan+UBSan, VMC_FUZZ=ON: only the libFuzzer targets
#             (engine/fuzz, sim/fuzz) unless --target says otherwise
# --target T (repeatable) builds only those targets (default: everything).
# Other arguments are passed to cmake's configure step.
#
# A configure that succeeded leaves a stamp (build/FLAVOR/.vmc-configured)
# holding its arguments: the next run configures again only if they differ.
# Recovery: a configure that failed or was interrupted leaves no stamp, so
# the next run configures again; if that
# fails on top of the existing cache, it retries once from a fresh cache
# (cmake --fresh) before giving up with cmake's output.
set -euo pipefail
cd "$(dirname "$0")/.."
flavor=${1:?usage: scripts/build.sh release|asan|tsan|ubsan|fuzz [--target T]... [cmake args]}
shift
case "$flavor" in
  release) args=(-DCMAKE_BUILD_TYPE=Release -DVMC_FAULT_INJECTION=ON) ;;
  asan)    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DVMC_SANITIZE=address -DVMC_FAULT_INJECTION=ON
                 -DVMC_BUILD_SIM=OFF -DVMC_BUILD_BENCH=OFF) ;;
  tsan)    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DVMC_SANITIZE=thread -DVMC_BUILD_SIM=OFF -DVMC_BUILD_BENCH=OFF) ;;
  ubsan)   args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14
                 -DVMC_SANITIZE=undefined -DVMC_BUILD_SIM=OFF -DVMC_BUILD_BENCH=OFF -DVMC_BUILD_PROPTESTS=OFF) ;;
  fuzz)    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14
                 -DVMC_SANITIZE=address -DVMC_FUZZ=ON -DVMC_BUILD_BENCH=OFF -DVMC_BUILD_PROPTESTS=OFF) ;;
  *) echo "unknown flavour: $flavor" >&2; exit 2 ;;
esac
targets=() extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target) targets+=(--target "${2:?--target needs a name}"); shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
if [ "$flavor" = fuzz ] && [ ${#targets[@]} -eq 0 ]; then
  targets=(--target vmc_engine_fuzz --target vmc_sim_fuzz)
fi
dir=build/$flavor
stamp=$dir/.vmc-configured
want="${args[*]} ${extra[*]:-}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  rm -f "$stamp"
  mkdir -p "$dir"
  log=$dir/configure.log
  if ! cmake -S . -B "$dir" "${args[@]}" "${extra[@]}" >"$log" 2>&1; then
    echo "build.sh: configuring $dir failed; retrying from a fresh cache" >&2
    if ! cmake --fresh -S . -B "$dir" "${args[@]}" "${extra[@]}" >"$log" 2>&1; then
      cat "$log" >&2
      echo "build.sh: configuring $dir failed (log: $log)" >&2
      exit 1
    fi
  fi
  echo "$want" >"$stamp"
fi
cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
