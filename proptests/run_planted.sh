#!/usr/bin/env bash
# run_planted.sh N EXE RC_PARAMS
#
# The planted-bug check of proptests/README.md: runs EXE, the property tests
# linked against an engine that carries planted bug N
# (-DVMEMCACHE_INJECT_BUG=N on its variant files), with RC_PARAMS, and
# succeeds only if they FAIL.  Prints which properties caught the bug, with
# the length of each shrunk counterexample.
# Exit: 0 bug caught, 1 bug NOT caught, 2 the tests did not run.
set -uo pipefail
n=${1:?bug number} exe=${2:?test executable} params=${3:-}
dir=$(mktemp -d /tmp/vmc-planted.XXXXXX)
trap 'rm -rf "$dir"' EXIT
out="$dir/proptests.log"
RC_PARAMS="$params" "$exe" >"$out" 2>&1
status=$?
echo "planted bug $n: proptests exit status $status (RC_PARAMS=\"$params\")"
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
# A non-zero status only counts if properties ran and failed (not, say, a
# missing executable or a crash before any test).
if ! grep -q '^\[  FAILED  \] .*(' "$out"; then
  echo "planted bug $n: the tests did not run properly:"
  tail -20 "$out"
  exit 2
fi
exit 0
