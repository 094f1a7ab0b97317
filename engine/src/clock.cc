// clock.cc -- see clock.h for the design.
#include "clock.h"

namespace vmc {

void ClockRing::insert(Entry* e) {
  std::lock_guard<SpinLock> lock(mu_);
  // Relaxed: a claim that happened before our lock is visible through the
  // mutex if it was made under it (sweepers); evict(key) takes this mutex
  // after claiming, so whichever of us comes second sees the other.
  if (e->refs.load(std::memory_order_relaxed) & Entry::kClaimed) return;
  if (hand_ == nullptr) {
    e->ring.prev = e->ring.next = e;
    hand_ = e;
  } else {
    Entry* tail = hand_->ring.prev;
    e->ring.prev = tail;
    e->ring.next = hand_;
    tail->ring.next = e;
    hand_->ring.prev = e;
  }
  size_.store(size_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

void ClockRing::unlink_locked(Entry* e) {
  if (e->ring.next == e) {
    hand_ = nullptr;
  } else {
    if (hand_ == e) hand_ = e->ring.next;
    e->ring.prev->ring.next = e->ring.next;
    e->ring.next->ring.prev = e->ring.prev;
  }
  e->ring.prev = e->ring.next = nullptr;  // in_ring() is false from now on
  size_.store(size_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
}

void ClockRing::remove(Entry* e) {
  std::lock_guard<SpinLock> lock(mu_);
  if (e->in_ring()) unlink_locked(e);
}

Entry* ClockRing::pick_victim(bool try_only) {
  std::unique_lock<SpinLock> lock(mu_, std::defer_lock);
  if (try_only) {
    if (!lock.try_lock()) return nullptr;
  } else {
    lock.lock();
  }
  // Two full turns clear every bit that no hit re-sets meanwhile; bounding
  // the sweep keeps an evictor from chasing concurrent hits forever.
  std::uint64_t budget = 2 * size_.load(std::memory_order_relaxed) + 1;
  while (hand_ != nullptr && budget-- > 0) {
#if VMEMCACHE_INJECT_BUG == 4
    Entry* e = hand_->ring.prev;  // planted bug: the most recently inserted
#else
    Entry* e = hand_;
#endif
    // Relaxed: see touch(); losing a concurrent hit only costs a second chance.
    if (e->referenced.load(std::memory_order_relaxed) != 0 && budget > 0) {
      e->referenced.store(0, std::memory_order_relaxed);
      hand_ = e->ring.next;
      continue;
    }
    // Acq_rel: the claim orders against readers' reference counting and
    // against another claimer (evict(key)); the loser leaves it alone.
    if (e->refs.fetch_or(Entry::kClaimed, std::memory_order_acq_rel) & Entry::kClaimed) {
      hand_ = e->ring.next;  // being evicted by evict(key); it unlinks itself
      continue;
    }
    hand_ = e->ring.next;
    unlink_locked(e);
    return e;
  }
  return nullptr;
}

}  // namespace vmc
