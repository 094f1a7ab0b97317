// runner.cc -- see runner.h for what a run is and what it measures.
#include "runner.h"

#include <algorithm>
#include <barrier>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

#include "generators.h"

namespace vmc::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct ThreadOut {
  std::uint64_t ops = 0, gets = 0, hits = 0, puts = 0, put_failures = 0,
                erases = 0, prefilled = 0;
  std::vector<std::uint32_t> samples;  // ns
  Clock::time_point start, end;
  double cpu_seconds = 0;  // this thread's CPU time in the timed phase
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// One thread's view of the workload: its generators and buffers.
class Worker {
 public:
  Worker(CacheUnderTest& cache, const WorkloadConfig& cfg, unsigned tid,
         ThreadOut& out)
      : cache_(cache),
        cfg_(cfg),
        out_(out),
        rng_(mix64(cfg.seed * 1000003 + tid)),
        keys_(cfg.key_size),
        chooser_(cfg.keyspace_log2, cfg.zipf_alpha),
        sizes_(cfg.value_min, cfg.value_max, cfg.value_skew_small),
        value_(cfg.value_max == 0 ? 1 : cfg.value_max),
        get_buf_(cfg.get_bytes != 0 ? cfg.get_bytes
                                    : (cfg.value_max == 0 ? 1 : cfg.value_max)) {
    for (std::size_t i = 0; i < value_.size(); ++i) {
      value_[i] = static_cast<char>(rng_.next());
    }
  }

  void prefill(std::uint64_t count, unsigned tid, unsigned threads) {
    for (std::uint64_t id = tid; id < count; id += threads) {
      put(keys_.make(id));
      ++out_.prefilled;
    }
  }

  // Runs n operations; times every sample_every-th one when `timed`.
  void run(std::uint64_t n, bool timed) {
    const std::uint64_t every = cfg_.sample_every == 0 ? 0 : cfg_.sample_every;
    for (std::uint64_t i = 0; i < n; ++i) {
      if (timed && every != 0 && i % every == 0) {
        auto t0 = Clock::now();
        one_op();
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      Clock::now() - t0).count();
        out_.samples.push_back(
            static_cast<std::uint32_t>(std::min<long long>(ns, UINT32_MAX)));
      } else {
        one_op();
      }
    }
    if (timed) out_.ops += n;
  }

 private:
  void one_op() {
    std::string_view key = keys_.make(chooser_.next(rng_));
    if (cfg_.kind == WorkloadKind::kGetPut) {
      if (!get(key)) put(key);
      return;
    }
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    if (r < cfg_.pct_lookup_insert) {
      if (!get(key)) put(key);
    } else if (r < cfg_.pct_lookup_insert + cfg_.pct_insert) {
      put(key);
    } else if (r < cfg_.pct_lookup_insert + cfg_.pct_insert + cfg_.pct_lookup) {
      get(key);
    } else {
      cache_.erase(key.data(), key.size());
      ++out_.erases;
    }
  }

  bool get(std::string_view key) {
    ++out_.gets;
    std::size_t vsize = 0;
    bool hit = cache_.get(key.data(), key.size(), get_buf_.data(),
                          get_buf_.size(), &vsize);
    out_.hits += hit;
    return hit;
  }

  void put(std::string_view key) {
    const std::uint64_t v = sizes_.next(rng_);
    ++out_.puts;
    int rc = cache_.put(key.data(), key.size(), value_.data(), v);
    // EEXIST: another thread put the same key first; not a failure.
    if (rc != 0 && rc != EEXIST) ++out_.put_failures;
  }

  CacheUnderTest& cache_;
  const WorkloadConfig& cfg_;
  ThreadOut& out_;
  Rng rng_;
  KeyMaker keys_;
  KeyChooser chooser_;
  ValueSizes sizes_;
  std::vector<char> value_;
  std::vector<char> get_buf_;
};

double percentile(const std::vector<std::uint32_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  auto i = static_cast<std::size_t>(std::ceil(q * sorted.size()));
  return sorted[i == 0 ? 0 : std::min(i - 1, sorted.size() - 1)];
}

}  // namespace

std::string_view workload_name(WorkloadKind kind) {
  return kind == WorkloadKind::kGetPut ? "get-put" : "mix";
}

bool parse_workload(std::string_view s, WorkloadKind* kind) {
  if (s == "get-put") *kind = WorkloadKind::kGetPut;
  else if (s == "mix") *kind = WorkloadKind::kMix;
  else return false;
  return true;
}

RunResult run_workload(CacheUnderTest& cache, const WorkloadConfig& cfg) {
  if (cfg.threads == 0) throw std::invalid_argument("threads must be >= 1");
  if (cfg.keyspace_log2 == 0 || cfg.keyspace_log2 > 63)
    throw std::invalid_argument("key-space log2 must be in 1..63");
  if (cfg.key_size < 8) throw std::invalid_argument("key size must be >= 8");
  if (cfg.kind == WorkloadKind::kMix &&
      cfg.pct_lookup_insert + cfg.pct_insert + cfg.pct_lookup +
              cfg.pct_erase != 100)
    throw std::invalid_argument("mix percentages must sum to 100");

  // Prefill as many distinct keys as fit at the mean value size.
  const double per_value =
      extents_for(static_cast<std::uint64_t>(
                      ValueSizes(cfg.value_min, cfg.value_max,
                                 cfg.value_skew_small).mean()),
                  cache.extent_size()) *
      static_cast<double>(cache.extent_size());
  std::uint64_t prefill = 0;
  if (cfg.prefill) {
    prefill = static_cast<std::uint64_t>(cache.capacity() / per_value);
    prefill = std::min<std::uint64_t>(prefill, 1ull << cfg.keyspace_log2);
  }

  std::vector<ThreadOut> outs(cfg.threads);
  for (auto& o : outs) {
    o.samples.reserve(cfg.sample_every == 0
                          ? 0
                          : cfg.ops_per_thread / cfg.sample_every + 1);
  }
  std::barrier sync(static_cast<std::ptrdiff_t>(cfg.threads));
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < cfg.threads; ++t) {
    threads.emplace_back([&, t] {
      Worker w(cache, cfg, t, outs[t]);
      w.prefill(prefill, t, cfg.threads);
      sync.arrive_and_wait();
      w.run(cfg.warmup_ops, false);
      sync.arrive_and_wait();
      // Count only the timed phase.
      outs[t].gets = outs[t].hits = outs[t].puts = 0;
      outs[t].put_failures = outs[t].erases = 0;
      const double cpu0 = thread_cpu_seconds();
      outs[t].start = Clock::now();
      w.run(cfg.ops_per_thread, true);
      outs[t].end = Clock::now();
      outs[t].cpu_seconds = thread_cpu_seconds() - cpu0;
    });
  }
  for (auto& th : threads) th.join();

  RunResult r;
  r.cache = std::string(cache.name());
  auto first = outs[0].start;
  auto last = outs[0].end;
  std::vector<std::uint32_t> all;
  double sum = 0, cpu = 0;
  for (auto& o : outs) {
    cpu += o.cpu_seconds;
    first = std::min(first, o.start);
    last = std::max(last, o.end);
    r.ops += o.ops;
    r.gets += o.gets;
    r.hits += o.hits;
    r.puts += o.puts;
    r.put_failures += o.put_failures;
    r.erases += o.erases;
    r.prefilled += o.prefilled;
    for (auto s : o.samples) sum += s;
    all.insert(all.end(), o.samples.begin(), o.samples.end());
  }
  r.seconds = std::chrono::duration<double>(last - first).count();
  r.ops_per_sec = r.seconds > 0 ? r.ops / r.seconds : 0;
  r.cpu_cores = r.seconds > 0 ? cpu / r.seconds : 0;
  std::sort(all.begin(), all.end());
  r.samples = all.size();
  r.lat_mean_ns = all.empty() ? 0 : sum / all.size();
  r.lat_p50_ns = percentile(all, 0.50);
  r.lat_p99_ns = percentile(all, 0.99);
  r.lat_p999_ns = percentile(all, 0.999);
  r.hit_ratio = r.gets ? static_cast<double>(r.hits) / r.gets : 0;
  r.stats = cache.stats();
  return r;
}

}  // namespace vmc::bench
