// clock.h -- one thread's CLOCK ring: the replacement state.
//
// Design.  Each thread slot of a cache owns a ring of the entries its thread
// put.  A hit costs one relaxed load of the entry's CLOCK bit and, only if
// it was clear, one relaxed store: no list move, no lock, and no cache-line
// ping-pong on hot keys (a set bit is only read).  The ring's lock (sync.h:
// spin, then yield, then sleep) guards its links and hand, and is taken by
// the owner to insert, by any evictor sweeping this ring, and by an
// explicit evict(key) or a replacement of one of its entries.  With T
// threads there are T rings; an evictor takes its victims from its own ring
// (uncontended, its lines and its victims' extents stay with its thread),
// from the others' while its own holds less than its share of the pool, and
// every 64th time round robin from all, so a thread that stopped putting
// still has its ring swept by the others (Cache::sweep_for).  An evictor
// takes as many victims as it needs (up to a batch) under one acquisition.
//
// The algorithm (docs/SEMANTICS.md, "CLOCK"), on a circular doubly linked
// list with a hand:
//   insert: before the hand (the hand reaches it last), bit clear
//   victim: while the hand's entry has its bit set, clear it and advance;
//           take the first entry with a clear bit
//   remove: unlink (advancing the hand first if it points there)
// In one thread this is exactly second-chance FIFO, which the reference
// model (models/) reproduces step for step; taking several victims in one
// acquisition picks the same ones, in the same order, as one at a time.
//
// Claiming.  An entry leaves its ring when it is claimed for removal: the
// sweeper claims under the ring lock and unlinks at once; evict(key) and a
// replacing put claim first and then unlink under the lock.  insert() does
// not link an entry that was claimed before its put got here (it stays out
// of any ring), so the two orders meet under one lock and agree.
//
// Shared writes: the lock word (one exchange to take, one to release), the
// hand, size and extent count, and the links of the neighbouring entries; a
// sweep also clears CLOCK bits.  Cache lines: the ring is alone on its own
// line(s) of the slot (alignas), apart from the owner's private state.
#ifndef VMC_CLOCK_H
#define VMC_CLOCK_H

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "check.h"
#include "entry.h"
#include "shared_writes.h"
#include "sync.h"

namespace vmc {

class alignas(64) ClockRing {
 public:
  // Links e, unless it was already claimed.
  void insert(Entry* e);
  // Unlinks e if it is linked.  REQUIRES: e is claimed by the caller.
  void remove(Entry* e);
  // Claims and unlinks CLOCK victims, in order, until their extents add up
  // to `want_extents` or `max` were taken; stores them in out[] and returns
  // how many.  Fewer (maybe 0) if the ring runs out of unclaimed entries.
  // try_only: give up at once if another thread holds the lock.  The
  // victims' extents are added to *in_motion (the caller's slot's, see
  // cache_write.cc) before the lock is released.
  std::size_t pick_victims(std::uint64_t want_extents, std::size_t max, Entry** out, bool try_only,
                           std::atomic<std::int64_t>* in_motion);

  // Hints without the lock (relaxed): may be stale by the time they are used.
  bool maybe_empty() const { return size_.load(std::memory_order_relaxed) == 0; }
  std::uint64_t extents_hint() const { return extents_.load(std::memory_order_relaxed); }

  static void touch(Entry* e) {
    // Relaxed: the bit is a hint for the sweeper, consistent only with itself.
    if (e->clock_bit.load(std::memory_order_relaxed) == 0) {
      VMC_SW_STORE();
      e->clock_bit.store(1, std::memory_order_relaxed);
    }
  }

 private:
  void unlink_locked(Entry* e, std::uint64_t extents) VMC_REQUIRES(mu_);
  void add_locked(std::int64_t entries, std::int64_t extents) VMC_REQUIRES(mu_);

  Lock mu_;
  Entry* hand_ VMC_GUARDED_BY(mu_) = nullptr;
  // Entries and their extents; written under mu_, read as hints.
  std::atomic<std::uint64_t> size_{0};
  std::atomic<std::uint64_t> extents_{0};
};
static_assert(alignof(ClockRing) == 64, "a ring starts its own cache line");

}  // namespace vmc

#endif  // VMC_CLOCK_H
