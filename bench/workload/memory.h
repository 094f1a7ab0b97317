// memory.h -- memory figures: DRAM per entry, pool utilization after churn,
// and the machine's dependent-load latency (the yardstick for a get).
//
// Single-threaded measurements; each builds its own cache from `cfg`.
#ifndef VMC_BENCH_MEMORY_H
#define VMC_BENCH_MEMORY_H

#include <cstdint>
#include <string>

#include "cache_under_test.h"

namespace vmc::bench {

// The process's heap and anonymous memory now.
struct MemSnapshot {
  std::uint64_t malloc_bytes = 0;  // mallinfo2: uordblks + hblkhd (glibc)
  std::uint64_t rss_anon = 0;      // /proc/self/status RssAnon
};
MemSnapshot mem_snapshot();

struct FillResult {
  std::uint64_t entries = 0;
  std::uint64_t key_size = 0, value_size = 0;
  CacheStats stats;
  double stat_dram_per_entry = 0;  // DRAM_SIZE_USED / ENTRIES (engine)
  double malloc_per_entry = 0;     // glibc heap growth while filling
  double rss_anon_per_entry = 0;   // anonymous RSS growth while filling
  double rss_anon_fixed = 0;       // anonymous RSS taken by creating it
};
// Puts `entries` distinct keys (key_size bytes, value_size-byte values) into
// a fresh cache that is large enough to hold them all.
FillResult measure_fill(const CacheConfig& cfg, std::uint64_t entries, std::uint64_t key_size,
                        std::uint64_t value_size);

struct ChurnResult {
  std::uint64_t puts = 0, put_failures = 0, bytes_put = 0;
  CacheStats stats;
  double pool_utilization = 0;     // POOL_SIZE_USED / pool size
  double payload_utilization = 0;  // live value bytes / pool size
};
// Puts distinct keys with uniform random sizes in [vmin, vmax] until
// `factor` times the pool's size has been put, then reads the statistics.
ChurnResult measure_churn(const CacheConfig& cfg, double factor, std::uint64_t vmin,
                          std::uint64_t vmax, std::uint64_t key_size, std::uint64_t seed);

// Mean latency of one dependent load (pointer chase, random order, one
// cache line per node) over a buffer of `bytes` bytes of anonymous memory
// without huge pages (like the engine's pool pages by default).
double chase_latency_ns(std::uint64_t bytes, std::uint64_t seed);

// The same chase over a chosen medium, with or without transparent huge
// pages: `dir` empty is anonymous memory, else an unlinked file in `dir`
// (the engine's pool medium) mapped shared.  huge_pages asks the kernel
// with madvise(MADV_HUGEPAGE) (else MADV_NOHUGEPAGE); whether it obliged
// is read back from /proc/self/smaps.
struct ChaseConfig {
  std::uint64_t bytes = 1ull << 30;
  std::uint64_t seed = 1;
  std::string dir;  // empty: anonymous memory
  bool huge_pages = false;
};
struct ChaseResult {
  double ns = 0;             // per dependent load
  double huge_fraction = 0;  // share of the buffer mapped by huge pages
};
ChaseResult chase(const ChaseConfig& cfg);

// What decides whether huge pages are possible for `dir` (or anonymous
// memory when empty): the sysfs THP settings and the mount's huge= option,
// in one line for the report.
std::string thp_policy(const std::string& dir);

}  // namespace vmc::bench

#endif  // VMC_BENCH_MEMORY_H
