#!/usr/bin/env bash
# sim/reproduce.sh -- regenerate everything in the simulator's closing note:
# the miss-ratio table of every policy at 0.01/0.05/0.1/0.2 of the working
# set on cloudPhysicsIO (size-aware and --ignore-size), the MRC figures, the
# SHARDS error, the engine-in-the-loop comparison and the throughput figures.
# Results go to papers/sim/.  Usage: sim/reproduce.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/h-sim}
traces=${VMC_SHARED_TRACES:-../shared/traces}
trace=$traces/cloudPhysicsIO.oracleGeneral.bin
out=papers/sim
[ -f "$trace" ] || { echo "reproduce: $trace not found (set VMC_SHARED_TRACES)" >&2; exit 1; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVMC_BUILD_BENCH=OFF -DVMC_BUILD_PROPTESTS=OFF >/dev/null
fi
cmake --build "$build" --target vmc-sim vmc_sim_throughput -j2 >/dev/null
sim=$build/sim/vmc-sim
mkdir -p "$out"
policies=lru,fifo,clock,sieve,s3fifo,arc,lfu,2q,wtinylfu,belady
if "$sim" --list-policies | grep -q '^engine '; then policies=$policies,engine; fi

# 1. The table: every policy at four sizes, size-aware and ignoring sizes.
for mode in bytes objects; do
  flag=""; [ "$mode" = objects ] && flag=--ignore-size
  "$sim" -t "$trace" -p "$policies" -s 0.01,0.05,0.1,0.2 $flag --no-progress \
    --csv "$out/cloudphysics_table_$mode.csv" --json "$out/cloudphysics_table_$mode.json" >"$out/cloudphysics_table_$mode.txt"
done
# Markdown: one row per policy, miss ratio at each size for both modes.
awk -F, 'FNR == 1 { mode = (FILENAME ~ /objects/) ? "o" : "b"; next }
  { key = $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    r[key, mode, $3] = sprintf("%.4f", $7) }
  END { print "| policy | 0.01 | 0.05 | 0.1 | 0.2 | 0.01 (objects) | 0.05 (objects) | 0.1 (objects) | 0.2 (objects) |"
        print "|---|---|---|---|---|---|---|---|---|"
        for (i = 1; i <= n; i++) { k = order[i]; line = "| " k
          split("0.01 0.05 0.1 0.2", s, " ")
          for (m = 0; m < 2; m++) for (j = 1; j <= 4; j++) line = line " | " r[k, (m ? "o" : "b"), s[j]]
          print line " |" } }' "$out/cloudphysics_table_bytes.csv" "$out/cloudphysics_table_objects.csv" \
  >"$out/cloudphysics_table.md"

# 2. The MRC figures: every policy at 16 sizes, the exact LRU curve from
#    stack distances at 60, and its SHARDS estimate at rate 0.1.
sizes=0.001,0.002,0.005,0.01,0.02,0.035,0.05,0.075,0.1,0.15,0.2,0.3,0.4,0.5,0.7,1.0
for mode in bytes objects; do
  flag=""; [ "$mode" = objects ] && flag=--ignore-size
  "$sim" -t "$trace" -p lru,fifo,clock,sieve,s3fifo,arc,lfu,2q,wtinylfu,belady -s "$sizes" $flag --no-progress \
    --mrc 60 --shards 0.1 --plot "$out/cloudphysics_mrc_$mode.png" --json "$out/cloudphysics_mrc_$mode.json" \
    | grep '^# ' >"$out/cloudphysics_mrc_$mode.txt"
done
rm -f "$out"/*.png.dat "$out"/*.png.gp

# 3. Engine in the loop (if built): engine vs exact LRU vs the CLOCK model.
if "$sim" --list-policies | grep -q '^engine '; then
  "$sim" -t "$trace" --compare-engine -s 0.01,0.05,0.1,0.2 --no-progress >"$out/engine_in_the_loop.txt"
fi

# 4. Throughput: one thread, 5 M requests, sizes ignored.
"$build/sim/vmc_sim_throughput" >"$out/throughput.txt"
cat "$out/cloudphysics_table.md" "$out"/cloudphysics_mrc_*.txt "$out/throughput.txt"
[ -f "$out/engine_in_the_loop.txt" ] && grep -A20 '^# engine' "$out/engine_in_the_loop.txt"
