// extent_alloc.h -- the pool's extents: which are free, who gets which.
//
// Design.  The pool is cut into N extents of extent_size bytes.  A value is
// stored in as many extents as it needs, in any order, so every free extent
// is usable and the pool never fragments in the sense that matters (a put
// fails only when fewer than k extents are free, never because they are not
// adjacent).  Three things describe the free space:
//
//   bits_[]       one bit per extent, 1 = free; N bits in N/64 atomic words
//   global_       an atomic count of free extents nobody has reserved
//   ExtentStash   per thread slot: a count of free extents that thread has
//                 reserved for itself (a count only: which extents is the
//                 bitmap's business)
//
//      word 0                         word 1
//   +--------------------------------+--------------------------------+
//   |1 1 0 0 0 1 1 1 ... (bit i =    | ...                            |
//   |  extent 64*w + i is free)      |                                |
//   +--------------------------------+--------------------------------+
//
// Free extents = global_ + the sum of all stashes.  Allocation is two steps.
// reserve(k) takes k from the caller's stash, or else from global_ (with a
// CAS, plus a refill for the stash so the next puts need not come back); it
// fails when neither has k, and the caller then reclaims, evicts (policy
// LRU), steals other stashes or gives up.  take(k) then claims k set bits by
// CAS, scanning next-fit from the calling thread's cursor.  A successful
// reservation guarantees the scan finds its bits: a freer sets the bits
// before it adds their count anywhere (release), a reserver acquires the
// count, so every reserved extent's bit is already visible; other reservers
// only claim bits they too reserved.
//
// Freeing sets the bits (release_bits); the caller adds the count to its own
// stash (an evicting thread reuses what it freed, touching no shared
// counter) or to global_.  Stashes are trimmed back to a small cap at the
// end of each put, so idle threads hoard little; a thread that finds the
// pool full steals other stashes (one exchange each) before giving up.
//
// Adjacent free extents are one free fragment by construction: coalescing
// is free.  HEAP_ENTRIES (the number of maximal runs of free extents) is
// computed on demand from the bitmap, in one pass of popcounts.
//
// Where the scan starts.  Next fit, except that a cursor standing on a free
// extent first moves back to the first extent of the free run it is in (no
// wrap-around).  After a put the extent before the cursor is the one just
// taken, so this costs one bit test; it matters when space was freed just
// before the cursor -- above all when the cache became empty, where the
// scan restarts at extent 0 and the pool stays one fragment, as the
// original library's allocator does.  docs/SEMANTICS.md states the rule
// and the reference model follows it.
//
// Shared writes: take() CASes the bitmap words it claims from and
// release_bits() fetch_ors the words it frees into; words are shared only
// when two threads work in the same region, which per-thread cursors,
// started at different places, make rare.  global_ is written when a stash
// runs dry or overflows.  Gets never touch the allocator.
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
  Run(std::uint64_t start, std::uint64_t len) : w_(start | ((len - 1) << kStartBits)) {}
  std::uint64_t start() const { return w_ & (kMaxExtents - 1); }
  std::uint64_t len() const { return (w_ >> kStartBits) + 1; }

 private:
  std::uint64_t w_ = 0;
};
static_assert(sizeof(Run) == 8);

// One thread's reserved free extents.  The owner adds and takes; any thread
// may steal the whole count.  The owner's operations are read-modify-writes
// on its own cache line, uncontended unless someone steals.
class ExtentStash {
 public:
  bool take(std::uint64_t k) {
    // Relaxed load: a guess the CAS validates.  Seq_cst CAS: acquires the
    // extents' bits (set before the count was added, release), and orders
    // the reservation for waiters (cache_write.cc).
    std::uint64_t c = n_.load(std::memory_order_relaxed);
    while (c >= k)
      if (n_.compare_exchange_weak(c, c - k, std::memory_order_seq_cst, std::memory_order_relaxed))
        return true;
    return false;
  }
  // Release: the extents' bits are set before their count is seen.
  void add(std::uint64_t k) { n_.fetch_add(k, std::memory_order_release); }
  // Acq_rel: as take() for the taker, as add() for the extents passed on.
  std::uint64_t steal() { return n_.exchange(0, std::memory_order_acq_rel); }
  // Acquire: read by waiters deciding whether space is in motion
  // (cache_write.cc); otherwise a statistic or a hint.
  std::uint64_t count() const { return n_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::uint64_t> n_{0};
};

class ExtentAllocator {
 public:
  ExtentAllocator() = default;
  ExtentAllocator(const ExtentAllocator&) = delete;
  ExtentAllocator& operator=(const ExtentAllocator&) = delete;

  // All `n_extents` free (in global_).  REQUIRES: 0 < n_extents <= Run::kMaxExtents.
  Status init(std::uint64_t n_extents, DramArena* arena);
  void destroy(DramArena* arena);

  std::uint64_t extents() const { return n_; }

  // Reserves k extents from `stash` and, for what it lacks, from the global
  // count, moving up to `refill` more into the stash.  False (nothing
  // reserved) if the two together hold fewer than k.
  bool reserve(std::uint64_t k, ExtentStash* stash, std::uint64_t refill);
  // Reserves k from the global count only (tests, and callers without a stash).
  bool reserve(std::uint64_t k);
  // Gives extents reserved (or stolen) back to the global count.
  void unreserve(std::uint64_t k);

  // Claims `k` reserved extents next-fit from *cursor (moved back first to
  // the start of the free run it stands on; advanced past the last extent
  // taken) and writes them as runs to `out`; returns the number of runs.
  // The worst case is k runs, so `out` must hold k.
  // REQUIRES: k extents were reserved and not taken yet.
  std::uint64_t take(std::uint64_t k, std::uint64_t* cursor, Run* out);

  // Marks the extents of `runs` free; the caller adds their count to a
  // stash or to the global count (unreserve).
  void release_bits(const Run* runs, std::uint64_t nruns);
  // release_bits and unreserve together.
  void release(const Run* runs, std::uint64_t nruns);

  // Free extents not in any stash.  Acquire: as ExtentStash::count().
  std::uint64_t global_free() const { return global_.load(std::memory_order_acquire); }
  // Maximal runs of free extents (HEAP_ENTRIES).  Exact at quiescence.
  std::uint64_t count_fragments() const;
  // Free extents counted from the bitmap (for consistency checks).
  std::uint64_t count_free_bits() const;
  bool is_free(std::uint64_t extent) const;

 private:
  std::uint64_t free_run_start(std::uint64_t cursor) const;

  std::uint64_t n_ = 0;
  std::uint64_t nwords_ = 0;
  std::atomic<std::uint64_t>* bits_ = nullptr;
  // Own cache line: written whenever a stash runs dry or overflows.
  alignas(64) std::atomic<std::uint64_t> global_{0};
};

}  // namespace vmc

#endif  // VMC_EXTENT_ALLOC_H
