// driver.cc -- vmc_bench_driver: runs one workload against the engine and
// the baselines, in the same process, one after the other, and prints
// throughput, latency percentiles, hit ratio, the caches' statistics and the
// engine/baseline ratios.  --json writes the same as one JSON document.
//
// Modes:
//   run    a workload (get-put or mix), see workload/runner.h
//   fill   DRAM per entry: put --entries distinct keys into a fresh cache
//   churn  pool utilization after --churn-factor x the pool has been put
//   chase  the machine's dependent-load latency over --pool-size bytes
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "workload/cache_under_test.h"
#include "workload/memory.h"
#include "workload/report_json.h"
#include "workload/runner.h"

namespace vb = vmc::bench;
using nlohmann::json;

namespace {

void print_stats(const std::string& name, const vb::CacheStats& s) {
  std::printf(
      "  %-9s stats: put %llu get %llu hit %llu miss %llu evict %llu "
      "entries %llu dram %llu pool %llu heap %llu\n",
      name.c_str(), (unsigned long long)s.put, (unsigned long long)s.get,
      (unsigned long long)s.hit, (unsigned long long)s.miss,
      (unsigned long long)s.evict, (unsigned long long)s.entries,
      (unsigned long long)s.dram_size_used,
      (unsigned long long)s.pool_size_used,
      (unsigned long long)s.heap_entries);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vmemcache workload driver: engine vs baselines, same run"};
  vb::WorkloadConfig w;
  vb::CacheConfig c;
  std::string mode = "run", workload = "get-put", caches = "engine,textbook,sharded";
  std::string pool = "64M", extent = "256", policy = "lru";
  std::string vmin = "1024", vmax = "1024", vdist = "uniform", get_bytes = "0";
  std::string key_dist = "uniform", json_path, label;
  std::vector<unsigned> mix = {87, 2, 10, 1};
  double zipf_alpha = 0.99, churn_factor = 10;
  std::uint64_t entries = 1'000'000;
  bool no_prefill = false;
  unsigned repeat = 1;

  app.add_option("--mode", mode, "run | fill | churn | chase")->capture_default_str();
  app.add_option("--caches", caches, "comma-separated: engine, textbook, sharded")
      ->capture_default_str();
  app.add_option("--workload", workload, "get-put | mix")->capture_default_str();
  app.add_option("--threads", w.threads, "worker threads")->capture_default_str();
  app.add_option("--ops", w.ops_per_thread, "timed operations per thread")
      ->capture_default_str();
  app.add_option("--warmup", w.warmup_ops, "untimed operations per thread")
      ->capture_default_str();
  app.add_flag("--no-prefill", no_prefill, "skip filling the cache before warm-up");
  app.add_option("--pool-size", pool, "cache size (K/M/G suffixes)")->capture_default_str();
  app.add_option("--extent-size", extent, "extent size")->capture_default_str();
  app.add_option("--policy", policy, "lru | none")->capture_default_str();
  app.add_option("--dir", c.dir, "directory for the engine's pool")->capture_default_str();
  app.add_option("--shards", c.shards, "shards of the sharded baseline")
      ->capture_default_str();
  app.add_option("--value-min", vmin, "smallest value")->capture_default_str();
  app.add_option("--value-max", vmax, "largest value")->capture_default_str();
  app.add_option("--value-dist", vdist, "uniform | small (log-uniform)")
      ->capture_default_str();
  app.add_option("--get-bytes", get_bytes, "bytes read per get (0: whole value)")
      ->capture_default_str();
  app.add_option("--keyspace-log2", w.keyspace_log2, "key space = 2^N keys")
      ->capture_default_str();
  app.add_option("--key-size", w.key_size, "key bytes (>= 8)")->capture_default_str();
  app.add_option("--key-dist", key_dist, "uniform | zipf")->capture_default_str();
  app.add_option("--zipf-alpha", zipf_alpha, "Zipf exponent")->capture_default_str();
  app.add_option("--seed", w.seed, "random seed")->capture_default_str();
  app.add_option("--sample-every", w.sample_every, "time every Nth op (0: none)")
      ->capture_default_str();
  app.add_option("--mix", mix,
                 "mix: % lookup-insert, insert, lookup, erase")
      ->expected(4)->delimiter(',')->capture_default_str();
  app.add_option("--entries", entries, "fill: entries to put (the pool is sized to fit them)")->capture_default_str();
  app.add_option("--churn-factor", churn_factor, "churn: multiples of the pool to put")
      ->capture_default_str();
  app.add_option("--repeat", repeat,
                 "run: rounds over all caches; each reports its median round")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--json", json_path, "also write the results here as JSON");
  app.add_option("--label", label, "a tag copied into the JSON");
  CLI11_PARSE(app, argc, argv);

  try {
    c.pool_size = vb::parse_size(pool);
    c.extent_size = vb::parse_size(extent);
    c.policy_lru = policy == "lru";
    if (policy != "lru" && policy != "none") throw std::invalid_argument("bad --policy");
    w.prefill = !no_prefill;
    w.value_min = vb::parse_size(vmin);
    w.value_max = vb::parse_size(vmax);
    w.value_skew_small = vdist == "small";
    if (vdist != "small" && vdist != "uniform") throw std::invalid_argument("bad --value-dist");
    w.get_bytes = vb::parse_size(get_bytes);
    if (key_dist == "zipf") w.zipf_alpha = zipf_alpha;
    else if (key_dist != "uniform") throw std::invalid_argument("bad --key-dist");
    if (!vb::parse_workload(workload, &w.kind)) throw std::invalid_argument("bad --workload");
    w.pct_lookup_insert = mix[0];
    w.pct_insert = mix[1];
    w.pct_lookup = mix[2];
    w.pct_erase = mix[3];

    std::vector<vb::CacheKind> kinds;
    std::stringstream ss(caches);
    for (std::string item; std::getline(ss, item, ',');) {
      vb::CacheKind k;
      if (!vb::parse_kind(item, &k)) throw std::invalid_argument("bad cache: " + item);
      kinds.push_back(k);
    }

    json out;
    out["mode"] = mode;
    out["label"] = label;
    out["machine"] = vb::machine_info();
    out["cache_config"] = vb::to_json(c);
    out["results"] = json::array();

    if (mode == "chase") {
      double ns = vb::chase_latency_ns(c.pool_size, w.seed);
      std::printf("dependent load over %llu bytes: %.1f ns\n",
                  (unsigned long long)c.pool_size, ns);
      out["results"].push_back({{"bytes", c.pool_size}, {"ns", ns}});
    } else if (mode == "run") {
      out["workload"] = vb::to_json(w);
      out["repeat"] = repeat;
      std::printf("%s: %u threads x %llu ops, pool %s, extent %s, values %s..%s %s, "
                  "keys 2^%u x %zu B %s\n",
                  workload.c_str(), w.threads, (unsigned long long)w.ops_per_thread,
                  pool.c_str(), extent.c_str(), vmin.c_str(), vmax.c_str(),
                  vdist.c_str(), w.keyspace_log2, w.key_size, key_dist.c_str());
      std::printf("  %-9s %10s %9s %9s %9s %8s %6s\n", "cache", "Mops/s", "p50 ns",
                  "p99 ns", "p99.9 ns", "hit %", "cores");
      // Rounds interleave the caches (engine, textbook, sharded, engine, ...)
      // so that a burst of load from elsewhere hits all of them alike; each
      // cache's reported run is its median-throughput round.
      std::vector<std::vector<vb::RunResult>> rounds(kinds.size());
      for (unsigned round = 0; round < repeat; ++round) {
        for (std::size_t i = 0; i < kinds.size(); ++i) {
          c.kind = kinds[i];
          auto cache = vb::make_cache(c);
          vb::RunResult r = vb::run_workload(*cache, w);
          std::printf("  %-9s %10.3f %9.0f %9.0f %9.0f %8.2f %6.2f\n", r.cache.c_str(),
                      r.ops_per_sec / 1e6, r.lat_p50_ns, r.lat_p99_ns,
                      r.lat_p999_ns, 100 * r.hit_ratio, r.cpu_cores);
          std::fflush(stdout);
          rounds[i].push_back(std::move(r));
        }
      }
      std::vector<vb::RunResult> rs;
      for (auto& runs : rounds) {
        std::vector<double> all;
        for (auto& r : runs) all.push_back(r.ops_per_sec);
        std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
          return a.ops_per_sec < b.ops_per_sec;
        });
        json j = vb::to_json(runs[runs.size() / 2]);
        j["ops_per_sec_rounds"] = all;
        out["results"].push_back(j);
        rs.push_back(runs[runs.size() / 2]);
      }
      if (repeat > 1) {
        for (auto& r : rs) {
          std::printf("  %-9s median of %u: %.3f Mops/s\n", r.cache.c_str(), repeat,
                      r.ops_per_sec / 1e6);
        }
      }
      for (auto& r : rs) print_stats(r.cache, r.stats);
      for (auto& e : rs) {
        if (e.cache != "engine") continue;
        for (auto& b : rs) {
          if (b.cache == "engine" || b.ops_per_sec <= 0) continue;
          double ratio = e.ops_per_sec / b.ops_per_sec;
          std::printf("  engine/%s throughput ratio: %.2f\n", b.cache.c_str(), ratio);
          out["ratios"]["engine/" + b.cache] = ratio;
        }
      }
    } else if (mode == "fill") {
      std::printf("fill: %llu entries, %zu B keys, %s B values, extent %s\n",
                  (unsigned long long)entries, w.key_size, vmin.c_str(), extent.c_str());
      // A pool exactly large enough for all the entries.
      c.pool_size = entries * vb::extents_for(w.value_min, c.extent_size) *
                    c.extent_size;
      for (auto k : kinds) {
        c.kind = k;
        vb::FillResult r = vb::measure_fill(c, entries, w.key_size, w.value_min);
        std::printf("  %-9s DRAM_SIZE_USED/entry %.1f  malloc/entry %.1f  "
                    "RssAnon/entry %.1f  fixed RssAnon %.0f\n",
                    std::string(vb::kind_name(k)).c_str(), r.stat_dram_per_entry,
                    r.malloc_per_entry, r.rss_anon_per_entry, r.rss_anon_fixed);
        json j = vb::to_json(r);
        j["cache"] = vb::kind_name(k);
        out["results"].push_back(j);
      }
    } else if (mode == "churn") {
      std::printf("churn: %.0fx pool %s, values %s..%s uniform, extent %s\n",
                  churn_factor, pool.c_str(), vmin.c_str(), vmax.c_str(), extent.c_str());
      for (auto k : kinds) {
        c.kind = k;
        vb::ChurnResult r = vb::measure_churn(c, churn_factor, w.value_min,
                                              w.value_max, w.key_size, w.seed);
        std::printf("  %-9s pool utilization %.4f  payload utilization %.4f  "
                    "puts %llu failed %llu\n",
                    std::string(vb::kind_name(k)).c_str(), r.pool_utilization,
                    r.payload_utilization, (unsigned long long)r.puts,
                    (unsigned long long)r.put_failures);
        print_stats(std::string(vb::kind_name(k)), r.stats);
        json j = vb::to_json(r);
        j["cache"] = vb::kind_name(k);
        out["results"].push_back(j);
      }
    } else {
      throw std::invalid_argument("bad --mode: " + mode);
    }
    if (!json_path.empty()) {
      std::ofstream f(json_path);
      f << out.dump(2) << "\n";
      if (!f) throw std::runtime_error("cannot write " + json_path);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc_bench_driver: %s\n", e.what());
    return 1;
  }
  return 0;
}
