// random.h -- the deterministic hashes and random streams the simulator,
// the benchmarks and the tests draw from: FNV-1a, two 64-bit finalisers and
// xoshiro256** seeded through splitmix64 (Blackman and Vigna, "Scrambled linear pseudorandom
// number generators", ACM TOMS 2021).
//
// Why our own and not <random>: one seed must give one stream on every
// platform, and the standard's distributions are not specified bit for bit.
// Each user adds the bounded draw it needs (the simulator `% n`, as
// libCacheSim does; the benchmarks a multiply-shift).
//
// Single-threaded: a generator is a plain value owned by one thread.
#ifndef VMC_COMMON_RANDOM_H
#define VMC_COMMON_RANDOM_H

#include <cstddef>
#include <cstdint>

namespace vmc::common {

// splitmix64's finaliser: a bijection on 64-bit words with good avalanche.
constexpr std::uint64_t splitmix64_mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// murmur3's 64-bit finaliser (fmix64), another bijection; the simulator's
// synthetic traces and SHARDS sampling are defined with it.
constexpr std::uint64_t murmur3_mix(std::uint64_t x) {
  x = (x ^ (x >> 33)) * 0xff51afd7ed558ccdULL;
  x = (x ^ (x >> 33)) * 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

// FNV-1a of n bytes, to name a key or value in logs and messages.
inline std::uint64_t fnv1a(const void* p, std::size_t n) {
  std::uint64_t h = 14695981039346656037ULL;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= static_cast<const unsigned char*>(p)[i];
    h *= 1099511628211ULL;
  }
  return h;
}

class Xoshiro256ss {
 public:
  // The state is four successive outputs of splitmix64 started at `seed`.
  explicit Xoshiro256ss(std::uint64_t seed) {
    for (std::uint64_t& w : s_) w = splitmix64_mix(seed += 0x9e3779b97f4a7c15ULL);
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

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace vmc::common

#endif  // VMC_COMMON_RANDOM_H
