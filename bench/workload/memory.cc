// memory.cc -- see memory.h.
#include "memory.h"

#include <malloc.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "generators.h"

namespace vmc::bench {

MemSnapshot mem_snapshot() {
  MemSnapshot s;
  struct mallinfo2 mi = mallinfo2();
  s.malloc_bytes = mi.uordblks + mi.hblkhd;
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("RssAnon:", 0) == 0) {
      s.rss_anon = std::stoull(line.substr(8)) * 1024;  // reported in kB
      break;
    }
  }
  return s;
}

FillResult measure_fill(const CacheConfig& cfg, std::uint64_t entries,
                        std::uint64_t key_size, std::uint64_t value_size) {
  FillResult r;
  r.key_size = key_size;
  r.value_size = value_size;
  std::vector<char> value(value_size == 0 ? 1 : value_size, 'v');
  KeyMaker keys(key_size);
  MemSnapshot before = mem_snapshot();
  auto cache = make_cache(cfg);
  MemSnapshot created = mem_snapshot();
  for (std::uint64_t id = 0; id < entries; ++id) {
    std::string_view k = keys.make(id);
    int rc = cache->put(k.data(), k.size(), value.data(), value_size);
    if (rc != 0) {
      throw std::runtime_error("fill: put failed with errno " +
                               std::to_string(rc));
    }
  }
  MemSnapshot filled = mem_snapshot();
  r.stats = cache->stats();
  r.entries = r.stats.entries;
  const double n = r.entries ? static_cast<double>(r.entries) : 1.0;
  r.stat_dram_per_entry = r.stats.dram_size_used / n;
  r.malloc_per_entry =
      (static_cast<double>(filled.malloc_bytes) - created.malloc_bytes) / n;
  r.rss_anon_per_entry =
      (static_cast<double>(filled.rss_anon) - created.rss_anon) / n;
  r.rss_anon_fixed =
      static_cast<double>(created.rss_anon) - static_cast<double>(before.rss_anon);
  return r;
}

ChurnResult measure_churn(const CacheConfig& cfg, double factor,
                          std::uint64_t vmin, std::uint64_t vmax,
                          std::uint64_t key_size, std::uint64_t seed) {
  ChurnResult r;
  auto cache = make_cache(cfg);
  Rng rng(seed);
  ValueSizes sizes(vmin, vmax, false);
  std::vector<char> value(vmax == 0 ? 1 : vmax);
  for (auto& c : value) c = static_cast<char>(rng.next());
  KeyMaker keys(key_size);
  const double target = factor * static_cast<double>(cache->capacity());
  std::uint64_t id = 0;
  while (static_cast<double>(r.bytes_put) < target) {
    std::string_view k = keys.make(id++);
    std::uint64_t v = sizes.next(rng);
    if (cache->put(k.data(), k.size(), value.data(), v) != 0) {
      ++r.put_failures;
    }
    ++r.puts;
    r.bytes_put += v;
  }
  r.stats = cache->stats();
  const double cap = static_cast<double>(cache->capacity());
  r.pool_utilization = r.stats.pool_size_used / cap;
  // Live payload: every key ever put, asked for its size (gets copy nothing).
  std::uint64_t live = 0;
  for (std::uint64_t i = 0; i < id; ++i) {
    std::string_view k = keys.make(i);
    std::size_t vsize = 0;
    if (cache->get(k.data(), k.size(), nullptr, 0, &vsize)) live += vsize;
  }
  r.payload_utilization = live / cap;
  return r;
}

double chase_latency_ns(std::uint64_t bytes, std::uint64_t seed) {
  constexpr std::uint64_t kLine = 64;
  // At most 4 Mi nodes (256 MiB of lines: far beyond any last-level cache),
  // spread evenly over the buffer so the TLB sees all of it.
  constexpr std::uint64_t kMaxNodes = 4ull << 20;
  const std::uint64_t lines = bytes / kLine;
  if (lines < 2) throw std::invalid_argument("chase: buffer too small");
  const std::uint64_t nodes = lines < kMaxNodes ? lines : kMaxNodes;
  const std::uint64_t stride = lines / nodes;  // in lines
  void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) throw std::runtime_error("chase: mmap failed");
  madvise(mem, bytes, MADV_NOHUGEPAGE);  // like the engine's pool pages
  auto* base = static_cast<char*>(mem);
  Rng rng(seed);
  std::vector<std::uint64_t> line_of(nodes);
  for (std::uint64_t i = 0; i < nodes; ++i) {
    line_of[i] = i * stride + (stride > 1 ? rng.below(stride) : 0);
  }
  // Sattolo's algorithm: one random cycle through all nodes.
  std::vector<std::uint32_t> order(nodes);
  for (std::uint64_t i = 0; i < nodes; ++i) order[i] = static_cast<std::uint32_t>(i);
  for (std::uint64_t i = nodes - 1; i > 0; --i) {
    std::swap(order[i], order[rng.below(i)]);
  }
  for (std::uint64_t i = 0; i < nodes; ++i) {
    char* from = base + line_of[order[i]] * kLine;
    char* to = base + line_of[order[(i + 1) % nodes]] * kLine;
    *reinterpret_cast<char**>(from) = to;
  }
  // Walk once to warm, then time 2 Mi loads (or 4 laps, whichever is more).
  char* p = base + line_of[order[0]] * kLine;
  for (std::uint64_t i = 0; i < nodes; ++i) p = *reinterpret_cast<char**>(p);
  const std::uint64_t steps = std::max<std::uint64_t>(2ull << 20, 4 * nodes);
  auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < steps; ++i) p = *reinterpret_cast<char**>(p);
  auto t1 = std::chrono::steady_clock::now();
  // Keep p alive so the loop is not removed.
  asm volatile("" : : "r"(p) : "memory");
  munmap(mem, bytes);
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / steps;
}

}  // namespace vmc::bench
