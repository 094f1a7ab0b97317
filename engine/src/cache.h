// cache.h -- one cache: pool, allocator, index, CLOCK rings, statistics.
//
// How the pieces meet (each has its own design essay):
//   pool.h          the mapped memory holding values
//   extent_alloc.h  which extents are free; reserve + next-fit take
//   index.h         lock-free chains from key to Entry, epoch-protected
//   epoch.h         when a removed Entry header may be freed
//   entry.h         an Entry's layout and life; reference counting of extents
//   clock.h         per-thread CLOCK rings; hits are one relaxed store
//   slots.h         each thread's slot: epoch record, ring, counters, cursor
//
// put:   EEXIST check -> reserve k extents (evicting CLOCK victims while
//        short) -> take them next-fit -> copy -> build Entry -> index insert
//        -> ring insert.
// get:   pin -> find -> take a reference -> set the CLOCK bit -> copy ->
//        drop the reference -> unpin.  No lock, no shared write but the
//        entry's reference count.
// evict: claim (one bit; exactly one evictor wins) -> unlink from its ring
//        -> on_evict (entry still readable) -> unlink from the index ->
//        drop the index's reference (the last reference frees the extents)
//        -> retire the header to the epoch limbo.
//
// Threads: set-up (setters, add, callbacks) and tear-down (destructor) are
// single-threaded; put/get/exists/evict/get_stat are safe from any thread.
#ifndef VMC_CACHE_H
#define VMC_CACHE_H

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "dram.h"
#include "epoch.h"
#include "errors.h"
#include "extent_alloc.h"
#include "index.h"
#include "pool.h"
#include "slots.h"

namespace vmc {

// What a full recount of the cache's structures finds (tests only).
struct Recount {
  std::uint64_t entries = 0;       // entries linked in the index
  std::uint64_t ring_entries = 0;  // entries linked in CLOCK rings
  std::uint64_t used_extents = 0;  // extents the entries' runs cover
  std::uint64_t free_bits = 0;     // free extents in the bitmap
  std::uint64_t fragments = 0;     // free runs in the bitmap
  bool overlap = false;            // an extent is in two entries, or in one and free
};

class Cache {
 public:
  using EvictFn = void(void* cache, const void* key, std::size_t key_size, void* arg);
  using MissFn = EvictFn;

  static constexpr std::size_t kMinPool = std::size_t{1} << 20;   // VMEMCACHE_MIN_POOL
  static constexpr std::size_t kMinExtent = 256;                  // VMEMCACHE_MIN_EXTENT
  static constexpr std::size_t kMaxPool = std::size_t{1} << 56;   // API.md: below 2^56
  static constexpr std::uint64_t kMaxKey = Entry::kMaxKey;         // entry.h packs it in 24 bits

  enum class Policy { kNone = 0, kLru = 1 };
  enum class Stat { kPut, kGet, kHit, kMiss, kEvict, kEntries, kDram, kPoolUsed, kHeapEntries, kNum };

  // `handle` is what callbacks receive as their cache argument.
  explicit Cache(void* handle) : handle_(handle) {}
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;
  ~Cache();

  // Set-up.  REQUIRES: single-threaded.
  Status set_size(std::size_t size);
  Status set_extent_size(std::size_t extent_size);
  Status set_policy(int policy);
  Status add(const char* path);
  void set_on_evict(EvictFn* fn, void* arg) { on_evict_ = fn, on_evict_arg_ = arg; }
  void set_on_miss(MissFn* fn, void* arg) { on_miss_ = fn, on_miss_arg_ = arg; }
  void set_no_memcpy(bool on) { no_memcpy_ = on; }
  void prefault() const { if (added_) pool_.prefault(); }

  // Operations.  Thread-safe.  Arguments are validated by the C API.
  Status put(const void* key, std::size_t key_size, const void* value, std::size_t value_size);
  Status get(const void* key, std::size_t key_size, void* vbuf, std::size_t vbufsize,
             std::size_t offset, std::size_t* vsize, std::size_t* copied);
  // 1 present, 0 absent, -1 error (errno set).
  int exists(const void* key, std::size_t key_size, std::size_t* vsize);
  Status evict(const void* key, std::size_t key_size);  // key NULL: the CLOCK victim
  std::uint64_t stat(Stat s) const;

  bool added() const { return added_; }

  // Tests only.  REQUIRES: quiescence.
  Recount recount() const;
  // Frees every entry and thread cache, then returns what the DRAM arena
  // still holds (0 unless something leaked).  The cache can only be
  // destroyed afterwards.
  std::uint64_t teardown_and_count_dram();

 private:
  std::uint64_t extents_for(std::size_t value_size) const {
    return value_size == 0 ? 1 : (value_size - 1) / extent_size_ + 1;
  }
  Status check_ready() const;
  ThreadSlot* my_slot();
  Entry* make_entry(ThreadSlot* s, const void* key, std::uint32_t key_size,
                    std::size_t value_size, const Run* runs, std::uint64_t nruns);
  void copy_in(const Entry* e, const void* value);
  std::size_t copy_out(const Entry* e, void* vbuf, std::size_t vbufsize, std::size_t offset) const;
  static bool acquire_ref(Entry* e);
  void drop_ref(ThreadSlot* s, Entry* e);
  void free_extents(ThreadSlot* s, Entry* e);
  std::int64_t extents_in_flight() const;
  bool evict_one(ThreadSlot* s);
  void evict_claimed(ThreadSlot* s, Entry* e, bool automatic);
  void answer_pending_misses(const void* key, std::size_t key_size, const void* value,
                             std::size_t value_size) const;
  static void free_entry_cb(void* ctx, Entry* e);
  void teardown();

  void* const handle_;
  // Configuration (set-up only).
  std::size_t size_ = 0;
  std::size_t extent_size_ = kMinExtent;
  Policy policy_ = Policy::kLru;
  EvictFn* on_evict_ = nullptr;
  void* on_evict_arg_ = nullptr;
  MissFn* on_miss_ = nullptr;
  void* on_miss_arg_ = nullptr;
  bool no_memcpy_ = false;
  bool added_ = false;
  bool torn_down_ = false;

  DramArena arena_;
  Pool pool_;
  ExtentAllocator alloc_;
  HashIndex index_;
  EpochDomain epoch_;
  std::shared_ptr<SlotRegistry> slots_;
};

}  // namespace vmc

#endif  // VMC_CACHE_H
