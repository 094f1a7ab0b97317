// rng.h -- the simulator's random numbers: xoshiro256** seeded through
// splitmix64 (Blackman and Vigna, "Scrambled linear pseudorandom number
// generators", ACM TOMS 2021).
//
// Why our own and not std::uniform_int_distribution: the randomised policies
// (random, hyperbolic, lecar, cacheus, lhd) promise that one --seed gives one
// result on every platform; the standard's distributions are not specified
// bit for bit, this generator and `below()` are.  `below(n)` is `next() % n`,
// libCacheSim's `next_rand() % n` idiom (the modulo bias is below 2^-40 for
// any cache this simulator can hold).
//
// Single-threaded: one generator per policy instance.
#ifndef VMC_SIM_RNG_H
#define VMC_SIM_RNG_H

#include <cstdint>

namespace vmc::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (std::uint64_t& w : s_) w = splitmix(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // A number in [0, n).  REQUIRES: n > 0.
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t s_[4];
};

}  // namespace vmc::sim

#endif  // VMC_SIM_RNG_H
