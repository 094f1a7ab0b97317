// driver.cc -- vmc_bench_driver: runs one workload against the engine and
// the baselines, in the same process, and prints throughput, latency
// percentiles, hit ratio, the caches' statistics, the ratios between caches
// and between thread counts, and (when the engine counts them) the
// shared-write budget.  --json writes the same as one JSON document.
//
// Modes (one function each, driver_run.cc and driver_modes.cc):
//   run    a workload (get-put or mix), at each --threads count, see
//          workload/runner.h
//   fill   DRAM per entry: put --entries distinct keys into a fresh cache
//   churn  pool utilization after --churn-factor x the pool has been put
//   chase  the machine's dependent-load latency over --pool-size bytes;
//          --thp compare also over the pool's medium, with and without
//          transparent huge pages
//   pingpong  what a write to a cache line another thread writes costs
//          (--threads, --ops per thread): the unit of the shared-write budget
//   libs   which library each --caches spec loads, and its extensions
// This file parses the command line, then calls the mode.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "driver.h"
#include "workload/dl_library.h"
#include "workload/report_json.h"
#include "workload/static_tls.h"

namespace vb = vmc::bench;
using nlohmann::json;

namespace {

// The options as typed; finish() turns them into vb::DriverOptions.
struct Cli {
  vb::DriverOptions o;
  std::string workload = "get-put", caches = "engine,textbook,sharded";
  std::string extent = "256", policy = "lru";
  std::string vmin = "1024", vmax = "1024", vdist = "uniform", get_bytes = "0";
  std::string key_dist = "uniform", json_path, label, pin = "none";
  std::vector<unsigned> mix = {87, 2, 10, 1};
  bool no_prefill = false;
  vb::LibraryPaths libs = vb::default_library_paths();
};

void add_cache_options(CLI::App& app, Cli& c) {
  app.add_option("--caches", c.caches,
                 "comma-separated: engine, upstream, lib:NAME=PATH, textbook, sharded, copy; "
                 "a library may end in +thp/+nothp (vmemcache_set_huge_pages); ratios are the "
                 "first over each other")
      ->capture_default_str();
  app.add_option("--engine-lib", c.libs.engine, "the library 'engine' loads")
      ->capture_default_str();
  app.add_option("--upstream-lib", c.libs.upstream, "the library 'upstream' loads")
      ->capture_default_str();
  app.add_option("--pool-size", c.o.pool_text, "cache size (K/M/G suffixes)")
      ->capture_default_str();
  app.add_option("--extent-size", c.extent, "extent size")->capture_default_str();
  app.add_option("--policy", c.policy, "lru | none")->capture_default_str();
  app.add_option("--dir", c.o.cache.dir, "directory for the pools")->capture_default_str();
  app.add_option("--shards", c.o.cache.shards, "shards of the sharded baseline")
      ->capture_default_str();
}

void add_workload_options(CLI::App& app, Cli& c) {
  vb::WorkloadConfig& w = c.o.workload;
  app.add_option("--workload", c.workload, "get-put | mix")->capture_default_str();
  app.add_option("--threads", c.o.threads, "worker threads; a list (1,2,16) runs each")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--ops", w.ops_per_thread, "timed operations per thread")->capture_default_str();
  app.add_option("--warmup", w.warmup_ops, "untimed operations per thread")->capture_default_str();
  app.add_flag("--no-prefill", c.no_prefill, "skip filling the cache before warm-up");
  app.add_option("--value-min", c.vmin, "smallest value")->capture_default_str();
  app.add_option("--value-max", c.vmax, "largest value")->capture_default_str();
  app.add_option("--value-dist", c.vdist,
                 "uniform | small (log-uniform); a key's size is "
                 "a function of the key")
      ->capture_default_str();
  app.add_option("--get-bytes", c.get_bytes, "bytes read per get (0: whole value)")
      ->capture_default_str();
  app.add_option("--keyspace-log2", w.keys.log2, "uniform, zipf: key space = 2^N keys")
      ->capture_default_str();
  app.add_option("--key-size", w.key_size, "key bytes (>= 8)")->capture_default_str();
  app.add_option("--key-dist", c.key_dist,
                 "uniform | zipf | lowbits:N (a random u64 keeping its N lowest set bits; "
                 "5: a few very hot keys, 30: almost all distinct) | one-hot (one key)")
      ->capture_default_str();
  app.add_option("--zipf-alpha", w.keys.zipf_alpha, "Zipf exponent")->capture_default_str();
  app.add_option("--seed", w.seed, "random seed")->capture_default_str();
  app.add_option("--sample-every", w.sample_every, "time every Nth op (0: none)")
      ->capture_default_str();
  app.add_option("--pin", c.pin,
                 "none | auto (the CPUs this process may use) | a list (1,0): worker t runs "
                 "pinned to the list's (t mod size)th CPU")
      ->capture_default_str();
  app.add_flag("--solo-each-cpu", c.o.solo_each_cpu,
               "with --pin naming 2+ CPUs: also measure 1 thread on each of the other CPUs, "
               "and print each thread count against the mean 1-thread rate over the CPUs");
  app.add_option("--mix", c.mix, "mix: % lookup-insert, insert, lookup, erase")
      ->expected(4)
      ->delimiter(',')
      ->capture_default_str();
}

void add_mode_options(CLI::App& app, Cli& c) {
  app.add_option("--mode", c.o.mode, "run | fill | churn | chase | pingpong | libs")
      ->capture_default_str();
  app.add_option("--entries", c.o.entries, "fill: entries to put (the pool is sized to fit them)")
      ->capture_default_str();
  app.add_option("--churn-factor", c.o.churn_factor, "churn: multiples of the pool to put")
      ->capture_default_str();
  app.add_option("--thp", c.o.thp,
                 "chase: off (anonymous memory, no huge pages) | compare "
                 "(anonymous and --dir, each without and with MADV_HUGEPAGE)")
      ->capture_default_str();
  app.add_option("--repeat", c.o.repeat,
                 "run, chase: alternating rounds; each figure is its median round")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--json", c.json_path, "also write the results here as JSON");
  app.add_option("--label", c.label, "a tag copied into the JSON");
}

// Turns the typed options into the mode's inputs; throws
// std::invalid_argument naming a bad one.
void finish(Cli& c) {
  vb::DriverOptions& o = c.o;
  vb::WorkloadConfig& w = o.workload;
  o.cache.pool_size = vb::parse_bytes(o.pool_text);
  o.cache.extent_size = vb::parse_bytes(c.extent);
  o.cache.policy_lru = c.policy == "lru";
  if (c.policy != "lru" && c.policy != "none") throw std::invalid_argument("bad --policy");
  w.prefill = !c.no_prefill;
  w.value_min = vb::parse_bytes(c.vmin);
  w.value_max = vb::parse_bytes(c.vmax);
  w.value_skew_small = c.vdist == "small";
  if (c.vdist != "small" && c.vdist != "uniform") throw std::invalid_argument("bad --value-dist");
  w.get_bytes = vb::parse_bytes(c.get_bytes);
  if (!vb::parse_key_dist(c.key_dist, &w.keys))
    throw std::invalid_argument("bad --key-dist " + c.key_dist +
                                ": use uniform, zipf, lowbits:N (N in 1..64) or one-hot");
  if (!vb::parse_workload(c.workload, &w.kind)) throw std::invalid_argument("bad --workload");
  if (o.threads.empty()) throw std::invalid_argument("--threads needs at least one count");
  w.cpus = vb::parse_cpus(c.pin);
  if (o.solo_each_cpu && w.cpus.size() < 2)
    throw std::invalid_argument("--solo-each-cpu needs --pin naming two or more CPUs");
  if (o.solo_each_cpu && std::set<int>(w.cpus.begin(), w.cpus.end()).size() != w.cpus.size())
    throw std::invalid_argument("--solo-each-cpu needs --pin to name each CPU once");
  w.pct_lookup_insert = c.mix[0];
  w.pct_insert = c.mix[1];
  w.pct_lookup = c.mix[2];
  w.pct_erase = c.mix[3];
  // The copy ceiling draws the workload's value sizes.
  o.cache.value_min = w.value_min;
  o.cache.value_max = w.value_max;
  o.cache.value_skew_small = w.value_skew_small;
  o.cache.seed = w.seed;
  if (o.mode == "chase" || o.mode == "pingpong") return;  // measure no cache
  std::stringstream ss(c.caches);
  for (std::string item; std::getline(ss, item, ',');) {
    vb::CacheConfig cfg = o.cache;
    vb::parse_cache_spec(item, c.libs, &cfg);
    o.caches.push_back(cfg);
  }
}

std::size_t libraries(const vb::DriverOptions& o) {
  std::size_t n = 0;
  for (const auto& c : o.caches) n += c.kind == vb::CacheKind::kLibrary;
  return n;
}

// Loads every library before anything is measured, so a bad path fails
// first, not in the middle of a run.
void load_libraries(const vb::DriverOptions& o) {
  for (const auto& c : o.caches) {
    if (c.kind == vb::CacheKind::kLibrary) vb::VmcLibrary::load(c.lib_path);
  }
}

json run(const Cli& c) {
  json out;
  out["mode"] = c.o.mode;
  out["label"] = c.label;
  out["machine"] = vb::machine_info();
  out["machine"]["static_tls_room"] = vb::static_tls_room();
  out["cache_config"] = vb::to_json(c.o.cache);
  out["caches"] = json::array();
  for (const auto& cfg : c.o.caches) out["caches"].push_back(vb::to_json(cfg));
  const std::string& m = c.o.mode;
  if (m == "run") {
    out["workload"] = vb::to_json(c.o.workload);
    out["threads"] = c.o.threads;
    out["repeat"] = c.o.repeat;
    json ratios = json::array(), solo = json::array();
    out["results"] = vb::run_mode(c.o, &ratios, &solo);
    out["ratios"] = ratios;
    if (c.o.solo_each_cpu) out["solo"] = solo;
  } else if (m == "fill") {
    out["results"] = vb::fill_mode(c.o);
  } else if (m == "churn") {
    out["results"] = vb::churn_mode(c.o);
  } else if (m == "chase") {
    out["results"] = vb::chase_mode(c.o);
  } else if (m == "pingpong") {
    out["results"] = vb::pingpong_mode(c.o);
  } else if (m == "libs") {
    out["results"] = vb::libs_mode(c.o);
  } else {
    throw std::invalid_argument("bad --mode: " + m);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vmemcache workload driver: engine vs baselines, same run"};
  Cli c;
  add_cache_options(app, c);
  add_workload_options(app, c);
  add_mode_options(app, c);
  CLI11_PARSE(app, argc, argv);
  try {
    finish(c);
    vb::ensure_static_tls_room(argc, argv, libraries(c.o));
    load_libraries(c.o);
    json out = run(c);
    if (!c.json_path.empty()) {
      std::ofstream f(c.json_path);
      f << out.dump(2) << "\n";
      if (!f) throw std::runtime_error("cannot write " + c.json_path);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc_bench_driver: %s\n", e.what());
    return 1;
  }
  return 0;
}
