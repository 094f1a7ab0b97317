// generators.h -- the random streams a workload draws from: a fast PRNG,
// key bytes for a key id, key ids (uniform, Zipf, lowbits, one hot key),
// and value sizes (a function of the key).
//
// All generators are plain values owned by one thread; nothing here is
// shared or synchronised.  Streams are deterministic given the seed.
#ifndef VMC_BENCH_GENERATORS_H
#define VMC_BENCH_GENERATORS_H

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include <vmc/common/random.h>

namespace vmc::bench {

using common::splitmix64_mix;

// xoshiro256** (common/random.h) with the draws the workloads need.
class Rng : public common::Xoshiro256ss {
 public:
  using Xoshiro256ss::Xoshiro256ss;
  // Uniform in [0, 1).
  double uniform01() { return (next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; bias < n / 2^64).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
};

// Key bytes for key id `id`: the 8 bytes of the id, then splitmix64_mix(id) repeated
// up to key_size.  Distinct ids give distinct keys whenever key_size >= 8.
class KeyMaker {
 public:
  explicit KeyMaker(std::size_t key_size) : buf_(key_size < 8 ? 8 : key_size) { size_ = key_size; }
  std::string_view make(std::uint64_t id) {
    std::memcpy(buf_.data(), &id, 8);
    const std::uint64_t h = splitmix64_mix(id);
    for (std::size_t off = 8; off < buf_.size(); off += 8) {
      std::size_t n = buf_.size() - off < 8 ? buf_.size() - off : 8;
      std::memcpy(buf_.data() + off, &h, n);
    }
    return {buf_.data(), size_};
  }

 private:
  std::vector<char> buf_;
  std::size_t size_;
};

// Zipf(alpha) ranks in [1, n] by rejection-inversion (Hörmann & Derflinger
// 1996): O(1) set-up and O(1) expected time per sample for any n and any
// alpha > 0 (alpha = 1 included), unlike the zeta-table method.
class Zipf {
 public:
  Zipf(std::uint64_t n, double alpha) : n_(static_cast<double>(n)), s_(alpha) {
    h_x1_ = h_integral(1.5) - 1.0;
    h_n_ = h_integral(n_ + 0.5);
    sv_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
  }
  std::uint64_t sample(Rng& rng) const {
    for (;;) {
      const double u = h_n_ + rng.uniform01() * (h_x1_ - h_n_);
      const double x = h_integral_inverse(u);
      double k = std::floor(x + 0.5);
      if (k < 1.0)
        k = 1.0;
      else if (k > n_)
        k = n_;
      if (k - x <= sv_ || u >= h_integral(k + 0.5) - h(k)) {
        return static_cast<std::uint64_t>(k);
      }
    }
  }

 private:
  double h(double x) const { return std::exp(-s_ * std::log(x)); }
  double h_integral(double x) const {
    const double lx = std::log(x);
    return helper2((1.0 - s_) * lx) * lx;
  }
  double h_integral_inverse(double x) const {
    double t = x * (1.0 - s_);
    if (t < -1.0) t = -1.0;
    return std::exp(helper1(t) * x);
  }
  static double helper1(double x) {  // log1p(x) / x
    return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }
  static double helper2(double x) {  // expm1(x) / x
    return std::fabs(x) > 1e-8 ? std::expm1(x) / x
                               : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
  }
  double n_, s_, h_x1_, h_n_, sv_;
};

// How keys are chosen (--key-dist):
//   uniform     ids uniform in [0, 2^log2)
//   zipf        Zipf(alpha) ranks over [0, 2^log2), scattered over the space
//               by an odd multiplier (a bijection mod 2^log2), so the hot
//               keys are not neighbours (which would flatter a cache sharded
//               by id)
//   lowbits:N   a random 64-bit number with only its N lowest set bits kept
//               (libvmemcache's own benchmark): the key whose set bits are
//               the positions p1 < .. < pN has probability 2^-(pN + 1), so
//               N = 5 gives a few very hot keys (0x1f alone is 1/32 of all
//               requests) and N = 30 almost all distinct
//   one-hot     every request is for one key (id 0)
enum class KeyDist { kUniform, kZipf, kLowBits, kOneHot };

struct KeySpec {
  KeyDist dist = KeyDist::kUniform;
  unsigned log2 = 20;        // uniform, zipf: the key space is 2^log2 ids
  double zipf_alpha = 0.99;  // zipf
  unsigned lowbits = 5;      // lowbits: N
};

// x with only its n lowest set bits kept (all of x when it has <= n).
// Takes one set bit per step, with no popcount: the driver is built for
// any x86-64, where std::popcount is a libgcc call (it took 4% of a
// lowbits:5 profile), and the common N are small.
constexpr std::uint64_t keep_lowest_set_bits(std::uint64_t x, unsigned n) {
  std::uint64_t kept = 0;
  for (unsigned i = 0; i < n && x != 0; ++i) {
    const std::uint64_t low = x & (~x + 1);  // the lowest set bit
    kept |= low;
    x ^= low;
  }
  return kept;
}

class KeyChooser {
 public:
  explicit KeyChooser(const KeySpec& k)
      : spec_(k),
        mask_(k.log2 >= 64 ? ~0ull : (1ull << k.log2) - 1),
        zipf_(mask_ + 1 == 0 ? ~0ull : mask_ + 1, k.zipf_alpha > 0 ? k.zipf_alpha : 1.0) {}
  std::uint64_t next(Rng& rng) const {
    switch (spec_.dist) {
      case KeyDist::kUniform:
        return rng.next() & mask_;
      case KeyDist::kZipf:
        return ((zipf_.sample(rng) - 1) * 0x9e3779b97f4a7c15ull) & mask_;
      case KeyDist::kLowBits:
        return keep_lowest_set_bits(rng.next(), spec_.lowbits);
      case KeyDist::kOneHot:
        return 0;
    }
    return 0;
  }
  // Uniform and Zipf draw from the dense space [0, 2^log2): a prefill can
  // put ids 0, 1, 2, ...  The others are prefilled by drawing keys.
  bool dense() const { return spec_.dist == KeyDist::kUniform || spec_.dist == KeyDist::kZipf; }
  // Distinct keys the chooser can return (capped at 2^63 for lowbits).
  std::uint64_t space() const {
    if (spec_.dist == KeyDist::kOneHot) return 1;
    if (spec_.dist == KeyDist::kLowBits) return 1ull << 63;
    return mask_ + 1 == 0 ? ~0ull : mask_ + 1;
  }

 private:
  KeySpec spec_;
  std::uint64_t mask_;
  Zipf zipf_;
};

// Value sizes in [min, max]: uniform, or "small" (log-uniform: each power
// of two between min and max equally likely, so small values dominate).
// A key's size is a function of the key and the seed (for_key), so a key
// put again after an eviction, by any thread, into any cache of the run,
// has the same size.
class ValueSizes {
 public:
  ValueSizes(std::uint64_t min, std::uint64_t max, bool skew_small, std::uint64_t seed = 0)
      : min_(min),
        max_(max < min ? min : max),
        small_(skew_small),
        salt_(splitmix64_mix(seed ^ 0x5851f42d4c957f2dull)) {}
  std::uint64_t for_key(std::uint64_t id) const {
    if (min_ == max_) return min_;
    const std::uint64_t u = splitmix64_mix(id ^ salt_);
    if (!small_) {
      return min_ + static_cast<std::uint64_t>(
                        (static_cast<unsigned __int128>(u) * (max_ - min_ + 1)) >> 64);
    }
    const double lo = std::log(static_cast<double>(min_ == 0 ? 1 : min_));
    const double hi = std::log(static_cast<double>(max_) + 1.0);
    const double u01 = (u >> 11) * 0x1.0p-53;
    auto v = static_cast<std::uint64_t>(std::exp(lo + u01 * (hi - lo)));
    return v < min_ ? min_ : (v > max_ ? max_ : v);
  }
  // The distribution's mean, for sizing prefills.
  double mean() const {
    if (min_ == max_ || !small_) return (min_ + max_) / 2.0;
    const double lo = std::log(static_cast<double>(min_ == 0 ? 1 : min_));
    const double hi = std::log(static_cast<double>(max_) + 1.0);
    return (std::exp(hi) - std::exp(lo)) / (hi - lo);
  }
  std::uint64_t min() const { return min_; }
  std::uint64_t max() const { return max_; }

 private:
  std::uint64_t min_, max_;
  bool small_;
  std::uint64_t salt_;
};

}  // namespace vmc::bench

#endif  // VMC_BENCH_GENERATORS_H
