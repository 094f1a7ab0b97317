// twoq.cc -- 2Q, the full version.
//
// Definition (Johnson and Shasha, "2Q: A Low Overhead High Performance
// Buffer Management Replacement Algorithm", VLDB'94, section 2.3):
//   - A1in: a FIFO of objects seen once recently, Kin = 25% of the capacity.
//   - A1out: a FIFO of ids (ghosts) paged out of A1in, Kout = 50% of the
//     capacity in their sizes.
//   - Am: an LRU of objects re-referenced after leaving A1in.
//   A hit in Am moves the object to Am's front; a hit in A1in changes
//   nothing.  A miss whose id is in A1out goes to Am; any other miss goes to
//   A1in.  To make room: if A1in holds more than Kin (or Am is empty), its
//   oldest object is paged out to A1out, else Am's least recent is evicted.
// Reference: libCacheSim's TwoQ.c (sizes counted in units, as here); no
// deliberate difference.
//
// Parameters: in (Ain-size-ratio), out (Aout-size-ratio).
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

enum Queue : std::uint8_t { kA1in, kAm, kA1out };

struct Node : NodeBase {
  Queue q = kA1in;
};

class TwoQ final : public CachePolicy<TwoQ> {
 public:
  explicit TwoQ(const PolicyConfig& c)
      : CachePolicy(c),
        kin_(static_cast<std::uint64_t>(double(c.capacity) *
                                        c.params.number({"in", "ain-size-ratio"}, 0.25, 0, 1))),
        kout_(static_cast<std::uint64_t>(double(c.capacity) *
                                         c.params.number({"out", "aout-size-ratio"}, 0.5, 0, 10))),
        t_(expected_objects(c) * 2) {}
  std::string_view name() const override { return "2q"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    ghost_ = false;
    if (i == kNil) return false;
    if (t_[i].q == kAm) am_.move_to_front(t_, i);
    if (t_[i].q != kA1out) return true;
    ghost_ = true;
    out_.unlink(t_, i);
    t_.remove(i);
    return false;
  }
  void evict(const models::Request&) {
    if (!in_.empty() && (in_.bytes > kin_ || am_.empty())) {
      std::uint32_t v = in_.tail;
      in_.unlink(t_, v);
      notify_evict(t_[v].id, t_[v].size);
      t_[v].q = kA1out;
      out_.push_front(t_, v);
      while (out_.bytes > kout_ && !out_.empty()) {
        std::uint32_t o = out_.tail;
        out_.unlink(t_, o);
        t_.remove(o);
      }
      return;
    }
    drop(t_, am_, am_.tail);
  }
  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].q = ghost_ ? kAm : kA1in;
    (ghost_ ? am_ : in_).push_front(t_, n);
  }

  std::uint64_t occupied() const { return in_.bytes + am_.bytes; }
  std::uint64_t count() const override { return in_.count + am_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  std::uint64_t kin_, kout_;
  NodeTable<Node> t_;
  List<Node> in_, am_, out_;  // head: newest / most recent
  bool ghost_ = false;        // the current miss was in A1out
};

}  // namespace

std::unique_ptr<models::Policy> make_twoq(const PolicyConfig& c) {
  return std::make_unique<TwoQ>(c);
}

}  // namespace vmc::sim::policies
