// engine_api.cc -- CacheApi over the engine's C API (libvmemcache.h).
#include <libvmemcache.h>

#include "api.h"

namespace vmc::proptests {

static_assert(int{VMEMCACHE_STAT_PUT} == int{kStatPut} &&
                  int{VMEMCACHE_STAT_HEAP_ENTRIES} == int{kStatHeap} &&
                  int{VMEMCACHE_STATS_NUM} == int{kStatNum},
              "StatId must number the statistics like enum vmemcache_statistic");
static_assert(static_cast<int>(models::Stat::kNum) == VMEMCACHE_STATS_NUM &&
                  static_cast<int>(models::Stat::kDramSizeUsed) == VMEMCACHE_STAT_DRAM_SIZE_USED,
              "the model must number the statistics like enum vmemcache_statistic");
static_assert(static_cast<int>(models::Eviction::kLru) == VMEMCACHE_REPLACEMENT_LRU &&
                  static_cast<int>(models::Eviction::kNum) == VMEMCACHE_REPLACEMENT_NUM,
              "the model must number the policies like enum vmemcache_repl_p");
static_assert(models::CacheModel::kMinPool == VMEMCACHE_MIN_POOL &&
                  models::CacheModel::kMinExtent == VMEMCACHE_MIN_EXTENT,
              "the model's limits are the header's");

namespace {

class EngineApi final : public CacheApi {
 public:
  explicit EngineApi(VMEMcache* c) : c_(c) {}
  ~EngineApi() override { vmemcache_delete(c_); }
  const char* name() const override { return "engine"; }

  int put(const void* k, std::size_t ks, const void* v, std::size_t vs) override {
    return vmemcache_put(c_, k, ks, v, vs);
  }
  ssize_t get(const void* k, std::size_t ks, void* b, std::size_t bs, std::size_t off,
              std::size_t* vsize) override {
    return vmemcache_get(c_, k, ks, b, bs, off, vsize);
  }
  int exists(const void* k, std::size_t ks, std::size_t* vsize) override {
    return vmemcache_exists(c_, k, ks, vsize);
  }
  int evict(const void* k, std::size_t ks) override { return vmemcache_evict(c_, k, ks); }
  int get_stat(int s, void* v, std::size_t vs) override {
    return vmemcache_get_stat(c_, static_cast<enum vmemcache_statistic>(s), v, vs);
  }
  void on_evict(Callback cb) override {
    evict_cb_ = std::move(cb);
    vmemcache_callback_on_evict(c_, evict_cb_ ? &EngineApi::evict_trampoline : nullptr, this);
  }
  void on_miss(Callback cb) override {
    miss_cb_ = std::move(cb);
    vmemcache_callback_on_miss(c_, miss_cb_ ? &EngineApi::miss_trampoline : nullptr, this);
  }

 private:
  static void evict_trampoline(VMEMcache*, const void* k, size_t n, void* arg) {
    auto* self = static_cast<EngineApi*>(arg);
    self->evict_cb_(*self, k, n);
  }
  static void miss_trampoline(VMEMcache*, const void* k, size_t n, void* arg) {
    auto* self = static_cast<EngineApi*>(arg);
    self->miss_cb_(*self, k, n);
  }

  VMEMcache* c_;
  Callback evict_cb_;
  Callback miss_cb_;
};

}  // namespace

std::unique_ptr<CacheApi> make_engine(const Config& cfg) {
  VMEMcache* c = vmemcache_new();
  if (c == nullptr) return nullptr;
  if ((cfg.size != 0 && vmemcache_set_size(c, cfg.size) != 0) ||
      vmemcache_set_extent_size(c, cfg.extent_size) != 0 ||
      vmemcache_set_eviction_policy(c, static_cast<enum vmemcache_repl_p>(cfg.policy)) != 0 ||
      vmemcache_add(c, pool_dir()) != 0) {
    vmemcache_delete(c);
    return nullptr;
  }
  return std::make_unique<EngineApi>(c);
}

}  // namespace vmc::proptests
