// synthetic.cc -- the synthetic trace generator: Zipf(alpha), uniform, scan
// and loop popularity, with sizes fixed or uniform per object.
//
// Zipf: object of rank r (1-based) is requested with probability
// proportional to 1 / r^alpha (rejection-inversion sampling, O(1)).  Object ids are
// ranks scrambled by a bijective mixer so that popular objects are not
// neighbours.  Uniform: every object equally likely.  Scan: ids 0, 1, 2, ...
// never repeating.  Loop: 0 .. objects-1, repeated.  An object's size is a
// pure function of its id, so it never changes during the trace.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <vmc/common/random.h>

#include "trace.h"

namespace vmc::sim {
namespace {

// Zipf sampling by rejection-inversion (Hormann and Derflinger, "Rejection-
// inversion to generate variates from monotone discrete distributions",
// ACM TOMACS 1996), as in Apache Commons RNG: O(1) time and memory per
// sample, for any exponent alpha > 0 (alpha = 1 included).
class ZipfSampler {
 public:
  ZipfSampler(std::uint64_t n, double alpha) : n_(double(n)), a_(alpha) {
    h_x1_ = big_h(1.5) - 1.0;
    h_n_ = big_h(n_ + 0.5);
    s_ = 2.0 - big_h_inv(big_h(2.5) - h(2.0));
  }
  // A rank in [0, n).
  template <class Rng>
  std::uint64_t operator()(Rng& rng, std::uniform_real_distribution<double>& unit) const {
    for (;;) {
      double u = h_n_ + unit(rng) * (h_x1_ - h_n_);
      double x = big_h_inv(u);
      double k = std::floor(x + 0.5);
      if (k < 1) k = 1;
      if (k > n_) k = n_;
      if (k - x <= s_ || u >= big_h(k + 0.5) - h(k)) return static_cast<std::uint64_t>(k) - 1;
    }
  }

 private:
  double h(double x) const { return std::exp(-a_ * std::log(x)); }
  double big_h(double x) const {
    double lx = std::log(x);
    return helper2((1.0 - a_) * lx) * lx;
  }
  double big_h_inv(double x) const {
    double t = std::max(-1.0, x * (1.0 - a_));
    return std::exp(helper1(t) * x);
  }
  static double helper1(double x) {  // log1p(x) / x, continuous at 0
    return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }
  static double helper2(double x) {  // expm1(x) / x, continuous at 0
    return std::fabs(x) > 1e-8 ? std::expm1(x) / x
                               : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
  }
  double n_, a_, h_x1_ = 0, h_n_ = 0, s_ = 0;
};

class Synthetic final : public TraceReader {
 public:
  explicit Synthetic(const SynthSpec& s)
      : s_(s), rng_(s.seed), zipf_(std::max<std::uint64_t>(1, s.objects), s.alpha) {
    if (s.objects == 0) throw TraceError("synthetic: --synth-objects must be > 0");
    if (s.size_dist == SizeDist::kUniform && s.size_max < s.size_min)
      throw TraceError("synthetic: size range is empty");
    if (s.kind == SynthKind::kZipf && !(s.alpha > 0))
      throw TraceError("synthetic: --zipf-alpha must be > 0");
  }

  bool next(Record& rec) override {
    if (i_ == s_.requests) return false;
    models::Request& out = rec.req;
    rec.time = i_;  // one request per second
    std::uint64_t rank = 0;
    switch (s_.kind) {
      case SynthKind::kZipf:
        rank = zipf_(rng_, unit_);
        break;
      case SynthKind::kUniform:
        rank = rng_() % s_.objects;
        break;
      case SynthKind::kScan:
        rank = i_;
        break;
      case SynthKind::kLoop:
        rank = i_ % s_.objects;
        break;
    }
    out.id = common::murmur3_mix(rank ^ s_.seed);
    out.size = s_.size_min;
    if (s_.size_dist == SizeDist::kUniform)
      out.size = s_.size_min + common::murmur3_mix(out.id + 0x9e3779b97f4a7c15ULL) %
                                   (s_.size_max - s_.size_min + 1);
    out.next_access = -1;
    ++i_;
    return true;
  }
  bool has_time() const override { return true; }
  double progress() const override {
    return s_.requests == 0 ? 1 : static_cast<double>(i_) / static_cast<double>(s_.requests);
  }

 private:
  SynthSpec s_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> unit_{0.0, 1.0};
  ZipfSampler zipf_;
  std::uint64_t i_ = 0;
};

}  // namespace

std::unique_ptr<TraceReader> open_synthetic(const SynthSpec& spec) {
  return std::make_unique<Synthetic>(spec);
}

}  // namespace vmc::sim
