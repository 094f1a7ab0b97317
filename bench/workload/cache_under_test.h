// cache_under_test.h -- the one interface every benchmarked cache fills.
//
// The workload driver, the micro-benchmarks and the quick comparison program
// all talk to a cache through CacheUnderTest, so the engine (through its C
// API) and the baselines are measured by the same code in the same run:
//
//   engine    vmemcache through libvmemcache.h (engine_cache.cc)
//   textbook  exact LRU: unordered_map + list behind one mutex
//             (textbook_lru.cc); keys and value bytes live in DRAM
//   sharded   N textbook caches, each with 1/N of the capacity and its own
//             mutex, chosen by key hash (the memcached / RocksDB LRUCache
//             design)
//
// Semantics are the engine's (docs/SEMANTICS.md): put never overwrites
// (EEXIST), capacity is counted in extents of `extent_size` bytes, a value
// takes max(1, ceil(size / extent_size)) extents, and a full cache with
// policy LRU evicts until the value fits.
//
// Threads: every method except the constructor and destructor may be called
// from any number of threads at once.
#ifndef VMC_BENCH_CACHE_UNDER_TEST_H
#define VMC_BENCH_CACHE_UNDER_TEST_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace vmc::bench {

// The engine's nine statistics, in libvmemcache.h's order.  Baselines fill
// the same fields (dram_size_used: 0, it is measured from outside with
// malloc accounting; heap_entries: 0, they have no extent heap).
struct CacheStats {
  std::uint64_t put = 0;
  std::uint64_t get = 0;
  std::uint64_t hit = 0;
  std::uint64_t miss = 0;
  std::uint64_t evict = 0;
  std::uint64_t entries = 0;
  std::uint64_t dram_size_used = 0;
  std::uint64_t pool_size_used = 0;
  std::uint64_t heap_entries = 0;
};

enum class CacheKind { kEngine, kTextbook, kSharded };

struct CacheConfig {
  CacheKind kind = CacheKind::kEngine;
  std::uint64_t pool_size = 64ull << 20;  // bytes; rounded up to 4096
  std::uint64_t extent_size = 256;        // bytes
  bool policy_lru = true;                 // false: policy NONE
  std::string dir = "/dev/shm";           // engine only: where the pool lives
  unsigned shards = 64;                   // sharded only
};

class CacheUnderTest {
 public:
  virtual ~CacheUnderTest() = default;

  virtual std::string_view name() const = 0;

  // On a hit copies min(buf_size, size) bytes into buf, sets *vsize (if not
  // null) and returns true; a miss returns false.
  virtual bool get(const void* key, std::size_t key_size, void* buf,
                   std::size_t buf_size, std::size_t* vsize) = 0;
  // True if present; touches no recency and no statistic.
  virtual bool exists(const void* key, std::size_t key_size) = 0;
  // 0 on success, else the errno the engine would set (EEXIST, ENOSPC, ...).
  virtual int put(const void* key, std::size_t key_size, const void* value,
                  std::size_t value_size) = 0;
  // Removes the key; false if absent.
  virtual bool erase(const void* key, std::size_t key_size) = 0;
  // Evicts the replacement policy's victim; false if the cache is empty.
  virtual bool evict_one() = 0;
  virtual CacheStats stats() = 0;
  // Bytes of value space: the pool size rounded as the engine rounds it.
  virtual std::uint64_t capacity() const = 0;
  virtual std::uint64_t extent_size() const = 0;
};

std::string_view kind_name(CacheKind kind);
// Parses "engine", "textbook" or "sharded"; false for anything else.
bool parse_kind(std::string_view s, CacheKind* kind);

// Builds the cache; throws std::runtime_error (with the engine's error
// message) if it cannot.
std::unique_ptr<CacheUnderTest> make_cache(const CacheConfig& cfg);

// Defined in engine_cache.cc, or in engine_stub.cc when the benchmarks are
// built without the engine (VMC_BENCH_WITH_ENGINE=OFF).
std::unique_ptr<CacheUnderTest> make_engine_cache(const CacheConfig& cfg);
std::unique_ptr<CacheUnderTest> make_textbook_cache(const CacheConfig& cfg);
std::unique_ptr<CacheUnderTest> make_sharded_cache(const CacheConfig& cfg);

// Page-rounded pool size and number of extents, exactly as the engine
// computes them (docs/SEMANTICS.md, "Units").
constexpr std::uint64_t kPageSize = 4096;
constexpr std::uint64_t rounded_pool(std::uint64_t pool_size) {
  return (pool_size + kPageSize - 1) / kPageSize * kPageSize;
}
constexpr std::uint64_t extents_for(std::uint64_t value_size,
                                    std::uint64_t extent_size) {
  return value_size == 0 ? 1 : (value_size + extent_size - 1) / extent_size;
}

}  // namespace vmc::bench

#endif  // VMC_BENCH_CACHE_UNDER_TEST_H
