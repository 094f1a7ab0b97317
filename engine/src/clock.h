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
// The lock is a spin-then-yield lock, not std::mutex: the 2-thread
// evicting-put benchmark spent ~17% of its time in the kernel putting
// waiters to sleep and waking them for critical sections of a few pointer
// updates (engine 1.36 Mops/s with std::mutex, 2.79 with this lock, same
// run conditions; bench/vmc_bench_driver --threads 2 --keyspace-log2 40).
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

#include <sched.h>

#include <atomic>
#include <cstdint>
#include <mutex>  // std::lock_guard, std::unique_lock

#include "entry.h"

namespace vmc {

// The ring's lock: its critical sections are a few pointer updates, so a
// waiter spins (with the CPU's pause hint) instead of sleeping in the
// kernel, and yields the CPU after a while in case the holder was preempted
// (threads may outnumber cores).  Meets the Lockable requirements.
class SpinLock {
 public:
  void lock() {
    for (int spins = 0;; ++spins) {
      // Acquire: the holder's writes to the ring happen before ours.
      if (!locked_.exchange(true, std::memory_order_acquire)) return;
      // Relaxed: only a hint to retry; the exchange decides.
      while (locked_.load(std::memory_order_relaxed)) {
        if (++spins < kSpinsBeforeYield) {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        } else {
          sched_yield();
          spins = 0;
        }
      }
    }
  }
  bool try_lock() {
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }
  // Release: our writes to the ring happen before the next holder's.
  void unlock() { locked_.store(false, std::memory_order_release); }

 private:
  static constexpr int kSpinsBeforeYield = 128;
  std::atomic<bool> locked_{false};
};

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

  SpinLock mu_;
  Entry* hand_ = nullptr;               // guarded by mu_
  std::atomic<std::uint64_t> size_{0};  // written under mu_; read as a hint
};

}  // namespace vmc

#endif  // VMC_CLOCK_H
