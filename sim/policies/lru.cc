// lru.cc -- exact LRU (least recently used), the simulator's fast version.
//
// Definition: a hit moves the object to the most-recent end; a miss inserts
// it there after evicting from the least-recent end until it fits.
// Reference: libCacheSim's LRU.c (1a1a11a/libCacheSim, cache/eviction/);
// no deliberate difference.  Equal, request by request, to vmc::models::Lru
// ("lru-model"), the obviously-correct reference (tests/policies_test.cc).
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {};

class Lru final : public CachePolicy<Lru> {
 public:
  explicit Lru(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)) {}
  std::string_view name() const override { return "lru"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    list_.move_to_front(t_, i);
    return true;
  }
  void evict(const models::Request&) { drop(t_, list_, list_.tail); }
  void insert(const models::Request& r) { list_.push_front(t_, t_.add(r.id, r.size)); }

  std::uint64_t occupied() const { return list_.bytes; }
  std::uint64_t count() const override { return list_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  NodeTable<Node> t_;
  List<Node> list_;  // head: most recently used
};

}  // namespace

std::unique_ptr<models::Policy> make_lru(const PolicyConfig& c) { return std::make_unique<Lru>(c); }

}  // namespace vmc::sim::policies
