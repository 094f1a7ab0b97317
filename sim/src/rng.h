// rng.h -- the simulator's random numbers: the common xoshiro256**
// (common/include/vmc/common/random.h) with `below(n)` as `next() % n`,
// libCacheSim's `next_rand() % n` idiom (the modulo bias is below 2^-40 for
// any cache this simulator can hold).  The randomised policies (random,
// hyperbolic, lecar, cacheus, lhd) promise that one --seed gives one result
// on every platform; this generator and `below()` are specified bit for bit.
//
// Single-threaded: one generator per policy instance.
#ifndef VMC_SIM_RNG_H
#define VMC_SIM_RNG_H

#include <vmc/common/random.h>

#include <cstdint>

namespace vmc::sim {

class Rng : public common::Xoshiro256ss {
 public:
  using Xoshiro256ss::Xoshiro256ss;

  // A number in [0, n).  REQUIRES: n > 0.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

}  // namespace vmc::sim

#endif  // VMC_SIM_RNG_H
