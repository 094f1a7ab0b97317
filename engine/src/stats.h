// stats.h -- per-thread statistics counters, summed when read.
//
// Each thread slot has its own counters and only the slot's owner writes
// them, with a relaxed load and a relaxed store: no read-modify-write, no
// shared cache line on the get path.  get_stat sums every slot's counters
// with relaxed loads; the sum is exact at quiescence and a consistent-enough
// snapshot otherwise (each counter is monotonic in its slot).
// STATS_ENABLED=OFF compiles the updates out; the counter-backed statistics
// then read 0 (POOL_SIZE_USED and HEAP_ENTRIES come from the allocator and
// stay exact).
#ifndef VMC_STATS_H
#define VMC_STATS_H

#include <atomic>
#include <cstdint>

namespace vmc {

// GET is not counted: it is HIT + MISS, summed when read (one store less per get).
enum class Counter : unsigned { kPut, kHit, kMiss, kEvict, kReplace, kDram, kNum };

class Counters {
 public:
  // REQUIRES: called by the slot's owner thread.  `delta` may be negative
  // (DRAM bytes freed): the words wrap, and sums wrap back.
  void add(Counter c, std::int64_t delta = 1) {
#if VMC_STATS_ENABLED
    auto& w = v_[static_cast<unsigned>(c)];
    // Relaxed: single writer; readers only need each word to be atomic.
    w.store(w.load(std::memory_order_relaxed) + static_cast<std::uint64_t>(delta),
            std::memory_order_relaxed);
#else
    (void)c;
    (void)delta;
#endif
  }
  std::uint64_t get(Counter c) const {
    // Relaxed: a statistic, see the file comment.
    return v_[static_cast<unsigned>(c)].load(std::memory_order_relaxed);
  }

 private:
  std::atomic<std::uint64_t> v_[static_cast<unsigned>(Counter::kNum)] = {};
};

}  // namespace vmc

#endif  // VMC_STATS_H
