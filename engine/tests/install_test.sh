#!/usr/bin/env bash
# install_test.sh BUILD_DIR PROGRAM.c -- installs the build into a scratch
# prefix, builds PROGRAM.c with `pkg-config --cflags --libs libvmemcache`,
# runs it, builds it again through the CMake package, and checks that the
# library exports only vmemcache_* symbols.
set -euo pipefail
build=$1 prog=$2
prefix=$(mktemp -d /tmp/vmc-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(find "$prefix" -name libvmemcache.pc)")/..
export PKG_CONFIG_PATH=$libdir/pkgconfig
test -e "$libdir/libvmemcache.so.0" || { echo "no libvmemcache.so.0 installed"; exit 1; }
# The .pc file points at the configured prefix; build with paths relocated.
flags=$(pkg-config --define-variable=libdir="$libdir" --define-variable=includedir="$prefix/include" \
        --cflags --libs libvmemcache)
cc -std=c11 -Wall -Wextra -Werror "$prog" $flags -ldl -o "$prefix/prog"
LD_LIBRARY_PATH=$libdir "$prefix/prog"
extra=$(nm -D --defined-only "$libdir/libvmemcache.so.0" | awk '$3 !~ /^vmemcache_/ && $3 != "LIBVMEMCACHE_0" {print $3}')
if [ -n "$extra" ]; then echo "unexpected exported symbols: $extra"; exit 1; fi
# The CMake package.
mkdir -p "$prefix/cm"
cat > "$prefix/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.22)
project(consumer C)
find_package(vmemcache 0.8 REQUIRED CONFIG)
add_executable(prog $prog)
target_link_libraries(prog PRIVATE vmemcache::vmemcache dl)
CM
cmake -S "$prefix/cm" -B "$prefix/cm/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/cm/build" >/dev/null
LD_LIBRARY_PATH=$libdir "$prefix/cm/build/prog"
echo "install test: pkg-config and CMake package both work"
