#!/usr/bin/env bash
# scripts/lint.sh [BUILD_DIR] -- the gate that keeps the tree clean: every
# C++ file formatted as .clang-format says (the C API headers and the C
# sources keep the original library's style), and clang-tidy (.clang-tidy:
# bugprone, concurrency, performance) without a finding on engine/, and no
# function over 80 lines (scripts/fnlen.py).
# BUILD_DIR holds the compile_commands.json of a clang build (default
# build/ubsan, which scripts/test.sh builds first).  Exits non-zero on any
# finding; scripts/test.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ubsan}
status=0
mapfile -t files < <(git ls-files '*.cc' '*.h' '*.hpp' | grep -v '^engine/include/libvmemcache')
echo "lint: clang-format on ${#files[@]} files"
clang-format-14 --dry-run --Werror "${files[@]}" || status=1
# The engine sources this build compiles (fault.cc only exists in
# VMC_FAULT_INJECTION builds, which set what it needs).
mapfile -t engine < <(python3 -c '
import json, os, sys
seen = sorted({os.path.relpath(c["file"]) for c in json.load(open(sys.argv[1]))
               if os.path.relpath(c["file"]).startswith("engine/src/")})
print("\n".join(seen))' "$build/compile_commands.json")
echo "lint: clang-tidy on ${#engine[@]} files of engine/src"
clang-tidy-14 -p "$build" --quiet "${engine[@]}" || status=1
echo "lint: function lengths"
scripts/fnlen.py 80 || status=1
[ $status = 0 ] && echo "lint: clean" || echo "lint: FAILED (see above)"
exit $status
