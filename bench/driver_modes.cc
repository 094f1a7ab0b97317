// driver_modes.cc -- the driver's modes other than run: fill (DRAM per
// entry), churn (pool utilization), chase (dependent-load latency, with and
// without transparent huge pages), pingpong (the cost of a cache line that
// several threads write) and libs (what each library spec loads).
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "driver.h"
#include "workload/dl_library.h"
#include "workload/machine_load.h"
#include "workload/memory.h"
#include "workload/report_json.h"

namespace vmc::bench {

using nlohmann::json;

json fill_mode(const DriverOptions& o) {
  const WorkloadConfig& w = o.workload;
  std::printf("fill: %llu entries, %zu B keys, %llu B values, extent %llu\n",
              (unsigned long long)o.entries, w.key_size, (unsigned long long)w.value_min,
              (unsigned long long)o.cache.extent_size);
  json results = json::array();
  for (CacheConfig c : o.caches) {
    // A pool exactly large enough for all the entries.
    c.pool_size = o.entries * extents_for(w.value_min, c.extent_size) * c.extent_size;
    FillResult r = measure_fill(c, o.entries, w.key_size, w.value_min);
    std::printf(
        "  %-14s DRAM_SIZE_USED/entry %.1f  malloc/entry %.1f  "
        "RssAnon/entry %.1f  fixed RssAnon %.0f\n",
        c.name.c_str(), r.stat_dram_per_entry, r.malloc_per_entry, r.rss_anon_per_entry,
        r.rss_anon_fixed);
    json j = to_json(r);
    j["cache"] = c.name;
    results.push_back(j);
  }
  return results;
}

json churn_mode(const DriverOptions& o) {
  const WorkloadConfig& w = o.workload;
  std::printf("churn: %.0fx pool %s, values %llu..%llu uniform, extent %llu\n", o.churn_factor,
              o.pool_text.c_str(), (unsigned long long)w.value_min, (unsigned long long)w.value_max,
              (unsigned long long)o.cache.extent_size);
  json results = json::array();
  for (const CacheConfig& c : o.caches) {
    ChurnResult r = measure_churn(c, o.churn_factor, w.value_min, w.value_max, w.key_size, w.seed);
    std::printf("  %-14s pool utilization %.4f  payload utilization %.4f  puts %llu failed %llu\n",
                c.name.c_str(), r.pool_utilization, r.payload_utilization,
                (unsigned long long)r.puts, (unsigned long long)r.put_failures);
    print_stats(c.name, r.stats);
    json j = to_json(r);
    j["cache"] = c.name;
    results.push_back(j);
  }
  return results;
}

namespace {

struct ChaseCase {
  std::string medium;  // "anonymous" or the directory
  bool huge;
};

// Median-of-rounds chase figures, cases alternating within each round.
std::vector<ChaseResult> chase_rounds(const DriverOptions& o, const std::vector<ChaseCase>& cases) {
  std::vector<std::vector<ChaseResult>> runs(cases.size());
  for (unsigned round = 0; round < o.repeat; ++round) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      ChaseConfig c;
      c.bytes = o.cache.pool_size;
      c.seed = o.workload.seed + round;
      c.dir = cases[i].medium == "anonymous" ? "" : cases[i].medium;
      c.huge_pages = cases[i].huge;
      runs[i].push_back(chase(c));
    }
  }
  std::vector<ChaseResult> med;
  for (auto& r : runs) {
    std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.ns < b.ns; });
    med.push_back(r[r.size() / 2]);
  }
  return med;
}

}  // namespace

json chase_mode(const DriverOptions& o) {
  if (o.thp != "off" && o.thp != "compare") throw std::invalid_argument("bad --thp: off | compare");
  std::vector<ChaseCase> cases = {{"anonymous", false}};
  if (o.thp == "compare")
    cases = {{"anonymous", false}, {"anonymous", true}, {o.cache.dir, false}, {o.cache.dir, true}};
  const std::vector<ChaseResult> med = chase_rounds(o, cases);
  json results = json::array();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::printf("dependent load over %llu bytes, %s, %s: %.1f ns (huge pages: %.0f%% of it)\n",
                (unsigned long long)o.cache.pool_size, cases[i].medium.c_str(),
                cases[i].huge ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE", med[i].ns,
                100 * med[i].huge_fraction);
    results.push_back({{"bytes", o.cache.pool_size},
                       {"medium", cases[i].medium},
                       {"huge_pages", cases[i].huge},
                       {"ns", med[i].ns},
                       {"huge_fraction", med[i].huge_fraction},
                       {"rounds", o.repeat}});
  }
  for (std::size_t i = 1; i < cases.size(); i += 2) {
    const double ratio = med[i - 1].ns / med[i].ns;
    std::printf("  %s: no-THP / THP latency ratio %.2f (above 1: huge pages help)\n",
                cases[i].medium.c_str(), ratio);
    results[i]["speedup_vs_no_thp"] = ratio;
  }
  if (o.thp == "compare") {
    const std::string policy = thp_policy(o.cache.dir);
    std::printf("  policy: %s\n", policy.c_str());
    for (auto& r : results) r["thp_policy"] = policy;
  }
  return results;
}

namespace {

// One cache line per counter, so the private case shares nothing.
struct alignas(64) Line {
  std::atomic<std::uint64_t> v{0};
};

enum class Contention { kSharedRmw, kSharedStore, kPrivateRmw };
const char* const kContentionNames[] = {"fetch_add on one shared line", "store to one shared line",
                                        "fetch_add on own lines"};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct ContentionResult {
  double ns = 0;     // per operation per thread
  double cores = 0;  // CPU time of the threads / the longest thread's time
};

// `threads` threads each doing n operations.
ContentionResult contention(Contention c, unsigned threads, std::uint64_t n) {
  std::vector<Line> lines(threads + 1);
  std::barrier sync(static_cast<std::ptrdiff_t>(threads));
  std::vector<double> secs(threads), cpu(threads);
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      std::atomic<std::uint64_t>& mine = lines[c == Contention::kPrivateRmw ? t + 1 : 0].v;
      sync.arrive_and_wait();
      const double cpu0 = thread_cpu_seconds();
      const auto t0 = std::chrono::steady_clock::now();
      for (std::uint64_t i = 0; i < n; ++i) {
        // Relaxed: the cost of the coherence traffic is what is measured,
        // not any ordering.
        if (c == Contention::kSharedStore)
          mine.store(i, std::memory_order_relaxed);
        else
          mine.fetch_add(1, std::memory_order_relaxed);
      }
      secs[t] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      cpu[t] = thread_cpu_seconds() - cpu0;
    });
  }
  for (auto& th : ts) th.join();
  double sum = 0, cpu_sum = 0;
  for (unsigned t = 0; t < threads; ++t) {
    sum += secs[t];
    cpu_sum += cpu[t];
  }
  return {sum / threads / n * 1e9, cpu_sum / *std::max_element(secs.begin(), secs.end())};
}

const char* const kHandoffName = "a line handed round in turns";

// How long a cache line takes to go from one thread to the next: the
// threads take turns (thread i writes when the count is i mod threads), so
// each turn is one load that misses to the previous writer's core plus the
// store; the figure is per turn.  Spinning, so only as many threads as
// cores (else a turn waits for a preempted thread); yields after a while all
// the same, so that a descheduled peer is not starved.
double handoff_ns(unsigned threads, std::uint64_t turns_per_thread) {
  Line line;
  std::barrier sync(static_cast<std::ptrdiff_t>(threads));
  std::vector<double> secs(threads);
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      sync.arrive_and_wait();
      const auto t0 = std::chrono::steady_clock::now();
      for (std::uint64_t i = 0; i < turns_per_thread; ++i) {
        // Acquire/release: each turn's store is what the next turn waits for.
        std::uint64_t v;
        for (int spins = 0; (v = line.v.load(std::memory_order_acquire)) % threads != t; ++spins)
          if (spins > 100000) std::this_thread::yield();
        line.v.store(v + 1, std::memory_order_release);
      }
      secs[t] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    });
  }
  for (auto& th : ts) th.join();
  return *std::max_element(secs.begin(), secs.end()) / static_cast<double>(turns_per_thread) /
         threads * 1e9;
}

}  // namespace

// pingpong: what a write to a cache line that another thread also writes
// costs here -- the unit that turns the shared-write budget into time --
// and how long a line takes to move between cores.
json pingpong_mode(const DriverOptions& o) {
  json results = json::array();
  const std::uint64_t n = o.workload.ops_per_thread;
  for (unsigned t : o.threads) {
    if (t >= 2 && t > std::thread::hardware_concurrency()) {
      std::printf("  %u thr, %-30s skipped: more threads than cores\n", t, kHandoffName);
    } else if (t >= 2) {
      std::vector<double> runs;
      const std::uint64_t turns = std::max<std::uint64_t>(n / 20, 1);
      for (unsigned r = 0; r < o.repeat; ++r) runs.push_back(handoff_ns(t, turns));
      std::sort(runs.begin(), runs.end());
      const double m = runs[runs.size() / 2];
      std::printf(
          "  %u thr, %-30s %7.1f ns per turn (a load missing to the last writer's core, "
          "and a store)\n",
          t, kHandoffName, m);
      results.push_back({{"threads", t},
                         {"case", kHandoffName},
                         {"ns", m},  // per turn, not per thread
                         {"per", "turn"},
                         {"rounds", o.repeat}});
    }
    for (int c = 0; c < 3; ++c) {
      std::vector<ContentionResult> runs;
      for (unsigned r = 0; r < o.repeat; ++r) runs.push_back(contention(Contention(c), t, n));
      std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.ns < b.ns; });
      const ContentionResult& m = runs[runs.size() / 2];
      std::printf("  %u thr, %-30s %7.1f ns per op per thread (%.1f Mops/s in all; %.2f cores)%s\n",
                  t, kContentionNames[c], m.ns, t * 1e3 / m.ns, m.cores,
                  m.cores < kStarvedShare * t ? "  (starved)" : "");
      results.push_back({{"threads", t},
                         {"case", kContentionNames[c]},
                         {"ns", m.ns},
                         {"cores", m.cores},
                         {"rounds", o.repeat}});
    }
  }
  return results;
}

json libs_mode(const DriverOptions& o) {
  json results = json::array();
  for (const CacheConfig& c : o.caches) {
    if (c.kind != CacheKind::kLibrary) continue;
    auto lib = VmcLibrary::load(c.lib_path);
    const bool huge = lib->api().set_huge_pages != nullptr;
    const bool writes = lib->api().get_shared_writes != nullptr;
    // Whether this build counts: ask a cache (ENOTSUP when it does not).
    SharedWrites w;
    const bool counting = writes && make_cache(c)->shared_writes(&w);
    std::printf(
        "%-14s %s loaded at %p; vmemcache_set_huge_pages: %s; "
        "vmemcache_get_shared_writes: %s\n",
        c.name.c_str(), lib->path().c_str(), lib->base(), huge ? "yes" : "no",
        writes ? (counting ? "yes, counting" : "yes, not counting (ENOTSUP)") : "no");
    results.push_back({{"cache", c.name},
                       {"path", lib->path()},
                       {"set_huge_pages", huge},
                       {"get_shared_writes", writes},
                       {"counting", counting}});
  }
  return results;
}

}  // namespace vmc::bench
