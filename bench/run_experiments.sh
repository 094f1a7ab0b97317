#!/usr/bin/env bash
# bench/run_experiments.sh -- runs every experiment of the first report and
# writes its outputs under papers/data/ (JSON from the driver and the
# micro-benchmarks, text from the quick program).  papers/make_report.sh
# calls this, then turns the data into papers/report.md and its figures.
#
# Builds Release with scripts/build.sh release (build/release), as users do.
# Environment knobs (defaults sized for ~15 min on a 2-core machine):
#   SCALE_PCT=100    scales every operation count (percent)
#   REPEAT=3         rounds per thread-sweep point (median reported)
#   THREADS="..."    thread counts of the thread sweep
#   MAX_POOL_MIB=4096  largest pool of the pool-size sweep
#   DISK_DIR=/var/tmp  the disk directory of the tmpfs-vs-disk experiment
#   SKIP_MICRO=1     skip the Google Benchmark micro-benchmarks
#   MICRO_FILTER=re  run only the micro-benchmarks matching re
#   MICRO_MIN_TIME=0.2  seconds per micro-benchmark (Google Benchmark's min time)
#   BUILD_DIR=dir    use the binaries in dir instead of building build/release
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
SCALE_PCT=${SCALE_PCT:-100}
REPEAT=${REPEAT:-3}
THREADS=${THREADS:-"1 2 3 4 6 8 12 16"}
MAX_POOL_MIB=${MAX_POOL_MIB:-4096}
DISK_DIR=${DISK_DIR:-/var/tmp}
TMPFS_DIR=${TMPFS_DIR:-/dev/shm}
EXTENT=256
data=$root/papers/data
mkdir -p "$data"
rm -f "$data"/*.json "$data"/*.txt

if [ -z "${BUILD_DIR:-}" ]; then
  scripts/build.sh release >/dev/null
  BUILD_DIR=build/release
fi
bin=$root/$BUILD_DIR/bench
drv=$bin/vmc_bench_driver
ops() { echo $(( $1 * SCALE_PCT / 100 )); }

{
  echo "git_commit: $(git rev-parse HEAD)"
  echo "git_dirty: $(git status --porcelain -- engine bench | wc -l)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "kernel: $(uname -r)"
  echo "mem_total: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "compiler: $(c++ --version | head -1)"
  echo "build_type: $(grep -m1 '^CMAKE_BUILD_TYPE' $BUILD_DIR/CMakeCache.txt | cut -d= -f2)"
  echo "engine_flags: $(grep -m1 '"command".*engine/src/cache.cc' $BUILD_DIR/compile_commands.json | grep -oE ' -(O[0-9s]|g|DNDEBUG|march=[^ ]*|std=[^ ]*)' | tr -d '\n')"
  echo "use_jemalloc: $(grep -m1 '^VMC_USE_JEMALLOC' $BUILD_DIR/CMakeCache.txt | cut -d= -f2)"
  echo "stats_enabled: $(grep -m1 '^STATS_ENABLED' $BUILD_DIR/CMakeCache.txt | cut -d= -f2)"
  echo "tmpfs_dir: $TMPFS_DIR ($(findmnt -no FSTYPE -T "$TMPFS_DIR" | head -1))"
  echo "disk_dir: $DISK_DIR ($(findmnt -no FSTYPE -T "$DISK_DIR" | head -1), $(findmnt -no SOURCE -T "$DISK_DIR" | head -1))"
  echo "scale_pct: $SCALE_PCT"
  echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "start_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$data/env.txt"

step() { echo "== $(date +%H:%M:%S) $*"; }

# --- 0. the quick program (issue 2) ---------------------------------------
step quick
"$bin/vmc_bench_quick" --dir "$TMPFS_DIR" --json "$data/quick.json" | tee "$data/quick.txt"

# --- 1. thread sweep, 1 KiB values, engine vs the baselines -----------------
# The original library (upstream) joins them where ../shared has it.
# hit:   key space 2^16, the cache holds 99% of it  (~99% hits)
# mixed: key space 2^16, the cache holds 80% of it  (~80% hits)
# miss:  key space 2^40                             (every get misses; the
#        put that follows evicts)
# mix:   cache_bench's mix (87% lookup-insert, 2% insert, 10% lookup,
#        1% erase), Zipf(0.99) keys over 2^18, cache holds 2^16 values
keys=$((1 << 16)); vbytes=1024
sweep_caches=engine,textbook,sharded
upstream=$root/../shared/baselines/libvmemcache-upstream/libvmemcache.so.0
if [ -f "$upstream" ]; then
  sweep_caches=engine,upstream,textbook,sharded
else
  echo "note: $upstream is absent: the thread sweep leaves the original out" >&2
fi
for t in $THREADS; do
  n=$(ops $((1200000 / t))); w=$(ops $((200000 / t)))
  common=(--threads "$t" --ops "$n" --warmup "$w" --repeat "$REPEAT" --extent-size $EXTENT
          --value-min $vbytes --value-max $vbytes --dir "$TMPFS_DIR")
  step "threads=$t"
  $drv "${common[@]}" --caches "$sweep_caches" --keyspace-log2 16 --pool-size $((keys * vbytes * 99 / 100)) \
    --label "threads/hit/$t" --json "$data/threads_hit_t$t.json" >/dev/null
  $drv "${common[@]}" --caches "$sweep_caches" --keyspace-log2 16 --pool-size $((keys * vbytes * 80 / 100)) \
    --label "threads/mixed/$t" --json "$data/threads_mixed_t$t.json" >/dev/null
  $drv "${common[@]}" --caches "$sweep_caches" --keyspace-log2 40 --pool-size $((keys * vbytes)) \
    --label "threads/miss/$t" --json "$data/threads_miss_t$t.json" >/dev/null
  # Not the original: its vmemcache_evict(key) crashes under concurrent use
  # (SIGSEGV in repl_p_lru_evict, 2 runs in 3 at 4 threads here).
  $drv "${common[@]}" --caches engine,textbook,sharded --workload mix --key-dist zipf --zipf-alpha 0.99 \
    --keyspace-log2 18 --pool-size $((keys * vbytes)) \
    --label "threads/mix/$t" --json "$data/threads_mix_t$t.json" >/dev/null
done

# --- 2. value-size sweep 64 B .. 64 KiB, 1 and 2 threads -------------------
# A 256 MiB cache holding 90% of the key space (~90% hits, 10% puts).
pool=$((256 << 20))
for v in 64 128 256 512 1024 2048 4096 8192 16384 32768 65536; do
  per=$(( (v + EXTENT - 1) / EXTENT * EXTENT ))
  log2=0; while (( (1 << (log2 + 1)) <= pool / per )); do log2=$((log2 + 1)); done
  n=$(( (1 << 31) / v )); (( n > 400000 )) && n=400000; (( n < 20000 )) && n=20000
  for t in 1 2; do
    step "value=$v threads=$t"
    $drv --threads "$t" --ops "$(ops $((n / t)))" --warmup "$(ops $((n / t / 10)))" \
      --extent-size $EXTENT --value-min "$v" --value-max "$v" --dir "$TMPFS_DIR" \
      --keyspace-log2 "$log2" --pool-size $(( (1 << log2) * per * 9 / 10 )) \
      --label "vsize/$v/$t" --json "$data/vsize_${v}_t$t.json" >/dev/null
  done
done

# --- 3. pool-size sweep 16 MiB .. 4 GiB, engine, 1 thread ------------------
# 256 B values (one extent): every key present, pure gets, so the get is
# index- and memory-latency-bound; beside it, the machine's dependent-load
# latency over a buffer of the same size.
mib=16
while (( mib <= MAX_POOL_MIB )); do
  entries=$(( (mib << 20) / 256 ))
  log2=0; while (( (1 << (log2 + 1)) <= entries )); do log2=$((log2 + 1)); done
  step "pool=${mib}MiB"
  $drv --caches engine --threads 1 --ops "$(ops 1000000)" --warmup "$(ops 100000)" \
    --extent-size 256 --value-min 256 --value-max 256 --dir "$TMPFS_DIR" \
    --keyspace-log2 "$log2" --pool-size "${mib}M" \
    --label "pool/$mib" --json "$data/pool_${mib}.json" >/dev/null
  $drv --mode chase --pool-size "${mib}M" --label "chase/$mib" \
    --json "$data/chase_${mib}.json" >/dev/null
  mib=$((mib * 2))
done

# --- 4. pool on tmpfs vs on a disk directory --------------------------------
for where in tmpfs disk; do
  dir=$TMPFS_DIR; [ $where = disk ] && dir=$DISK_DIR
  for t in 1 2; do
    step "fs=$where threads=$t"
    common=(--caches engine --threads "$t" --ops "$(ops $((1000000 / t)))" --repeat "$REPEAT"
            --warmup "$(ops $((100000 / t)))" --extent-size $EXTENT
            --value-min $vbytes --value-max $vbytes --dir "$dir")
    $drv "${common[@]}" --keyspace-log2 18 --pool-size $(( (256 << 20) * 99 / 100 )) \
      --label "fs/$where/hit/$t" --json "$data/fs_${where}_hit_t$t.json" >/dev/null
    $drv "${common[@]}" --keyspace-log2 40 --pool-size $((256 << 20)) \
      --label "fs/$where/miss/$t" --json "$data/fs_${where}_miss_t$t.json" >/dev/null
  done
done

# --- 4b. puts that evict, 1 vs 2 threads, by pool size -----------------------
# Does the cost of an evicting put grow with the pool (a scan over the
# free-extent bitmap) once two threads evict?  Same workload as 'miss'.
for mib in 8 64 512; do
  for t in 1 2; do
    step "evict-scan pool=${mib}MiB threads=$t"
    $drv --caches engine,textbook --threads "$t" --ops "$(ops $((400000 / t)))" \
      --warmup "$(ops $((50000 / t)))" --repeat "$REPEAT" --extent-size $EXTENT \
      --value-min $vbytes --value-max $vbytes --dir "$TMPFS_DIR" \
      --keyspace-log2 40 --pool-size "${mib}M" \
      --label "scan/$mib/$t" --json "$data/scan_${mib}_t$t.json" >/dev/null
  done
done

# --- 5. memory: DRAM per entry at 1 M entries, utilization after churn ------
step fill
$drv --mode fill --entries 1000000 --key-size 16 --value-min 64 --extent-size 256 \
  --dir "$TMPFS_DIR" --label fill --json "$data/fill.json"
step churn
$drv --mode churn --caches engine,textbook --churn-factor 10 --pool-size 256M \
  --extent-size 256 --value-min 256 --value-max 16K --dir "$TMPFS_DIR" \
  --label churn --json "$data/churn.json"

# --- 6. where the time goes: CPU profiles of the engine (if perf works) ------
# shellcheck source=bench/profile.sh
source "$root/bench/profile.sh"
base=(--extent-size $EXTENT --value-min $vbytes --value-max $vbytes --dir "$TMPFS_DIR")
profile hit_t1 --caches engine "${base[@]}" --threads 1 --ops "$(ops 2000000)" \
  --keyspace-log2 16 --pool-size $((keys * vbytes * 99 / 100))
profile miss_t1 --caches engine "${base[@]}" --threads 1 --ops "$(ops 600000)" \
  --keyspace-log2 40 --pool-size $((keys * vbytes))
profile miss_t2 --caches engine "${base[@]}" --threads 2 --ops "$(ops 300000)" \
  --keyspace-log2 40 --pool-size $((keys * vbytes))

# --- 7. micro-benchmarks of the C API ---------------------------------------
# Google Benchmark chooses the iterations; MICRO_MIN_TIME bounds each.
if [ -z "${SKIP_MICRO:-}" ]; then
  step micro
  VMC_MICRO_DIR=$TMPFS_DIR "$bin/vmc_microbench" --benchmark_out="$data/micro.json" \
    --benchmark_filter="${MICRO_FILTER:-.}" --benchmark_min_time="${MICRO_MIN_TIME:-0.2}" \
    --benchmark_out_format=json >"$data/micro.txt" 2>&1
  # The zero-copy reads' ratio table, for the report.
  sed -n '/^zero-copy reads vs get_hit/,$p' "$data/micro.txt" >"$data/micro_zero_copy.txt"
fi

echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$data/env.txt"
echo "end_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$data/env.txt"
step done
