// slots.h -- per-thread state of one cache, and how a thread finds its own.
//
// Every thread that calls into a cache gets a slot: its epoch record, its
// statistics, its extent stash and allocation cursor, its limbo and its
// CLOCK ring.  A slot belongs to one thread at a time (in_use); when the
// thread exits it gives the slot back and the next new thread adopts it,
// ring, limbo and counters included, so the number of slots is bounded by
// the number of threads alive at once, not by all threads ever seen --
// and by nothing else: slots live in a list that grows as needed.
//
// Lookup: a thread keeps a small table from cache id (unique, never reused)
// to slot; the hot path compares one id in an initial-exec thread-local
// (one load from the thread pointer).  The table is heap-allocated and
// found through a pthread key whose destructor gives the slots back at
// thread exit.  No C++ thread_local with a destructor is involved: glibc
// allocates to register one and aborts the process when that fails.  A
// call made after the key's destructor ran (from another thread-exit
// destructor), or when the table cannot be allocated, borrows a free slot
// for the duration of the call only (SlotRef).  The weak_ptr in each
// binding lets a thread that outlives a cache never touch its memory.
// Creating a slot takes the registry's mutex: once per thread per cache,
// never on the put/get path afterwards.
//
// Rings.  An entry names its ring by the putting slot's id in 15 bits
// (entry.h).  Slots 0..kRingIds-1 own their rings; a slot beyond (more
// than 32767 threads alive at once) shares the ring of slot id % kRingIds,
// which its lock makes safe.
//
// Cache lines (alignas, checked below): the epoch record alone (read by
// every grace period, written by the owner at each pin); the owner's
// private state; the limbo; the ring (written by every evictor sweeping
// it).  No line mixes what the owner writes on every operation with what
// other threads write.
#ifndef VMC_SLOTS_H
#define VMC_SLOTS_H

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "clock.h"
#include "dram.h"
#include "epoch.h"
#include "extent_alloc.h"
#include "libvmemcache_ext.h"
#include "shared_writes.h"
#include "stats.h"

namespace vmc {

struct alignas(64) ThreadSlot {
  // Read by every grace period; written by the owner at each pin.
  EpochRecord epoch;

  // The owner's state.  Others only read it (get_stat, a put deciding
  // whether to wait), or steal the stash.
  alignas(64) Counters stats;
  DramAccount dram;   // bytes this slot's thread allocated - freed
  ExtentStash stash;  // free extents reserved by this thread
  // Extents of entries this thread claimed, retired or reserved that are
  // not free yet: + when claimed or reserved, - when freed or put in place
  // (by whichever thread does it, so only the sum over slots means
  // anything).  Owner-only writes, release; read with acquire by a put
  // deciding whether waiting can help (cache_write.cc says why).
  std::atomic<std::int64_t> in_motion{0};
  // Handles acquired by this slot's thread and not released yet (released
  // by any thread: an atomic RMW, off the hot path).
  std::atomic<std::int64_t> handles{0};
  std::uint64_t cursor = 0;  // next-fit allocation cursor
  // Where the extents this thread reclaimed into its stash begin, one per
  // entry, latest last (at most kHints; older ones are dropped).  With
  // several threads a put starts its next-fit scan at one of them that is
  // still free (Cache::build_entry): victims are scattered over the pool,
  // and a scan from anywhere else walks full bitmap words to find them.
  static constexpr std::uint32_t kHints = 16;
  std::uint32_t nhints = 0;
  std::uint64_t hints[kHints];
  void push_hint(std::uint64_t extent) {
    if (nhints < kHints) hints[nhints++] = extent;
  }
  std::uint32_t id = 0;
  std::uint32_t evictions = 0;  // automatic evictions, mod 2^32
  ThreadSlot* rr = nullptr;     // next ring to sweep (round robin)
  ClockRing* ring = nullptr;    // own_ring, or a shared one (see above)
  std::vector<Run> scratch;     // take() output before the entry exists
  // The shared-write budget's rows (shared_writes.h); always present, so
  // the slot's layout does not depend on the build option.
  struct SharedWriteRow {
    std::atomic<std::uint64_t> ops{0}, rmw{0}, stores{0};
  } shared_writes[VMEMCACHE_OPS_NUM];

  alignas(64) Limbo limbo;

  // Written by every evictor that sweeps it.
  ClockRing own_ring;

  // Registry bookkeeping, read-mostly.
  alignas(64) std::atomic<bool> in_use{false};
  ThreadSlot* next = nullptr;  // the registry's list; immutable once published
};
static_assert(alignof(ThreadSlot) == 64 && sizeof(EpochRecord) == 64,
              "the epoch record has the slot's first cache line to itself");

class SlotRegistry;

namespace detail {
// The hot path's one-entry cache of the calling thread's binding (see the
// file comment): trivially constructed and destroyed, initial-exec (one
// load from the thread pointer; a few bytes of static TLS, well within what
// glibc reserves for dlopen'ed libraries).
struct LastBinding {
  std::uint64_t cache_id;
  ThreadSlot* slot;
};
[[gnu::tls_model("initial-exec")]] inline thread_local LastBinding tls_last{0, nullptr};
}  // namespace detail

// The calling thread's slot for the duration of one call.  Usually the
// thread's bound slot; a borrowed one (given back at destruction) for calls
// at thread exit or when the binding table cannot be allocated.
class SlotRef {
 public:
  SlotRef() = default;
  SlotRef(ThreadSlot* s, SlotRegistry* borrowed_from) : s_(s), borrowed_from_(borrowed_from) {}
  SlotRef(SlotRef&& o) noexcept
      : s_(std::exchange(o.s_, nullptr)),
        borrowed_from_(std::exchange(o.borrowed_from_, nullptr)) {}
  SlotRef& operator=(SlotRef&&) = delete;
  ~SlotRef();
  ThreadSlot* get() const { return s_; }
  ThreadSlot* operator->() const { return s_; }
  explicit operator bool() const { return s_ != nullptr; }

 private:
  ThreadSlot* s_ = nullptr;
  SlotRegistry* borrowed_from_ = nullptr;
};

class SlotRegistry : public std::enable_shared_from_this<SlotRegistry> {
 public:
  // Ring ids an entry can name (entry.h).
  static constexpr std::uint32_t kRingIds = EntryState::kMaxRingId + 1;

  explicit SlotRegistry(std::uint64_t n_extents);
  ~SlotRegistry();

  // The calling thread's slot; an empty SlotRef (errno ENOMEM and a
  // message) only when no slot exists and none can be allocated.
  SlotRef mine() {
    if (detail::tls_last.cache_id == id_) return {detail::tls_last.slot, nullptr};
    return mine_slow();
  }

  // Every slot ever created, newest first.  Safe concurrently with creation.
  template <typename F>
  void for_each(F&& f) const {
    // Acquire: a slot's contents are complete before it is published.
    for (ThreadSlot* s = head_.load(std::memory_order_acquire); s != nullptr; s = s->next) f(s);
  }
  ThreadSlot* head() const { return head_.load(std::memory_order_acquire); }
  // The slot after t in the list, the list being a circle.
  ThreadSlot* next(const ThreadSlot* t) const { return t->next != nullptr ? t->next : head(); }
  // The slot that owns ring `id`.  REQUIRES: an entry names it.
  ThreadSlot* ring_owner(std::uint32_t id) const;
  // Slots created; threads holding one now.  Relaxed: hints and statistics.
  std::uint32_t count() const { return count_.load(std::memory_order_relaxed); }
  std::uint32_t active() const { return active_.load(std::memory_order_relaxed); }
  std::uint64_t id() const { return id_; }

  ThreadSlot* acquire();  // a free slot, or a new one; nullptr (ENOMEM) if none
  void release(ThreadSlot* s);

 private:
  static constexpr std::uint32_t kChunk = 64;  // ring-owner table chunk
  SlotRef mine_slow();
  ThreadSlot* create();

  const std::uint64_t id_;
  const std::uint64_t n_extents_;
  std::mutex create_mu_;
  std::atomic<ThreadSlot*> head_{nullptr};
  std::atomic<std::uint32_t> count_{0};
  std::atomic<std::uint32_t> active_{0};
  // ring id -> slot, in chunks of kChunk allocated as slots are created.
  std::atomic<ThreadSlot*>* by_ring_[kRingIds / kChunk] = {};
};

inline SlotRef::~SlotRef() {
  if (borrowed_from_ != nullptr) borrowed_from_->release(s_);
}

}  // namespace vmc

#endif  // VMC_SLOTS_H
