// engine_cache.cc -- CacheUnderTest over the engine's C API (libvmemcache.h).
//
// A thin adapter: each call is one vmemcache_* call, so what the driver
// measures is what a user of the C library gets.
#include <libvmemcache.h>

#include <cerrno>
#include <stdexcept>
#include <string>

#include "cache_under_test.h"

namespace vmc::bench {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("engine: ") + what + ": " +
                           vmemcache_errormsg());
}

class EngineCache final : public CacheUnderTest {
 public:
  explicit EngineCache(const CacheConfig& cfg)
      : extent_size_(cfg.extent_size),
        capacity_(rounded_pool(cfg.pool_size) / cfg.extent_size *
                  cfg.extent_size) {
    c_ = vmemcache_new();
    if (c_ == nullptr) fail("vmemcache_new");
    if (vmemcache_set_size(c_, cfg.pool_size) != 0 ||
        vmemcache_set_extent_size(c_, cfg.extent_size) != 0 ||
        vmemcache_set_eviction_policy(
            c_, cfg.policy_lru ? VMEMCACHE_REPLACEMENT_LRU
                               : VMEMCACHE_REPLACEMENT_NONE) != 0) {
      vmemcache_delete(c_);
      fail("configure");
    }
    if (vmemcache_add(c_, cfg.dir.c_str()) != 0) {
      std::string msg = vmemcache_errormsg();
      vmemcache_delete(c_);
      throw std::runtime_error("engine: vmemcache_add(" + cfg.dir +
                               "): " + msg);
    }
  }
  ~EngineCache() override { vmemcache_delete(c_); }

  std::string_view name() const override { return "engine"; }

  bool get(const void* key, std::size_t key_size, void* buf,
           std::size_t buf_size, std::size_t* vsize) override {
    return vmemcache_get(c_, key, key_size, buf, buf_size, 0, vsize) >= 0;
  }
  bool exists(const void* key, std::size_t key_size) override {
    return vmemcache_exists(c_, key, key_size, nullptr) == 1;
  }
  int put(const void* key, std::size_t key_size, const void* value,
          std::size_t value_size) override {
    if (vmemcache_put(c_, key, key_size, value, value_size) == 0) return 0;
    return errno != 0 ? errno : EIO;
  }
  bool erase(const void* key, std::size_t key_size) override {
    return vmemcache_evict(c_, key, key_size) == 0;
  }
  bool evict_one() override { return vmemcache_evict(c_, nullptr, 0) == 0; }
  CacheStats stats() override {
    CacheStats s;
    stat(VMEMCACHE_STAT_PUT, &s.put);
    stat(VMEMCACHE_STAT_GET, &s.get);
    stat(VMEMCACHE_STAT_HIT, &s.hit);
    stat(VMEMCACHE_STAT_MISS, &s.miss);
    stat(VMEMCACHE_STAT_EVICT, &s.evict);
    stat(VMEMCACHE_STAT_ENTRIES, &s.entries);
    stat(VMEMCACHE_STAT_DRAM_SIZE_USED, &s.dram_size_used);
    stat(VMEMCACHE_STAT_POOL_SIZE_USED, &s.pool_size_used);
    stat(VMEMCACHE_STAT_HEAP_ENTRIES, &s.heap_entries);
    return s;
  }
  std::uint64_t capacity() const override { return capacity_; }
  std::uint64_t extent_size() const override { return extent_size_; }

 private:
  void stat(vmemcache_statistic which, std::uint64_t* out) {
    unsigned long long v = 0;
    if (vmemcache_get_stat(c_, which, &v, sizeof(v)) == 0) *out = v;
  }

  VMEMcache* c_ = nullptr;
  const std::uint64_t extent_size_;
  const std::uint64_t capacity_;
};

}  // namespace

std::unique_ptr<CacheUnderTest> make_engine_cache(const CacheConfig& cfg) {
  return std::make_unique<EngineCache>(cfg);
}

}  // namespace vmc::bench
