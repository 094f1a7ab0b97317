// size_spec.h -- cache sizes as the user writes them, and their resolution
// into capacities once the trace is known.
//
// Notation (libCacheSim's, plus a few of ours); case-insensitive:
//   0.01, .5, 1.0    a fraction of the working set, in (0, 1] (libCacheSim:
//                    any number with a '.'); capacity = floor(ws x f)
//   5%               a fraction in percent, in (0, 100]
//   4096, 4096B      units: bytes, or objects with --ignore-size
//   64K 64KB 64KiB   x 1024; M MB MiB x 1024^2; G GB GiB x 1024^3; T TB TiB
//                    x 1024^4 -- binary, as libCacheSim (its MB is 2^20);
//                    a decimal number is allowed with a unit (1.5GB)
//   1000obj          1000 x the mean object size (working set / objects)
//   auto, 0          libCacheSim's automatic sizes: 0.001, 0.003, 0.01, 0.03,
//                    0.1, 0.2, 0.4, 0.8 of the working set, keeping those of
//                    more than 4 objects (--ignore-size) or at least 100
// The capacity depends only on the value written, never on its notation:
// `-s 489` and `-s 0.01` on a 48,974-object trace are the same cache.
// Errors are std::invalid_argument naming the token and the fix.
#ifndef VMC_SIM_SIZE_SPEC_H
#define VMC_SIM_SIZE_SPEC_H

#include <cstdint>
#include <string>
#include <vector>

#include "driver.h"

namespace vmc::sim {

struct SizeSpec {
  std::string text;  // as written
  enum Kind { kUnits, kBytes, kFraction, kObjects, kAuto } kind = kUnits;
  double value = 0;  // units, bytes, fraction or object count
};

// One token.  Throws std::invalid_argument.
SizeSpec parse_size(const std::string& token);
// A comma-separated list (at least one token).
std::vector<SizeSpec> parse_sizes(const std::string& list);

// Whether resolving needs the statistics pass (fractions, objects, auto).
bool needs_stats(const std::vector<SizeSpec>& sizes);

// The capacities of one size (several for `auto`), with labels.  `unit`:
// bytes per capacity unit (1, or the extent size); `ignore_size`: plain
// units are objects.  Throws std::invalid_argument when a size resolves to
// no room at all or to less than one mean-sized object.
struct Capacity {
  std::uint64_t units;
  std::string label;
};
std::vector<Capacity> resolve(const SizeSpec& s, const TraceStats* stats, std::uint64_t unit,
                              bool ignore_size);

}  // namespace vmc::sim

#endif  // VMC_SIM_SIZE_SPEC_H
