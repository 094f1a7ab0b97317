// fifo.cc -- FIFO (first in, first out).
//
// Definition: a hit changes nothing; a miss inserts at the tail of the queue
// after evicting from the head until used + size <= capacity.  Source: the
// textbook policy; size handling as in libCacheSim's FIFO.c.
#include "node_table.h"
#include "sim_policy.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {};

class Fifo final : public models::Policy, public MemoryReport {
 public:
  explicit Fifo(const PolicyConfig& c) : Policy(c.capacity), t_(expected_objects(c)) {}
  std::string_view name() const override { return "fifo"; }

  bool access(const models::Request& r) override {
    if (t_.find(r.id) != kNil) return true;
    if (r.size > capacity()) return false;
    while (q_.bytes + r.size > capacity()) {
      std::uint32_t v = q_.tail;
      q_.unlink(t_, v);
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
  NodeTable<Node> t_;
  List<Node> q_;  // head: newest, tail: oldest (next victim)
};

}  // namespace

std::unique_ptr<models::Policy> make_fifo(const PolicyConfig& c) { return std::make_unique<Fifo>(c); }

}  // namespace vmc::sim::policies
