#!/usr/bin/env bash
# bench/scalability.sh -- the scalability experiments (issue 8's "Done
# means"), each one driver run that prints its own ratios, writing
# papers/data/scal_*.json (and the driver's text beside it, .txt):
#
#   onehot     every thread gets one key            1, 2 threads
#   skewed     256 MiB, lowbits:5, 8 B..8 KiB       1, 2 threads (~99% hits)
#   evict64    64 MiB, 1 KiB, distinct keys         1, 2, 16 threads (every put evicts)
#   evict1     1 MiB, 1 KiB, distinct keys          1, 2, 16 threads
#   small1     1 MiB, lowbits:5, 8 B..8 KiB         1, 2, 16 threads (~83% hits)
#   uniform    uniform keys that all fit, 1 KiB    1, 2 threads (every get hits),
#              with the copy ceiling
# each with the engine, the original library (upstream, when ../shared has
# it) and the engine before this change ("before": commit $BEFORE built
# from `git archive` into build/before-$BEFORE/, loaded by path);
#   chase_thp  dependent loads over 1 GiB, with and without MADV_HUGEPAGE,
#              anonymous and in the pool directory; chase_thp_advise the same
#              in a tmpfs mounted with huge=advise (THP_DIR, or one this
#              script mounts under build/ when run as root, unmounted at exit)
#   thp        the engine with vmemcache_set_huge_pages 0 and 1 (if it has
#              it), pool in THP_DIR
#   writes_*   the shared-write tables (skewed, evicting, cache_bench mix), from a build configured with
#              -DVMC_COUNT_SHARED_WRITES=ON (if the engine has the option)
#   hint_*     the engine against a build without the index's value hint
#              (-DVMC_VALUE_HINT=OFF, build/nohint/: 8-byte buckets), on
#              evict64 and uniform at 1 and 2 threads: what the hint costs
#              evicting puts and gives get hits
#   index      vmc_index_bench: HashIndex vs libcds, 1 and 2 threads
#   profiles   CPU profiles of the engine on the workloads of the targets
#   pingpong   what a write to a cache line another thread writes costs here
#   modes      MODES_SAMPLES times, MODES_GAP seconds apart: the turn
#              (pingpong), evict1, evict64 and small1 at 2 threads and at 1
#              (the engine, pinned), the turn again -- do the 2-thread
#              figures follow the cost of a line handover at that moment?
#   cpus       one thread of evict1, the engine and the copy ceiling, pinned
#              (taskset) to each CPU in turn: are the cores alike?  A 2-thread
#              run can do at most the sum of the two 1-thread rates
#
# Workers are pinned (PIN=auto: worker t on the t-th allowed CPU, round
# robin), so that every library's 1-thread figure runs on the same CPU; the
# six workloads also measure 1 thread on each other CPU (--solo-each-cpu),
# and their thread-count verdicts divide by the mean 1-thread rate over the
# CPUs: the virtual CPUs here are not always alike (the cpus step).
#
# Knobs (environment): REPEAT=5 alternating rounds per figure (medians);
# PIN=auto (or none, or a CPU list such as 1,0);
# SCALE_PCT=100 scales the operation counts; BEFORE=f79d18f; BUILD_DIR (the
# Release build to use; default: scripts/build.sh release); TMPFS_DIR;
# THP_DIR (a directory on a tmpfs mounted with huge=advise);
# ONLY="onehot skewed ..." runs a subset.  On a machine shared with other
# builds the figures are noisy: the driver marks starved runs and the
# medians of alternating rounds damp the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
REPEAT=${REPEAT:-5}
SCALE_PCT=${SCALE_PCT:-100}
BEFORE=${BEFORE:-f79d18f}
TMPFS_DIR=${TMPFS_DIR:-/dev/shm}
PIN=${PIN:-auto}
MODES_SAMPLES=${MODES_SAMPLES:-20}
MODES_GAP=${MODES_GAP:-15}
ONLY=${ONLY:-"onehot skewed evict64 evict1 small1 uniform chase_thp thp writes hint index profiles pingpong modes cpus"}
data=$root/papers/data
mkdir -p "$data"
step() { echo "== $(date +%H:%M:%S) $*"; }
want() { [[ " $ONLY " == *" $1 "* ]]; }
ops() { echo $(( $1 * SCALE_PCT / 100 )); }

if [ -z "${BUILD_DIR:-}" ]; then
  scripts/build.sh release >/dev/null
  BUILD_DIR=build/release
fi
drv=$root/$BUILD_DIR/bench/vmc_bench_driver

# lib_only SRC BUILD CMAKE-OPTIONS...: configures SRC into BUILD (Release)
# and builds the engine's library only; prints its path.
lib_only() {
  local src=$1 build=$2
  shift 2
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    -DVMC_BUILD_SIM=OFF -DVMC_BUILD_BENCH=OFF -DVMC_BUILD_PROPTESTS=OFF "$@" >/dev/null
  cmake --build "$build" -j2 --target vmemcache >/dev/null
  echo "$build/engine/libvmemcache.so.0"
}

# The engine before this change: its library only, built once per commit.
before_lib() {
  local dir=$root/build/before-$BEFORE
  if [ ! -f "$dir/build/engine/libvmemcache.so.0" ]; then
    step "building the engine at $BEFORE in $dir" >&2
    rm -rf "$dir/src" && mkdir -p "$dir/src"
    git archive "$BEFORE" | tar -x -C "$dir/src"
    lib_only "$dir/src" "$dir/build" >/dev/null
  fi
  echo "$dir/build/engine/libvmemcache.so.0"
}

upstream=$root/../shared/baselines/libvmemcache-upstream/libvmemcache.so.0
caches=engine
if [ -f "$upstream" ]; then
  caches+=,upstream
else
  echo "note: $upstream is absent: the original library is left out" >&2
fi
caches+=",lib:before=$(before_lib)"
# The copy ceiling in every run: its own thread-count ratio says what the
# machine delivered (a starved second core shows there first).
caches+=,copy
# env.txt (written by run_experiments.sh) records what "before" is.
if [ -f "$data/env.txt" ]; then
  sed -i '/^scal_before:/d' "$data/env.txt"
  echo "scal_before: $(git rev-parse --short "$BEFORE")" >> "$data/env.txt"
fi

# run NAME DRIVER-ARGS...: one driver run, its text and JSON kept; the pool
# in RUN_DIR (default TMPFS_DIR).
run() {
  local name=$1; shift
  step "$name"
  "$drv" --repeat "$REPEAT" --dir "${RUN_DIR:-$TMPFS_DIR}" --label "scal/$name" --pin "$PIN" \
    --json "$data/scal_$name.json" "$@" | tee "$data/scal_$name.txt"
}

# A tmpfs where madvise(MADV_HUGEPAGE) can take effect (huge=advise).
thp_dir=${THP_DIR:-}
if [ -z "$thp_dir" ] && [ "$(id -u)" = 0 ] && { want chase_thp || want thp; }; then
  mnt=$root/build/thp-tmpfs
  mkdir -p "$mnt"
  if mount -t tmpfs -o size=1300M,huge=advise vmc-thp "$mnt" 2>/dev/null; then
    thp_dir=$mnt
    trap 'umount "$mnt"' EXIT
  fi
fi
[ -n "$thp_dir" ] || echo "note: no huge=advise tmpfs (set THP_DIR or run as root): the pool medium cannot take huge pages" >&2

# 1 thread on each CPU too, where the pinning names two or more.
solo=()
if { [ "$PIN" = auto ] && [ "$(nproc)" -ge 2 ]; } || [[ "$PIN" == *,* ]]; then
  solo=(--solo-each-cpu)
fi
one_kib=(--value-min 1K --value-max 1K)
mixed=(--value-min 8 --value-max 8K)
if want onehot; then
  run onehot "${solo[@]}" --caches "$caches" --threads 1,2 --key-dist one-hot "${one_kib[@]}" \
    --pool-size 256M --ops "$(ops 5000000)" --warmup "$(ops 500000)"
fi
if want skewed; then
  run skewed "${solo[@]}" --caches "$caches" --threads 1,2 --key-dist lowbits:5 "${mixed[@]}" \
    --pool-size 256M --ops "$(ops 2000000)" --warmup "$(ops 500000)"
fi
if want evict64; then
  run evict64 "${solo[@]}" --caches "$caches" --threads 1,2,16 --keyspace-log2 40 "${one_kib[@]}" \
    --pool-size 64M --ops "$(ops 300000)" --warmup "$(ops 50000)"
fi
if want evict1; then
  run evict1 "${solo[@]}" --caches "$caches" --threads 1,2,16 --keyspace-log2 40 "${one_kib[@]}" \
    --pool-size 1M --ops "$(ops 1000000)" --warmup "$(ops 100000)"
fi
if want small1; then
  run small1 "${solo[@]}" --caches "$caches" --threads 1,2,16 --key-dist lowbits:5 "${mixed[@]}" \
    --pool-size 1M --ops "$(ops 1000000)" --warmup "$(ops 100000)"
fi
if want uniform; then
  # 2^16 keys of 1 KiB fill 64 MiB; an 80 MiB pool holds them all in every
  # library (the original keeps per-extent headers in its pool).
  run uniform "${solo[@]}" --caches "$caches" --threads 1,2 --keyspace-log2 16 "${one_kib[@]}" \
    --pool-size 80M --ops "$(ops 1000000)" --warmup "$(ops 100000)"
fi
if want chase_thp; then
  step chase_thp
  "$drv" --mode chase --pool-size 1G --thp compare --repeat 5 --dir "$TMPFS_DIR" \
    --label scal/chase_thp --json "$data/scal_chase_thp.json" | tee "$data/scal_chase_thp.txt"
  if [ -n "$thp_dir" ]; then
    "$drv" --mode chase --pool-size 1G --thp compare --repeat 5 --dir "$thp_dir" \
      --label scal/chase_thp_advise --json "$data/scal_chase_thp_advise.json" |
      tee "$data/scal_chase_thp_advise.txt"
  fi
fi
if want thp; then
  if grep -q "set_huge_pages: yes" < <("$drv" --mode libs --caches engine); then
    RUN_DIR=${thp_dir:-$TMPFS_DIR} run thp --caches engine+nothp,engine+thp --threads 1 \
      --keyspace-log2 22 --value-min 256 --value-max 256 --pool-size 1G \
      --ops "$(ops 2000000)" --warmup "$(ops 200000)"
  else
    echo "note: this engine has no vmemcache_set_huge_pages yet: thp skipped" >&2
  fi
fi
if want writes; then
  if grep -q VMC_COUNT_SHARED_WRITES CMakeLists.txt engine/CMakeLists.txt; then
    step "counting build (build/count)"
    counting="lib:counting=$(lib_only . "$root/build/count" -DVMC_COUNT_SHARED_WRITES=ON)"
    REPEAT=1 run writes_skewed --caches "$counting" --threads 1,2 --key-dist lowbits:5 \
      "${mixed[@]}" --pool-size 256M --ops "$(ops 300000)" --warmup "$(ops 100000)"
    REPEAT=1 run writes_evict --caches "$counting" --threads 1,2 --keyspace-log2 40 \
      "${one_kib[@]}" --pool-size 64M --ops "$(ops 100000)" --warmup "$(ops 20000)"
    # The mix's 1% erases are the only vmemcache_evict calls (the evict row).
    REPEAT=1 run writes_mix --caches "$counting" --threads 1,2 --workload mix --key-dist zipf \
      --keyspace-log2 18 "${one_kib[@]}" --pool-size 64M --ops "$(ops 300000)" \
      --warmup "$(ops 50000)"
  else
    echo "note: the engine has no VMC_COUNT_SHARED_WRITES option yet: writes skipped" >&2
  fi
fi
if want hint; then
  step "the build without the value hint (build/nohint)"
  nohint="engine,lib:nohint=$(lib_only . "$root/build/nohint" -DVMC_VALUE_HINT=OFF)"
  # Longer than evict64 above, and more rounds (the differences are a
  # tenth or so, and evict64's 1-thread rate swings).
  rounds=$(( REPEAT * 2 + 1 ))
  REPEAT=$rounds run hint_evict64 "${solo[@]}" --caches "$nohint" --threads 1,2 \
    --keyspace-log2 40 "${one_kib[@]}" --pool-size 64M --ops "$(ops 1000000)" \
    --warmup "$(ops 100000)"
  REPEAT=$rounds run hint_uniform "${solo[@]}" --caches "$nohint,copy" \
    --threads 1,2 --keyspace-log2 16 "${one_kib[@]}" --pool-size 80M --ops "$(ops 2000000)" \
    --warmup "$(ops 200000)"
fi
if want index; then
  step index
  "$root/$BUILD_DIR/bench/vmc_index_bench" --threads 1,2 --rounds "$REPEAT" \
    --keys "$(ops 1000000)" --lookups "$(ops 2000000)" --json "$data/scal_index.json" |
    tee "$data/scal_index.txt"
fi
# The profiles behind the verdicts: the engine alone on the workloads
# whose targets are thread-count ratios or the 1-thread comparisons.
if want profiles; then
  # shellcheck source=bench/profile.sh
  source "$root/bench/profile.sh"
  profile evict1_t1 --caches engine --threads 1 --keyspace-log2 40 "${one_kib[@]}" \
    --pool-size 1M --ops "$(ops 2000000)"
  profile evict1_before_t1 --caches "lib:before=$(before_lib)" --threads 1 --keyspace-log2 40 \
    "${one_kib[@]}" --pool-size 1M --ops "$(ops 2000000)"
  profile evict64_t2 --caches engine --threads 2 --keyspace-log2 40 "${one_kib[@]}" \
    --pool-size 64M --ops "$(ops 500000)"
  profile onehot_t2 --caches engine --threads 2 --key-dist one-hot "${one_kib[@]}" \
    --pool-size 256M --ops "$(ops 5000000)"
  profile skewed_t2 --caches engine --threads 2 --key-dist lowbits:5 "${mixed[@]}" \
    --pool-size 256M --ops "$(ops 2000000)"
  # The 1-thread comparison with the original: one hot key, both libraries.
  profile onehot_t1 --caches engine --threads 1 --pin "$PIN" --key-dist one-hot "${one_kib[@]}" \
    --pool-size 256M --ops "$(ops 5000000)"
  if [ -f "$upstream" ]; then
    profile onehot_upstream_t1 --caches "lib:upstream=$upstream" --threads 1 --pin "$PIN" \
      --key-dist one-hot "${one_kib[@]}" --pool-size 256M --ops "$(ops 5000000)"
  fi
fi
if want pingpong && grep -q pingpong < <("$drv" --help); then
  step pingpong
  "$drv" --mode pingpong --threads 1,2 --ops "$(ops 20000000)" --repeat "$REPEAT" \
    --label scal/pingpong --json "$data/scal_pingpong.json" | tee "$data/scal_pingpong.txt"
fi
if want modes && grep -q pingpong < <("$drv" --help); then
  step modes
  turn() {
    "$drv" --mode pingpong --threads 2 --ops "$(ops 5000000)" |
      awk '/handed round in turns/ { t = $9 } END { printf "%s", t }'
  }
  # "NAME X2 NAME_1t X1": the engine (pinned) at 2 threads and at 1, Mops/s
  pair() {
    local name=$1
    shift
    "$drv" --caches engine --threads 2,1 --ops "$(ops 300000)" --warmup "$(ops 50000)" \
      --dir "$TMPFS_DIR" --pin "$PIN" "$@" |
      awk -v n="$name" '$1 == "engine" && $3 ~ /^[0-9.]+$/ { if ($2 == 2) two = $3; if ($2 == 1) one = $3 }
        END { printf "%s %s  %s_1t %s", n, two, n, one }'
  }
  echo "# time  turn before (ns)  the engine's Mops/s at 2 threads and at 1 (_1t)  turn after (ns)" \
    > "$data/scal_modes.txt"
  for _ in $(seq 1 "$MODES_SAMPLES"); do
    before=$(turn)
    e1=$(pair evict1 --keyspace-log2 40 "${one_kib[@]}" --pool-size 1M)
    e64=$(pair evict64 --keyspace-log2 40 "${one_kib[@]}" --pool-size 64M)
    s1=$(pair small1 --key-dist lowbits:5 "${mixed[@]}" --pool-size 1M)
    after=$(turn)
    echo "$(date +%H:%M:%S)  turn $before ns  $e1  $e64  $s1  turn $after ns" |
      tee -a "$data/scal_modes.txt"
    sleep "$MODES_GAP"
  done
fi
if want cpus && command -v taskset >/dev/null; then
  step cpus
  : > "$data/scal_cpus.txt"
  for cpu in $(seq 0 $(( $(nproc) - 1 ))); do
    taskset -c "$cpu" "$drv" --caches engine,copy --threads 1 --keyspace-log2 40 "${one_kib[@]}" \
      --pool-size 1M --ops "$(ops 1000000)" --warmup "$(ops 100000)" --repeat "$REPEAT" \
      --dir "$TMPFS_DIR" | awk -v cpu="$cpu" '($1 == "engine" || $1 == "copy") && $2 == 1 { last[$1] = $3 }
        END { for (c in last) printf "cpu %s  %-6s 1 thread  %s Mops/s\n", cpu, c, last[c] }' |
      tee -a "$data/scal_cpus.txt"
  done
fi
step done
