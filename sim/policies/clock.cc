// clock.cc -- CLOCK with a k-bit counter per object (k = 1: second chance,
// also called FIFO-reinsertion).
//
// Definition: a hit raises the object's counter by one, saturating at
// 2^k - 1; a miss inserts with the counter at init-freq (0).  To evict, look
// at the oldest object: counter > 0 means decrement it and move the object
// to the newest end (the hand passes it); counter 0 means evict it.
// Reference: libCacheSim's Clock.c (parameters n-bit-counter, init-freq);
// no deliberate difference.  Corbato's CLOCK (1968).  With k = 1 it is the
// engine's CLOCK in one ring (docs/SEMANTICS.md), which "clock-model"
// reproduces extent-exactly.
//
// Parameters: bits (n-bit-counter), 1..16; init (init-freq), 0..2^k-1.
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  std::uint32_t counter = 0;
};

class Clock final : public CachePolicy<Clock> {
 public:
  explicit Clock(const PolicyConfig& c)
      : CachePolicy(c),
        max_(static_cast<std::uint32_t>(
            (1u << c.params.integer({"bits", "n-bit-counter"}, 1, 1, 16)) - 1)),
        init_(static_cast<std::uint32_t>(c.params.integer({"init", "init-freq"}, 0, 0, 65535))),
        t_(expected_objects(c)) {}
  std::string_view name() const override { return "clock"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    if (t_[i].counter < max_) ++t_[i].counter;
    return true;
  }
  void evict(const models::Request&) {
    std::uint32_t v = q_.tail;
    while (t_[v].counter > 0) {
      --t_[v].counter;
      q_.move_to_front(t_, v);
      v = q_.tail;
    }
    drop(t_, q_, v);
  }
  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].counter = init_;
    q_.push_front(t_, n);
  }

  std::uint64_t occupied() const { return q_.bytes; }
  std::uint64_t count() const override { return q_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  std::uint32_t max_;   // 2^k - 1
  std::uint32_t init_;  // counter of a new object
  NodeTable<Node> t_;
  List<Node> q_;  // the ring read from the hand: tail = under the hand
};

}  // namespace

std::unique_ptr<models::Policy> make_clock(const PolicyConfig& c) {
  return std::make_unique<Clock>(c);
}

}  // namespace vmc::sim::policies
