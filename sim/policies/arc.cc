// arc.cc -- ARC, the Adaptive Replacement Cache.
//
// Definition (Megiddo and Modha, "ARC: A Self-Tuning, Low Overhead
// Replacement Cache", FAST'03, Fig. 4):
//   T1: cached objects seen once recently; T2: cached objects seen at least
//   twice; B1, B2: ghosts (ids only) evicted from T1, T2.  p is the target
//   size of T1.
//   - Hit in T1 or T2: move to the front of T2.
//   - Miss, id in B1: p += max(|B2|/|B1|, 1) * size (capped at c); make
//     room; insert at the front of T2.
//   - Miss, id in B2: p -= max(|B1|/|B2|, 1) * size (floored at 0); make
//     room; insert at the front of T2.
//   - Other miss: make room; insert at the front of T1.
//   - Making room: while the object does not fit, demote T1's LRU to B1 if
//     T1 is non-empty and (|T1| > p, or |T1| == p and the id was in B2, or
//     T2 is empty), else demote T2's LRU to B2.
//   - Ghost bounds: |T1| + |B1| <= c and |T1| + |T2| + |B1| + |B2| <= 2c,
//     trimmed from the LRU ends of B1 and B2.
// Sizes: every |X| is the sum of sizes in X (a byte-weighted ARC, as in
// libCacheSim's ARC.c); with --ignore-size it is the original algorithm.
#include <algorithm>

#include "node_table.h"
#include "sim_policy.h"

namespace vmc::sim::policies {
namespace {

enum Queue : std::uint8_t { kT1, kT2, kB1, kB2 };

struct Node : NodeBase {
  Queue q = kT1;
};

class Arc final : public models::Policy, public MemoryReport {
 public:
  explicit Arc(const PolicyConfig& c) : Policy(c.capacity), t_(expected_objects(c) * 2) {}
  std::string_view name() const override { return "arc"; }

  bool access(const models::Request& r) override {
    const std::uint64_t c = capacity();
    std::uint32_t i = t_.find(r.id);
    if (i != kNil && (t_[i].q == kT1 || t_[i].q == kT2)) {
      list(t_[i].q).unlink(t_, i);
      t_[i].q = kT2;
      t2_.push_front(t_, i);
      return true;
    }
    Queue ghost = i != kNil ? t_[i].q : kT1;
    if (i != kNil) {
      if (ghost == kB1) {
        std::uint64_t d = std::max<std::uint64_t>(b2_.bytes / std::max<std::uint64_t>(b1_.bytes, 1), 1) * r.size;
        p_ = std::min(c, p_ + d);
      } else {
        std::uint64_t d = std::max<std::uint64_t>(b1_.bytes / std::max<std::uint64_t>(b2_.bytes, 1), 1) * r.size;
        p_ = d > p_ ? 0 : p_ - d;
      }
      list(ghost).unlink(t_, i);
      t_.remove(i);
    }
    if (r.size > c) return false;
    while (t1_.bytes + t2_.bytes + r.size > c) replace(ghost == kB2);
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].q = i != kNil ? kT2 : kT1;
    list(t_[n].q).push_front(t_, n);
    trim_ghosts();
    return false;
  }

  std::uint64_t used() const override { return t1_.bytes + t2_.bytes; }
  std::uint64_t count() const override { return t1_.count + t2_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  List<Node>& list(Queue q) { return q == kT1 ? t1_ : q == kT2 ? t2_ : q == kB1 ? b1_ : b2_; }

  void replace(bool in_b2) {
    bool from_t1 = !t1_.empty() && (t1_.bytes > p_ || (in_b2 && t1_.bytes == p_) || t2_.empty());
    List<Node>& from = from_t1 ? t1_ : t2_;
    List<Node>& to = from_t1 ? b1_ : b2_;
    std::uint32_t v = from.tail;
    from.unlink(t_, v);
    notify_evict(t_[v].id, t_[v].size);
    t_[v].q = from_t1 ? kB1 : kB2;
    to.push_front(t_, v);
  }

  void drop(List<Node>& l) {
    std::uint32_t v = l.tail;
    l.unlink(t_, v);
    t_.remove(v);
  }

  void trim_ghosts() {
    const std::uint64_t c = capacity();
    while (!b1_.empty() && t1_.bytes + b1_.bytes > c) drop(b1_);
    while (!b2_.empty() && t1_.bytes + t2_.bytes + b1_.bytes + b2_.bytes > 2 * c) drop(b2_);
  }

  std::uint64_t p_ = 0;  // target bytes of T1
  NodeTable<Node> t_;
  List<Node> t1_, t2_, b1_, b2_;  // head: most recent
};

}  // namespace

std::unique_ptr<models::Policy> make_arc(const PolicyConfig& c) { return std::make_unique<Arc>(c); }

}  // namespace vmc::sim::policies
