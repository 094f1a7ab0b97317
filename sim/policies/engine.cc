// engine.cc -- the real engine in the loop: libvmemcache, driven through its
// C API (engine/include/libvmemcache.h) like an application would.
//
// Definition: access(id) is vmemcache_get(key = the 8 bytes of the id); a
// hit returns true.  On a miss the object is put with a value of its size,
// and the engine's own CLOCK evicts as it needs room.  A put that fails
// with ENOSPC (the object needs more extents than the pool has) is a miss
// that is not inserted, as the simulator's convention requires.
//
// Capacity mapping (sim/README.md, "Engine in the loop"): one capacity unit
// is PolicyConfig::engine_unit_bytes bytes (1 in byte mode; the extent size
// with --ignore-size, where every object is a one-extent value, and with
// --compare-engine, where sizes are counted in extents).  The pool is
// vmemcache_set_size(max(VMEMCACHE_MIN_POOL, capacity x unit rounded up to
// 4096)) in PolicyConfig::engine_dir (default /dev/shm) with extent size
// PolicyConfig::engine_extent (default 256).  The engine then holds
// pool / extent extents and a value of v bytes takes ceil(v / extent) of
// them: in byte mode values are rounded up to whole extents, so the engine
// holds less than an exact byte-capacity cache would.
//
// Each job's cache is used by one worker thread (the driver assigns jobs to
// threads statically), so the engine runs its single-thread CLOCK, which
// the "clock-model" policy reproduces.
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "libvmemcache.h"
#include "sim_policy.h"

namespace vmc::sim::policies {
namespace {

constexpr std::uint64_t kPage = 4096;  // the engine rounds the pool to pages

class Engine final : public models::Policy, public MemoryReport {
 public:
  explicit Engine(const PolicyConfig& c) : Policy(c.capacity), unit_(c.engine_unit_bytes) {
    std::uint64_t want = (c.capacity * unit_ + kPage - 1) / kPage * kPage;
    pool_ = want < VMEMCACHE_MIN_POOL ? VMEMCACHE_MIN_POOL : want;
    cache_ = vmemcache_new();
    if (cache_ == nullptr || vmemcache_set_size(cache_, pool_) != 0 ||
        vmemcache_set_extent_size(cache_, c.engine_extent) != 0 ||
        vmemcache_set_eviction_policy(cache_, VMEMCACHE_REPLACEMENT_LRU) != 0 ||
        vmemcache_add(cache_, c.engine_dir.c_str()) != 0) {
      std::string msg = std::string("engine: cannot create a cache in ") + c.engine_dir + ": " +
                        vmemcache_errormsg();
      if (cache_ != nullptr) vmemcache_delete(cache_);
      throw std::runtime_error(msg);
    }
  }
  ~Engine() override { vmemcache_delete(cache_); }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  std::string_view name() const override { return "engine"; }

  bool access(const models::Request& r) override {
    if (vmemcache_get(cache_, &r.id, sizeof r.id, nullptr, 0, 0, nullptr) >= 0) return true;
    if (errno != ENOENT)
      throw std::runtime_error(std::string("engine: get: ") + vmemcache_errormsg());
    std::size_t bytes = r.size * unit_;
    if (value_.size() < bytes) value_.resize(bytes, 'v');
    if (vmemcache_put(cache_, &r.id, sizeof r.id, value_.data(), bytes) != 0 && errno != ENOSPC)
      throw std::runtime_error(std::string("engine: put: ") + vmemcache_errormsg());
    return false;
  }

  std::uint64_t used() const override { return stat(VMEMCACHE_STAT_POOL_SIZE_USED) / unit_; }
  std::uint64_t count() const override { return stat(VMEMCACHE_STAT_ENTRIES); }
  std::size_t metadata_bytes() const override { return stat(VMEMCACHE_STAT_DRAM_SIZE_USED); }

 private:
  std::uint64_t stat(vmemcache_statistic s) const {
    std::uint64_t v = 0;
    vmemcache_get_stat(cache_, s, &v, sizeof v);
    return v;
  }

  std::uint64_t unit_;
  std::uint64_t pool_;
  VMEMcache* cache_ = nullptr;
  std::vector<char> value_;
};

}  // namespace

std::unique_ptr<models::Policy> make_engine(const PolicyConfig& c) {
  return std::make_unique<Engine>(c);
}

}  // namespace vmc::sim::policies
