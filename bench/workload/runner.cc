// runner.cc -- see runner.h for what a run is and what it measures.
#include "runner.h"

#include <sched.h>

#include <algorithm>
#include <barrier>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace vmc::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct ThreadOut {
  std::uint64_t ops = 0, gets = 0, hits = 0, puts = 0, put_failures = 0, erases = 0, prefilled = 0;
  std::vector<std::uint32_t> samples;  // ns
  Clock::time_point start, end;
  double cpu_seconds = 0;  // this thread's CPU time in the timed phase
  int pin_error = 0;       // pin_this_thread's, if the thread was to be pinned
  int ran_on = -1;         // the CPU it was on when its timed phase ended
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// One thread's view of the workload: its generators and buffers.
class Worker {
 public:
  Worker(CacheUnderTest& cache, const WorkloadConfig& cfg, unsigned tid, ThreadOut& out)
      : cache_(cache),
        cfg_(cfg),
        out_(out),
        rng_(splitmix64_mix(cfg.seed * 1000003 + tid)),
        keys_(cfg.key_size),
        chooser_(cfg.keys),
        sizes_(cfg.value_min, cfg.value_max, cfg.value_skew_small, cfg.seed),
        value_(cfg.value_max == 0 ? 1 : cfg.value_max),
        get_buf_(cfg.get_bytes != 0 ? cfg.get_bytes : (cfg.value_max == 0 ? 1 : cfg.value_max)) {
    for (std::size_t i = 0; i < value_.size(); ++i) {
      value_[i] = static_cast<char>(rng_.next());
    }
  }

  // Dense key choices: this thread's share of ids 0 .. count-1; the others:
  // its share of `count` keys drawn from the distribution (repeats are
  // refused with EEXIST, as in the run).
  void prefill(std::uint64_t count, unsigned tid, unsigned threads) {
    for (std::uint64_t i = tid; i < count; i += threads) {
      put(chooser_.dense() ? i : chooser_.next(rng_));
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
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
        out_.samples.push_back(static_cast<std::uint32_t>(std::min<long long>(ns, UINT32_MAX)));
      } else {
        one_op();
      }
    }
    if (timed) out_.ops += n;
  }

 private:
  void one_op() {
    const std::uint64_t id = chooser_.next(rng_);
    if (cfg_.kind == WorkloadKind::kGetPut) {
      if (!get(id)) put(id);
      return;
    }
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    if (r < cfg_.pct_lookup_insert) {
      if (!get(id)) put(id);
    } else if (r < cfg_.pct_lookup_insert + cfg_.pct_insert) {
      put(id);
    } else if (r < cfg_.pct_lookup_insert + cfg_.pct_insert + cfg_.pct_lookup) {
      get(id);
    } else {
      std::string_view key = keys_.make(id);
      cache_.erase(key.data(), key.size());
      ++out_.erases;
    }
  }

  bool get(std::uint64_t id) {
    std::string_view key = keys_.make(id);
    ++out_.gets;
    std::size_t vsize = 0;
    bool hit = cache_.get(key.data(), key.size(), get_buf_.data(), get_buf_.size(), &vsize);
    out_.hits += hit;
    return hit;
  }

  void put(std::uint64_t id) {
    std::string_view key = keys_.make(id);
    const std::uint64_t v = sizes_.for_key(id);
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

void validate(const WorkloadConfig& cfg) {
  if (cfg.threads == 0) throw std::invalid_argument("threads must be >= 1");
  if (cfg.keys.log2 == 0 || cfg.keys.log2 > 63)
    throw std::invalid_argument("key-space log2 must be in 1..63");
  if (cfg.keys.dist == KeyDist::kLowBits && (cfg.keys.lowbits == 0 || cfg.keys.lowbits > 64))
    throw std::invalid_argument("lowbits:N needs N in 1..64");
  if (cfg.key_size < 8) throw std::invalid_argument("key size must be >= 8");
  if (cfg.kind == WorkloadKind::kMix &&
      cfg.pct_lookup_insert + cfg.pct_insert + cfg.pct_lookup + cfg.pct_erase != 100)
    throw std::invalid_argument("mix percentages must sum to 100");
}

// As many keys as fit at the mean value size, at most the key space.
std::uint64_t prefill_count(const CacheUnderTest& cache, const WorkloadConfig& cfg) {
  if (!cfg.prefill) return 0;
  const ValueSizes sizes(cfg.value_min, cfg.value_max, cfg.value_skew_small, cfg.seed);
  const double per_value =
      extents_for(static_cast<std::uint64_t>(sizes.mean()), cache.extent_size()) *
      static_cast<double>(cache.extent_size());
  const auto fit = static_cast<std::uint64_t>(cache.capacity() / per_value);
  return std::min<std::uint64_t>(fit, KeyChooser(cfg.keys).space());
}

// What is read at the start of the timed phase, by the barrier's
// completion step (one thread, while the others wait).
struct TimedStart {
  CacheUnderTest* cache;
  CpuSample cpu;
  SharedWrites writes{};
  bool have_writes = false;
};

struct PhaseStep {
  TimedStart* start;
  int* phase;
  void operator()() noexcept {
    if ((*phase)++ != 1) return;  // phase 0: after prefill; 1: after warm-up
    start->have_writes = start->cache->shared_writes(&start->writes);
    start->cpu = cpu_sample();
  }
};

void run_threads(CacheUnderTest& cache, const WorkloadConfig& cfg, std::uint64_t prefill,
                 std::vector<ThreadOut>& outs, TimedStart* timed) {
  int phase = 0;
  std::barrier sync(static_cast<std::ptrdiff_t>(cfg.threads), PhaseStep{timed, &phase});
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < cfg.threads; ++t) {
    threads.emplace_back([&, t] {
      if (!cfg.cpus.empty()) outs[t].pin_error = pin_this_thread(cfg.cpus[t % cfg.cpus.size()]);
      Worker w(cache, cfg, t, outs[t]);
      w.prefill(prefill, t, cfg.threads);
      sync.arrive_and_wait();
      w.run(cfg.warmup_ops, false);
      // Count only the timed phase.
      outs[t].gets = outs[t].hits = outs[t].puts = 0;
      outs[t].put_failures = outs[t].erases = 0;
      sync.arrive_and_wait();
      const double cpu0 = thread_cpu_seconds();
      outs[t].start = Clock::now();
      w.run(cfg.ops_per_thread, true);
      outs[t].end = Clock::now();
      outs[t].cpu_seconds = thread_cpu_seconds() - cpu0;
      outs[t].ran_on = sched_getcpu();
    });
  }
  for (auto& th : threads) th.join();
  for (unsigned t = 0; t < cfg.threads; ++t) {
    if (outs[t].pin_error != 0)
      throw std::runtime_error("cannot pin worker " + std::to_string(t) + " to CPU " +
                               std::to_string(cfg.cpus[t % cfg.cpus.size()]) + ": " +
                               std::strerror(outs[t].pin_error));
  }
}

void sum_threads(const std::vector<ThreadOut>& outs, RunResult* r,
                 std::vector<std::uint32_t>* samples, double* cpu) {
  auto first = outs[0].start;
  auto last = outs[0].end;
  for (const auto& o : outs) {
    *cpu += o.cpu_seconds;
    first = std::min(first, o.start);
    last = std::max(last, o.end);
    r->ops += o.ops;
    r->gets += o.gets;
    r->hits += o.hits;
    r->puts += o.puts;
    r->put_failures += o.put_failures;
    r->erases += o.erases;
    r->prefilled += o.prefilled;
    r->ran_on.push_back(o.ran_on);
    samples->insert(samples->end(), o.samples.begin(), o.samples.end());
  }
  r->seconds = std::chrono::duration<double>(last - first).count();
}

RunResult aggregate(CacheUnderTest& cache, const WorkloadConfig& cfg,
                    const std::vector<ThreadOut>& outs, const TimedStart& timed) {
  const CpuSample end = cpu_sample();
  RunResult r;
  r.cache = std::string(cache.name());
  r.threads = cfg.threads;
  std::vector<std::uint32_t> all;
  double cpu = 0;
  sum_threads(outs, &r, &all, &cpu);
  r.ops_per_sec = r.seconds > 0 ? r.ops / r.seconds : 0;
  r.cpu_cores = r.seconds > 0 ? cpu / r.seconds : 0;
  r.load = machine_load(timed.cpu, end);
  r.starved = starved(cfg.threads, r.cpu_cores, r.load, &r.starved_why);
  std::sort(all.begin(), all.end());
  r.samples = all.size();
  double sum = 0;
  for (auto s : all) sum += s;
  r.lat_mean_ns = all.empty() ? 0 : sum / all.size();
  r.lat_p50_ns = percentile(all, 0.50);
  r.lat_p99_ns = percentile(all, 0.99);
  r.lat_p999_ns = percentile(all, 0.999);
  r.hit_ratio = r.gets ? static_cast<double>(r.hits) / r.gets : 0;
  r.stats = cache.stats();
  SharedWrites after;
  if (timed.have_writes && cache.shared_writes(&after)) r.shared_writes = after - timed.writes;
  return r;
}

}  // namespace

std::string_view workload_name(WorkloadKind kind) {
  return kind == WorkloadKind::kGetPut ? "get-put" : "mix";
}

bool parse_workload(std::string_view s, WorkloadKind* kind) {
  if (s == "get-put")
    *kind = WorkloadKind::kGetPut;
  else if (s == "mix")
    *kind = WorkloadKind::kMix;
  else
    return false;
  return true;
}

bool parse_key_dist(std::string_view s, KeySpec* keys) {
  if (s == "uniform")
    keys->dist = KeyDist::kUniform;
  else if (s == "zipf")
    keys->dist = KeyDist::kZipf;
  else if (s == "one-hot")
    keys->dist = KeyDist::kOneHot;
  else if (s.rfind("lowbits:", 0) == 0) {
    const std::string n(s.substr(8));
    if (n.empty() || n.size() > 2 || n.find_first_not_of("0123456789") != std::string::npos)
      return false;
    keys->lowbits = static_cast<unsigned>(std::stoul(n));
    if (keys->lowbits == 0 || keys->lowbits > 64) return false;
    keys->dist = KeyDist::kLowBits;
  } else {
    return false;
  }
  return true;
}

std::string key_dist_name(const KeySpec& keys) {
  switch (keys.dist) {
    case KeyDist::kUniform:
      return "uniform";
    case KeyDist::kZipf:
      return "zipf";
    case KeyDist::kLowBits:
      return "lowbits:" + std::to_string(keys.lowbits);
    case KeyDist::kOneHot:
      return "one-hot";
  }
  return "?";
}

RunResult run_workload(CacheUnderTest& cache, const WorkloadConfig& cfg) {
  validate(cfg);
  const std::uint64_t prefill = prefill_count(cache, cfg);
  std::vector<ThreadOut> outs(cfg.threads);
  for (auto& o : outs) {
    o.samples.reserve(cfg.sample_every == 0 ? 0 : cfg.ops_per_thread / cfg.sample_every + 1);
  }
  TimedStart timed{&cache, {}, {}, false};
  run_threads(cache, cfg, prefill, outs, &timed);
  return aggregate(cache, cfg, outs, timed);
}

}  // namespace vmc::bench
