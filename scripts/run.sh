#!/usr/bin/env bash
# The main job, and a new user's first run: install what is missing, build
# (Release, only what is needed: the library and its man page, the workload
# driver and the simulator), then in well under a minute show what the
# project is for:
#   1. an N-thread workload on the engine beside a single-mutex LRU cache
#      (and the original libvmemcache when its copy is present beside the
#      clone), throughput and p99 latency side by side;
#   2. the miss-ratio curves of a trace (../shared/traces when present, else
#      a synthetic Zipf trace) for a few replacement policies, as a table
#      and a PNG;
#   3. where to go next.
# Everything it writes goes to build/release/first-run/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
start=$SECONDS
scripts/build.sh release --target vmemcache --target vmemcache_man --target vmc_bench_driver --target vmc-sim
build_s=$((SECONDS - start))
b=build/release
out=$b/first-run
mkdir -p "$out"
upstream_dir=../shared/baselines/libvmemcache-upstream
traces=../shared/traces
threads=$(nproc)
[ "$threads" -ge 2 ] || threads=2
ops=$((2000000 / threads))  # 2 M timed operations per cache in all

section() { printf '\n== %s\n' "$*"; }

# 1. Concurrency: the driver measures every cache in the same run.
concurrency() {
  local caches=engine,textbook note=""
  if [ -f "$upstream_dir/libvmemcache.so.0" ]; then
    # TODO(lead): the bench engineer is adding an `upstream` kind to
    # --caches (the original library, loaded from ../shared).  This picks
    # it up as soon as the driver lists it; if it needs the library's path
    # as an option, pass "$upstream_dir/libvmemcache.so.0" here.
    if "$b/bench/vmc_bench_driver" --help | grep -q upstream; then
      caches=engine,textbook,upstream
    else
      note="(the original libvmemcache is at $upstream_dir, but this driver cannot load it yet)"
    fi
  else
    note="(the original libvmemcache is not beside the clone ($upstream_dir): not compared)"
  fi
  section "1/3 Concurrency: $threads threads on one cache, engine vs a single-mutex LRU cache"
  echo "   Every op gets a Zipf(0.99)-chosen key of 2^18 and puts it on a miss (1 KiB values,"
  echo "   64 MiB cache, so puts evict): the engine has no global lock, 'textbook' is exact LRU"
  echo "   behind one mutex.  Medians of 3 rounds; 'cores' is the CPU time the run really got."
  [ -z "$note" ] || echo "   $note"
  "$b/bench/vmc_bench_driver" --threads "$threads" --ops "$ops" --warmup 20000 --repeat 3 \
    --caches "$caches" --pool-size 64M --keyspace-log2 18 --key-dist zipf --zipf-alpha 0.99 \
    --dir /dev/shm --json "$out/driver.json" --label first-run |
    grep -v ' stats: ' | sed 's/^/   /'
}

# 2. Miss-ratio curves: a table of miss ratios (rows: cache size as a
# fraction of the working set, columns: policies) and a PNG.
mrc() {
  local input=() what
  if [ -f "$traces/cloudPhysicsIO.oracleGeneral.bin" ]; then
    input=(-t "$traces/cloudPhysicsIO.oracleGeneral.bin")
    what="the CloudPhysics block I/O trace ($traces)"
  else
    input=(--synth zipf --zipf-alpha 0.8 --synth-requests 1000000 --synth-objects 100000
           --synth-size uniform:100:10000)
    what="a synthetic Zipf(0.8) trace, 1 M requests (../shared/traces is absent)"
  fi
  section "2/3 Miss-ratio curves of $what"
  "$b/sim/vmc-sim" "${input[@]}" -p lru,clock,sieve,s3fifo,arc -s 0.01,0.02,0.05,0.1,0.2,0.5 \
    --csv "$out/mrc.csv" --plot "$out/mrc.png" --no-progress >"$out/mrc.txt" 2>&1
  grep -m1 ' requests, ' "$out/mrc.txt" | sed 's/^/   /'
  echo "   miss ratio by cache size (fraction of the working set); the engine replaces by CLOCK:"
  awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { p = $col["policy"]; s = $col["size"]
      if (!(p in seenp)) { seenp[p] = 1; pol[++np] = p }
      if (!(s in seens)) { seens[s] = 1; sz[++ns] = s }
      mr[s, p] = $col["miss_ratio"] }
    END { printf "   %-6s", "size"; for (j = 1; j <= np; j++) printf " %8s", pol[j]; print ""
          for (i = 1; i <= ns; i++) { printf "   %-6s", sz[i]
            for (j = 1; j <= np; j++) printf " %8.4f", mr[sz[i], pol[j]]; print "" } }' "$out/mrc.csv"
  echo "   figure: $out/mrc.png"
}

next_steps() {
  section "3/3 Where to go next"
  cat <<EOF
   Use it:   README.md (install, pkg-config, CMake, the C++ quick start);
             engine/examples/basic.c and basic.cpp
   Contract: man -l $b/engine/libvmemcache.3 (source: docs/libvmemcache.3.md);
             docs/SEMANTICS.md
   Measure:  $b/bench/vmc_bench_driver --help (workloads, caches, --json);
             bench/README.md; papers/report.md (papers/make_report.sh re-runs it)
   Simulate: $b/sim/vmc-sim --help, --list-policies; sim/README.md
   Test:     scripts/test.sh (Release, ASan+UBSan and TSan builds)
EOF
}

concurrency
mrc
next_steps
echo
echo "(build ${build_s} s, demo $((SECONDS - start - build_s)) s; output in $out/)"
