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
mapfile -t files < <(git ls-files '*.cc' '*.h' '*.hpp' | grep -v '^engine/include/libvmemcache')
echo "lint: clang-format on ${#files[@]} files"
clang-format-14 --dry-run --Werror "${files[@]}"
echo "lint: clang-tidy on engine/src"
clang-tidy-14 -p "$build" --quiet engine/src/*.cc
echo "lint: function lengths"
scripts/fnlen.py 80
echo "lint: clean"
