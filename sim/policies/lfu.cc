// lfu.cc -- LFU (least frequently used), in-cache counts.
//
// Definition: each cached object counts its requests since it was inserted
// (1 at insertion); the victim is the object with the smallest count, the
// least recently used among equal counts.  Counts are forgotten on eviction.
// Reference: libCacheSim's LFU.c (frequency buckets, evicting the oldest
// entry of the lowest bucket); no deliberate difference.  The bucket
// structure after Shah, Mitra and Matani, "An O(1) algorithm for
// implementing the LFU cache eviction scheme" (2010), with an ordered map of
// buckets.
#include <map>

#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::uint64_t freq = 1;
};

class Lfu final : public CachePolicy<Lfu> {
 public:
  explicit Lfu(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)) {}
  std::string_view name() const override { return "lfu"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    std::uint64_t f = t_[i].freq;
    take(f, i);
    t_[i].freq = f + 1;
    buckets_[f + 1].push_front(t_, i);
    return true;
  }
  void evict(const models::Request&) {
    auto b = buckets_.begin();
    std::uint32_t v = b->second.tail;
    take(b->first, v);
    used_ -= t_[v].size;
    --count_;
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }
  void insert(const models::Request& r) {
    buckets_[1].push_front(t_, t_.add(r.id, r.size));
    used_ += r.size;
    ++count_;
  }

  std::uint64_t occupied() const { return used_; }
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
