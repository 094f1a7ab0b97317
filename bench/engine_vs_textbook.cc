// engine_vs_textbook.cc -- vmc_bench_quick: three single-thread figures for
// the engine, each beside the same figure for the textbook cache (exact LRU,
// unordered_map + list, one mutex, values in DRAM) measured in the same run:
//
// Throughput figures are medians of alternating rounds (--rounds).
//
//   get-hit          Mops/s of gets of random keys that are all present
//   put-with-evict   Mops/s of puts of new keys into a full cache
//   DRAM per entry   engine: DRAM_SIZE_USED / ENTRIES; textbook: glibc heap
//                    growth (mallinfo2) / entries, with the value bytes it
//                    holds in DRAM, and without them
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "workload/cache_under_test.h"
#include "workload/generators.h"
#include "workload/memory.h"
#include "workload/report_json.h"
#include "workload/static_tls.h"

namespace vb = vmc::bench;

namespace {

struct Figures {
  double get_hit_mops = 0;
  double put_evict_mops = 0;
  double dram_per_entry = 0;
};

double mops(std::uint64_t n, std::chrono::steady_clock::time_point t0) {
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return n / s / 1e6;
}

// Fills the cache with `keys` distinct keys, times `gets` random hits, then
// `puts` puts of new keys (the cache being full, each evicts).
void throughput(vb::CacheUnderTest& cache, std::uint64_t keys, std::uint64_t gets,
                std::uint64_t puts, std::size_t key_size, std::size_t value_size, Figures* f) {
  vb::KeyMaker km(key_size);
  vb::Rng rng(42);
  std::vector<char> value(value_size, 'v'), buf(value_size);
  for (std::uint64_t id = 0; id < keys; ++id) {
    auto k = km.make(id);
    cache.put(k.data(), k.size(), value.data(), value.size());
  }
  std::uint64_t hits = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < gets; ++i) {
    auto k = km.make(rng.below(keys));
    std::size_t vsize;
    hits += cache.get(k.data(), k.size(), buf.data(), buf.size(), &vsize);
  }
  f->get_hit_mops = mops(gets, t0);
  if (hits != gets) {
    std::fprintf(stderr, "warning: %s: %llu of %llu gets missed\n",
                 std::string(cache.name()).c_str(), (unsigned long long)(gets - hits),
                 (unsigned long long)gets);
  }
  // Fill to the brim first, so every timed put evicts.
  std::uint64_t id = keys;
  const std::uint64_t bytes =
      vb::extents_for(value_size, cache.extent_size()) * cache.extent_size();
  while (cache.stats().pool_size_used + bytes <= cache.capacity()) {
    auto k = km.make(id++);
    cache.put(k.data(), k.size(), value.data(), value.size());
  }
  t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < puts; ++i) {
    auto k = km.make(id++);
    cache.put(k.data(), k.size(), value.data(), value.size());
  }
  f->put_evict_mops = mops(puts, t0);
}

struct Options {
  std::string pool = "64M", dir = "/dev/shm";
  std::uint64_t extent = 256, value_size = 1024, keys = 1 << 14;
  std::uint64_t gets = 2'000'000, puts = 1'000'000, entries = 1'000'000;
  std::uint64_t fill_value = 64;
  std::size_t key_size = 16;
  std::string json_path;
  unsigned rounds = 3;
  vb::LibraryPaths libs = vb::default_library_paths();
};

void add_options(CLI::App& app, Options& o) {
  app.add_option("--pool-size", o.pool, "cache size for the throughput figures")
      ->capture_default_str();
  app.add_option("--extent-size", o.extent, "extent size")->capture_default_str();
  app.add_option("--value-size", o.value_size, "value bytes (throughput)")->capture_default_str();
  app.add_option("--keys", o.keys, "keys present during the get-hit run")->capture_default_str();
  app.add_option("--gets", o.gets, "timed gets")->capture_default_str();
  app.add_option("--puts", o.puts, "timed puts")->capture_default_str();
  app.add_option("--key-size", o.key_size, "key bytes")->capture_default_str();
  app.add_option("--entries", o.entries, "entries for the DRAM figure")->capture_default_str();
  app.add_option("--fill-value", o.fill_value, "value bytes for the DRAM figure")
      ->capture_default_str();
  app.add_option("--dir", o.dir, "directory for the engine's pool")->capture_default_str();
  app.add_option("--engine-lib", o.libs.engine, "the engine library to load")
      ->capture_default_str();
  app.add_option("--rounds", o.rounds, "throughput rounds per cache (median reported)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--json", o.json_path, "also write the figures here as JSON");
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Throughput: `rounds` alternating rounds (engine, textbook, engine, ...)
// so that load from elsewhere hits both alike; each figure is the median of
// its rounds.  Then the DRAM figure, in a pool just large enough for
// `entries` values of fill_value bytes.
void measure(const Options& o, const vb::CacheConfig (&cfg)[2], Figures (&fig)[2]) {
  std::vector<double> get_runs[2], put_runs[2];
  for (unsigned round = 0; round < o.rounds; ++round) {
    for (int i = 0; i < 2; ++i) {
      auto cache = vb::make_cache(cfg[i]);
      Figures f;
      throughput(*cache, o.keys, o.gets, o.puts, o.key_size, o.value_size, &f);
      get_runs[i].push_back(f.get_hit_mops);
      put_runs[i].push_back(f.put_evict_mops);
    }
  }
  for (int i = 0; i < 2; ++i) {
    fig[i].get_hit_mops = median(get_runs[i]);
    fig[i].put_evict_mops = median(put_runs[i]);
    vb::CacheConfig m = cfg[i];
    m.pool_size = o.entries * vb::extents_for(o.fill_value, o.extent) * o.extent;
    vb::FillResult r = vb::measure_fill(m, o.entries, o.key_size, o.fill_value);
    fig[i].dram_per_entry = i == 0 ? r.stat_dram_per_entry : r.malloc_per_entry;
  }
}

void print(const Options& o, const Figures (&fig)[2]) {
  // The textbook cache holds its values in DRAM; the second DRAM line
  // takes them out.
  const double tb_values = static_cast<double>(o.fill_value);
  std::printf(
      "single thread, %zu B keys; throughput (median of %u rounds): %llu B "
      "values, pool %s, extent %llu; DRAM: %llu entries, %llu B values\n",
      o.key_size, o.rounds, (unsigned long long)o.value_size, o.pool.c_str(),
      (unsigned long long)o.extent, (unsigned long long)o.entries,
      (unsigned long long)o.fill_value);
  std::printf("%-30s %12s %12s %16s\n", "figure", "engine", "textbook", "engine/textbook");
  std::printf("%-30s %12.3f %12.3f %15.2fx  (higher is better)\n", "get-hit Mops/s",
              fig[0].get_hit_mops, fig[1].get_hit_mops, fig[0].get_hit_mops / fig[1].get_hit_mops);
  std::printf("%-30s %12.3f %12.3f %15.2fx  (higher is better)\n", "put-with-eviction Mops/s",
              fig[0].put_evict_mops, fig[1].put_evict_mops,
              fig[0].put_evict_mops / fig[1].put_evict_mops);
  std::printf("%-30s %12.1f %12.1f %15.2fx  (lower is better)\n", "DRAM bytes/entry",
              fig[0].dram_per_entry, fig[1].dram_per_entry,
              fig[0].dram_per_entry / fig[1].dram_per_entry);
  std::printf(
      "%-30s %12.1f %12.1f %15.2fx  (lower is better; textbook without its %.0f value "
      "bytes)\n",
      "DRAM bytes/entry excl. values", fig[0].dram_per_entry, fig[1].dram_per_entry - tb_values,
      fig[0].dram_per_entry / (fig[1].dram_per_entry - tb_values), tb_values);
}

void write_json(const std::string& path, const Figures (&fig)[2]) {
  nlohmann::json out;
  out["label"] = "quick";
  out["mode"] = "quick";
  out["machine"] = vb::machine_info();
  out["results"] = nlohmann::json::array();
  const char* names[2] = {"engine", "textbook"};
  for (int i = 0; i < 2; ++i) {
    out["results"].push_back({{"cache", names[i]},
                              {"get_hit_mops", fig[i].get_hit_mops},
                              {"put_evict_mops", fig[i].put_evict_mops},
                              {"dram_per_entry", fig[i].dram_per_entry}});
  }
  std::ofstream f(path);
  f << out.dump(2) << "\n";
  if (!f) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"engine vs textbook LRU cache: get-hit, put-with-eviction, DRAM/entry"};
  Options o;
  add_options(app, o);
  CLI11_PARSE(app, argc, argv);
  try {
    vb::ensure_static_tls_room(argc, argv, 1);
    vb::CacheConfig cfg[2];
    for (int i = 0; i < 2; ++i) {
      cfg[i].pool_size = vb::parse_bytes(o.pool);
      cfg[i].extent_size = o.extent;
      cfg[i].dir = o.dir;
      vb::parse_cache_spec(i == 0 ? "engine" : "textbook", o.libs, &cfg[i]);
    }
    Figures fig[2];
    measure(o, cfg, fig);
    print(o, fig);
    if (!o.json_path.empty()) write_json(o.json_path, fig);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc_bench_quick: %s\n", e.what());
    return 1;
  }
  return 0;
}
