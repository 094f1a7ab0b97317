// clock.cc -- see clock.h for the design.
#include "clock.h"

#include <mutex>  // std::adopt_lock

namespace vmc {
namespace {

// The ring lock held for a scope, as the shared-write budget sees it: one
// RMW to take, one store to give back (sync.h).
class VMC_SCOPED_CAPABILITY RingLock {
 public:
  explicit RingLock(Lock& mu) VMC_ACQUIRE(mu) : mu_(mu) {
    VMC_SW_RMW();
    mu_.lock();
  }
  // Takes over a lock acquired (and counted) by the caller.
  RingLock(Lock& mu, std::adopt_lock_t) VMC_REQUIRES(mu) : mu_(mu) { VMC_DCHECK(mu_.held()); }
  ~RingLock() VMC_RELEASE() {
    VMC_SW_STORE();
    mu_.unlock();
  }
  RingLock(const RingLock&) = delete;
  RingLock& operator=(const RingLock&) = delete;

 private:
  Lock& mu_;
};

}  // namespace

void ClockRing::insert(Entry* e) {
  RingLock lock(mu_);
  // Relaxed: a claim made under this lock (sweepers) is visible through it;
  // evict(key) and replacers take this lock after claiming, so whichever of
  // us comes second sees the other.  Claimed first: a claimer that found e
  // in no ring may have retired it already, reusing its links for the
  // limbo's (entry.h), so they say nothing until we know it is unclaimed.
  if (e->claimed()) return;
  VMC_DCHECK(!e->in_ring());
  if (hand_ == nullptr) {
    e->ring.prev = e->ring.next = e;
    hand_ = e;
    VMC_SW_STORE();
  } else {
    Entry* tail = hand_->ring.prev;
    e->ring.prev = tail;
    e->ring.next = hand_;
    tail->ring.next = e;
    hand_->ring.prev = e;
    VMC_SW_STORE();
    VMC_SW_STORE();
  }
  add_locked(1, static_cast<std::int64_t>(e->extents()));
}

void ClockRing::add_locked(std::int64_t entries, std::int64_t extents) {
  VMC_SW_STORE();
  VMC_SW_STORE();
  size_.store(size_.load(std::memory_order_relaxed) + entries, std::memory_order_relaxed);
  extents_.store(extents_.load(std::memory_order_relaxed) + extents, std::memory_order_relaxed);
}

void ClockRing::unlink_locked(Entry* e, std::uint64_t extents) {
  VMC_DCHECK(mu_.held() && e->in_ring() && size_.load(std::memory_order_relaxed) > 0);
  if (e->ring.next == e) {
    hand_ = nullptr;
    VMC_SW_STORE();
  } else {
    if (hand_ == e) hand_ = e->ring.next, VMC_SW_STORE();
    e->ring.prev->ring.next = e->ring.next;
    e->ring.next->ring.prev = e->ring.prev;
    VMC_SW_STORE();
    VMC_SW_STORE();
  }
  e->ring.prev = e->ring.next = nullptr;  // in_ring() is false from now on
  add_locked(-1, -static_cast<std::int64_t>(extents));
}

void ClockRing::remove(Entry* e) {
  VMC_DCHECK(e->claimed());
  RingLock lock(mu_);
  if (e->in_ring()) unlink_locked(e, e->extents());
}

std::size_t ClockRing::pick_victims(std::uint64_t want_extents, std::size_t max, Entry** out,
                                    bool try_only, std::atomic<std::int64_t>* in_motion) {
  VMC_SW_RMW();
  if (try_only) {
    if (!mu_.try_lock()) return 0;
  } else {
    mu_.lock();
  }
  RingLock lock(mu_, std::adopt_lock);
  std::size_t n = 0;
  std::uint64_t got = 0;
  // Two full turns clear every bit that no hit re-sets meanwhile; bounding
  // the sweep keeps an evictor from chasing concurrent hits forever.
  std::uint64_t budget = 2 * size_.load(std::memory_order_relaxed) + 1;
  while (hand_ != nullptr && budget-- > 0 && n < max && (n == 0 || got < want_extents)) {
#if VMEMCACHE_INJECT_BUG == 4
    Entry* e = hand_->ring.prev;  // planted bug: the most recently inserted
#else
    Entry* e = hand_;
#endif
    // Relaxed: see touch(); losing a concurrent hit only costs a second chance.
    if (e->clock_bit.load(std::memory_order_relaxed) != 0 && budget > 0) {
      VMC_SW_STORE();
      e->clock_bit.store(0, std::memory_order_relaxed);
      hand_ = e->ring.next;
      continue;
    }
    hand_ = e->ring.next;
    if (!e->claim()) continue;  // being removed by evict(key); it unlinks itself
    VMC_DCHECK(e->in_ring());
    const std::uint64_t extents = e->extents();
    unlink_locked(e, extents);
    out[n++] = e;
    got += extents;
  }
  // The next sweep starts at the hand: fetch its entry now (for writing: a
  // sweep claims it or clears its bit), and its miss overlaps the rest of
  // this put instead of stalling the next eviction.
  if (hand_ != nullptr) __builtin_prefetch(hand_, 1);
  // Release, owner-only (the caller's slot): see cache_write.cc.
  if (got != 0)
    in_motion->store(in_motion->load(std::memory_order_relaxed) + static_cast<std::int64_t>(got),
                     std::memory_order_release);
  return n;
}

}  // namespace vmc
