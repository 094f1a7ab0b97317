// belady_lcs.cc -- Belady's MIN as libCacheSim writes it ("belady-lcs").
//
// Definition (libCacheSim's Belady.c, 1a1a11a/libCacheSim,
// cache/eviction/Belady.c): every missed object that fits is admitted; to
// make room, evict the cached object whose next request is farthest (never
// again = INT64_MAX), from libCacheSim's binary heap of next-access times,
// replayed exactly (lcs_pqueue.h) so that ties between never-requested-again
// objects break the same way.  Always admitting makes this worse than the
// optimum ("belady", belady.cc) whenever an object that is never requested
// again arrives in a full cache.  No deliberate difference.
#include <limits>

#include "lcs_pqueue.h"
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {};

class BeladyLcs final : public CachePolicy<BeladyLcs> {
 public:
  explicit BeladyLcs(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)) {}
  std::string_view name() const override { return "belady-lcs"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    heap_.change(i, next_of(r));
    return true;
  }
  void evict(const models::Request&) {
    std::uint32_t v = heap_.pop();
    used_ -= t_[v].size;
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }
  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    heap_.insert(n, next_of(r));
    used_ += r.size;
  }

  std::uint64_t occupied() const { return used_; }
  std::uint64_t count() const override { return heap_.size(); }
  std::size_t metadata_bytes() const override { return t_.memory_bytes() + heap_.memory_bytes(); }

 private:
  static double next_of(const models::Request& r) {
    return double(r.next_access < 0 ? std::numeric_limits<std::int64_t>::max() : r.next_access);
  }

  NodeTable<Node> t_;
  LcsMaxHeap heap_;
  std::uint64_t used_ = 0;
};

}  // namespace

std::unique_ptr<models::Policy> make_belady_lcs(const PolicyConfig& c) {
  return std::make_unique<BeladyLcs>(c);
}

}  // namespace vmc::sim::policies
