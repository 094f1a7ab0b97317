// cache.h -- one cache: pool, allocator, index, CLOCK rings, reclamation,
// statistics.
//
// How the pieces meet (each has its own design essay):
//   pool.h          the mapped memory holding values
//   extent_alloc.h  which extents are free; stashes, reserve + next-fit take
//   index.h         lock-free chains from key to Entry, pinned walkers
//   epoch.h         pins, limbo and grace periods: when removed entries'
//                   headers and extents may be reused
//   entry.h         an Entry's layout, life and state word
//   clock.h         per-thread CLOCK rings; a hit is at most one relaxed store
//   slots.h         each thread's slot: record, counters, stash, limbo, ring
//   sync.h          the lock and the backoff every wait goes through
//
// get:   pin -> find -> set the CLOCK bit if clear -> copy -> unpin.  No
//        lock and no shared write (the CLOCK bit is written only when a
//        sweep cleared it); a value larger than kMaxPinnedCopy is copied
//        under a reference instead, after unpinning, so no pin outlasts
//        copying kMaxPinnedCopy bytes.
// put:   copy the key -> EEXIST check -> make room: reserve k extents from
//        the own stash or the global count; else reclaim the own limbo,
//        evict CLOCK victims (a batch per ring-lock acquisition), steal
//        other stashes, or wait for space in motion -> take them next-fit ->
//        copy the value -> build the Entry -> index insert -> ring insert.
// evict: claim (one bit; exactly one evictor wins) -> unlink from its ring
//        (the sweeper already did for automatic evictions) -> on_evict
//        (entry still readable) -> unlink from the index -> drop the index's
//        reference -> retire -> reclaim: at once if no reader is pinned
//        (always when alone), else after a grace period in the limbo.
//
// Shared-write budget per operation (what another thread also writes; the
// driver prints the measured table, papers/report.md explains it):
//   get hit      0 (1 store of the CLOCK bit after a sweep cleared it)
//   get miss     0
//   put          ring lock (2 RMW) and links, index bucket CAS, bitmap
//                word CAS; the global free count only when the stash runs dry
//   evicting put the above, plus per victim a claim, the index unlink and
//                the bitmap words of its extents; the victim's ring lock is
//                taken once per batch
//
// Threads: set-up (setters, add, callbacks) and tear-down (destructor) are
// single-threaded; everything else is safe from any thread.
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
#include "libvmemcache.h"
#include "libvmemcache_ext.h"
#include "pool.h"
#include "slots.h"

namespace vmc {

// What a full recount of the cache's structures finds (tests only).
struct Recount {
  std::uint64_t entries = 0;        // entries linked in the index
  std::uint64_t ring_entries = 0;   // entries linked in CLOCK rings
  std::uint64_t used_extents = 0;   // extents the entries' runs cover
  std::uint64_t free_bits = 0;      // free extents in the bitmap
  std::uint64_t fragments = 0;      // free runs in the bitmap
  std::uint64_t limbo_entries = 0;  // retired entries not freed yet
  bool overlap = false;             // an extent is in two entries, or in one and free
};

class Cache {
 public:
  static constexpr std::size_t kMinPool = std::size_t{1} << 20;  // VMEMCACHE_MIN_POOL
  static constexpr std::size_t kMinExtent = 256;                 // VMEMCACHE_MIN_EXTENT
  static constexpr std::size_t kMaxPool = std::size_t{1} << 56;  // below 2^56 (docs/SEMANTICS.md)
  static constexpr std::uint64_t kMaxKey = Entry::kMaxKey;       // entry.h packs it in 24 bits
  // The longest copy made while pinned (see get above): about 25 us of
  // memcpy at DRAM speed, so a grace period never waits longer than that
  // for a get, and a reference's two RMWs are amortized over at least this
  // many bytes.
  static constexpr std::size_t kMaxPinnedCopy = std::size_t{256} << 10;

  enum class Policy { kNone = 0, kLru = 1 };
  enum class Stat {
    kPut,
    kGet,
    kHit,
    kMiss,
    kEvict,
    kEntries,
    kDram,
    kPoolUsed,
    kHeapEntries,
    kNum
  };

  // `handle` is what callbacks receive as their cache argument.
  explicit Cache(VMEMcache* handle) : handle_(handle) {}
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;
  ~Cache();

  // Set-up.  REQUIRES: single-threaded.
  Status set_size(std::size_t size);
  Status set_extent_size(std::size_t extent_size);
  Status set_policy(int policy);
  Status set_huge_pages(bool on);
  Status add(const char* path);
  void set_on_evict(vmemcache_on_evict* fn, void* arg);
  void set_on_evict_sized(vmemcache_on_evict_sized* fn, void* arg);
  void set_on_miss(vmemcache_on_miss* fn, void* arg) { on_miss_ = fn, on_miss_arg_ = arg; }
  void set_no_memcpy(bool on) { no_memcpy_ = on; }
  void prefault() const {
    if (added_) pool_.prefault();
  }

  // Operations.  Thread-safe.  Arguments are validated by the C API.
  // replaced: nullptr for put (EEXIST on a present key), else
  // insert_or_assign, which sets *replaced.
  Status put(const void* key, std::size_t key_size, const void* value, std::size_t value_size,
             bool* replaced = nullptr);
  Status get(const void* key, std::size_t key_size, void* vbuf, std::size_t vbufsize,
             std::size_t offset, std::size_t* vsize, std::size_t* copied);
  Status visit(const void* key, std::size_t key_size, vmemcache_visitor* fn, void* arg);
  // 1 present, 0 absent, -1 error (errno set).
  int exists(const void* key, std::size_t key_size, std::size_t* vsize);
  Status evict(const void* key, std::size_t key_size);  // key NULL: the CLOCK victim
  std::uint64_t stat(Stat s);
  Status shared_writes(vmemcache_shared_writes* out) const;

  // Handles (vmemcache_handle_*).
  struct Handle;
  Handle* handle_get(const void* key, std::size_t key_size);  // nullptr: errno set
  void handle_release(Handle* h);
  static void release(Handle* h);  // h->cache->handle_release(h)
  static const vmemcache_piece* handle_pieces(const Handle* h, std::size_t* n);
  static std::size_t handle_value_size(const Handle* h);

  bool added() const { return added_; }

  // Tests only.  REQUIRES: quiescence.
  Recount recount();
  // Tests only; any time.
  std::uint64_t limbo_extents() const;
  // Frees every entry, then returns the bytes of DRAM the cache still
  // holds (0 unless something leaked).  Only destruction may follow.
  std::int64_t teardown_and_count_dram();

 private:
  class OpScope;
  class Pinned;
  struct Room;

  std::uint64_t extents_for(std::size_t value_size) const {
    return value_size == 0 ? 1 : (value_size - 1) / extent_size_ + 1;
  }
  Status check_ready() const;
  // Writes (cache_write.cc).
  Status make_room(ThreadSlot* s, std::uint64_t k, Room* room);
  std::uint64_t ahead_extents(std::uint64_t k) const;  // 0: never ahead
  std::size_t evict_ahead(ThreadSlot* s, std::uint64_t k);
  bool has_on_evict() const { return on_evict_ != nullptr || on_evict_sized_ != nullptr; }
  bool may_wait_for_space(std::uint64_t k) const;
  Entry* build_entry(ThreadSlot* s, const char* key, std::uint32_t key_size, const void* value,
                     std::size_t value_size, std::uint64_t k);
  Status publish(ThreadSlot* s, Entry* e, std::uint64_t hash, bool replace, bool* replaced);
  void discard_unpublished(ThreadSlot* s, Entry* e);
  void remove_replaced(ThreadSlot* s, Entry* e, std::uint64_t hash, EntryList* batch);
  // Evicts up to `max` CLOCK victims holding `want_extents`, and reclaims;
  // *reserve as for reclaim().  Returns how many it evicted.
  std::size_t evict_some(ThreadSlot* s, std::uint64_t want_extents, std::size_t max,
                         std::uint64_t* reserve = nullptr);
  std::size_t pick_victims(ThreadSlot* s, std::uint64_t want_extents, std::size_t max, Entry** out);
  enum class Sweep { kOwn, kOthers, kAll };  // which rings an eviction sweeps
  Sweep sweep_for(ThreadSlot* s);
  void evict_claimed(ThreadSlot* s, Entry* e, bool unlinked, bool automatic,
                     EntryList* batch = nullptr);
  void call_on_evict(Entry* e);
  bool steal_stashes(ThreadSlot* s);
  void trim_stash(ThreadSlot* s, std::uint64_t k);
  std::uint64_t stash_cap() const;  // extents a stash keeps at the end of a put
  // Reclamation (cache.cc).
  void retire(ThreadSlot* s, Entry* e);
  // Drops the cache's reference; e is retired into `batch` if given (the
  // caller then reclaims with it), else into s's limbo.
  void unref(ThreadSlot* s, Entry* e, EntryList* batch = nullptr);
  // Frees what `l` holds that no reader can see (epoch.h), after adopting
  // `batch` (the owner's, retired since its last reclaim); returns the
  // extents freed.  *reserve (s's own limbo, to_stash): extents the caller
  // needs; the first list freed that holds as many reserves them for it
  // (they stay in s's in_motion) and sets *reserve to 0.
  std::uint64_t reclaim(ThreadSlot* s, Limbo* l, bool to_stash, bool try_only = false,
                        EntryList* batch = nullptr, std::uint64_t* reserve = nullptr);
  void free_list(ThreadSlot* s, EntryList list, bool to_stash, std::uint64_t* reserve);
  // Reclaims every slot's limbo (others' only if their lock is free: their
  // extents go to the global count); returns the extents freed.
  std::uint64_t sweep_limbos(ThreadSlot* s);
  // Reads (cache_read.cc).
  void copy_in(const Entry* e, const void* value);
  std::size_t copy_out(const Entry* e, void* vbuf, std::size_t vbufsize, std::size_t offset) const;
  // The index's prefetch hint for e, whose key has `hash` (index.h).
  std::uint64_t value_hint(const Entry* e, std::uint64_t hash) const;
  void prefetch_value(std::uint64_t hash) const;
  std::uint64_t sum(Counter c) const;

  VMEMcache* const handle_;
  // Configuration (set-up only).
  std::size_t size_ = 0;
  std::size_t extent_size_ = kMinExtent;
  Policy policy_ = Policy::kLru;
  bool huge_pages_ = false;
  vmemcache_on_evict* on_evict_ = nullptr;
  vmemcache_on_evict_sized* on_evict_sized_ = nullptr;
  void* on_evict_arg_ = nullptr;
  vmemcache_on_miss* on_miss_ = nullptr;
  void* on_miss_arg_ = nullptr;
  bool no_memcpy_ = false;
  bool added_ = false;
  bool torn_down_ = false;

  DramArena arena_;
  Pool pool_;
  ExtentAllocator alloc_;
  HashIndex index_;
  std::shared_ptr<SlotRegistry> slots_;
};

}  // namespace vmc

#endif  // VMC_CACHE_H
