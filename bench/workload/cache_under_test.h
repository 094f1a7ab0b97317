// cache_under_test.h -- the one interface every benchmarked cache fills.
//
// The workload driver, the micro-benchmarks and the quick comparison program
// all talk to a cache through CacheUnderTest, so every cache is measured by
// the same code in the same run.  Caches are named by a spec (--caches):
//
//   engine          this build's libvmemcache.so.0, loaded by path
//   upstream        the original libvmemcache, loaded by path (default
//                   ../shared/baselines/libvmemcache-upstream/libvmemcache.so.0)
//   lib:NAME=PATH   any libvmemcache-compatible library, loaded by path and
//                   reported as NAME (A/B comparisons of two builds)
//   textbook        exact LRU: unordered_map + list behind one mutex
//                   (textbook_lru.cc); keys and value bytes live in DRAM
//   sharded         N textbook caches, each with 1/N of the capacity and its
//                   own mutex, chosen by key hash (the memcached / RocksDB
//                   LRUCache design)
//   copy            the ceiling: only the workload's memory traffic, each get
//                   copying the key's value size from a place in a region of
//                   the pool's size (copy_cache.cc); no index, no locks, no
//                   miss
// A library spec may end in +thp or +nothp: vmemcache_set_huge_pages(1 or
// 0) before vmemcache_add (the name keeps the suffix).  Every library goes
// through the same loader (dl_library.h), our own engine included, so no
// two copies of the C API can be confused (see there).
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

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <vmc/models/cache_model.h>

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

  // Field by field (a sharded cache's shards together).
  CacheStats& operator+=(const CacheStats& o) {
    put += o.put, get += o.get, hit += o.hit, miss += o.miss, evict += o.evict;
    entries += o.entries, dram_size_used += o.dram_size_used;
    pool_size_used += o.pool_size_used, heap_entries += o.heap_entries;
    return *this;
  }
};

// The shared-write budget of one kind of operation (libvmemcache_ext.h):
// operations, atomic read-modify-writes and stores to memory another
// thread also writes.
struct SharedWriteCount {
  std::uint64_t ops = 0, rmw = 0, stores = 0;
};
// get-hit, get-miss, put, evicting put, evict (vmemcache_op's order).
constexpr int kSharedWriteOps = 5;
using SharedWrites = std::array<SharedWriteCount, kSharedWriteOps>;
extern const char* const kSharedWriteOpNames[kSharedWriteOps];
// after - before, per operation kind.
SharedWrites operator-(const SharedWrites& after, const SharedWrites& before);

enum class CacheKind { kLibrary, kTextbook, kSharded, kCopy };

struct CacheConfig {
  CacheKind kind = CacheKind::kLibrary;
  std::string name = "engine";            // as reported
  std::string lib_path;                   // library: the file to load
  int huge_pages = -1;                    // library: -1 leave the default, 0/1 set
  std::uint64_t pool_size = 64ull << 20;  // bytes; rounded up to 4096
  std::uint64_t extent_size = 256;        // bytes
  bool policy_lru = true;                 // false: policy NONE
  std::string dir = "/dev/shm";           // library, copy: where the pool lives
  unsigned shards = 64;                   // sharded only
  // copy only: the workload's value sizes (a key's size is a function of
  // the key and the seed, generators.h ValueSizes).
  std::uint64_t value_min = 1024, value_max = 1024;
  bool value_skew_small = false;
  std::uint64_t seed = 1;
};

// Where the library specs "engine" and "upstream" point.
struct LibraryPaths {
  std::string engine;    // default: this build's libvmemcache.so.0
  std::string upstream;  // default: the shared baseline copy, if present
};
LibraryPaths default_library_paths();

class CacheUnderTest {
 public:
  virtual ~CacheUnderTest() = default;

  virtual std::string_view name() const = 0;

  // On a hit copies min(buf_size, size) bytes into buf, sets *vsize (if not
  // null) and returns true; a miss returns false.
  virtual bool get(const void* key, std::size_t key_size, void* buf, std::size_t buf_size,
                   std::size_t* vsize) = 0;
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
  // The cache's shared-write counters since it was created; false when it
  // has none (a baseline, or an engine built without
  // -DVMC_COUNT_SHARED_WRITES=ON).
  virtual bool shared_writes(SharedWrites* /*out*/) { return false; }
};

// Parses one --caches item (see the top of this file) into the kind, name,
// library path and huge-page setting of *cfg; the other fields are left
// alone.  Throws std::invalid_argument naming the problem and the fix
// (e.g. "upstream" where the shared baseline is absent and no path given).
void parse_cache_spec(std::string_view spec, const LibraryPaths& paths, CacheConfig* cfg);

// Builds the cache; throws std::runtime_error (with the library's error
// message) if it cannot.
std::unique_ptr<CacheUnderTest> make_cache(const CacheConfig& cfg);

std::unique_ptr<CacheUnderTest> make_library_cache(const CacheConfig& cfg);  // library_cache.cc
std::unique_ptr<CacheUnderTest> make_textbook_cache(const CacheConfig& cfg);
std::unique_ptr<CacheUnderTest> make_sharded_cache(const CacheConfig& cfg);
std::unique_ptr<CacheUnderTest> make_copy_cache(const CacheConfig& cfg);  // copy_cache.cc

// The pool the engine maps for a set size (the model's rule: 0 is 1 MiB)
// and the extents a value takes.  A size the contract refuses (2^56 and
// up) is an error for every cache, not a wrapped-around pool.
constexpr std::uint64_t rounded_pool(std::uint64_t pool_size) {
  if (pool_size >= models::CacheModel::kMaxPool)
    throw std::invalid_argument("pool size " + std::to_string(pool_size) +
                                " is not below 2^56, the largest the contract allows");
  return models::CacheModel::pool_for(pool_size);
}
constexpr std::uint64_t extents_for(std::uint64_t value_size, std::uint64_t extent_size) {
  return value_size == 0 ? 1 : (value_size + extent_size - 1) / extent_size;
}

}  // namespace vmc::bench

#endif  // VMC_BENCH_CACHE_UNDER_TEST_H
