// fifo.cc -- FIFO (first in, first out).
//
// Definition: a hit changes nothing; a miss inserts at the newest end after
// evicting from the oldest end until it fits.  Reference: libCacheSim's
// FIFO.c; no deliberate difference.
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {};

class Fifo final : public CachePolicy<Fifo> {
 public:
  explicit Fifo(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c)) {}
  std::string_view name() const override { return "fifo"; }

  bool find(const models::Request& r) const { return t_.find(r.id) != kNil; }
  void evict(const models::Request&) { drop(t_, q_, q_.tail); }
  void insert(const models::Request& r) { q_.push_front(t_, t_.add(r.id, r.size)); }

  std::uint64_t occupied() const { return q_.bytes; }
  std::uint64_t count() const override { return q_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  NodeTable<Node> t_;
  List<Node> q_;  // head: newest, tail: oldest (next victim)
};

}  // namespace

std::unique_ptr<models::Policy> make_fifo(const PolicyConfig& c) {
  return std::make_unique<Fifo>(c);
}

}  // namespace vmc::sim::policies
