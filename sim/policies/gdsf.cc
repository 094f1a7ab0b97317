// gdsf.cc -- GDSF, Greedy-Dual-Size-Frequency.
//
// Definition (Cherkasova, "Improving WWW Proxies Performance with
// Greedy-Dual-Size-Frequency Caching Policy", HP Labs 1998), as
// libCacheSim's cpp/GDSF.cpp writes it:
//   priority = L + frequency x 10^6 / size, frequency counting the object's
//   requests since its insertion (1 at insertion); L is the priority of the
//   last evicted object (0 at first).  A hit recomputes the priority.  Ties
//   go to the object whose priority was set earliest (FIFO).
//   Loop (not the shared one, as in the reference): on a miss that fits the
//   cache, insert first, then evict the lowest priority while the cache is
//   over capacity -- so the new object itself may be evicted at once.
// No deliberate difference (the same double arithmetic, in the same order).
#include <set>
#include <tuple>

#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::uint64_t freq = 1;
  double pri = 0;
  std::int64_t set_at = 0;  // vtime the priority was set (tie-break)
};

class Gdsf final : public CachePolicy<Gdsf> {
 public:
  explicit Gdsf(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)) {}
  std::string_view name() const override { return "gdsf"; }

  // libCacheSim's GDSF_get: find; on a miss that can be inserted, insert
  // and then evict while over capacity.
  bool access(const models::Request& r) override {
    tick();
    if (find(r)) return true;
    if (!can_insert(r)) return false;
    insert(r);
    while (used_ > capacity()) evict(r);
    return false;
  }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    pq_.erase(key(i));
    ++t_[i].freq;
    set_priority(i, last_evicted_ + double(t_[i].freq) * 1.0e6 / double(t_[i].size));
    return true;
  }
  void evict(const models::Request&) {
    auto lowest = pq_.begin();
    const std::uint32_t v = std::get<2>(*lowest);
    last_evicted_ = std::get<0>(*lowest);
    pq_.erase(lowest);
    used_ -= t_[v].size;
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }
  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    used_ += r.size;
    set_priority(n, last_evicted_ + 1.0e6 / double(r.size));
  }

  std::uint64_t occupied() const { return used_; }
  std::uint64_t count() const override { return pq_.size(); }
  std::size_t metadata_bytes() const override { return t_.memory_bytes() + pq_.size() * 56; }

 private:
  using Key = std::tuple<double, std::int64_t, std::uint32_t>;  // priority, set_at, slot
  Key key(std::uint32_t i) const { return {t_[i].pri, t_[i].set_at, i}; }
  void set_priority(std::uint32_t i, double pri) {
    t_[i].pri = pri;
    t_[i].set_at = vtime();
    pq_.insert(key(i));
  }

  NodeTable<Node> t_;
  std::set<Key> pq_;         // begin(): the next victim
  double last_evicted_ = 0;  // L
  std::uint64_t used_ = 0;
};

}  // namespace

std::unique_ptr<models::Policy> make_gdsf(const PolicyConfig& c) {
  return std::make_unique<Gdsf>(c);
}

}  // namespace vmc::sim::policies
