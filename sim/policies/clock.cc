// clock.cc -- CLOCK with a k-bit counter per object (k = 1: second chance).
//
// Definition: a hit raises the object's counter by one, saturating at
// 2^k - 1; a miss inserts with counter 0.  To evict, look at the oldest
// object: counter > 0 means decrement it and move the object to the newest
// end (the hand passes it); counter 0 means evict it.  Source: Corbato's
// CLOCK (1968); the k-bit variant as in libCacheSim's Clock.c
// (n-bit-counter).  With k = 1 it is the engine's CLOCK in one ring
// (docs/SEMANTICS.md), which "clock-model" reproduces extent-exactly.
#include <algorithm>

#include "node_table.h"
#include "sim_policy.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::uint32_t counter = 0;
};

class Clock final : public models::Policy, public MemoryReport {
 public:
  explicit Clock(const PolicyConfig& c)
      : Policy(c.capacity), max_(static_cast<std::uint32_t>((1u << std::clamp(c.clock_bits, 1, 8)) - 1)),
        t_(expected_objects(c)) {}
  std::string_view name() const override { return "clock"; }

  bool access(const models::Request& r) override {
    std::uint32_t i = t_.find(r.id);
    if (i != kNil) {
      if (t_[i].counter < max_) ++t_[i].counter;
      return true;
    }
    if (r.size > capacity()) return false;
    while (q_.bytes + r.size > capacity()) {
      std::uint32_t v = q_.tail;
      q_.unlink(t_, v);
      if (t_[v].counter > 0) {
        --t_[v].counter;
        q_.push_front(t_, v);
        continue;
      }
      notify_evict(t_[v].id, t_[v].size);
      t_.remove(v);
    }
    q_.push_front(t_, t_.add(r.id, r.size));
    return false;
  }

  std::uint64_t used() const override { return q_.bytes; }
  std::uint64_t count() const override { return q_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  std::uint32_t max_;  // 2^k - 1
  NodeTable<Node> t_;
  List<Node> q_;  // the ring read from the hand: tail = under the hand
};

}  // namespace

std::unique_ptr<models::Policy> make_clock(const PolicyConfig& c) { return std::make_unique<Clock>(c); }

}  // namespace vmc::sim::policies
