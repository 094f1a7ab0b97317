#!/usr/bin/env bash
# install_test.sh BUILD_DIR PROGRAM.c PROGRAM.cc -- installs the build into
# a scratch prefix that is NOT the one the build was configured with, then
# (1) builds PROGRAM.c with `pkg-config --cflags --libs libvmemcache` and
# runs it, (2) builds PROGRAM.c and PROGRAM.cc through the CMake package
# (find_package(vmemcache)) on the compiler's default language standards
# and runs them, (3) checks that the library exports only vmemcache_*
# symbols, all under the original's version node LIBVMEMCACHE_1.0, and
# (4) that the man page is installed and `man -l` renders it.
set -euo pipefail
build=$1 prog=$2 cxxprog=$3
prefix=$(mktemp -d /tmp/vmc-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
configured=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
if [ "$(realpath -m "$configured")" = "$(realpath "$prefix")" ]; then
  echo "the scratch prefix equals the configured one ($configured): nothing would be shown"; exit 1
fi
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(find "$prefix" -name libvmemcache.pc)
libdir=$(dirname "$(dirname "$pc")")
test -e "$libdir/libvmemcache.so.0" || { echo "no libvmemcache.so.0 installed"; exit 1; }
if grep -q "$configured" "$pc"; then echo "libvmemcache.pc names the configure-time prefix:"; cat "$pc"; exit 1; fi

# (1) pkg-config, with nothing but PKG_CONFIG_PATH pointing at the tree.
export PKG_CONFIG_PATH=$libdir/pkgconfig
flags=$(pkg-config --cflags --libs libvmemcache)
cc -std=c11 -Wall -Wextra -Werror "$prog" $flags -ldl -o "$prefix/prog"
LD_LIBRARY_PATH=$libdir "$prefix/prog"

# (3) exported symbols and their version node.
extra=$(nm -D --defined-only "$libdir/libvmemcache.so.0" |
        awk '$3 !~ /^vmemcache_/ && $3 != "LIBVMEMCACHE_1.0" {print $3}')
if [ -n "$extra" ]; then echo "unexpected exported symbols: $extra"; exit 1; fi
unversioned=$(objdump -T "$libdir/libvmemcache.so.0" | awk '/ vmemcache_/ && $(NF-1) != "LIBVMEMCACHE_1.0"')
if [ -n "$unversioned" ]; then echo "symbols outside LIBVMEMCACHE_1.0: $unversioned"; exit 1; fi

# (2) the CMake package: no CMAKE_CXX_STANDARD, so the compiler's default
# standard (C++17 for g++ 12) applies unless the target raises it.
mkdir -p "$prefix/cm"
cat > "$prefix/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.22)
project(consumer C CXX)
find_package(vmemcache 0.8 REQUIRED CONFIG)
add_executable(prog $prog)
target_link_libraries(prog PRIVATE vmemcache::vmemcache dl)
add_executable(cxxprog $cxxprog)
target_link_libraries(cxxprog PRIVATE vmemcache::vmemcache)
CM
# A C-only project must not trip over the target's C++20 requirement.
mkdir -p "$prefix/cmc"
cat > "$prefix/cmc/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.22)
project(c_consumer C)
find_package(vmemcache 0.8 REQUIRED CONFIG)
add_executable(prog $prog)
target_link_libraries(prog PRIVATE vmemcache::vmemcache dl)
CM
for p in cm cmc; do
  cmake -S "$prefix/$p" -B "$prefix/$p/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build "$prefix/$p/build" >/dev/null
  LD_LIBRARY_PATH=$libdir "$prefix/$p/build/prog"
done
LD_LIBRARY_PATH=$libdir "$prefix/cm/build/cxxprog"

# (4) the man page, when the build generates it.
if grep -q '^VMC_BUILD_MAN:BOOL=ON' "$build/CMakeCache.txt"; then
  page=$prefix/share/man/man3/libvmemcache.3
  test -f "$page" || { echo "libvmemcache.3 is not installed in share/man/man3"; exit 1; }
  MANWIDTH=80 man -l "$page" | grep -q "vmemcache_put" || { echo "man -l $page shows no vmemcache_put"; exit 1; }
  echo "man -l $page renders"
fi
echo "install test: pkg-config and CMake package both work from $prefix (configured for $configured)"
