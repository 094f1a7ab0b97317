#!/usr/bin/env bash
# papers/make_report.sh -- the one command behind the report: runs every
# experiment (bench/run_experiments.sh, ~15-20 min on 2 cores, then
# bench/scalability.sh, ~45 min), then regenerates papers/report.md and
# papers/figures/*.png from papers/data/.
#   papers/make_report.sh                # run everything, then the report
#   papers/make_report.sh --report-only  # only regenerate from papers/data/
# The knobs of bench/run_experiments.sh and bench/scalability.sh (SCALE_PCT,
# THREADS, BUILD_DIR, REPEAT, ...) pass through the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--report-only" ]; then
  bench/run_experiments.sh
  bench/scalability.sh
fi
dir=${BUILD_DIR:-build/release}
if [ -f "$dir/CMakeCache.txt" ]; then
  cmake --build "$dir" --target vmc_report >/dev/null
else
  scripts/build.sh release >/dev/null
fi
bin=$dir/bench
mkdir -p papers/figures
rm -f papers/figures/*.png papers/figures/*.dat
"$bin/vmc_report" papers/data papers/report.md.in papers
(cd papers/figures && gnuplot plots.gp)
echo "wrote papers/report.md and papers/figures/"
