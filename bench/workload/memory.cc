// memory.cc -- see memory.h.
#include "memory.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
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

FillResult measure_fill(const CacheConfig& cfg, std::uint64_t entries, std::uint64_t key_size,
                        std::uint64_t value_size) {
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
      throw std::runtime_error("fill: put failed with errno " + std::to_string(rc));
    }
  }
  MemSnapshot filled = mem_snapshot();
  r.stats = cache->stats();
  r.entries = r.stats.entries;
  const double n = r.entries ? static_cast<double>(r.entries) : 1.0;
  r.stat_dram_per_entry = r.stats.dram_size_used / n;
  r.malloc_per_entry = (static_cast<double>(filled.malloc_bytes) - created.malloc_bytes) / n;
  r.rss_anon_per_entry = (static_cast<double>(filled.rss_anon) - created.rss_anon) / n;
  r.rss_anon_fixed = static_cast<double>(created.rss_anon) - static_cast<double>(before.rss_anon);
  return r;
}

ChurnResult measure_churn(const CacheConfig& cfg, double factor, std::uint64_t vmin,
                          std::uint64_t vmax, std::uint64_t key_size, std::uint64_t seed) {
  ChurnResult r;
  auto cache = make_cache(cfg);
  Rng rng(seed);
  ValueSizes sizes(vmin, vmax, false, seed);
  std::vector<char> value(vmax == 0 ? 1 : vmax);
  for (auto& c : value) c = static_cast<char>(rng.next());
  KeyMaker keys(key_size);
  const double target = factor * static_cast<double>(cache->capacity());
  std::uint64_t id = 0;
  while (static_cast<double>(r.bytes_put) < target) {
    std::uint64_t v = sizes.for_key(id);
    std::string_view k = keys.make(id++);
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

namespace {

constexpr std::uint64_t kHugePage = 2ull << 20;

// A buffer for the chase, aligned to a huge page so the kernel can back it
// with huge pages wherever the medium allows.
struct ChaseBuffer {
  char* base = nullptr;  // aligned start
  void* map = nullptr;   // what to unmap
  std::uint64_t map_bytes = 0;

  ChaseBuffer(const ChaseConfig& cfg) {
    int fd = -1;
    if (!cfg.dir.empty()) {
      fd = open(cfg.dir.c_str(), O_TMPFILE | O_RDWR, 0600);
      if (fd < 0 || ftruncate(fd, static_cast<off_t>(cfg.bytes)) != 0) {
        if (fd >= 0) close(fd);
        throw std::runtime_error("chase: cannot make a " + std::to_string(cfg.bytes) +
                                 "-byte file in " + cfg.dir + ": " + std::strerror(errno));
      }
    }
    // Reserve one huge page more, then map (or keep) the aligned part.
    map_bytes = cfg.bytes + kHugePage;
    map = mmap(nullptr, map_bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (map == MAP_FAILED) throw std::runtime_error("chase: mmap failed");
    auto aligned = (reinterpret_cast<std::uintptr_t>(map) + kHugePage - 1) & ~(kHugePage - 1);
    void* p = fd >= 0 ? mmap(reinterpret_cast<void*>(aligned), cfg.bytes, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_FIXED, fd, 0)
                      : mmap(reinterpret_cast<void*>(aligned), cfg.bytes, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (fd >= 0) close(fd);
    if (p == MAP_FAILED) {
      munmap(map, map_bytes);
      throw std::runtime_error("chase: mmap of the buffer failed");
    }
    base = static_cast<char*>(p);
    madvise(base, cfg.bytes, cfg.huge_pages ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    std::memset(base, 0, cfg.bytes);  // fault every page in before timing
  }
  ~ChaseBuffer() { munmap(map, map_bytes); }
  ChaseBuffer(const ChaseBuffer&) = delete;
  ChaseBuffer& operator=(const ChaseBuffer&) = delete;
};

// kB of the smaps fields that count huge-page mappings, over the mapping
// that starts at `base`, divided by its size.
double huge_fraction(const void* base) {
  std::ifstream in("/proc/self/smaps");
  char start[32];
  std::snprintf(start, sizeof start, "%lx-", reinterpret_cast<unsigned long>(base));
  std::string line;
  bool inside = false;
  double size_kb = 0, huge_kb = 0;
  while (std::getline(in, line)) {
    unsigned long lo = 0, hi = 0;
    char perms[8];
    const bool header = std::sscanf(line.c_str(), "%lx-%lx %7s", &lo, &hi, perms) == 3;
    if (header) {
      if (inside) break;
      inside = line.rfind(start, 0) == 0;
      continue;
    }
    if (!inside) continue;
    auto field = [&](const char* name) {
      return line.rfind(name, 0) == 0 ? std::stod(line.substr(std::strlen(name))) : 0.0;
    };
    size_kb += field("Size:");
    huge_kb += field("AnonHugePages:") + field("ShmemPmdMapped:") + field("FilePmdMapped:");
  }
  return size_kb > 0 ? huge_kb / size_kb : 0;
}

std::string first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line.empty() ? "(absent)" : line;
}

}  // namespace

ChaseResult chase(const ChaseConfig& cfg) {
  constexpr std::uint64_t kLine = 64;
  // At most 4 Mi nodes (256 MiB of lines: far beyond any last-level cache),
  // spread evenly over the buffer so the TLB sees all of it.
  constexpr std::uint64_t kMaxNodes = 4ull << 20;
  const std::uint64_t lines = cfg.bytes / kLine;
  if (lines < 2) throw std::invalid_argument("chase: buffer too small");
  const std::uint64_t nodes = lines < kMaxNodes ? lines : kMaxNodes;
  const std::uint64_t stride = lines / nodes;  // in lines
  ChaseBuffer buf(cfg);
  char* base = buf.base;
  Rng rng(cfg.seed);
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
  ChaseResult r;
  r.ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / steps;
  r.huge_fraction = huge_fraction(base);
  return r;
}

double chase_latency_ns(std::uint64_t bytes, std::uint64_t seed) {
  ChaseConfig c;
  c.bytes = bytes;
  c.seed = seed;
  return chase(c).ns;
}

std::string thp_policy(const std::string& dir) {
  std::string s = "anonymous THP: " + first_line("/sys/kernel/mm/transparent_hugepage/enabled") +
                  "; shmem_enabled (internal shm: SysV, memfd, shared anonymous; deny/force "
                  "override tmpfs mounts too): " +
                  first_line("/sys/kernel/mm/transparent_hugepage/shmem_enabled");
  if (dir.empty()) return s;
  // The mount that holds dir: the longest mount point that prefixes it.
  std::ifstream in("/proc/self/mounts");
  std::string dev, mnt, type, opts, best_type, best_opts, best_mnt;
  std::string rest;
  while (in >> dev >> mnt >> type >> opts && std::getline(in, rest)) {
    if (dir.rfind(mnt, 0) == 0 && mnt.size() >= best_mnt.size()) {
      best_mnt = mnt;
      best_type = type;
      best_opts = opts;
    }
  }
  std::string huge = "huge=never (the tmpfs default)";
  if (auto at = best_opts.find("huge="); at != std::string::npos) {
    huge = best_opts.substr(at, best_opts.find(',', at) - at);
  }
  return s + "; " + dir + " is " + best_type + " on " + best_mnt +
         (best_type == "tmpfs" ? ", " + huge +
                                     ": madvise can get huge pages only with "
                                     "huge=advise, within_size or always"
                               : "");
}

}  // namespace vmc::bench
