// belady.cc -- Belady's MIN, the offline optimum ("belady").
//
// Definition: evict the cached object whose next request is farthest in the
// future (never again counts as infinitely far); and do not admit an object
// that would itself be the farthest -- it is a miss that is not inserted
// ("bypass").  With unit sizes this is optimal among all policies, bypassing
// ones included (Belady, "A study of replacement algorithms for a
// virtual-storage computer", IBM Systems Journal 1966; Mattson et al. 1970).
// With sizes, optimal caching is NP-hard; this is then the usual
// size-oblivious MIN: a missed object is inserted only if evicting cached
// objects whose next use is later than its own frees enough room, farthest
// first.  Next uses come from Request::next_access (the oracleGeneral or lcs
// field, or the driver's precomputed pass).
// Deliberate difference from libCacheSim's Belady.c: that one always admits
// (so it is not the optimum); it is "belady-lcs" (belady_lcs.cc).
#include <limits>
#include <set>
#include <utility>

#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

struct Node : NodeBase {
  std::int64_t next_use = kNever;
};

class Belady final : public CachePolicy<Belady> {
 public:
  explicit Belady(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)) {}
  std::string_view name() const override { return "belady"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    by_next_.erase({t_[i].next_use, i});
    t_[i].next_use = next_of(r);
    by_next_.insert({t_[i].next_use, i});
    return true;
  }

  // Admit only if evicting objects used later than r frees enough room.
  bool can_insert(const models::Request& r) const {
    const std::int64_t next = next_of(r);
    if (r.size > capacity() || next == kNever) return false;
    std::uint64_t room = capacity() - used_;
    for (auto it = by_next_.rbegin(); it != by_next_.rend() && it->first > next && room < r.size;
         ++it)
      room += t_[it->second].size;
    return room >= r.size;
  }

  void evict(const models::Request&) {
    auto last = std::prev(by_next_.end());
    std::uint32_t v = last->second;
    by_next_.erase(last);
    used_ -= t_[v].size;
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }

  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].next_use = next_of(r);
    by_next_.insert({t_[n].next_use, n});
    used_ += r.size;
  }

  std::uint64_t occupied() const { return used_; }
  std::uint64_t count() const override { return by_next_.size(); }
  std::size_t metadata_bytes() const override { return t_.memory_bytes() + by_next_.size() * 48; }

 private:
  static std::int64_t next_of(const models::Request& r) {
    return r.next_access < 0 ? kNever : r.next_access;
  }

  NodeTable<Node> t_;
  std::set<std::pair<std::int64_t, std::uint32_t>> by_next_;  // (next use, slot)
  std::uint64_t used_ = 0;
};

}  // namespace

std::unique_ptr<models::Policy> make_belady(const PolicyConfig& c) {
  return std::make_unique<Belady>(c);
}

}  // namespace vmc::sim::policies
