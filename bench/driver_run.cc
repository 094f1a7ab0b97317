// driver_run.cc -- the driver's run mode: every cache at every thread
// count, in alternating rounds, then medians, ratios and tables.
//
// Rounds interleave everything (round 1: 1 thread engine, upstream, ...,
// 2 threads engine, upstream, ...; round 2: the same again), so that a
// burst of load from elsewhere on a shared machine hits all figures alike;
// each (cache, threads) figure is its median-throughput round, and the
// JSON keeps every round's throughput for error bars.
//
// Printed ratios: at each thread count, the first cache over each other
// (engine/upstream, engine/copy, ...); for each cache, each thread count
// over the one before it in --threads (2 vs 1, 16 vs 2, ...).
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "driver.h"
#include "workload/report_json.h"

namespace vmc::bench {

using nlohmann::json;

namespace {

using Rounds = std::vector<RunResult>;
// (cache index, thread count) -> its rounds.
using Grid = std::map<std::pair<std::size_t, unsigned>, Rounds>;

void print_header(const DriverOptions& o) {
  const WorkloadConfig& w = o.workload;
  std::printf("%s: threads", std::string(workload_name(w.kind)).c_str());
  for (unsigned t : o.threads) std::printf(" %u", t);
  std::printf(" x %llu ops, pool %s, extent %llu, values %llu..%llu %s, keys %s",
              (unsigned long long)w.ops_per_thread, o.pool_text.c_str(),
              (unsigned long long)o.cache.extent_size, (unsigned long long)w.value_min,
              (unsigned long long)w.value_max, w.value_skew_small ? "small" : "uniform",
              key_dist_name(w.keys).c_str());
  if (w.keys.dist == KeyDist::kUniform || w.keys.dist == KeyDist::kZipf)
    std::printf(" over 2^%u", w.keys.log2);
  std::printf(" x %zu B", w.key_size);
  if (!w.cpus.empty()) {
    std::printf(", worker t pinned to CPU [t mod %zu] of", w.cpus.size());
    for (int c : w.cpus) std::printf(" %d", c);
  }
  std::printf("\n");
  std::printf("  %-14s %4s %10s %9s %9s %9s %8s %6s\n", "cache", "thr", "Mops/s", "p50 ns",
              "p99 ns", "p99.9 ns", "hit %", "cores");
}

void print_line(const RunResult& r, const std::string& suffix) {
  std::printf("  %-14s %4u %10.3f %9.0f %9.0f %9.0f %8.2f %6.2f", (r.cache + suffix).c_str(),
              r.threads, r.ops_per_sec / 1e6, r.lat_p50_ns, r.lat_p99_ns, r.lat_p999_ns,
              100 * r.hit_ratio, r.cpu_cores);
  if (r.starved) std::printf("  (starved: %s)", r.starved_why.c_str());
  std::printf("\n");
  std::fflush(stdout);
}

RunResult run_one(const DriverOptions& o, std::size_t i, unsigned threads,
                  const std::vector<int>& cpus) {
  WorkloadConfig w = o.workload;
  w.threads = threads;
  w.cpus = cpus;
  auto cache = make_cache(o.caches[i]);
  RunResult r = run_workload(*cache, w);
  r.cache = o.caches[i].name;
  return r;
}

// Every figure once per round.  A solo run (1 thread on another CPU) is
// printed with the CPU after the cache's name.
void run_rounds(const DriverOptions& o, Grid* grid, Grid* solo) {
  const std::vector<int>& cpus = o.workload.cpus;
  for (unsigned round = 0; round < o.repeat; ++round) {
    for (unsigned t : o.threads) {
      for (std::size_t i = 0; i < o.caches.size(); ++i) {
        RunResult r = run_one(o, i, t, cpus);
        print_line(r, "");
        (*grid)[{i, t}].push_back(std::move(r));
        if (t != 1 || !o.solo_each_cpu) continue;
        for (std::size_t k = 1; k < cpus.size(); ++k) {
          RunResult s = run_one(o, i, 1, {cpus[k]});
          print_line(s, "@cpu" + std::to_string(cpus[k]));
          (*solo)[{i, static_cast<unsigned>(cpus[k])}].push_back(std::move(s));
        }
      }
    }
  }
}

const RunResult& median(Rounds& rounds) {
  std::sort(rounds.begin(), rounds.end(),
            [](const RunResult& a, const RunResult& b) { return a.ops_per_sec < b.ops_per_sec; });
  return rounds[rounds.size() / 2];
}

// Sorts `rounds` and returns the median one; *spread gets every round's
// rate (in run order), the slowest and the fastest, which `print` also
// prints as `name` at `t` threads.
const RunResult& summarise_rounds(Rounds& rounds, const std::string& name, unsigned t, bool print,
                                  json* spread) {
  std::vector<double> all;
  for (const auto& r : rounds) all.push_back(r.ops_per_sec);
  const RunResult& m = median(rounds);
  *spread = {{"ops_per_sec_rounds", all},
             {"ops_per_sec_min", rounds.front().ops_per_sec},
             {"ops_per_sec_max", rounds.back().ops_per_sec}};
  if (print) {
    std::printf("  %-14s %4u %10.3f  (%.3f..%.3f)\n", name.c_str(), t, m.ops_per_sec / 1e6,
                rounds.front().ops_per_sec / 1e6, rounds.back().ops_per_sec / 1e6);
  }
  return m;
}

json summarise(const DriverOptions& o, Grid& grid,
               std::map<std::pair<std::size_t, unsigned>, RunResult>* med) {
  json results = json::array();
  if (o.repeat > 1) std::printf("  medians of %u rounds (min..max):\n", o.repeat);
  for (unsigned t : o.threads) {
    for (std::size_t i = 0; i < o.caches.size(); ++i) {
      json spread;
      const RunResult& m =
          summarise_rounds(grid[{i, t}], o.caches[i].name, t, o.repeat > 1, &spread);
      (*med)[{i, t}] = m;
      json j = to_json(m);
      j.update(spread);
      results.push_back(j);
    }
  }
  return results;
}

void print_ratios(const DriverOptions& o,
                  const std::map<std::pair<std::size_t, unsigned>, RunResult>& med, json* ratios) {
  const std::string& first = o.caches[0].name;
  for (unsigned t : o.threads) {
    const double a = med.at({0, t}).ops_per_sec;
    for (std::size_t i = 1; i < o.caches.size(); ++i) {
      const double b = med.at({i, t}).ops_per_sec;
      if (b <= 0) continue;
      std::printf("  %s/%s at %u thr: %.2f\n", first.c_str(), o.caches[i].name.c_str(), t, a / b);
      ratios->push_back({{"kind", "caches"},
                         {"a", first},
                         {"b", o.caches[i].name},
                         {"threads", t},
                         {"ratio", a / b}});
    }
  }
  for (std::size_t i = 0; i < o.caches.size(); ++i) {
    for (std::size_t k = 1; k < o.threads.size(); ++k) {
      const unsigned t = o.threads[k], prev = o.threads[k - 1];
      const double a = med.at({i, t}).ops_per_sec, b = med.at({i, prev}).ops_per_sec;
      if (b <= 0) continue;
      std::printf("  %s %u vs %u thr: %.2f\n", o.caches[i].name.c_str(), t, prev, a / b);
      ratios->push_back({{"kind", "threads"},
                         {"cache", o.caches[i].name},
                         {"threads", t},
                         {"vs_threads", prev},
                         {"ratio", a / b}});
    }
  }
}

// The solo figures (1 thread on each CPU but the first): their medians,
// printed and as JSON; *mean gets, per cache, the mean 1-thread rate over
// every CPU of --pin (the first one's from the main grid).
json summarise_solo(const DriverOptions& o, Grid& solo,
                    const std::map<std::pair<std::size_t, unsigned>, RunResult>& med,
                    std::map<std::size_t, double>* mean) {
  json out = json::array();
  for (std::size_t i = 0; i < o.caches.size(); ++i) (*mean)[i] = med.at({i, 1}).ops_per_sec;
  for (auto& [key, rounds] : solo) {
    const std::string& name = o.caches[key.first].name;
    json j;
    const RunResult& m =
        summarise_rounds(rounds, name + "@cpu" + std::to_string(key.second), 1, true, &j);
    (*mean)[key.first] += m.ops_per_sec;
    j.update({{"cache", name},
              {"cpu", key.second},
              {"ops_per_sec", m.ops_per_sec},
              {"hit_ratio", m.hit_ratio}});
    out.push_back(j);
  }
  for (auto& [i, sum] : *mean) sum /= static_cast<double>(o.workload.cpus.size());
  return out;
}

// Each thread count over the mean 1-thread rate on the CPUs: on cores that
// are not alike, the fair "1 thread" (two CPUs can give at most the sum of
// their 1-thread rates, twice this mean).
void print_solo_ratios(const DriverOptions& o,
                       const std::map<std::pair<std::size_t, unsigned>, RunResult>& med,
                       const std::map<std::size_t, double>& mean, json* ratios) {
  const std::string list = cpu_list(o.workload.cpus);
  for (std::size_t i = 0; i < o.caches.size(); ++i) {
    for (unsigned t : o.threads) {
      if (t == 1 || mean.at(i) <= 0) continue;
      const double r = med.at({i, t}).ops_per_sec / mean.at(i);
      std::printf("  %s %u thr vs 1 thr averaged over CPUs %s (%.3f Mops/s): %.2f\n",
                  o.caches[i].name.c_str(), t, list.c_str(), mean.at(i) / 1e6, r);
      ratios->push_back({{"kind", "threads_vs_solo_mean"},
                         {"cache", o.caches[i].name},
                         {"threads", t},
                         {"cpus", o.workload.cpus},
                         {"solo_mean", mean.at(i)},
                         {"ratio", r}});
    }
  }
}

void print_shared_writes(const RunResult& r) {
  std::printf("  shared writes per operation, %s at %u thr (timed phase):\n", r.cache.c_str(),
              r.threads);
  std::printf("    %-13s %12s %9s %10s\n", "operation", "ops", "RMW/op", "stores/op");
  for (int i = 0; i < kSharedWriteOps; ++i) {
    const SharedWriteCount& c = (*r.shared_writes)[i];
    const double n = c.ops ? static_cast<double>(c.ops) : 1.0;
    std::printf("    %-13s %12llu %9.3f %10.3f\n", kSharedWriteOpNames[i],
                (unsigned long long)c.ops, c.rmw / n, c.stores / n);
  }
}

}  // namespace

json run_mode(const DriverOptions& o, json* ratios, json* solo) {
  if (o.caches.empty()) throw std::invalid_argument("--caches names no cache");
  print_header(o);
  Grid grid, solo_grid;
  run_rounds(o, &grid, &solo_grid);
  std::map<std::pair<std::size_t, unsigned>, RunResult> med;
  json results = summarise(o, grid, &med);
  std::map<std::size_t, double> solo_mean;
  const bool solos = o.solo_each_cpu && grid.count({0, 1}) != 0;
  if (solos) *solo = summarise_solo(o, solo_grid, med, &solo_mean);
  unsigned starved = 0;
  for (const auto& [key, r] : med) {
    if (key.second == o.threads.front()) print_stats(r.cache, r.stats);
    starved += r.starved;
  }
  print_ratios(o, med, ratios);
  if (solos) print_solo_ratios(o, med, solo_mean, ratios);
  for (const auto& [key, r] : med) {
    if (r.shared_writes) print_shared_writes(r);
  }
  if (starved != 0) {
    std::printf(
        "  warning: %u of %zu figures got under %.0f%% of the cores their threads asked "
        "for (see 'starved' above and in the JSON): thread-count ratios there measure "
        "the machine, not the cache\n",
        starved, med.size(), 100 * kStarvedShare);
  }
  return results;
}

void print_stats(const std::string& name, const CacheStats& s) {
  std::printf(
      "  %-14s stats: put %llu get %llu hit %llu miss %llu evict %llu "
      "entries %llu dram %llu pool %llu heap %llu\n",
      name.c_str(), (unsigned long long)s.put, (unsigned long long)s.get, (unsigned long long)s.hit,
      (unsigned long long)s.miss, (unsigned long long)s.evict, (unsigned long long)s.entries,
      (unsigned long long)s.dram_size_used, (unsigned long long)s.pool_size_used,
      (unsigned long long)s.heap_entries);
}

}  // namespace vmc::bench
