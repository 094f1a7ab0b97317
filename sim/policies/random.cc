// random.cc -- Random eviction.
//
// Definition: a hit changes nothing; to make room, evict a cached object
// chosen uniformly at random (libCacheSim's Random.c, which draws from its
// hash table).  Deliberate difference: the draw is ours (xoshiro256**,
// seeded by --seed, rng.h) and exactly uniform over the cached objects; the
// sequence of victims therefore differs from libCacheSim's, not their law.
// Tested for its defining property (tests/randomized_test.cc).
#include "dense_set.h"
#include "policy_base.h"
#include "rng.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::uint32_t pos = 0;
};

class Random final : public CachePolicy<Random> {
 public:
  explicit Random(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)), rng_(c.seed) {}
  std::string_view name() const override { return "random"; }

  bool find(const models::Request& r) const { return t_.find(r.id) != kNil; }
  void evict(const models::Request&) {
    const std::uint32_t v = set_[rng_.below(set_.size())];
    set_.remove(t_, v);
    used_ -= t_[v].size;
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }
  void insert(const models::Request& r) {
    set_.add(t_, t_.add(r.id, r.size));
    used_ += r.size;
  }

  std::uint64_t occupied() const { return used_; }
  std::uint64_t count() const override { return set_.size(); }
  std::size_t metadata_bytes() const override { return t_.memory_bytes() + set_.memory_bytes(); }

 private:
  NodeTable<Node> t_;
  DenseSet<Node> set_;
  Rng rng_;
  std::uint64_t used_ = 0;
};

}  // namespace

std::unique_ptr<models::Policy> make_random(const PolicyConfig& c) {
  return std::make_unique<Random>(c);
}

}  // namespace vmc::sim::policies
