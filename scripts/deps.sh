#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, only if some are missing.
# Idempotent: a second run checks and returns in well under a second.
set -euo pipefail
pkgs=(build-essential cmake pkg-config git
      libcds-dev libjemalloc-dev libpmem2-dev librapidcheck-dev
      libbenchmark-dev libgtest-dev libgmock-dev
      libxxhash-dev libzstd-dev libcli11-dev nlohmann-json3-dev
      gnuplot-nox go-md2man groff-base man-db
      clang-14 libclang-rt-14-dev libfuzzer-14-dev clang-format-14 clang-tidy-14)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
