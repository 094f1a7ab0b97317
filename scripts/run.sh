#!/usr/bin/env bash
# The main job: install what is missing, build Release, run the example
# (a cache in /dev/shm: put, get, evict, statistics).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh release
build/release/engine/vmemcache_example /dev/shm
