// extent_alloc.h -- the pool's extents: which are free, who gets which.
//
// Design.  The pool is cut into N extents of extent_size bytes.  A value is
// stored in as many extents as it needs, in any order, so every free extent
// is usable and the pool never fragments in the sense that matters (a put
// fails only when fewer than k extents are free, never because they are not
// adjacent).  Two structures describe the free space:
//
//   free_count_   one atomic counter of free, unreserved extents
//   bits_[]       one bit per extent, 1 = free; N bits in N/64 atomic words
//
//      word 0                         word 1
//   +--------------------------------+--------------------------------+
//   |1 1 0 0 0 1 1 1 ... (bit i =    | ...                            |
//   |  extent 64*w + i is free)      |                                |
//   +--------------------------------+--------------------------------+
//
// Allocation is two steps.  reserve(k) takes k from free_count_ with a CAS
// loop; it fails when fewer than k are free, and the caller then evicts
// (policy LRU) or gives up (NONE).  take(k) then claims k set bits by CAS,
// scanning next-fit from the calling thread's cursor.  A successful
// reservation guarantees the scan finds its bits: a freer sets the bits
// before it adds to free_count_ (release), a reserver acquires free_count_,
// so every reserved extent's bit is already visible; other reservers only
// claim bits they too reserved.
//
// Freeing sets the bits (fetch_or) and then adds to free_count_.  Adjacent
// free extents are one free fragment by construction: coalescing is free.
// HEAP_ENTRIES (the number of maximal runs of free extents) is computed on
// demand from the bitmap, in one pass of popcounts.
//
// Contention.  Nothing is locked.  free_count_ is the one shared word every
// put and every free touches (one RMW each); bitmap words are shared only
// when two threads scan the same region, which the per-thread cursors,
// started at different places, make rare.  Gets never touch the allocator.
//
// Determinism.  In a single thread the choice is exact and documented in
// docs/SEMANTICS.md (next fit from a cursor that starts at 0), so the
// reference model predicts HEAP_ENTRIES after every operation.
//
// Cost per entry: extents are listed in the entry as runs (start, length),
// 8 bytes per run; a value written into a contiguous stretch is one run.
#ifndef VMC_EXTENT_ALLOC_H
#define VMC_EXTENT_ALLOC_H

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "dram.h"
#include "errors.h"

namespace vmc {

// A run of consecutive extents packed in one word: start in the low 40
// bits, length-1 in the high 24.
class Run {
 public:
  static constexpr int kStartBits = 40;
  static constexpr std::uint64_t kMaxExtents = std::uint64_t{1} << kStartBits;
  static constexpr std::uint64_t kMaxLen = std::uint64_t{1} << (64 - kStartBits);
  static_assert(kStartBits + 24 == 64, "a run must fit one word");

  Run() = default;
  Run(std::uint64_t start, std::uint64_t len)
      : w_(start | ((len - 1) << kStartBits)) {}
  std::uint64_t start() const { return w_ & (kMaxExtents - 1); }
  std::uint64_t len() const { return (w_ >> kStartBits) + 1; }

 private:
  std::uint64_t w_ = 0;
};
static_assert(sizeof(Run) == 8);

class ExtentAllocator {
 public:
  ExtentAllocator() = default;
  ExtentAllocator(const ExtentAllocator&) = delete;
  ExtentAllocator& operator=(const ExtentAllocator&) = delete;

  // All `n_extents` free.  REQUIRES: 0 < n_extents <= Run::kMaxExtents.
  Status init(std::uint64_t n_extents, DramArena* arena);
  void destroy(DramArena* arena);

  std::uint64_t extents() const { return n_; }

  // Reserves k extents; false (nothing reserved) if fewer than k are free.
  bool reserve(std::uint64_t k);
  // Gives back a reservation that will not be taken.
  void unreserve(std::uint64_t k);

  // Claims `k` reserved extents next-fit from *cursor (advanced past the
  // last one taken) and writes them as runs to `out`; returns the number of
  // runs.  The worst case is k runs, so `out` must hold k.
  // REQUIRES: reserve(k) succeeded and its extents were not taken yet.
  std::uint64_t take(std::uint64_t k, std::uint64_t* cursor, Run* out);

  // Frees the extents of `runs`.
  void release(const Run* runs, std::uint64_t nruns);

  // Free extents (reserved ones count as used).
  std::uint64_t free_count() const { return free_count_.load(std::memory_order_relaxed); }
  // Maximal runs of free extents (HEAP_ENTRIES).  Exact at quiescence.
  std::uint64_t count_fragments() const;
  // Free extents counted from the bitmap (for consistency checks).
  std::uint64_t count_free_bits() const;
  bool is_free(std::uint64_t extent) const;

 private:
  std::uint64_t n_ = 0;
  std::uint64_t nwords_ = 0;
  std::atomic<std::uint64_t>* bits_ = nullptr;
  // Own cache line: every put and free touches it, the bitmap is read-mostly.
  alignas(64) std::atomic<std::uint64_t> free_count_{0};
};

}  // namespace vmc

#endif  // VMC_EXTENT_ALLOC_H
