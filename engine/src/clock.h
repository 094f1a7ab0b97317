// clock.h -- one thread's CLOCK ring: the replacement state.
//
// Design.  Each thread slot of a cache owns a ring of the entries its thread
// put.  A hit costs one relaxed load of the entry's reference bit and, only
// if it was clear, one relaxed store: no list move, no lock, and no
// cache-line ping-pong on hot keys (a set bit is only read).  The ring's
// mutex guards its links and hand, and is taken by the owner to insert, by
// any evictor sweeping this ring, and by an explicit evict(key) of one of
// its entries.  With T threads there are T rings; an evictor takes three
// victims in four from its own ring (uncontended, and their extents are
// near its own allocations) and the fourth round robin from all rings, so
// a thread that stopped putting still has its ring swept by the others.
//
// The algorithm (docs/SEMANTICS.md, "CLOCK"), on a circular doubly linked
// list with a hand:
//   insert: before the hand (the hand reaches it last), bit clear
//   victim: while the hand's entry has its bit set, clear it and advance;
//           take the first entry with a clear bit
//   remove: unlink (advancing the hand first if it points there)
// In one thread this is exactly second-chance FIFO, which the reference
// model (models/) reproduces step for step.
//
// Claiming.  An entry leaves its ring when it is claimed for eviction: the
// sweeper claims under the ring mutex; evict(key) claims first and then
// unlinks under the mutex.  insert() does not link an entry that was
// claimed before its put got here (it stays out of any ring), so the two orders meet
// under one mutex and agree.
#ifndef VMC_CLOCK_H
#define VMC_CLOCK_H

#include <atomic>
#include <cstdint>
#include <mutex>

#include "entry.h"

namespace vmc {

class ClockRing {
 public:
  // Links e, unless it was already claimed.
  void insert(Entry* e);
  // Unlinks e if it is linked.  REQUIRES: e is claimed by the caller.
  void remove(Entry* e);
  // Claims and unlinks the CLOCK victim; nullptr if the ring is empty or
  // every entry in it is claimed by others.  try_only: give up at once if
  // another thread holds the mutex.
  Entry* pick_victim(bool try_only);

  // A hint without the lock (relaxed): may be stale by the time it is used.
  bool maybe_empty() const { return size_.load(std::memory_order_relaxed) == 0; }

  static void touch(Entry* e) {
    // Relaxed: the bit is a hint for the sweeper, consistent only with itself.
    if (e->referenced.load(std::memory_order_relaxed) == 0)
      e->referenced.store(1, std::memory_order_relaxed);
  }

 private:
  void unlink_locked(Entry* e);

  std::mutex mu_;
  Entry* hand_ = nullptr;               // guarded by mu_
  std::atomic<std::uint64_t> size_{0};  // written under mu_; read as a hint
};

}  // namespace vmc

#endif  // VMC_CLOCK_H
