// generators.h -- the random streams a workload draws from: a fast PRNG,
// key bytes for a key id, key ids (uniform or Zipf), and value sizes.
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

namespace vmc::bench {

// splitmix64's finaliser: a bijection on 64-bit words with good avalanche.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// xoshiro256**: fast, 256-bit state, fine for workload generation.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& w : s_) w = mix64(seed += 0x9e3779b97f4a7c15ull);
  }
  std::uint64_t next() {
    const std::uint64_t r = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }
  // Uniform in [0, 1).
  double uniform01() { return (next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; bias < n / 2^64).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>(
        (static_cast<unsigned __int128>(next()) * n) >> 64);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t s_[4];
};

// Key bytes for key id `id`: the 8 bytes of the id, then mix64(id) repeated
// up to key_size.  Distinct ids give distinct keys whenever key_size >= 8.
class KeyMaker {
 public:
  explicit KeyMaker(std::size_t key_size) : buf_(key_size < 8 ? 8 : key_size) {
    size_ = key_size;
  }
  std::string_view make(std::uint64_t id) {
    std::memcpy(buf_.data(), &id, 8);
    const std::uint64_t h = mix64(id);
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
  Zipf(std::uint64_t n, double alpha)
      : n_(static_cast<double>(n)), s_(alpha) {
    h_x1_ = h_integral(1.5) - 1.0;
    h_n_ = h_integral(n_ + 0.5);
    sv_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
  }
  std::uint64_t sample(Rng& rng) const {
    for (;;) {
      const double u = h_n_ + rng.uniform01() * (h_x1_ - h_n_);
      const double x = h_integral_inverse(u);
      double k = std::floor(x + 0.5);
      if (k < 1.0) k = 1.0;
      else if (k > n_) k = n_;
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
    return std::fabs(x) > 1e-8 ? std::log1p(x) / x
                               : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }
  static double helper2(double x) {  // expm1(x) / x
    return std::fabs(x) > 1e-8
               ? std::expm1(x) / x
               : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
  }
  double n_, s_, h_x1_, h_n_, sv_;
};

// Key ids in [0, 2^log2): uniform, or Zipf(alpha) with the ranks scattered
// over the space by an odd multiplier (a bijection mod 2^log2), so the hot
// keys are not neighbours (which would flatter a cache sharded by id).
class KeyChooser {
 public:
  KeyChooser(unsigned log2, double zipf_alpha)
      : mask_(log2 >= 64 ? ~0ull : (1ull << log2) - 1),
        zipf_(mask_ + 1 == 0 ? ~0ull : mask_ + 1,
              zipf_alpha > 0 ? zipf_alpha : 1.0),
        zipf_on_(zipf_alpha > 0) {}
  std::uint64_t next(Rng& rng) const {
    if (!zipf_on_) return rng.next() & mask_;
    return ((zipf_.sample(rng) - 1) * 0x9e3779b97f4a7c15ull) & mask_;
  }
  std::uint64_t space() const { return mask_ + 1; }

 private:
  std::uint64_t mask_;
  Zipf zipf_;
  bool zipf_on_;
};

// Value sizes in [min, max]: uniform, or "small" (log-uniform: each power
// of two between min and max equally likely, so small values dominate).
class ValueSizes {
 public:
  ValueSizes(std::uint64_t min, std::uint64_t max, bool skew_small)
      : min_(min), max_(max < min ? min : max), small_(skew_small) {}
  std::uint64_t next(Rng& rng) const {
    if (min_ == max_) return min_;
    if (!small_) return min_ + rng.below(max_ - min_ + 1);
    const double lo = std::log(static_cast<double>(min_ == 0 ? 1 : min_));
    const double hi = std::log(static_cast<double>(max_) + 1.0);
    auto v = static_cast<std::uint64_t>(
        std::exp(lo + rng.uniform01() * (hi - lo)));
    return v < min_ ? min_ : (v > max_ ? max_ : v);
  }
  // The distribution's mean, for sizing prefills.
  double mean() const {
    if (min_ == max_ || !small_) return (min_ + max_) / 2.0;
    const double lo = std::log(static_cast<double>(min_ == 0 ? 1 : min_));
    const double hi = std::log(static_cast<double>(max_) + 1.0);
    return (std::exp(hi) - std::exp(lo)) / (hi - lo);
  }
  std::uint64_t max() const { return max_; }

 private:
  std::uint64_t min_, max_;
  bool small_;
};

}  // namespace vmc::bench

#endif  // VMC_BENCH_GENERATORS_H
