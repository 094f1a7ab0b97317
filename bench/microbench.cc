// microbench.cc -- vmc_microbench: Google Benchmark micro-benchmarks of the
// engine's C API, one call per iteration.
//
//   get_hit, get_miss, exists, put_free (into free space), put_evict (into a
//   full cache), evict_key, evict_lru (evict(NULL)), get_stat
//   x value size 64 B, 1 KiB, 16 KiB  x key size 16 B, 256 B
//   x threads 1, 2, 4, 8
//   and the zero-copy reads against get_hit: visit_hit (vmemcache_visit,
//   the visitor takes the pieces and reads nothing) and handle_hit
//   (vmemcache_handle_get, pieces, release), 1 KiB and 64 KiB values, 16 B
//   keys, 1 and 2 threads.  At the end a table gives each one's rate (the
//   median of --benchmark_repetitions) as a ratio to get_hit's in the same
//   run.  It measures delivery only: get_hit has copied the bytes into a
//   private buffer (cache-hot for the caller), the visitor has read none, so
//   a consumer that reads every byte pays that read on top of a visit.
//   A hit operation with any failed call is reported as an error, and is
//   left out of the table.
//
// Google Benchmark chooses the iterations (so --benchmark_min_time and
// --benchmark_repetitions work).  Operations that use up something refill it
// with the timer paused, in batches: put_free evicts its own keys when its
// share of the pool is full; evict_key and evict_lru put back what they
// evicted when their share of the prefill is gone.  Thread 0 builds and
// fills a fresh cache before each timed loop, which Google Benchmark starts
// and ends with a barrier.  JSON:
//   vmc_microbench --benchmark_out=micro.json --benchmark_out_format=json
// VMC_MICRO_DIR (default /dev/shm) is where the pools live.
#include <benchmark/benchmark.h>
#include <libvmemcache.h>

#include <libvmemcache_ext.h>

#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "workload/cache_under_test.h"
#include "workload/generators.h"

namespace vb = vmc::bench;

namespace {

constexpr std::uint64_t kPool = 64ull << 20;      // every benchmark's pool
constexpr std::uint64_t kExtent = 256;            // the engine's default
constexpr std::uint64_t kFreshBase = 1ull << 40;  // ids above: never put before

enum Op {
  kGetHit,
  kGetMiss,
  kExists,
  kPutFree,
  kPutEvict,
  kEvictKey,
  kEvictLru,
  kGetStat,
  kVisitHit,
  kHandleHit
};
const char* const kOpNames[] = {"get_hit",   "get_miss",  "exists",   "put_free",  "put_evict",
                                "evict_key", "evict_lru", "get_stat", "visit_hit", "handle_hit"};

VMEMcache* g_cache = nullptr;  // built and freed by thread 0
std::uint64_t g_filled = 0;    // keys 0 .. g_filled-1 are present

std::uint64_t entries_fit(std::uint64_t value_size) {
  return kPool / kExtent / vb::extents_for(value_size, kExtent);
}

// How much thread 0 fills before the loop, for each operation.
std::uint64_t prefill_for(Op op, std::uint64_t value_size) {
  switch (op) {
    case kGetHit:
    case kExists:
    case kEvictKey:
    case kEvictLru:
    case kPutEvict:
    case kVisitHit:
    case kHandleHit:
      return entries_fit(value_size);
    default:
      return 0;
  }
}

void build_cache(std::uint64_t fill, std::size_t key_size, std::uint64_t value_size) {
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

// One thread's side of a benchmark: its keys, buffers and refill state.
// Thread `tid` owns ids tid, tid + T, tid + 2T, ... of the prefill
// (evict_key) and the fresh ids kFreshBase * (tid + 1) + i (puts, misses).
class ThreadOps {
 public:
  ThreadOps(Op op, std::uint64_t value_size, std::size_t key_size, int tid, int threads)
      : op_(op),
        km_(key_size),
        rng_(tid + 1),
        value_(value_size, 'v'),
        buf_(value_size),
        tid_(tid),
        threads_(threads),
        fresh_(kFreshBase * (tid + 1)),
        // Each thread's share of what the pool holds, less one entry so
        // that shares rounding never overfill it.
        share_(entries_fit(value_size) / threads - 1) {}

  // One operation; refills (timer paused) when its share is used up.
  void step(benchmark::State& state) {
    switch (op_) {
      case kGetHit:
        get(km_.make(rng_.below(g_filled)));
        break;
      case kGetMiss:
        get(km_.make(fresh_ + i_));
        break;
      case kExists: {
        auto k = km_.make(rng_.below(g_filled));
        size_t vs;
        failed_ += vmemcache_exists(g_cache, k.data(), k.size(), &vs) != 1;
        break;
      }
      case kPutFree:
        if (used_ == share_) refill(state, [&](std::uint64_t j) { evict(put_id(j)); });
        put(put_id(used_++));
        break;
      case kPutEvict:
        put(fresh_ + i_);
        break;
      case kEvictKey:
        if (used_ == share_) refill(state, [&](std::uint64_t j) { put(own_id(j)); });
        evict(own_id(used_++));
        break;
      case kEvictLru:
        if (used_ == share_) refill(state, [&](std::uint64_t) { put(fresh_ + i_++); });
        ++used_;
        failed_ += vmemcache_evict(g_cache, nullptr, 0) != 0;
        break;
      case kGetStat: {
        unsigned long long v;
        vmemcache_get_stat(g_cache, VMEMCACHE_STAT_ENTRIES, &v, sizeof v);
        benchmark::DoNotOptimize(v);
        break;
      }
      case kVisitHit: {
        auto k = km_.make(rng_.below(g_filled));
        failed_ += vmemcache_visit(g_cache, k.data(), k.size(), take_pieces, this) != 0;
        break;
      }
      case kHandleHit: {
        auto k = km_.make(rng_.below(g_filled));
        vmemcache_handle* h = vmemcache_handle_get(g_cache, k.data(), k.size());
        if (h == nullptr) {
          ++failed_;
          break;
        }
        size_t n = 0;
        const vmemcache_piece* p = vmemcache_handle_pieces(h, &n);
        benchmark::DoNotOptimize(p);
        failed_ += n == 0;
        vmemcache_handle_release(h);
        break;
      }
    }
    ++i_;
  }
  std::uint64_t failed() const { return failed_; }

 private:
  std::uint64_t own_id(std::uint64_t j) const { return tid_ + j * threads_; }
  std::uint64_t put_id(std::uint64_t j) const { return fresh_ + generation_ * share_ + j; }
  template <typename F>
  void refill(benchmark::State& state, F&& each) {
    state.PauseTiming();
    for (std::uint64_t j = 0; j < share_; ++j) each(j);
    ++generation_;
    used_ = 0;
    state.ResumeTiming();
  }
  static void take_pieces(const vmemcache_piece* pieces, size_t npieces, size_t, void* self) {
    benchmark::DoNotOptimize(pieces);
    static_cast<ThreadOps*>(self)->failed_ += npieces == 0;
  }
  void get(std::string_view k) {
    size_t vs;
    failed_ += vmemcache_get(g_cache, k.data(), k.size(), buf_.data(), buf_.size(), 0, &vs) < 0;
  }
  void put(std::uint64_t id) {
    auto k = km_.make(id);
    failed_ += vmemcache_put(g_cache, k.data(), k.size(), value_.data(), value_.size()) != 0;
  }
  void evict(std::uint64_t id) {
    auto k = km_.make(id);
    failed_ += vmemcache_evict(g_cache, k.data(), k.size()) != 0;
  }

  const Op op_;
  vb::KeyMaker km_;
  vb::Rng rng_;
  std::vector<char> value_, buf_;
  const int tid_, threads_;
  const std::uint64_t fresh_, share_;
  std::uint64_t i_ = 0, used_ = 0, generation_ = 0, failed_ = 0;
};

void BM_Api(benchmark::State& state, Op op) {
  const auto value_size = static_cast<std::uint64_t>(state.range(0));
  const auto key_size = static_cast<std::size_t>(state.range(1));
  const int tid = state.thread_index();
  if (tid == 0) build_cache(prefill_for(op, value_size), key_size, value_size);
  ThreadOps ops(op, value_size, key_size, tid, state.threads());
  for (auto _ : state) ops.step(state);
  state.SetItemsProcessed(state.iterations());
  if (op == kGetHit || op == kPutFree || op == kPutEvict) {
    state.SetBytesProcessed(state.iterations() * value_size);
  }
  // Failed calls where none were expected (a get_miss "fails" by design);
  // a hit that missed would make a rate meaningless.
  if (op != kGetMiss) state.counters["failed"] = static_cast<double>(ops.failed());
  const bool hit_op = op == kGetHit || op == kExists || op == kVisitHit || op == kHandleHit;
  if (hit_op && ops.failed() != 0)
    state.SkipWithError((std::to_string(ops.failed()) + " calls failed").c_str());
  if (tid == 0) {
    // The loop's end is a barrier: every thread is done with the cache.
    vmemcache_delete(g_cache);
    g_cache = nullptr;
  }
}

void add(Op op, std::int64_t value_size, std::int64_t key_size, int threads) {
  benchmark::RegisterBenchmark(kOpNames[op], BM_Api, op)
      ->Args({value_size, key_size})
      ->ArgNames({"value", "key"})
      ->Threads(threads)
      ->UseRealTime();
}

void register_all() {
  for (int o = kGetHit; o <= kGetStat; ++o)
    for (std::int64_t v : {64, 1024, 16384})
      for (std::int64_t k : {16, 256})
        for (int t : {1, 2, 4, 8}) add(static_cast<Op>(o), v, k, t);
  // The zero-copy reads, and get_hit at 64 KiB for their baseline.
  for (int t : {1, 2}) add(kGetHit, 65536, 16, t);
  for (Op op : {kVisitHit, kHandleHit})
    for (std::int64_t v : {1024, 65536})
      for (int t : {1, 2}) add(op, v, 16, t);
}

// The console reporter, plus a closing table of each zero-copy read's rate
// as a ratio to get_hit's with the same arguments in the same run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal (papers/data keeps the output as text).
  RatioReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Defaults : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    // One rate per benchmark: the run's, or with repetitions their median.
    for (const Run& r : runs) {
      const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      if (r.error_occurred || (r.run_type != Run::RT_Iteration && !median)) continue;
      const auto it = r.counters.find("items_per_second");
      if (it != r.counters.end()) rate_[r.run_name.str()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    bool header = false;
    for (const auto& [name, rate] : rate_) {
      for (const char* op : {"visit_hit", "handle_hit"}) {
        if (name.rfind(op, 0) != 0) continue;
        const auto base = rate_.find("get_hit" + name.substr(std::string(op).size()));
        if (base == rate_.end() || base->second <= 0) continue;
        if (!header) std::printf("\nzero-copy reads vs get_hit (same run):\n"), header = true;
        std::printf("  %-50s %8.2f Mops/s  get_hit %8.2f Mops/s  ratio %.2fx\n", name.c_str(),
                    rate / 1e6, base->second / 1e6, rate / base->second);
      }
    }
  }

 private:
  std::map<std::string, double> rate_;  // items per second, by benchmark name
};

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
