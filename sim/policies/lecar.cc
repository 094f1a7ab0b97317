// lecar.cc -- LeCaR: learning cache replacement with two experts, LRU and
// LFU, chosen at random by weights learnt from regret.
//
// Definition (Vietri et al., "Driving Cache Replacement with ML-based
// LeCaR", HotStorage'18), as libCacheSim's LeCaR.c writes it:
//   - Cached objects sit in an LRU order and in LFU frequency groups
//     (frequency = requests since insertion; oldest entry first within a
//     group).  Weights w_lru = w_lfu = 0.5 at first (lru-weight).
//   - To evict: the LRU candidate is the least recent object, the LFU one
//     the oldest of the lowest frequency.  If they are the same object it
//     is evicted and remembered nowhere; otherwise with r = (rand % 100) /
//     100, the LRU candidate if r < w_lru, else the LFU one, and its id
//     enters that expert's history (each history holds up to c / 2 in
//     sizes, dropping its oldest).
//   - A request whose id is in a history is a miss that punishes the expert
//     that evicted it: with t the requests since that eviction and
//     d = 0.005^(1/c), w_x = w_x x exp(-0.45 x d^t) + 1e-10, then both
//     weights are renormalised (update-weight=1; 0 keeps them fixed).
// Deliberate difference: the random draws are ours (xoshiro256**, --seed).
// With lru-weight:1 and update-weight:0 it is exactly LRU, with
// lru-weight:0 exactly LFU (tested, tests/randomized_test.cc).
//
// Parameters: lru-weight (0.5), update-weight (1).
#include <cmath>
#include <map>

#include "policy_base.h"
#include "rng.h"

namespace vmc::sim::policies {
namespace {

enum State : std::uint8_t { kCached, kGhostLru, kGhostLfu };

struct Node : NodeBase {
  std::uint32_t fprev = kNil, fnext = kNil;  // frequency-group links
  std::uint64_t freq = 1;
  std::int64_t evicted_at = 0;
  State state = kCached;
};
struct FreqLinks {
  static std::uint32_t& prev(Node& n) { return n.fprev; }
  static std::uint32_t& next(Node& n) { return n.fnext; }
};
using FreqList = List<Node, FreqLinks>;

class LeCaR final : public CachePolicy<LeCaR> {
 public:
  explicit LeCaR(const PolicyConfig& c)
      : CachePolicy(c),
        w_lru_(c.params.number({"lru-weight"}, 0.5, 0, 1)),
        w_lfu_(0.5),
        learn_(c.params.flag({"update-weight"}, true)),
        discount_(std::pow(0.005, 1.0 / double(c.capacity))),
        t_(expected_objects(c) * 2),
        rng_(c.seed) {}
  std::string_view name() const override { return "lecar"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    if (t_[i].state != kCached) {
      const bool lru = t_[i].state == kGhostLru;
      const std::int64_t dt = vtime() - t_[i].evicted_at;
      if (lru)
        learn(dt, w_lru_, w_lfu_);
      else
        learn(dt, w_lfu_, w_lru_);
      (lru ? ghost_lru_ : ghost_lfu_).unlink(t_, i);
      t_.remove(i);
      return false;
    }
    recency_.move_to_front(t_, i);
    take(i);
    ++t_[i].freq;
    groups_[t_[i].freq].push_front(t_, i);
    return true;
  }

  void evict(const models::Request&) {
    const std::uint32_t by_lru = recency_.tail, by_lfu = groups_.begin()->second.tail;
    std::uint32_t v = by_lru;
    State to = kCached;  // kCached: remembered nowhere
    if (by_lru != by_lfu) {
      const double r = double(rng_.below(100)) / 100.0;
      v = r < w_lru_ ? by_lru : by_lfu;
      to = r < w_lru_ ? kGhostLru : kGhostLfu;
    }
    recency_.unlink(t_, v);
    take(v);
    used_ -= t_[v].size;
    notify_evict(t_[v].id, t_[v].size);
    if (to == kCached) return t_.remove(v);
    t_[v].state = to;
    t_[v].evicted_at = vtime();
    List<Node>& g = to == kGhostLru ? ghost_lru_ : ghost_lfu_;
    g.push_front(t_, v);
    while (g.bytes > capacity() / 2) {
      const std::uint32_t o = g.tail;
      g.unlink(t_, o);
      t_.remove(o);
    }
  }

  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    recency_.push_front(t_, n);
    groups_[1].push_front(t_, n);
    used_ += r.size;
  }

  std::uint64_t occupied() const { return used_; }
  std::uint64_t count() const override { return recency_.count; }
  std::size_t metadata_bytes() const override {
    return t_.memory_bytes() + groups_.size() * (sizeof(FreqList) + 48);
  }

 private:
  // libCacheSim's update_weight: the expert whose history was hit loses.
  void learn(std::int64_t dt, double& loser, double& other) const {
    if (!learn_) return;
    const double reward = std::pow(discount_, double(dt));
    loser = loser * std::exp(-0.45 * reward) + 1e-10;
    const double s = loser + other + 2e-10;
    loser = loser / s;
    other = (other + 1e-10) / s;
  }

  void take(std::uint32_t i) {
    auto it = groups_.find(t_[i].freq);
    it->second.unlink(t_, i);
    if (it->second.empty()) groups_.erase(it);
  }

  double w_lru_, w_lfu_;
  const bool learn_;
  const double discount_;
  NodeTable<Node> t_;
  List<Node> recency_;                        // cached; head: most recent
  std::map<std::uint64_t, FreqList> groups_;  // frequency -> cached (head: newest entry)
  List<Node> ghost_lru_, ghost_lfu_;          // the experts' histories; head: newest
  Rng rng_;
  std::uint64_t used_ = 0;
};

}  // namespace

std::unique_ptr<models::Policy> make_lecar(const PolicyConfig& c) {
  return std::make_unique<LeCaR>(c);
}

}  // namespace vmc::sim::policies
