// slots.h -- per-thread state of one cache, and how a thread finds its own.
//
// Every thread that calls into a cache gets a slot: its epoch record, its
// statistics, its CLOCK ring, its allocation cursor and its jemalloc tcache.
// A slot belongs to one thread at a time (in_use); when the thread exits, a
// thread_local destructor gives it back and the next new thread adopts it,
// ring and counters included, so the number of slots is bounded by the
// number of threads alive at once, not by all threads ever seen.
//
// Lookup: a thread keeps a small thread_local table from cache id (unique,
// never reused) to slot; the hot path compares one id.  The table holds a
// weak_ptr to the registry, so a thread that outlives a cache never touches
// its memory, and a thread that exits while the cache lives returns its slot.
// Creating a slot takes the registry's mutex: once per thread per cache,
// never on the put/get path afterwards.
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
#include "stats.h"

namespace vmc {

struct alignas(64) ThreadSlot {
  EpochRecord epoch;
  Counters stats;
  ClockRing ring;
  std::uint64_t cursor = 0;           // next-fit allocation cursor
  DramArena::Tcache tcache = DramArena::kNoTcache;
  std::uint32_t id = 0;
  std::uint32_t rr = 0;               // next ring to sweep (round robin)
  std::uint32_t evictions = 0;        // this thread's automatic evictions, mod 2^32
  // Where this thread last freed extents (kNoHint: nowhere since its last
  // put).  With several threads a put starts its next-fit scan there: the
  // extents its own eviction just freed, instead of wherever its cursor is.
  static constexpr std::uint64_t kNoHint = ~std::uint64_t{0};
  std::uint64_t alloc_hint = kNoHint;
  // Extents of claimed entries not freed yet, as counted by this slot's
  // thread: + when it claims, - when it frees (the two may be different
  // threads, so only the sum over slots means anything).  Owner-only
  // writes; relaxed: read only as a hint by a put that found nothing to
  // evict, to wait for evictions in progress instead of failing.
  std::atomic<std::int64_t> extents_in_flight{0};
  std::atomic<bool> in_use{false};
  std::vector<Run> scratch;           // take() output before the entry exists
};

class SlotRegistry : public std::enable_shared_from_this<SlotRegistry> {
 public:
  // Threads a cache serves at once; a slot id must fit Entry::ring_id.
  static constexpr std::uint32_t kMaxSlots = 1024;
  static_assert(kMaxSlots - 1 <= Entry::kMaxRingId, "a slot id must fit an entry's ring id");

  SlotRegistry(std::uint64_t n_extents, DramArena* arena);
  ~SlotRegistry();

  // The calling thread's slot, created or adopted on first use; nullptr
  // (with errno EAGAIN and a message) when kMaxSlots threads hold slots.
  ThreadSlot* mine();

  std::uint32_t count() const { return count_.load(std::memory_order_acquire); }
  ThreadSlot* at(std::uint32_t i) const { return slots_[i].load(std::memory_order_acquire); }
  const std::atomic<std::uint32_t>* count_word() const { return &count_; }
  std::uint64_t id() const { return id_; }

  void release(ThreadSlot* s) { s->in_use.store(false, std::memory_order_release); }

 private:
  ThreadSlot* acquire();

  const std::uint64_t id_;
  const std::uint64_t n_extents_;
  DramArena* const arena_;
  std::mutex create_mu_;
  std::atomic<std::uint32_t> count_{0};
  std::atomic<ThreadSlot*> slots_[kMaxSlots] = {};
};

}  // namespace vmc

#endif  // VMC_SLOTS_H
