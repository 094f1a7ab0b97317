// fuzz_sides.h -- the two caches the C API fuzz target drives side by side:
// the engine through its C API, and the reference model
// (models/include/vmc/models/cache_model.h), which mirrors the C API in one
// thread.
//
// Both implement Api, argument for argument (failures: -1 and errno).  The
// model has no extensions; ModelApi emulates them where the model can
// predict them exactly and says so where it cannot (Api::kUnpredictable):
//   visit, handle_get   a get with on_miss suppressed and no buffer (the
//                       same statistics and recency), then the visitor runs
//                       on the model's value; EDEADLK for put,
//                       insert_or_assign and evict while a visitor runs;
//   insert_or_assign    a put when the key is absent and stays absent, the
//                       put's ENOSPC when the value can never fit;
//                       unpredictable when it would replace an entry;
//   on_evict_sized      on_evict with the model's value size;
//   set_huge_pages      0 before add, EALREADY after;
//   get_shared_writes   EINVAL for a NULL out, else ENOTSUP (the fuzz
//                       library does not count).
// Callbacks go to a Hooks object (the driver), which runs the same script
// on either side.  Single-threaded.
#ifndef VMC_FUZZ_SIDES_H
#define VMC_FUZZ_SIDES_H

#include <libvmemcache.h>
#include <libvmemcache_ext.h>
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "vmc/models/cache_model.h"

namespace vmc::fuzz {

// A value's pieces as a reader sees them.
using Pieces = std::vector<std::pair<const char*, std::size_t>>;

enum SideId { kEngine = 0, kModel = 1 };

// What the callbacks of a side call.
class Hooks {
 public:
  virtual ~Hooks() = default;
  // value_size: the evicted value's size when `sized` (the _sized callback).
  virtual void on_evict(SideId side, const void* key, std::size_t ks, std::size_t value_size,
                        bool sized) = 0;
  virtual void on_miss(SideId side, const void* key, std::size_t ks) = 0;
  virtual void on_visit(SideId side, const Pieces& pieces, std::size_t value_size) = 0;
};

// Which callbacks are registered.
enum class EvictCb { kNone, kPlain, kSized };

class Api {
 public:
  // Returned (with errno 0) by ModelApi where the model cannot predict the
  // engine: the driver stops comparing from there on.
  static constexpr int kUnpredictable = -2;

  virtual ~Api() = default;
  virtual int set_size(std::size_t size) = 0;
  virtual int set_extent_size(std::size_t size) = 0;
  virtual int set_policy(int raw) = 0;
  virtual int set_huge_pages(int enable) = 0;
  virtual int add(const char* path) = 0;
  virtual void set_callbacks(EvictCb evict, bool miss) = 0;
  virtual int put(const void* k, std::size_t ks, const void* v, std::size_t vs) = 0;
  virtual int insert_or_assign(const void* k, std::size_t ks, const void* v, std::size_t vs) = 0;
  virtual ssize_t get(const void* k, std::size_t ks, void* buf, std::size_t bufsize,
                      std::size_t offset, std::size_t* vsize) = 0;
  virtual int exists(const void* k, std::size_t ks, std::size_t* vsize) = 0;
  virtual int evict(const void* k, std::size_t ks) = 0;
  virtual int get_stat(int raw, void* value, std::size_t value_size) = 0;
  virtual int get_shared_writes(bool null_out) = 0;
  // fn NULL when null_fn; on a hit the side's Hooks::on_visit runs.
  virtual int visit(const void* k, std::size_t ks, bool null_fn) = 0;
  // Handles live in numbered slots; 0 or -1 (errno).
  virtual int handle_get(const void* k, std::size_t ks, std::size_t slot) = 0;
  virtual Pieces handle_pieces(std::size_t slot) = 0;
  virtual std::size_t handle_value_size(std::size_t slot) = 0;
  virtual void handle_release(std::size_t slot) = 0;
  virtual bool has_handle(std::size_t slot) const = 0;
};

class EngineApi final : public Api {
 public:
  explicit EngineApi(Hooks* hooks);
  ~EngineApi() override;  // releases the handles, deletes the cache
  EngineApi(const EngineApi&) = delete;
  EngineApi& operator=(const EngineApi&) = delete;
  VMEMcache* cache() const { return c_; }

  int set_size(std::size_t size) override;
  int set_extent_size(std::size_t size) override;
  int set_policy(int raw) override;
  int set_huge_pages(int enable) override;
  int add(const char* path) override;
  void set_callbacks(EvictCb evict, bool miss) override;
  int put(const void* k, std::size_t ks, const void* v, std::size_t vs) override;
  int insert_or_assign(const void* k, std::size_t ks, const void* v, std::size_t vs) override;
  ssize_t get(const void* k, std::size_t ks, void* buf, std::size_t bufsize, std::size_t offset,
              std::size_t* vsize) override;
  int exists(const void* k, std::size_t ks, std::size_t* vsize) override;
  int evict(const void* k, std::size_t ks) override;
  int get_stat(int raw, void* value, std::size_t value_size) override;
  int get_shared_writes(bool null_out) override;
  int visit(const void* k, std::size_t ks, bool null_fn) override;
  int handle_get(const void* k, std::size_t ks, std::size_t slot) override;
  Pieces handle_pieces(std::size_t slot) override;
  std::size_t handle_value_size(std::size_t slot) override;
  void handle_release(std::size_t slot) override;
  bool has_handle(std::size_t slot) const override {
    return slot < handles_.size() && handles_[slot] != nullptr;
  }

 private:
  static void evict_plain(VMEMcache* c, const void* k, size_t ks, void* arg);
  static void evict_sized(VMEMcache* c, const void* k, size_t ks, size_t vs, void* arg);
  static void miss(VMEMcache* c, const void* k, size_t ks, void* arg);
  static void visitor(const vmemcache_piece* p, size_t n, size_t vs, void* arg);

  Hooks* hooks_;
  VMEMcache* c_;
  std::vector<vmemcache_handle*> handles_;
};

class ModelApi final : public Api {
 public:
  explicit ModelApi(Hooks* hooks) : hooks_(hooks) { set_callbacks(EvictCb::kNone, false); }
  const models::CacheModel& model() const { return m_; }

  int set_size(std::size_t size) override { return m_.set_size(size); }
  int set_extent_size(std::size_t size) override { return m_.set_extent_size(size); }
  int set_policy(int raw) override { return m_.set_eviction_policy(raw); }
  int set_huge_pages(int enable) override;
  int add(const char* path) override { return m_.add(path); }
  void set_callbacks(EvictCb evict, bool miss) override;
  int put(const void* k, std::size_t ks, const void* v, std::size_t vs) override;
  int insert_or_assign(const void* k, std::size_t ks, const void* v, std::size_t vs) override;
  ssize_t get(const void* k, std::size_t ks, void* buf, std::size_t bufsize, std::size_t offset,
              std::size_t* vsize) override {
    return m_.get(k, ks, buf, bufsize, offset, vsize);
  }
  int exists(const void* k, std::size_t ks, std::size_t* vsize) override {
    return m_.exists(k, ks, vsize);
  }
  int evict(const void* k, std::size_t ks) override;
  int get_stat(int raw, void* value, std::size_t value_size) override {
    return m_.get_stat(raw, value, value_size);
  }
  int get_shared_writes(bool null_out) override;
  int visit(const void* k, std::size_t ks, bool null_fn) override;
  int handle_get(const void* k, std::size_t ks, std::size_t slot) override;
  Pieces handle_pieces(std::size_t slot) override;
  std::size_t handle_value_size(std::size_t slot) override;
  void handle_release(std::size_t slot) override;
  bool has_handle(std::size_t slot) const override {
    return slot < handles_.size() && handles_[slot].held;
  }
  // Whether an entry a handle holds was evicted since the last call: the
  // engine keeps its extents until the release, the model frees them.
  bool held_entry_evicted();

 private:
  // A get that counts (GET, HIT/MISS, recency) without on_miss or a copy.
  int quiet_get(const void* k, std::size_t ks);
  // The argument checks of put (EINVAL) and of a cache not added.
  bool bad_put_args(const void* k, std::size_t ks, const void* v, std::size_t vs) const;

  Hooks* hooks_;
  models::CacheModel m_;
  models::CacheModel::Callback miss_cb_;
  int visiting_ = 0;        // visitors running
  int misses_running_ = 0;  // on_miss callbacks running
  struct Handle {
    bool held = false;
    std::string key;
    std::string value;  // at acquisition
  };
  std::vector<Handle> handles_;
  bool user_evict_ = false, user_evict_sized_ = false;  // which on_evict the program registered
  std::vector<std::string> evicted_;                    // keys evicted since held_entry_evicted()
};

}  // namespace vmc::fuzz

#endif  // VMC_FUZZ_SIDES_H
