#!/usr/bin/env bash
# sim/reproduce.sh -- regenerate everything in the simulator's closing note
# (papers/sim/): the cloudPhysicsIO table of every policy at 0.01, 0.05, 0.1
# and 0.2 of the working set, size-aware and ignoring sizes, with exact miss
# counts; the miss-ratio-curve figures with the exact LRU curve and its
# SHARDS estimate; the engine-in-the-loop comparison; and the throughput
# figures (in memory for every policy; end to end, reading included, for
# lru, s3fifo, arc and wtinylfu on cloudPhysicsIO and on a 10 M-request
# Zipf trace written for the purpose).
# Usage: sim/reproduce.sh [BUILD_DIR]   (default build/sim; configured if absent)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/sim}
traces=${VMC_SHARED_TRACES:-../shared/traces}
trace=$traces/cloudPhysicsIO.oracleGeneral.bin
out=papers/sim
[ -f "$trace" ] || { echo "reproduce: $trace not found (set VMC_SHARED_TRACES)" >&2; exit 1; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVMC_BUILD_BENCH=OFF -DVMC_BUILD_PROPTESTS=OFF >/dev/null
fi
cmake --build "$build" --target vmc-sim vmc_sim_throughput -j2 >/dev/null
sim=$build/sim/vmc-sim
bench=$build/sim/vmc_sim_throughput
mkdir -p "$out"
rm -f "$out"/cloudphysics_table_*.txt "$out"/cloudphysics_table_*.csv "$out"/cloudphysics_table_*.json
# Every policy but the reference models (equal to lru and clock by test).
policies=$("$sim" --list-policies | awk '$1 !~ /-model$/ && $1 != "engine" { printf "%s%s", sep, $1; sep = "," }')
with_engine=$policies
if "$sim" --list-policies | grep -q '^engine '; then with_engine=$policies,engine; fi

# 1. The table: every policy at four sizes, size-aware and ignoring sizes.
for mode in bytes objects; do
  flag=""; [ "$mode" = objects ] && flag=--ignore-obj-size=1
  "$sim" "$trace" oracleGeneral "$with_engine" 0.01,0.05,0.1,0.2 $flag --no-progress \
    --csv "$out/cloudphysics_table_$mode.csv" --json "$out/cloudphysics_table_$mode.json" \
    >"$out/cloudphysics_table_$mode.txt"
done
# Markdown: one row per policy, misses (miss ratio) at each size, both modes.
awk -F, 'FNR == 1 { mode = (FILENAME ~ /objects/) ? "o" : "b"; next }
  { key = $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    cap[mode, $3] = $4; r[key, mode, $3] = sprintf("%d (%.4f)", $6, $7) }
  END { split("0.01 0.05 0.1 0.2", s, " ")
        line = "| policy"; for (m = 0; m < 2; m++) for (j = 1; j <= 4; j++)
          line = line " | " cap[(m ? "o" : "b"), s[j]] (m ? " objects" : " bytes"); print line " |"
        line = "|---"; for (j = 1; j <= 8; j++) line = line "|---"; print line "|"
        for (i = 1; i <= n; i++) { k = order[i]; line = "| " k
          for (m = 0; m < 2; m++) for (j = 1; j <= 4; j++) line = line " | " r[k, (m ? "o" : "b"), s[j]]
          print line " |" } }' "$out/cloudphysics_table_bytes.csv" "$out/cloudphysics_table_objects.csv" \
  >"$out/cloudphysics_table.md"

# 2. The figures: every policy at 16 sizes, the exact LRU curve from stack
#    distances at 60 sizes, and its SHARDS estimate at rate 0.1.
sizes=0.001,0.002,0.005,0.01,0.02,0.035,0.05,0.075,0.1,0.15,0.2,0.3,0.4,0.5,0.7,1.0
for mode in bytes objects; do
  flag=""; [ "$mode" = objects ] && flag=--ignore-obj-size=1
  "$sim" "$trace" oracleGeneral "$policies" "$sizes" $flag --no-progress --mrc 60 --shards 0.1 \
    --plot "$out/cloudphysics_mrc_$mode.png" --json "$out/cloudphysics_mrc_$mode.json" \
    | grep '^# ' >"$out/cloudphysics_mrc_$mode.txt"
done
rm -f "$out"/*.png.dat "$out"/*.png.gp

# 3. Engine in the loop (if built): engine vs exact LRU vs the CLOCK model.
if "$sim" --list-policies | grep -q '^engine '; then
  "$sim" "$trace" oracleGeneral --compare-engine -s 0.01,0.05,0.1,0.2 --no-progress >"$out/engine_in_the_loop.txt"
fi

# 4. Throughput on one thread: every policy on a trace held in memory, and
#    end to end (reading included, against reading alone) on the real trace
#    and on a 10 M-request Zipf(0.9) oracleGeneral file over 1 M 4-KiB objects.
zipf=$(mktemp --suffix=.oracleGeneral.bin)
trap 'rm -f "$zipf"' EXIT
"$bench" --write-zipf "$zipf" --requests 10000000 --objects 1000000 --alpha 0.9 >/dev/null
{
  "$bench"
  echo
  "$bench" --trace "$trace" --policies lru,s3fifo,arc,wtinylfu
  echo
  "$bench" --trace "$zipf" --policies lru,s3fifo,arc,wtinylfu --repeats 2 | sed "s|$(basename "$zipf")|zipf-0.9 (10 M requests)|"
} >"$out/throughput.txt"
cat "$out/cloudphysics_table.md" "$out"/cloudphysics_mrc_*.txt "$out/throughput.txt"
[ -f "$out/engine_in_the_loop.txt" ] && grep -A20 '^# engine' "$out/engine_in_the_loop.txt"
exit 0
