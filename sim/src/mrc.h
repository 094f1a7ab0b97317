// mrc.h -- miss-ratio curves of exact LRU from stack distances, in one pass,
// optionally on a SHARDS sample.
//
// LRU is a stack algorithm (Mattson et al., 1970): a request hits in an LRU
// cache of capacity C iff its stack distance -- the total size of the
// distinct objects requested since the previous request to the same object,
// this object included -- is <= C.  (Size-aware, with libCacheSim's rule
// used + size <= C, this holds for every C >= the largest object; below
// that, objects too large for C are never cached yet still sit in the stack,
// so those points are approximate and flagged `exact = false`.  With
// per-request sizes, an object requested with different sizes breaks the
// stack property -- the LRU cache keeps the size it inserted, the stack the
// latest -- so when any object changes size every point is flagged
// `exact = false` and `resized` is set; SizeRule::kFirstSeen restores it.)
//
// Distances come from a Fenwick tree over the time of each object's last
// request (one live entry per distinct object, compacted when the time axis
// fills), so a pass is O(n log m) for n requests and m objects, in memory
// O(m).
//
// SHARDS (Waldspurger et al., FAST'15), fixed rate R: only requests whose
// hashed id falls below R * 2^24 are processed, and their distances are
// scaled by 1/R, and miss ratios are divided by the expected sample size
// R x requests (SHARDS-adj).  Memory and time shrink by about R.
#ifndef VMC_SIM_MRC_H
#define VMC_SIM_MRC_H

#include <cstdint>
#include <vector>

#include "driver.h"

namespace vmc::sim {

struct MrcPoint {
  std::uint64_t capacity = 0;
  double miss_ratio = 0;
  double byte_miss_ratio = 0;
  bool exact = true;  // false below the largest object size (see above)
};

struct MrcResult {
  std::vector<MrcPoint> points;  // ascending capacity
  std::uint64_t requests = 0;    // counted (sampled, after warm-up)
  std::uint64_t objects = 0;     // tracked (sampled)
  bool resized = false;          // some object changed size (see above)
  double seconds = 0;
};

// The LRU miss-ratio curve at the given capacities (any order), one pass.
// shards_rate in (0, 1]: 1 is exact.
MrcResult lru_mrc(const TraceSpec& spec, const FeedOptions& opt,
                  std::vector<std::uint64_t> capacities, double shards_rate = 1.0);

struct MrcError {
  double mean_abs = 0;  // mean |sampled - exact| miss ratio over the points
  double max_abs = 0;
};
// REQUIRES: both curves at the same capacities.
MrcError mrc_error(const MrcResult& approx, const MrcResult& exact);

}  // namespace vmc::sim

#endif  // VMC_SIM_MRC_H
