// driver_modes.cc -- the driver's single-thread modes: fill (DRAM per
// entry), churn (pool utilization), chase (dependent-load latency, with and
// without transparent huge pages) and libs (what each library spec loads).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "driver.h"
#include "workload/dl_library.h"
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
    std::printf("  %-14s DRAM_SIZE_USED/entry %.1f  malloc/entry %.1f  "
                "RssAnon/entry %.1f  fixed RssAnon %.0f\n",
                c.name.c_str(), r.stat_dram_per_entry, r.malloc_per_entry,
                r.rss_anon_per_entry, r.rss_anon_fixed);
    json j = to_json(r);
    j["cache"] = c.name;
    results.push_back(j);
  }
  return results;
}

json churn_mode(const DriverOptions& o) {
  const WorkloadConfig& w = o.workload;
  std::printf("churn: %.0fx pool %s, values %llu..%llu uniform, extent %llu\n", o.churn_factor,
              o.pool_text.c_str(), (unsigned long long)w.value_min,
              (unsigned long long)w.value_max, (unsigned long long)o.cache.extent_size);
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
  if (o.thp == "compare") cases = {{"anonymous", false}, {"anonymous", true},
                                   {o.cache.dir, false}, {o.cache.dir, true}};
  const std::vector<ChaseResult> med = chase_rounds(o, cases);
  json results = json::array();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::printf("dependent load over %llu bytes, %s, %s: %.1f ns (huge pages: %.0f%% of it)\n",
                (unsigned long long)o.cache.pool_size, cases[i].medium.c_str(),
                cases[i].huge ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE", med[i].ns,
                100 * med[i].huge_fraction);
    results.push_back({{"bytes", o.cache.pool_size}, {"medium", cases[i].medium},
                       {"huge_pages", cases[i].huge}, {"ns", med[i].ns},
                       {"huge_fraction", med[i].huge_fraction}, {"rounds", o.repeat}});
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
    std::printf("%-14s %s loaded at %p; vmemcache_set_huge_pages: %s; "
                "vmemcache_get_shared_writes: %s\n",
                c.name.c_str(), lib->path().c_str(), lib->base(), huge ? "yes" : "no",
                writes ? (counting ? "yes, counting" : "yes, not counting (ENOTSUP)") : "no");
    results.push_back({{"cache", c.name}, {"path", lib->path()}, {"set_huge_pages", huge},
                       {"get_shared_writes", writes}, {"counting", counting}});
  }
  return results;
}

}  // namespace vmc::bench
