// lru.cc -- exact LRU (least recently used), the simulator's fast version.
//
// Definition: on a hit the object moves to the most-recent end; on a miss it
// is inserted there after evicting from the least-recent end until
// used + size <= capacity (libCacheSim's size-aware convention).  Source:
// the textbook policy; size handling as in libCacheSim's LRU.c.
// Equal, request by request, to vmc::models::Lru ("lru-model"), which is the
// obviously-correct reference; tests/policies_test.cc checks it.
#include "node_table.h"
#include "sim_policy.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {};

class Lru final : public models::Policy, public MemoryReport {
 public:
  explicit Lru(const PolicyConfig& c) : Policy(c.capacity), t_(expected_objects(c)) {}
  std::string_view name() const override { return "lru"; }

  bool access(const models::Request& r) override {
    std::uint32_t i = t_.find(r.id);
    if (i != kNil) {
      list_.move_to_front(t_, i);
      return true;
    }
    if (r.size > capacity()) return false;
    while (list_.bytes + r.size > capacity()) {
      std::uint32_t v = list_.tail;
      list_.unlink(t_, v);
      notify_evict(t_[v].id, t_[v].size);
      t_.remove(v);
    }
    list_.push_front(t_, t_.add(r.id, r.size));
    return false;
  }

  std::uint64_t used() const override { return list_.bytes; }
  std::uint64_t count() const override { return list_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  NodeTable<Node> t_;
  List<Node> list_;  // head: most recently used
};

}  // namespace

std::unique_ptr<models::Policy> make_lru(const PolicyConfig& c) { return std::make_unique<Lru>(c); }

}  // namespace vmc::sim::policies
