// library_cache.cc -- CacheUnderTest over the C API of a libvmemcache-
// compatible library loaded by path (dl_library.h): our engine, the
// original, or another build of ours.
//
// A thin adapter: each call is one vmemcache_* call through the library's
// function table, so what the driver measures is what a user of the C
// library gets (an indirect call costs what the PLT call of a linked
// library costs).
#include <cerrno>
#include <stdexcept>
#include <string>

#include "cache_under_test.h"
#include "dl_library.h"

namespace vmc::bench {
namespace {

class LibraryCache final : public CacheUnderTest {
 public:
  explicit LibraryCache(const CacheConfig& cfg)
      : lib_(VmcLibrary::load(cfg.lib_path)),
        api_(lib_->api()),
        name_(cfg.name),
        extent_size_(cfg.extent_size),
        capacity_(rounded_pool(cfg.pool_size) / cfg.extent_size * cfg.extent_size) {
    c_ = api_.new_cache();
    if (c_ == nullptr) fail("vmemcache_new");
    if (api_.set_size(c_, cfg.pool_size) != 0 || api_.set_extent_size(c_, cfg.extent_size) != 0 ||
        api_.set_eviction_policy(
            c_, cfg.policy_lru ? VMEMCACHE_REPLACEMENT_LRU : VMEMCACHE_REPLACEMENT_NONE) != 0) {
      undo_and_fail("configure");
    }
    if (cfg.huge_pages >= 0) {
      if (api_.set_huge_pages == nullptr) {
        api_.delete_cache(c_);
        throw std::runtime_error(name_ + ": " + lib_->path() +
                                 " has no vmemcache_set_huge_pages: drop +thp/+nothp");
      }
      if (api_.set_huge_pages(c_, cfg.huge_pages) != 0) undo_and_fail("vmemcache_set_huge_pages");
    }
    if (api_.add(c_, cfg.dir.c_str()) != 0) undo_and_fail("vmemcache_add(" + cfg.dir + ")");
  }
  ~LibraryCache() override { api_.delete_cache(c_); }

  std::string_view name() const override { return name_; }

  bool get(const void* key, std::size_t key_size, void* buf, std::size_t buf_size,
           std::size_t* vsize) override {
    return api_.get(c_, key, key_size, buf, buf_size, 0, vsize) >= 0;
  }
  bool exists(const void* key, std::size_t key_size) override {
    return api_.exists(c_, key, key_size, nullptr) == 1;
  }
  int put(const void* key, std::size_t key_size, const void* value,
          std::size_t value_size) override {
    if (api_.put(c_, key, key_size, value, value_size) == 0) return 0;
    return errno != 0 ? errno : EIO;
  }
  bool erase(const void* key, std::size_t key_size) override {
    return api_.evict(c_, key, key_size) == 0;
  }
  bool evict_one() override { return api_.evict(c_, nullptr, 0) == 0; }
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

  bool shared_writes(SharedWrites* out) override {
    if (api_.get_shared_writes == nullptr) return false;
    vmemcache_shared_writes raw[VMEMCACHE_OPS_NUM] = {};
    if (api_.get_shared_writes(c_, raw) != 0) return false;  // ENOTSUP: not counted
    for (int i = 0; i < kSharedWriteOps; ++i) (*out)[i] = {raw[i].ops, raw[i].rmw, raw[i].stores};
    return true;
  }

 private:
  static_assert(VMEMCACHE_OPS_NUM == kSharedWriteOps, "one row per vmemcache_op");

  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(name_ + " (" + lib_->path() + "): " + what + ": " + api_.errormsg());
  }
  [[noreturn]] void undo_and_fail(const std::string& what) {
    std::string msg = api_.errormsg();
    api_.delete_cache(c_);
    throw std::runtime_error(name_ + " (" + lib_->path() + "): " + what + ": " + msg);
  }
  void stat(vmemcache_statistic which, std::uint64_t* out) {
    unsigned long long v = 0;
    if (api_.get_stat(c_, which, &v, sizeof(v)) == 0) *out = v;
  }

  std::shared_ptr<const VmcLibrary> lib_;
  const VmcApi& api_;
  const std::string name_;
  VMEMcache* c_ = nullptr;
  const std::uint64_t extent_size_;
  const std::uint64_t capacity_;
};

}  // namespace

std::unique_ptr<CacheUnderTest> make_library_cache(const CacheConfig& cfg) {
  return std::make_unique<LibraryCache>(cfg);
}

}  // namespace vmc::bench
