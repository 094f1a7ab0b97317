// cache_model.h -- the reference model of the whole C API (API.md), exact in
// a single thread as pinned down by docs/SEMANTICS.md.
//
// Obviously correct rather than fast: an ordered map from key bytes to the
// value bytes and the extents the value occupies, a vector<bool> of used
// extents with the next-fit cursor, a Replacer (the engine's CLOCK, or exact
// LRU for comparisons) fed with ids interned from the key bytes, nine
// counters, and a log of the callback events.
//
// The methods mirror the C functions argument for argument (raw pointers,
// NULL allowed where the C API allows it): a failing call returns -1 and
// sets errno, exactly as the engine must, so a test calls both with the same
// arguments and compares everything.  The model reads a pointer only when
// the engine would (for example, not the key of a put whose key_size is
// invalid).  DRAM_SIZE_USED is the one thing it does not predict: it reports
// an estimate (kEntryOverhead + key + 8 per extent, per entry) that only
// shares the engine's invariants (0 exactly when empty).
//
// Callbacks receive the model itself, and may call back into it like the
// engine's callbacks may: an entry being evicted is still readable during
// on_evict, and a put made from on_miss answers the get that missed.
//
// Single-threaded; copyable (the linearizability checker copies it at every
// branch of its search).
#ifndef VMC_MODELS_CACHE_MODEL_H
#define VMC_MODELS_CACHE_MODEL_H

#include <sys/types.h>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "vmc/models/policy.h"

namespace vmc::models {

// The same numbers as enum vmemcache_statistic (proptests static_assert it).
enum class Stat : int {
  kPut,
  kGet,
  kHit,
  kMiss,
  kEvict,
  kEntries,
  kDramSizeUsed,
  kPoolSizeUsed,
  kHeapEntries,
  kNum
};
// The same numbers as enum vmemcache_repl_p.
enum class Eviction : int { kNone, kLru, kNum };
// Which replacement the model runs: the engine implements kClock.
enum class ReplacerKind { kClock, kLru };

struct Event {
  enum class Kind { kEvict, kMiss };
  Kind kind;
  std::string key;
  bool operator==(const Event&) const = default;
};

class CacheModel {
 public:
  // Constants of the contract, with the values of libvmemcache.h.
  static constexpr std::uint64_t kMinPool = 1024 * 1024;             // VMEMCACHE_MIN_POOL
  static constexpr std::uint64_t kMinExtent = 256;                   // VMEMCACHE_MIN_EXTENT
  static constexpr std::uint64_t kPageSize = 4096;                   // pool rounding unit
  static constexpr std::uint64_t kMaxPool = std::uint64_t{1} << 56;  // set_size bound
  static constexpr std::uint64_t kMaxKeySize = 0xFFFFFFu;            // 2^24 - 1 (docs/SEMANTICS.md)
  static constexpr std::uint64_t kEntryOverhead = 64;                // DRAM estimate per entry

  // The pool a set size gives at add (docs/SEMANTICS.md "Units"): rounded
  // up to the page size; 0 (never set) means kMinPool.
  static constexpr std::uint64_t pool_for(std::uint64_t set_size) {
    return set_size == 0 ? kMinPool : (set_size + kPageSize - 1) / kPageSize * kPageSize;
  }

  using Callback = std::function<void(CacheModel&, const void* key, std::size_t key_size)>;

  explicit CacheModel(ReplacerKind replacer = ReplacerKind::kClock);
  CacheModel(const CacheModel& other);
  CacheModel& operator=(const CacheModel& other);
  ~CacheModel();

  // Set-up (vmemcache_set_*, vmemcache_add, vmemcache_callback_on_*).
  int set_eviction_policy(int policy);
  int set_size(std::uint64_t size);
  int set_extent_size(std::uint64_t extent_size);
  // Checks `path` with stat(2)/access(2) the way the engine must (missing:
  // ENOENT, regular file: ENOTDIR, character device: ENOTSUP -- no DAX
  // here, not writable: EACCES or EROFS) but creates nothing.
  int add(const char* path);
  void callback_on_evict(Callback cb) { on_evict_ = std::move(cb); }
  void callback_on_miss(Callback cb) { on_miss_ = std::move(cb); }

  // Operations (vmemcache_put, _get, _exists, _evict, _get_stat).
  int put(const void* key, std::size_t key_size, const void* value, std::size_t value_size);
  ssize_t get(const void* key, std::size_t key_size, void* vbuf, std::size_t vbufsize,
              std::size_t offset, std::size_t* vsize);
  int exists(const void* key, std::size_t key_size, std::size_t* vsize);
  int evict(const void* key, std::size_t key_size);
  int get_stat(int stat, void* value, std::size_t value_size);

  // Observers for tests.
  std::uint64_t stat(Stat s) const;
  bool added() const { return added_; }
  std::uint64_t pool_size() const { return pool_size_; }  // after add
  std::uint64_t extent_size() const { return extent_size_; }
  std::uint64_t extents() const { return used_.size(); }  // N, after add
  std::uint64_t free_extents() const { return free_count_; }
  std::uint64_t cursor() const { return cursor_; }
  std::uint64_t extents_for(std::uint64_t value_size) const;  // max(1, ceil(v / extent))
  std::size_t entries() const { return index_.size(); }
  std::vector<std::string> keys() const;                   // sorted
  const std::string* value(const std::string& key) const;  // nullptr if absent
  std::vector<std::uint32_t> extents_of(const std::string& key) const;
  const std::vector<Event>& events() const { return events_; }
  void clear_events() { events_.clear(); }

 private:
  struct Entry {
    std::string value;
    std::vector<std::uint32_t> extents;  // in allocation order
    ObjId id;
    bool in_replacer;  // false once chosen as victim or being evicted
    bool dying;        // on_evict is running for it
  };
  // A get that missed and is running on_miss: the first valid put of the
  // same key from inside the callback answers it.
  struct MissFrame {
    std::string key;
    std::optional<std::string> value;
  };

  ObjId intern(const std::string& key);
  bool allocate(std::uint64_t k, std::vector<std::uint32_t>* out);
  void remove(const std::string& key);  // on_evict, then free; REQUIRES: out of the replacer
  int fail(int err) const;

  ReplacerKind replacer_kind_;
  std::unique_ptr<Replacer> replacer_;
  Eviction policy_ = Eviction::kLru;
  std::uint64_t size_ = 0;  // as set; 0 = default
  std::uint64_t extent_size_ = kMinExtent;
  bool added_ = false;
  std::uint64_t pool_size_ = 0;

  std::map<std::string, Entry> index_;
  std::unordered_map<std::string, ObjId> ids_;  // key bytes -> replacer id
  std::vector<std::string> names_;              // replacer id -> key bytes
  std::vector<bool> used_;                      // one per extent
  std::uint64_t free_count_ = 0;
  std::uint64_t cursor_ = 0;  // next-fit cursor

  std::uint64_t stats_[static_cast<int>(Stat::kNum)] = {};
  std::vector<Event> events_;
  std::vector<MissFrame> misses_;
  Callback on_evict_;
  Callback on_miss_;
};

}  // namespace vmc::models

#endif  // VMC_MODELS_CACHE_MODEL_H
