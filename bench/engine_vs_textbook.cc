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
#include <fstream>
#include <cstdio>
#include <string>
#include <vector>

#include "workload/cache_under_test.h"
#include "workload/generators.h"
#include "workload/memory.h"
#include "workload/report_json.h"

namespace vb = vmc::bench;

namespace {

struct Figures {
  double get_hit_mops = 0;
  double put_evict_mops = 0;
  double dram_per_entry = 0;
};

double mops(std::uint64_t n, std::chrono::steady_clock::time_point t0) {
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
                 .count();
  return n / s / 1e6;
}

// Fills the cache with `keys` distinct keys, times `gets` random hits, then
// `puts` puts of new keys (the cache being full, each evicts).
void throughput(vb::CacheUnderTest& cache, std::uint64_t keys,
                std::uint64_t gets, std::uint64_t puts, std::size_t key_size,
                std::size_t value_size, Figures* f) {
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
                 std::string(cache.name()).c_str(),
                 (unsigned long long)(gets - hits), (unsigned long long)gets);
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"engine vs textbook LRU cache: get-hit, put-with-eviction, DRAM/entry"};
  std::string pool = "64M", dir = "/dev/shm";
  std::uint64_t extent = 256, value_size = 1024, keys = 1 << 14;
  std::uint64_t gets = 2'000'000, puts = 1'000'000, entries = 1'000'000;
  std::uint64_t fill_value = 64;
  std::size_t key_size = 16;
  std::string json_path;
  unsigned rounds = 3;
  app.add_option("--pool-size", pool, "cache size for the throughput figures")
      ->capture_default_str();
  app.add_option("--extent-size", extent, "extent size")->capture_default_str();
  app.add_option("--value-size", value_size, "value bytes (throughput)")
      ->capture_default_str();
  app.add_option("--keys", keys, "keys present during the get-hit run")
      ->capture_default_str();
  app.add_option("--gets", gets, "timed gets")->capture_default_str();
  app.add_option("--puts", puts, "timed puts")->capture_default_str();
  app.add_option("--key-size", key_size, "key bytes")->capture_default_str();
  app.add_option("--entries", entries, "entries for the DRAM figure")
      ->capture_default_str();
  app.add_option("--fill-value", fill_value, "value bytes for the DRAM figure")
      ->capture_default_str();
  app.add_option("--dir", dir, "directory for the engine's pool")->capture_default_str();
  app.add_option("--rounds", rounds, "throughput rounds per cache (median reported)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--json", json_path, "also write the figures here as JSON");
  CLI11_PARSE(app, argc, argv);

  try {
    vb::CacheConfig c;
    c.pool_size = vb::parse_size(pool);
    c.extent_size = extent;
    c.dir = dir;
    Figures fig[2];
    double textbook_values_per_entry = 0;
    const vb::CacheKind kinds[2] = {vb::CacheKind::kEngine, vb::CacheKind::kTextbook};
    // Throughput: `rounds` alternating rounds (engine, textbook, engine, ...)
    // so that load from elsewhere hits both alike; each figure is the
    // median of its rounds.
    std::vector<double> get_runs[2], put_runs[2];
    for (unsigned round = 0; round < rounds; ++round) {
      for (int i = 0; i < 2; ++i) {
        c.kind = kinds[i];
        auto cache = vb::make_cache(c);
        Figures f;
        throughput(*cache, keys, gets, puts, key_size, value_size, &f);
        get_runs[i].push_back(f.get_hit_mops);
        put_runs[i].push_back(f.put_evict_mops);
      }
    }
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    for (int i = 0; i < 2; ++i) {
      c.kind = kinds[i];
      fig[i].get_hit_mops = median(get_runs[i]);
      fig[i].put_evict_mops = median(put_runs[i]);
      // A pool just large enough for `entries` values of fill_value bytes.
      vb::CacheConfig m = c;
      m.pool_size = entries * vb::extents_for(fill_value, extent) * extent;
      vb::FillResult r = vb::measure_fill(m, entries, key_size, fill_value);
      fig[i].dram_per_entry =
          i == 0 ? r.stat_dram_per_entry : r.malloc_per_entry;
      if (i == 1) textbook_values_per_entry = static_cast<double>(fill_value);
    }
    std::printf("single thread, %zu B keys; throughput (median of %u rounds): %llu B "
                "values, pool %s, extent %llu; DRAM: %llu entries, %llu B values\n",
                key_size, rounds, (unsigned long long)value_size, pool.c_str(),
                (unsigned long long)extent, (unsigned long long)entries,
                (unsigned long long)fill_value);
    std::printf("%-30s %12s %12s %16s\n", "figure", "engine", "textbook",
                "engine/textbook");
    std::printf("%-30s %12.3f %12.3f %15.2fx  (higher is better)\n",
                "get-hit Mops/s", fig[0].get_hit_mops, fig[1].get_hit_mops,
                fig[0].get_hit_mops / fig[1].get_hit_mops);
    std::printf("%-30s %12.3f %12.3f %15.2fx  (higher is better)\n",
                "put-with-eviction Mops/s", fig[0].put_evict_mops,
                fig[1].put_evict_mops, fig[0].put_evict_mops / fig[1].put_evict_mops);
    std::printf("%-30s %12.1f %12.1f %15.2fx  (lower is better)\n",
                "DRAM bytes/entry", fig[0].dram_per_entry, fig[1].dram_per_entry,
                fig[0].dram_per_entry / fig[1].dram_per_entry);
    std::printf("%-30s %12.1f %12.1f %15.2fx  (lower is better; textbook "
                "without its %.0f value bytes)\n",
                "DRAM bytes/entry excl. values", fig[0].dram_per_entry,
                fig[1].dram_per_entry - textbook_values_per_entry,
                fig[0].dram_per_entry /
                    (fig[1].dram_per_entry - textbook_values_per_entry),
                textbook_values_per_entry);
    if (!json_path.empty()) {
      nlohmann::json out;
      out["label"] = "quick";
      out["mode"] = "quick";
      out["machine"] = vb::machine_info();
      out["results"] = nlohmann::json::array();
      for (int i = 0; i < 2; ++i) {
        out["results"].push_back({{"cache", vb::kind_name(kinds[i])},
                                  {"get_hit_mops", fig[i].get_hit_mops},
                                  {"put_evict_mops", fig[i].put_evict_mops},
                                  {"dram_per_entry", fig[i].dram_per_entry}});
      }
      std::ofstream f(json_path);
      f << out.dump(2) << "\n";
      if (!f) throw std::runtime_error("cannot write " + json_path);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc_bench_quick: %s\n", e.what());
    return 1;
  }
  return 0;
}
