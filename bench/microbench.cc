// microbench.cc -- vmc_microbench: Google Benchmark micro-benchmarks of the
// engine's C API, one call per iteration.
//
//   get_hit, get_miss, exists, put_free (into free space), put_evict (into a
//   full cache), evict_key, evict_lru (evict(NULL)), get_stat
//   x value size 64 B, 1 KiB, 16 KiB  x key size 16 B, 256 B
//   x threads 1, 2, 4, 8
//
// Each benchmark runs a fixed number of iterations per thread (so put_free
// never fills the pool and the evict benchmarks never empty it); thread 0
// builds and fills a fresh cache before the timed loop, which Google
// Benchmark starts and ends with a barrier.  JSON:
//   vmc_microbench --benchmark_out=micro.json --benchmark_out_format=json
// VMC_MICRO_DIR (default /dev/shm) is where the pools live.
#include <benchmark/benchmark.h>
#include <libvmemcache.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "workload/cache_under_test.h"
#include "workload/generators.h"

namespace vb = vmc::bench;

namespace {

constexpr std::uint64_t kPool = 64ull << 20;    // every benchmark's pool
constexpr std::uint64_t kExtent = 256;          // the engine's default
constexpr std::uint64_t kIters = 200'000;       // per thread, base count
constexpr std::uint64_t kFreshBase = 1ull << 40;  // ids above: never put before

enum Op { kGetHit, kGetMiss, kExists, kPutFree, kPutEvict, kEvictKey,
          kEvictLru, kGetStat };
const char* const kOpNames[] = {"get_hit", "get_miss", "exists", "put_free",
                                "put_evict", "evict_key", "evict_lru",
                                "get_stat"};

VMEMcache* g_cache = nullptr;      // built and freed by thread 0
std::uint64_t g_filled = 0;        // keys 0 .. g_filled-1 are present

std::uint64_t entries_fit(std::uint64_t value_size) {
  return kPool / kExtent / vb::extents_for(value_size, kExtent);
}

// How much thread 0 fills before the loop, for each operation.
std::uint64_t prefill_for(Op op, std::uint64_t value_size) {
  switch (op) {
    case kGetHit: case kExists: case kEvictKey: case kEvictLru: case kPutEvict:
      return entries_fit(value_size);
    default:
      return 0;
  }
}

// Iterations per thread: enough that each thread runs for tens of
// milliseconds (well past a scheduler time slice, so oversubscribed threads
// interleave rather than run one after another), bounded by the room the
// operation has (put_free must not fill the pool; evictions must not empty
// it).
std::uint64_t iterations_for(Op op, std::uint64_t value_size, int threads) {
  std::uint64_t n = kIters;
  if (op == kGetMiss || op == kExists) n = 10 * kIters;
  if (op == kGetStat) n = 100 * kIters;
  if (op == kGetHit || op == kPutEvict) {
    // At most 2 GiB of values copied in all, so 16 KiB runs stay short.
    std::uint64_t cap = (2ull << 30) / value_size / threads;
    if (cap < n) n = cap;
  }
  if (op == kPutFree || op == kEvictKey || op == kEvictLru) {
    std::uint64_t room = entries_fit(value_size) / threads;
    if (room < n) n = room;
  }
  return n;
}

void build_cache(std::uint64_t fill, std::size_t key_size,
                 std::uint64_t value_size) {
  g_cache = vmemcache_new();
  const char* dir = std::getenv("VMC_MICRO_DIR");
  vmemcache_set_size(g_cache, kPool);
  vmemcache_set_extent_size(g_cache, kExtent);
  if (vmemcache_add(g_cache, dir ? dir : "/dev/shm") != 0) {
    std::fprintf(stderr, "vmemcache_add: %s\n", vmemcache_errormsg());
    std::abort();
  }
  vb::KeyMaker km(key_size);
  std::vector<char> value(value_size, 'v');
  for (std::uint64_t id = 0; id < fill; ++id) {
    auto k = km.make(id);
    vmemcache_put(g_cache, k.data(), k.size(), value.data(), value.size());
  }
  g_filled = fill;
}

void BM_Api(benchmark::State& state, Op op) {
  const auto value_size = static_cast<std::uint64_t>(state.range(0));
  const auto key_size = static_cast<std::size_t>(state.range(1));
  const int tid = state.thread_index();
  const int nthreads = state.threads();
  if (tid == 0) build_cache(prefill_for(op, value_size), key_size, value_size);

  vb::KeyMaker km(key_size);
  vb::Rng rng(tid + 1);
  std::vector<char> value(value_size, 'v'), buf(value_size);
  std::uint64_t i = 0, misses = 0;
  // Thread `tid` owns ids tid, tid + T, tid + 2T, ... (evict_key) and the
  // fresh ids kFreshBase * (tid + 1) + i (puts, misses).
  const std::uint64_t fresh = kFreshBase * (tid + 1);
  for (auto _ : state) {
    switch (op) {
      case kGetHit: {
        auto k = km.make(rng.below(g_filled));
        size_t vs;
        misses += vmemcache_get(g_cache, k.data(), k.size(), buf.data(),
                                buf.size(), 0, &vs) < 0;
        break;
      }
      case kGetMiss: {
        auto k = km.make(fresh + i);
        size_t vs;
        misses += vmemcache_get(g_cache, k.data(), k.size(), buf.data(),
                                buf.size(), 0, &vs) < 0;
        break;
      }
      case kExists: {
        auto k = km.make(rng.below(g_filled));
        size_t vs;
        misses += vmemcache_exists(g_cache, k.data(), k.size(), &vs) != 1;
        break;
      }
      case kPutFree:
      case kPutEvict: {
        auto k = km.make(fresh + i);
        misses += vmemcache_put(g_cache, k.data(), k.size(), value.data(),
                                value.size()) != 0;
        break;
      }
      case kEvictKey: {
        auto k = km.make(tid + i * nthreads);
        misses += vmemcache_evict(g_cache, k.data(), k.size()) != 0;
        break;
      }
      case kEvictLru:
        misses += vmemcache_evict(g_cache, nullptr, 0) != 0;
        break;
      case kGetStat: {
        unsigned long long v;
        vmemcache_get_stat(g_cache, VMEMCACHE_STAT_ENTRIES, &v, sizeof v);
        benchmark::DoNotOptimize(v);
        break;
      }
    }
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  if (op == kGetHit || op == kPutFree || op == kPutEvict) {
    state.SetBytesProcessed(state.iterations() * value_size);
  }
  // Failed calls where none were expected (a get_miss "fails" by design).
  if (op != kGetMiss) state.counters["failed"] = static_cast<double>(misses);
  if (tid == 0) {
    // The loop's end is a barrier: every thread is done with the cache.
    vmemcache_delete(g_cache);
    g_cache = nullptr;
  }
}

void register_all() {
  const std::int64_t value_sizes[] = {64, 1024, 16384};
  const std::int64_t key_sizes[] = {16, 256};
  const int thread_counts[] = {1, 2, 4, 8};
  for (int o = kGetHit; o <= kGetStat; ++o) {
    for (auto v : value_sizes) {
      for (auto k : key_sizes) {
        for (int t : thread_counts) {
          const Op op = static_cast<Op>(o);
          benchmark::RegisterBenchmark(kOpNames[o], BM_Api, op)
              ->Args({v, k})
              ->ArgNames({"value", "key"})
              ->Threads(t)
              ->Iterations(static_cast<benchmark::IterationCount>(
                  iterations_for(op, v, t)))
              ->UseRealTime();
        }
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
