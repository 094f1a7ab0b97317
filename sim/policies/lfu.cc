// lfu.cc -- LFU (least frequently used), in-cache counts.
//
// Definition: each cached object counts its requests since it was inserted
// (1 at insertion); the victim is the object with the smallest count, the
// least recently used among equal counts.  Counts are forgotten on eviction
// ("in-cache LFU", as libCacheSim's LFU.c).  Source: the textbook policy;
// the bucket structure (one LRU list per count) after Shah, Mitra and
// Matani, "An O(1) algorithm for implementing the LFU cache eviction
// scheme" (2010), with an ordered map of buckets.
#include <map>

#include "node_table.h"
#include "sim_policy.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::uint64_t freq = 1;
};

class Lfu final : public models::Policy, public MemoryReport {
 public:
  explicit Lfu(const PolicyConfig& c) : Policy(c.capacity), t_(expected_objects(c)) {}
  std::string_view name() const override { return "lfu"; }

  bool access(const models::Request& r) override {
    std::uint32_t i = t_.find(r.id);
    if (i != kNil) {
      std::uint64_t f = t_[i].freq;
      take(f, i);
      t_[i].freq = f + 1;
      buckets_[f + 1].push_front(t_, i);
      return true;
    }
    if (r.size > capacity()) return false;
    while (used_ + r.size > capacity()) {
      auto b = buckets_.begin();
      std::uint32_t v = b->second.tail;
      take(b->first, v);
      used_ -= t_[v].size;
      --count_;
      notify_evict(t_[v].id, t_[v].size);
      t_.remove(v);
    }
    std::uint32_t n = t_.add(r.id, r.size);
    buckets_[1].push_front(t_, n);
    used_ += r.size;
    ++count_;
    return false;
  }

  std::uint64_t used() const override { return used_; }
  std::uint64_t count() const override { return count_; }
  std::size_t metadata_bytes() const override {
    return t_.memory_bytes() + buckets_.size() * (sizeof(List<Node>) + 48);  // + map node overhead
  }

 private:
  void take(std::uint64_t f, std::uint32_t i) {
    auto it = buckets_.find(f);
    it->second.unlink(t_, i);
    if (it->second.empty()) buckets_.erase(it);
  }

  NodeTable<Node> t_;
  std::map<std::uint64_t, List<Node>> buckets_;  // count -> LRU list (head: most recent)
  std::uint64_t used_ = 0, count_ = 0;
};

}  // namespace

std::unique_ptr<models::Policy> make_lfu(const PolicyConfig& c) { return std::make_unique<Lfu>(c); }

}  // namespace vmc::sim::policies
