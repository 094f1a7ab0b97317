// cacheus.cc -- Cacheus: two experts, a scan-resistant LRU (SR-LRU) and a
// churn-resistant LFU (CR-LFU), weighted by regret with an adaptive
// learning rate.
//
// Definition (Rodriguez et al., "Learning Cache Replacement with CACHEUS",
// FAST'21), as libCacheSim's Cacheus.c, SR_LRU.c and CR_LFU.c write it:
//   - SR-LRU: new objects enter SR (c/2); a hit in SR moves the object to R
//     (c/2), R's overflow going back to SR's head; H remembers up to c of
//     objects evicted from SR-LRU (with their CR-LFU frequency).  A miss
//     whose id is in H enters R directly.  SR's own overflow evicts from the
//     cache.  (libCacheSim's SR/R size adaptation reads flags that every
//     move resets, so it never fires: SR and R keep c/2, as here.)
//   - CR-LFU: frequency groups; the victim is the most recent entry of the
//     lowest frequency; an object returning from H resumes its frequency + 1.
//   - To evict: the SR-LRU candidate is SR's LRU (R's if SR is empty), the
//     CR-LFU one as above; if they coincide it goes (to H); otherwise with
//     r = (rand % 100) / 100, the SR-LRU one if r < w_lru, else the CR-LFU
//     one, its id entering that expert's ghost list (c/2 each).
//   - A miss whose id is in a ghost list multiplies that expert's weight by
//     exp(-lr); weights are renormalised on every miss.  lr starts at
//     0.001 + (rand % 1000) / 1000 and adapts every c requests from the
//     change in hit rate (hits / c, an integer division in the reference),
//     restarting at random after 10 fruitless intervals.
// Deliberate difference: the random draws are ours (xoshiro256**, --seed).
// Tested for its defining property (tests/randomized_test.cc).
#include <cmath>
#include <map>

#include "policy_base.h"
#include "rng.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::uint32_t fprev = kNil, fnext = kNil;  // CR-LFU group links
  std::int64_t freq = 1;
  bool in_r = false;  // SR-LRU: in R (else in SR)
};
struct FreqLinks {
  static std::uint32_t& prev(Node& n) { return n.fprev; }
  static std::uint32_t& next(Node& n) { return n.fnext; }
};
using FreqList = List<Node, FreqLinks>;

struct HNode : NodeBase {
  std::int64_t freq = 1;  // CR-LFU's frequency, offloaded at eviction
};

class Cacheus final : public CachePolicy<Cacheus> {
 public:
  explicit Cacheus(const PolicyConfig& c)
      : CachePolicy(c),
        half_(c.capacity / 2),
        ghost_cap_(static_cast<std::uint64_t>(double(c.capacity) / 2)),
        t_(expected_objects(c)),
        h_(expected_objects(c)),
        gl_(expected_objects(c) / 2 + 16),
        gf_(expected_objects(c) / 2 + 16),
        rng_(c.seed) {
    lr_ = 0.001 + double(rng_.below(1000)) / 1000;
  }
  std::string_view name() const override { return "cacheus"; }

  bool access(const models::Request& r) override {
    const bool hit = CachePolicy::access(r);
    if (capacity() > 0 && static_cast<std::uint64_t>(vtime()) % capacity() == 0)
      adapt_learning_rate();
    return hit;
  }

  bool find(const models::Request& r) {
    const std::uint32_t i = t_.find(r.id);
    if (i == kNil) {
      regret(r.id);
      return false;
    }
    if (t_[i].in_r) {
      r_.move_to_front(t_, i);
    } else {
      sr_.unlink(t_, i);
      t_[i].in_r = true;
      r_.push_front(t_, i);
      while (r_.bytes > half_) demote();
    }
    take(i);
    ++t_[i].freq;
    groups_[t_[i].freq].push_front(t_, i);
    ++hits_;
    return true;
  }

  void evict(const models::Request&) {
    const std::uint32_t by_lru = sr_.empty() ? r_.tail : sr_.tail;
    const std::uint32_t by_lfu = groups_.begin()->second.head;
    const bool lru = double(rng_.below(100)) / 100.0 < w_lru_;
    const std::uint32_t v = by_lru == by_lfu ? by_lru : lru ? by_lru : by_lfu;
    const std::uint64_t id = t_[v].id, size = t_[v].size;
    leave(v);
    if (by_lru != by_lfu) remember(lru ? gl_ : gf_, lru ? ghost_lru_ : ghost_lfu_, id, size);
  }

  void insert(const models::Request& r) {
    // libCacheSim's Cacheus_insert asks SR-LRU only now, after the room was
    // made: SR and R both hold c / 2.
    if (r.size > half_) return;
    const std::uint32_t h = h_.find(r.id);
    const std::uint32_t n = t_.add(r.id, r.size);
    t_[n].freq = h == kNil ? 1 : h_[h].freq + 1;
    groups_[t_[n].freq].push_front(t_, n);
    if (h != kNil) {
      history_.unlink(h_, h);
      h_.remove(h);
      while (r_.bytes + r.size > half_ && !r_.empty()) demote();
      t_[n].in_r = true;
      r_.push_front(t_, n);
    } else {
      sr_.push_front(t_, n);
    }
    while (sr_.bytes > half_) leave(sr_.tail);
    trim_history();
  }

  std::uint64_t occupied() const { return sr_.bytes + r_.bytes; }
  std::uint64_t count() const override { return sr_.count + r_.count; }
  std::size_t metadata_bytes() const override {
    return t_.memory_bytes() + h_.memory_bytes() + gl_.memory_bytes() + gf_.memory_bytes() +
           groups_.size() * (sizeof(FreqList) + 48);
  }

 private:
  // R's LRU object goes back to SR's head.
  void demote() {
    const std::uint32_t v = r_.tail;
    r_.unlink(t_, v);
    t_[v].in_r = false;
    sr_.push_front(t_, v);
  }

  // Object v leaves the cache: into H with its frequency.
  void leave(std::uint32_t v) {
    (t_[v].in_r ? r_ : sr_).unlink(t_, v);
    take(v);
    std::uint32_t h = h_.find(t_[v].id);
    if (h == kNil) {
      h = h_.add(t_[v].id, t_[v].size);
      history_.push_front(h_, h);
    }
    h_[h].freq = t_[v].freq;
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
    trim_history();
  }

  void trim_history() {
    while (!history_.empty() && history_.bytes >= capacity()) {
      const std::uint32_t o = history_.tail;
      history_.unlink(h_, o);
      h_.remove(o);
    }
  }

  void remember(NodeTable<NodeBase>& t, List<NodeBase>& ghosts, std::uint64_t id,
                std::uint64_t size) {
    if (size > ghost_cap_) return;
    while (ghosts.bytes + size > ghost_cap_) {
      const std::uint32_t o = ghosts.tail;
      ghosts.unlink(t, o);
      t.remove(o);
    }
    ghosts.push_front(t, t.add(id, size));
  }

  // A miss: an expert whose ghost list holds the id loses weight.
  void regret(std::uint64_t id) {
    const std::uint32_t l = gl_.find(id), f = gf_.find(id);
    if (l != kNil)
      w_lru_ *= std::exp(-lr_);
    else if (f != kNil)
      w_lfu_ *= std::exp(-lr_);
    w_lru_ = w_lru_ / (w_lru_ + w_lfu_);
    w_lfu_ = 1 - w_lru_;
    if (l != kNil) ghost_lru_.unlink(gl_, l), gl_.remove(l);
    if (f != kNil) ghost_lfu_.unlink(gf_, f), gf_.remove(f);
  }

  // libCacheSim's update_lr, every c requests.
  void adapt_learning_rate() {
    const double rate = double(hits_ / capacity());  // an integer division, as in the reference
    const double d_rate = rate - prev_rate_, d_lr = lr_ - prev_lr_;
    prev_lr_ = lr_;
    prev_rate_ = rate;
    if (d_lr != 0) {
      const int sign = d_rate / d_lr > 0 ? 1 : -1;
      const double next = lr_ + sign * std::fabs(lr_ * d_lr);
      lr_ = next > 0.001 ? next : 0.0001;
      unlearn_ = 0;
    } else if (rate == 0 || d_rate <= 0) {
      ++unlearn_;
    } else if (unlearn_ >= 10) {
      unlearn_ = 0;
      lr_ = 0.001 + double(rng_.below(1000)) / 1000;
    }
    hits_ = 0;
  }

  void take(std::uint32_t i) {
    auto it = groups_.find(t_[i].freq);
    it->second.unlink(t_, i);
    if (it->second.empty()) groups_.erase(it);
  }

  const std::uint64_t half_, ghost_cap_;
  double w_lru_ = 0.5, w_lfu_ = 0.5, lr_ = 0, prev_lr_ = 0, prev_rate_ = 0;
  std::int64_t unlearn_ = 0;
  std::uint64_t hits_ = 0;
  NodeTable<Node> t_;
  NodeTable<HNode> h_;
  NodeTable<NodeBase> gl_, gf_;
  List<Node> sr_, r_;                        // SR-LRU; head: most recent
  std::map<std::int64_t, FreqList> groups_;  // CR-LFU: frequency -> objects (head: most recent)
  List<HNode> history_;                      // H; head: newest
  List<NodeBase> ghost_lru_, ghost_lfu_;     // the experts' ghosts; head: newest
  Rng rng_;
};

}  // namespace

std::unique_ptr<models::Policy> make_cacheus(const PolicyConfig& c) {
  return std::make_unique<Cacheus>(c);
}

}  // namespace vmc::sim::policies
