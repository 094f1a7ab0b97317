// lfuda.cc -- LFUDA, LFU with dynamic aging.
//
// Definition (Arlitt, Cherkasova, Dilley, Friedrich, Jin, "Evaluating
// content management techniques for Web proxy caches", 1999), as
// libCacheSim's LFUDA.c writes it -- which differs from the paper's
// K = L + count in how a hit ages:
//   - Each cached object has a key K; objects are grouped by K, oldest
//     first within a group.  L (min_freq) is 0 at first.
//   - Insert: K = L + 1.
//   - Hit: K = K + L (not K + 1), the object moving to the newest end of its
//     new group; while L is 0 a hit therefore only refreshes recency.
//   - Evict: the oldest object of the lowest group; L becomes that group's
//     K.  When a group empties and it was L's, L moves up to the next
//     non-empty group (if any).
// Deliberate differences, both where libCacheSim has no defined behaviour:
// - where its L points at an empty group (it would dereference a null
//   object and crash: after the only object at K = L is hit with no other
//   group above it), the lowest non-empty group is used;
// - K grows geometrically (each hit adds L, and L follows the keys up), so
//   on long traces it overflows int64 -- undefined behaviour there, after
//   which libCacheSim's min-group scan runs from L to a wrapped maximum and
//   does not end; here K saturates at INT64_MAX (the groups at the top then
//   evict oldest first).  On cloudPhysicsIO no key comes near it.
#include <limits>
#include <map>

#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::int64_t key = 1;
};

class Lfuda final : public CachePolicy<Lfuda> {
 public:
  explicit Lfuda(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)) {}
  std::string_view name() const override { return "lfuda"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    const std::int64_t old = t_[i].key;
    t_[i].key = saturating_add(old, min_);
    max_ = std::max(max_, t_[i].key);
    take(old, i);
    groups_[t_[i].key].push_front(t_, i);
    return true;
  }
  void evict(const models::Request&) {
    auto g = groups_.find(min_ <= 1 ? 1 : min_);
    if (g == groups_.end()) g = groups_.begin();  // see "Deliberate difference"
    const std::uint32_t v = g->second.tail;
    min_ = g->first;
    take(g->first, v);
    used_ -= t_[v].size;
    --count_;
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }
  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].key = saturating_add(min_, 1);
    max_ = std::max(max_, t_[n].key);
    groups_[t_[n].key].push_front(t_, n);
    used_ += r.size;
    ++count_;
  }

  std::uint64_t occupied() const { return used_; }
  std::uint64_t count() const override { return count_; }
  std::size_t metadata_bytes() const override {
    return t_.memory_bytes() + groups_.size() * (sizeof(List<Node>) + 48);
  }

 private:
  static std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    return __builtin_add_overflow(a, b, &r) ? std::numeric_limits<std::int64_t>::max() : r;
  }

  // Unlinks i from group k; an emptied group is dropped, and if it was L's,
  // L moves up to the next non-empty group (libCacheSim's update_min_freq).
  void take(std::int64_t k, std::uint32_t i) {
    auto it = groups_.find(k);
    it->second.unlink(t_, i);
    if (!it->second.empty()) return;
    groups_.erase(it);
    if (k != min_) return;
    auto up = groups_.upper_bound(min_);
    if (up != groups_.end() && up->first <= max_) min_ = up->first;
  }

  NodeTable<Node> t_;
  std::map<std::int64_t, List<Node>> groups_;  // K -> objects (head: newest); only non-empty groups
  std::int64_t min_ = 0, max_ = 0;             // L, and the largest K given
  std::uint64_t used_ = 0, count_ = 0;
};

}  // namespace

std::unique_ptr<models::Policy> make_lfuda(const PolicyConfig& c) {
  return std::make_unique<Lfuda>(c);
}

}  // namespace vmc::sim::policies
