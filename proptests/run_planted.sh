#!/usr/bin/env bash
# run_planted.sh N SOURCE_DIR BUILD_DIR RC_PARAMS
#
# The planted-bug check of proptests/README.md: configures BUILD_DIR as a
# Release tree of SOURCE_DIR whose engine carries planted bug N
# (-DVMEMCACHE_INJECT_BUG=N), builds only the property tests (and so the
# buggy libvmemcache.so they link), runs them with RC_PARAMS, and succeeds
# only if they FAIL.  Prints which properties caught the bug, with the
# length of each shrunk counterexample.
# Exit: 0 bug caught, 1 bug NOT caught, 2 configure/build error.
set -uo pipefail
n=${1:?bug number} src=${2:?source dir} dir=${3:?build dir} params=${4:-}
mkdir -p "$dir"
if ! cmake -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DVMEMCACHE_INJECT_BUG="$n" \
     -DVMC_BUILD_SIM=OFF -DVMC_BUILD_BENCH=OFF -DVMC_SANITIZE= >"$dir/configure.log" 2>&1; then
  echo "planted bug $n: configure failed, see $dir/configure.log"; exit 2
fi
if ! cmake --build "$dir" --target vmc_proptests -j "$(nproc)" >"$dir/build.log" 2>&1; then
  echo "planted bug $n: build failed, see $dir/build.log"; tail -20 "$dir/build.log"; exit 2
fi
out="$dir/proptests.log"
RC_PARAMS="$params" "$dir/proptests/vmc_proptests" >"$out" 2>&1
status=$?
echo "planted bug $n: proptests exit status $status (RC_PARAMS=\"$params\"), full log $out"
# One line per failed property: its name, rapidcheck's shrink summary, the
# number of commands/operations in the shrunk counterexample, the message.
awk '
  /^\[ RUN      \]/ { test = $4; falsif = ""; msg = ""; len = -1; incmd = 0; next }
  /^Falsifiable after/ { falsif = $0; next }
  /^std::vector<std::shared_ptr<const Command/ { incmd = 1; len = 0; next }
  incmd && /^$/ { incmd = 0; next }
  incmd { len++; next }
  /^std::vector<.*Op>+:$/ { getline l; len = gsub(/\(/, "(", l); next }
  /^\[(model|invariant|lru-approx|linearizability|concurrency|lifecycle)/ { if (msg == "") msg = $0; next }
  /^\[  FAILED  \] .*\(/ {
    printf "  CAUGHT by %s: %s; counterexample length %s\n    %s\n", test, falsif, (len < 0 ? "n/a" : len), substr(msg, 1, 300)
  }' "$out"
if [ "$status" -eq 0 ]; then
  echo "planted bug $n: NOT caught -- every property passed"
  exit 1
fi
exit 0
