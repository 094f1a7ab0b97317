// hyperbolic.cc -- Hyperbolic caching.
//
// Definition (Blankstein, Sen, Freedman, "Hyperbolic Caching: Flexible
// Caching for Web Applications", USENIX ATC'17), as libCacheSim's
// Hyperbolic.c writes it: each object counts its requests since insertion
// (1 at insertion) and remembers the request number at which it entered; to
// make room, sample n-sample cached objects uniformly with replacement and
// evict the one with the lowest priority count / (requests since entry),
// the first sampled among equals.
// Deliberate difference: the samples are ours (xoshiro256**, --seed, exactly
// uniform over the cached objects) where libCacheSim samples its hash
// table; the sequence of victims differs, not the rule.  Tested for its
// defining property (tests/randomized_test.cc).
//
// Parameters: samples (n-sample), default 64.
#include "dense_set.h"
#include "policy_base.h"
#include "rng.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::uint32_t pos = 0;
  std::uint64_t freq = 1;
  std::int64_t entered = 0;  // vtime of insertion
};

class Hyperbolic final : public CachePolicy<Hyperbolic> {
 public:
  explicit Hyperbolic(const PolicyConfig& c)
      : CachePolicy(c),
        samples_(static_cast<int>(c.params.integer({"samples", "n-sample"}, 64, 1, 1 << 20))),
        t_(expected_objects(c)),
        rng_(c.seed) {}
  std::string_view name() const override { return "hyperbolic"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    ++t_[i].freq;
    return true;
  }
  void evict(const models::Request&) {
    std::uint32_t best = kNil;
    double best_score = 1.0e16;
    for (int k = 0; k < samples_; ++k) {
      const std::uint32_t s = set_[rng_.below(set_.size())];
      const double age = double(vtime() - t_[s].entered);
      const double score = 1.0e8 * double(t_[s].freq) / age;
      if (best_score > score) {
        best = s;
        best_score = score;
      }
    }
    if (best == kNil) best = set_[0];  // every sample scored >= 1e16 (fresh objects)
    set_.remove(t_, best);
    used_ -= t_[best].size;
    notify_evict(t_[best].id, t_[best].size);
    t_.remove(best);
  }
  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].entered = vtime();
    set_.add(t_, n);
    used_ += r.size;
  }

  std::uint64_t occupied() const { return used_; }
  std::uint64_t count() const override { return set_.size(); }
  std::size_t metadata_bytes() const override { return t_.memory_bytes() + set_.memory_bytes(); }

 private:
  const int samples_;
  NodeTable<Node> t_;
  DenseSet<Node> set_;
  Rng rng_;
  std::uint64_t used_ = 0;
};

}  // namespace

std::unique_ptr<models::Policy> make_hyperbolic(const PolicyConfig& c) {
  return std::make_unique<Hyperbolic>(c);
}

}  // namespace vmc::sim::policies
