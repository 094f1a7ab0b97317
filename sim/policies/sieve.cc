// sieve.cc -- SIEVE.
//
// Definition: a FIFO queue with one "visited" bit per object and a hand.
// A hit sets the bit (the object does not move); a miss inserts at the head
// with the bit clear.  To evict, the hand (starting from the tail, the
// oldest) walks toward the head, clearing set bits, wrapping to the tail at
// the end, and evicts the first object whose bit is clear; the hand stays at
// that object's newer neighbour.  Reference: Zhang, Yang, Yue, Vigfusson,
// Rashmi, "SIEVE is Simpler than LRU", NSDI'24 (Algorithm 1), and
// libCacheSim's Sieve.c; no deliberate difference.
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {
  bool visited = false;
};

class Sieve final : public CachePolicy<Sieve> {
 public:
  explicit Sieve(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)) {}
  std::string_view name() const override { return "sieve"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    t_[i].visited = true;
    return true;
  }
  void evict(const models::Request&) {
    std::uint32_t h = hand_ != kNil ? hand_ : q_.tail;
    while (t_[h].visited) {
      t_[h].visited = false;
      h = t_[h].prev != kNil ? t_[h].prev : q_.tail;
    }
    hand_ = t_[h].prev;  // toward the head; kNil restarts at the tail
    drop(t_, q_, h);
  }
  void insert(const models::Request& r) { q_.push_front(t_, t_.add(r.id, r.size)); }

  std::uint64_t occupied() const { return q_.bytes; }
  std::uint64_t count() const override { return q_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  NodeTable<Node> t_;
  List<Node> q_;               // head: newest; tail: oldest
  std::uint32_t hand_ = kNil;  // next object to examine; kNil: the tail
};

}  // namespace

std::unique_ptr<models::Policy> make_sieve(const PolicyConfig& c) {
  return std::make_unique<Sieve>(c);
}

}  // namespace vmc::sim::policies
