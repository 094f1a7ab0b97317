#!/usr/bin/env bash
# nodiscard_test.sh CXX INCLUDE_DIR nodiscard_check.cc -- compiles the file
# (syntax only) and checks that every line marked DISCARD, and only those,
# drew a warning that a [[nodiscard]] result was ignored.
set -euo pipefail
cxx=$1 include=$2 src=$3
want=$(grep -n 'DISCARD$' "$src" | cut -d: -f1 | sort -n | tr '\n' ' ')
got=$("$cxx" -std=c++20 -fsyntax-only -Wall -I"$include" "$src" 2>&1 |
      sed -n "s|^$src:\([0-9]*\):[0-9]*: warning: ignoring return value.*nodiscard.*|\1|p" |
      sort -nu | tr '\n' ' ')
echo "lines discarding a result: $want"
echo "lines warned about:        $got"
[ "$want" = "$got" ]
