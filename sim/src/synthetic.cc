// synthetic.cc -- the synthetic trace generator: Zipf(alpha), uniform, scan
// and loop popularity, with sizes fixed or uniform per object.
//
// Zipf: object of rank r (1-based) is requested with probability
// proportional to 1 / r^alpha, sampled by inverting the cumulative
// distribution (a table of `objects` doubles, binary search).  Object ids are
// ranks scrambled by a bijective mixer so that popular objects are not
// neighbours.  Uniform: every object equally likely.  Scan: ids 0, 1, 2, ...
// never repeating.  Loop: 0 .. objects-1, repeated.  An object's size is a
// pure function of its id, so it never changes during the trace.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "id_map.h"
#include "trace.h"

namespace vmc::sim {
namespace {

class Synthetic final : public TraceReader {
 public:
  explicit Synthetic(const SynthSpec& s) : s_(s), rng_(s.seed) {
    if (s.objects == 0) throw TraceError("synthetic: --synth-objects must be > 0");
    if (s.size_dist == SizeDist::kUniform && s.size_max < s.size_min)
      throw TraceError("synthetic: size range is empty");
    if (s.kind == SynthKind::kZipf) {
      cdf_.resize(s.objects);
      double sum = 0;
      for (std::uint64_t r = 0; r < s.objects; ++r) {
        sum += 1.0 / std::pow(static_cast<double>(r + 1), s.alpha);
        cdf_[r] = sum;
      }
      for (double& c : cdf_) c /= sum;
    }
  }

  bool next(models::Request& out) override {
    if (i_ == s_.requests) return false;
    std::uint64_t rank = 0;
    switch (s_.kind) {
      case SynthKind::kZipf: {
        double u = unit_(rng_);
        rank = static_cast<std::uint64_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
        if (rank >= s_.objects) rank = s_.objects - 1;
        break;
      }
      case SynthKind::kUniform: rank = rng_() % s_.objects; break;
      case SynthKind::kScan: rank = i_; break;
      case SynthKind::kLoop: rank = i_ % s_.objects; break;
    }
    out.id = mix64(rank ^ s_.seed);
    out.size = s_.size_min;
    if (s_.size_dist == SizeDist::kUniform)
      out.size = s_.size_min + mix64(out.id + 0x9e3779b97f4a7c15ULL) % (s_.size_max - s_.size_min + 1);
    out.next_access = -1;
    ++i_;
    return true;
  }
  double progress() const override {
    return s_.requests == 0 ? 1 : static_cast<double>(i_) / static_cast<double>(s_.requests);
  }

 private:
  SynthSpec s_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> unit_{0.0, 1.0};
  std::vector<double> cdf_;
  std::uint64_t i_ = 0;
};

}  // namespace

std::unique_ptr<TraceReader> open_synthetic(const SynthSpec& spec) { return std::make_unique<Synthetic>(spec); }

}  // namespace vmc::sim
