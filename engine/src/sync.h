// sync.h -- how the engine waits: a lock whose waiters escalate from
// spinning to yielding to sleeping in the kernel, and a backoff for loops
// that wait for another thread's progress.
//
// Every wait in the engine goes through one of these, so none spins
// unbounded on a thread that was preempted (threads may outnumber cores):
// a waiter spins kSpins times with the CPU's pause hint (the holder is most
// likely running and about to finish), then yields kYields times (the
// holder may be waiting for a core), then sleeps: on the lock word (futex)
// for Lock, for a doubling time capped at kMaxSleepUs for Backoff.
#ifndef VMC_SYNC_H
#define VMC_SYNC_H

#include <atomic>
#include <cstdint>
#include <mutex>  // std::adopt_lock_t

#include "check.h"

namespace vmc {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins before yielding: about the length of the critical sections guarded
// (a few pointer updates, ~100 ns) times a small factor.
inline constexpr int kSpins = 64;
// Yields before sleeping: a holder preempted on an oversubscribed machine
// usually runs again within a few scheduler rounds.
inline constexpr int kYields = 16;
// Longest single sleep of a Backoff: short enough that a waiter notices
// progress promptly, long enough that a thousand waiters cost nothing.
inline constexpr int kMaxSleepUs = 1000;
// Longest single sleep of a Lock waiter: the bound on a missed wake (see
// Lock).
inline constexpr int kLockSleepUs = 1000;

// A mutual exclusion lock for short critical sections.  Meets Lockable.
//
//   word 0: free   1: held          sleepers: threads that may sleep on word
//
// lock: CAS 0 -> 1; else spin, yield, and finally count itself in
// sleepers and sleep on the word (futex) while it is 1, for at most
// kLockSleepUs at a time, trying the CAS after each wake.
// unlock: a release store of 0, then a plain load of sleepers: one wake if
// it is not 0.  So an uncontended lock-unlock pair is one atomic
// read-modify-write, not two (the ring locks are taken twice per evicting
// put; a swap on unlock, as in Drepper's mutex 2, "Futexes are tricky",
// cost a full fence each time).  The price: unlock's load may be ordered
// before its store (x86's store buffer; any weaker machine), and miss a
// sleeper that counted itself just then and read the word as still 1.
// That sleeper then waits for the kernel's check of the word (which sees
// the 0 unless the store is still unseen) or, at worst, its timeout: the
// wake is only a shortcut, never needed for progress, and the CAS alone
// decides ownership (acquire, paired with unlock's release).  Unlock reads
// the count after the word is free, so a Lock must outlive every unlock
// in progress: the engine's live in their cache's slots until
// vmemcache_delete.
// With checks on (check.h) it also knows its holder, for VMC_DCHECKs of
// "REQUIRES: the lock".
class VMC_CAPABILITY("mutex") Lock {
 public:
  void lock() VMC_ACQUIRE() {
    if (!try_lock_word()) lock_slow();
    note_holder(true);
  }
  bool try_lock() VMC_TRY_ACQUIRE(true) {
    if (!try_lock_word()) return false;
    note_holder(true);
    return true;
  }
  void unlock() VMC_RELEASE() {
    VMC_DCHECK(held());
    note_holder(false);
    // Release: our writes happen before the next holder's.  Relaxed load:
    // the wake is a shortcut (see above).
    w_.store(0, std::memory_order_release);
    if (sleepers_.load(std::memory_order_relaxed) != 0) wake();
  }
  // Whether the calling thread holds it (always true without checks: for
  // VMC_DCHECK only).
  bool held() const;

 private:
  bool try_lock_word() {
    std::uint32_t c = 0;
    // Relaxed load: a hint that skips a doomed CAS.  Acquire CAS: the
    // previous holder's writes happen before ours.
    return w_.load(std::memory_order_relaxed) == 0 &&
           w_.compare_exchange_strong(c, 1, std::memory_order_acquire, std::memory_order_relaxed);
  }
  void lock_slow();
  void wake();
  void note_holder(bool taken);

  std::atomic<std::uint32_t> w_{0};
  std::atomic<std::uint32_t> sleepers_{0};
#if VMC_DCHECKS
  // Relaxed: written by the holder, compared by the holder only.
  std::atomic<const void*> holder_{nullptr};
#endif
};

#if VMC_DCHECKS
// The address of a thread-local byte names the calling thread.
inline const void* this_thread_tag() {
  [[gnu::tls_model("initial-exec")]] static thread_local char tag;
  return &tag;
}
inline bool Lock::held() const {
  return holder_.load(std::memory_order_relaxed) == this_thread_tag();
}
inline void Lock::note_holder(bool taken) {
  holder_.store(taken ? this_thread_tag() : nullptr, std::memory_order_relaxed);
}
#else
inline bool Lock::held() const { return true; }
inline void Lock::note_holder(bool) {}
#endif

// Holds a Lock for a scope (std::lock_guard, with the thread-safety
// analysis's annotations).  The adopting form takes over a lock already held.
class VMC_SCOPED_CAPABILITY LockGuard {
 public:
  explicit LockGuard(Lock& mu) VMC_ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  LockGuard(Lock& mu, std::adopt_lock_t) VMC_REQUIRES(mu) : mu_(mu) { VMC_DCHECK(mu_.held()); }
  ~LockGuard() VMC_RELEASE() { mu_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Lock& mu_;
};

// Escalating waits for a loop that polls another thread's progress.
class Backoff {
 public:
  void pause();
  int rounds() const { return n_; }

 private:
  int n_ = 0;
  int sleep_us_ = 1;
};

}  // namespace vmc

#endif  // VMC_SYNC_H
