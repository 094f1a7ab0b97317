// runner.h -- runs one workload against one CacheUnderTest and measures it.
//
// A run: (1) prefill: the threads put keys until the cache holds about as
// many as fit (distinct ids 0, 1, 2, ... for the dense key choices; keys
// drawn from the distribution for lowbits and one-hot); (2) warm-up: each
// thread runs `warmup_ops` operations of the workload, untimed; (3) all
// threads meet at a barrier, then each runs `ops_per_thread` operations.
// Throughput = all timed operations / (last thread's end - first thread's
// start).  Latency: every `sample_every`-th operation of each thread is
// timed with steady_clock; percentiles are over the union of the samples.
// At the barrier before the timed phase the runner also reads the cache's
// shared-write counters and the machine's CPU counters, and again after
// it, so both figures cover the timed phase alone.
//
// Workloads:
//   get-put  every op is a get of a chosen key; a miss puts the value
//            (the "look-aside" cache pattern, libvmemcache's own benchmark
//            method: choose a key, get it, put it on a miss)
//   mix      RocksDB cache_bench's default mix: lookup-insert-on-miss,
//            insert, lookup, erase in fixed percentages
// Keys are chosen as generators.h KeyChooser says (uniform, zipf, lowbits:N,
// one-hot); a key's value size is a function of the key (ValueSizes).
#ifndef VMC_BENCH_RUNNER_H
#define VMC_BENCH_RUNNER_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache_under_test.h"
#include "generators.h"
#include "machine_load.h"

namespace vmc::bench {

enum class WorkloadKind { kGetPut, kMix };

struct WorkloadConfig {
  WorkloadKind kind = WorkloadKind::kGetPut;
  unsigned threads = 1;
  std::uint64_t ops_per_thread = 1'000'000;
  std::uint64_t warmup_ops = 100'000;  // per thread
  bool prefill = true;
  KeySpec keys;
  std::size_t key_size = 16;
  std::uint64_t value_min = 1024;
  std::uint64_t value_max = 1024;
  bool value_skew_small = false;
  std::uint64_t get_bytes = 0;  // bytes read per get; 0: the whole value
  std::uint64_t seed = 1;
  std::uint64_t sample_every = 16;
  // Worker t runs pinned to cpus[t % cpus.size()] (parse_cpus in
  // machine_load.h); empty: the threads are not pinned.
  std::vector<int> cpus;
  // mix only: percentages, summing to 100 (cache_bench's defaults).
  unsigned pct_lookup_insert = 87;
  unsigned pct_insert = 2;
  unsigned pct_lookup = 10;
  unsigned pct_erase = 1;
};

struct RunResult {
  std::string cache;
  unsigned threads = 0;
  double seconds = 0;
  std::uint64_t ops = 0;
  double ops_per_sec = 0;
  // CPU time of the workers in the timed phase / its wall time: the cores
  // the run actually got (the machine may be shared).
  double cpu_cores = 0;
  MachineLoad load;      // the machine over the timed phase
  bool starved = false;  // cpu_cores far below threads (machine_load.h)
  std::string starved_why;
  double lat_mean_ns = 0, lat_p50_ns = 0, lat_p99_ns = 0, lat_p999_ns = 0;
  std::uint64_t samples = 0;
  std::uint64_t gets = 0, hits = 0, puts = 0, put_failures = 0, erases = 0;
  double hit_ratio = 0;
  std::uint64_t prefilled = 0;
  std::vector<int> ran_on;                    // per worker: its CPU when its timed phase ended
  CacheStats stats;                           // the cache's own statistics after the run
  std::optional<SharedWrites> shared_writes;  // timed phase only, if counted
};

std::string_view workload_name(WorkloadKind kind);
bool parse_workload(std::string_view s, WorkloadKind* kind);
// "uniform", "zipf", "lowbits:N" (N in 1..64), "one-hot"; sets keys->dist
// (and lowbits), leaves log2 and alpha alone; false on anything else.
bool parse_key_dist(std::string_view s, KeySpec* keys);
std::string key_dist_name(const KeySpec& keys);

// Runs the workload; throws std::invalid_argument for a bad configuration,
// std::runtime_error if a worker cannot be pinned to its CPU.
RunResult run_workload(CacheUnderTest& cache, const WorkloadConfig& cfg);

}  // namespace vmc::bench

#endif  // VMC_BENCH_RUNNER_H
