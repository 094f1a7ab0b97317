#!/usr/bin/env bash
# binary_compat_test.sh OUR_LIB OUR_INCLUDE_DIR PROGRAM.c UPSTREAM_DIR
#
# Binary compatibility with the original libvmemcache, both ways:
#   1. PROGRAM.c built against the original's header and library runs on
#      ours (ours first on LD_LIBRARY_PATH);
#   2. PROGRAM.c built against our header and library runs on the original.
# Each run must pass the program's checks and must really have run on the
# other library: the file the dynamic linker bound vmemcache_new to, and a
# behaviour in which the two differ, are checked.  Skips (exit 77) with a
# message when the original's copy (../shared/baselines/...) is absent.
set -euo pipefail
ours=$(realpath "$1") include=$2 prog=$3 upstream=$4
if [ ! -f "$upstream/libvmemcache.so.0" ] || [ ! -f "$upstream/libvmemcache.h" ]; then
  echo "SKIP: the original library is not at $upstream (../shared/baselines/libvmemcache-upstream beside the clone)"
  exit 77
fi
theirs=$(realpath "$upstream/libvmemcache.so.0")
tmp=$(mktemp -d /tmp/vmc-compat.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# build NAME HEADER_DIR LIBRARY: link the program against LIBRARY as a
# user's build would (-lvmemcache, through a libvmemcache.so link).
build() {
  mkdir -p "$tmp/$1/lib"
  ln -s "$3" "$tmp/$1/lib/libvmemcache.so"
  cc -std=c11 -Wall -Wextra -Werror -I"$2" "$prog" -L"$tmp/$1/lib" -lvmemcache -o "$tmp/$1/prog"
}

# run NAME TITLE LIBRARY_DIR EXPECTED_LIBRARY EXPECTED_BEHAVIOUR
run() {
  local prog=$tmp/$1/prog out bound
  echo "--- $2"
  echo "needs: $(readelf -V "$prog" | grep -o 'Name: LIBVMEMCACHE_[^ ]*' | sed 's/Name: //' | sort -u | tr '\n' ' ')"
  echo "ldd:   $(LD_LIBRARY_PATH=$3 ldd "$prog" | grep libvmemcache | sed 's/^[[:space:]]*//')"
  out=$(LD_LIBRARY_PATH=$3 "$prog" /dev/shm)
  echo "$out"
  bound=$(echo "$out" | sed -n 's/^vmemcache_new bound in: //p')
  if [ "$(realpath "$bound")" != "$4" ]; then
    echo "FAIL: ran on $bound, expected $4"
    exit 1
  fi
  if ! echo "$out" | grep -q "^set_eviction_policy(7): $5"; then
    echo "FAIL: set_eviction_policy(7) did not behave as $4 does ($5)"
    exit 1
  fi
}

build upstream-built "$upstream" "$theirs"
build ours-built "$include" "$ours"
run upstream-built "built against the original, run on vmemcache" "$(dirname "$ours")" "$ours" "EINVAL"
run ours-built "built against vmemcache, run on the original" "$(dirname "$theirs")" "$theirs" "accepted"
echo "binary compatibility: both directions ran on the other library"
