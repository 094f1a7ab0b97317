// arc.cc -- ARC, the Adaptive Replacement Cache.
//
// Definition (Megiddo and Modha, "ARC: A Self-Tuning, Low Overhead
// Replacement Cache", FAST'03, Fig. 4), as libCacheSim's ARC.c writes it
// (1a1a11a/libCacheSim, cache/eviction/ARC.c, the version that keeps p as a
// floating-point number, "cross checked with trauzti/cache ARC.py"):
//   T1: cached objects seen once recently; T2: seen at least twice; B1, B2:
//   ghosts (ids only) evicted from T1, T2.  p: the target size of T1.  Every
//   |X| is the sum of the sizes in X (bytes, or objects with --ignore-size).
//   - Hit in T1 or T2: move to the front of T2.
//   - Miss, id in B1 (case II): p = min(p + max(|B2| / |B1|, 1), c), the
//     ratio a floating-point number of sizes taken before the ghost leaves
//     B1 -- not multiplied by the object's size; the ghost leaves B1.
//   - Miss, id in B2 (case III): p = max(p - max(|B1| / |B2|, 1), 0).
//   - Making room after a ghost hit: REPLACE -- demote T1's LRU to B1 if
//     (|T1| > 0 and (|T1| > p or (|T1| == p and the id was in B2))) or T2 is
//     empty, else demote T2's LRU to B2.
//   - Making room after any other miss (case IV): if |T1| + |B1| + size > c,
//     then drop B1's LRU ghost and REPLACE when B1 is not empty, else evict
//     T1's LRU outright (no ghost); otherwise drop B2's LRU ghost when
//     |T1| + |T2| + |B1| + |B2| >= 2c (and B2 is not empty), then REPLACE.
//     One ghost is dropped per eviction, before it.
//   - Insert at the front of T2 after a ghost hit, else of T1.
// No deliberate difference.
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

enum Queue : std::uint8_t { kT1, kT2, kB1, kB2 };

struct Node : NodeBase {
  Queue q = kT1;
};

class Arc final : public CachePolicy<Arc> {
 public:
  explicit Arc(const PolicyConfig& c) : CachePolicy(c), t_(expected_objects(c) * 2) {}
  std::string_view name() const override { return "arc"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;  // libCacheSim leaves the flags as they were
    const Queue q = t_[i].q;
    in_b2_ = false;
    if (q == kT1 || q == kT2) {
      list(q).unlink(t_, i);
      t_[i].q = kT2;
      t2_.push_front(t_, i);
      return true;
    }
    ghost_vtime_ = vtime();
    in_b2_ = q == kB2;
    const double c = double(capacity());
    if (q == kB1) {
      p_ = std::min(p_ + std::max(double(b2_.bytes) / double(b1_.bytes), 1.0), c);
    } else {
      p_ = std::max(p_ - std::max(double(b1_.bytes) / double(b2_.bytes), 1.0), 0.0);
    }
    list(q).unlink(t_, i);
    t_.remove(i);
    return false;
  }

  void evict(const models::Request& r) {
    if (ghost_hit()) return replace();
    if (t1_.bytes + b1_.bytes + r.size > capacity()) {
      if (!b1_.empty()) {
        forget(b1_);
        return replace();
      }
      return drop(t_, t1_, t1_.tail);
    }
    if (t1_.bytes + t2_.bytes + b1_.bytes + b2_.bytes >= 2 * capacity() && !b2_.empty())
      forget(b2_);
    replace();
  }

  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    const bool to_t2 = ghost_hit();
    if (to_t2) {
      ghost_vtime_ = -1;
      in_b2_ = false;
    }
    t_[n].q = to_t2 ? kT2 : kT1;
    list(t_[n].q).push_front(t_, n);
  }

  std::uint64_t occupied() const { return t1_.bytes + t2_.bytes; }
  std::uint64_t count() const override { return t1_.count + t2_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  List<Node>& list(Queue q) { return q == kT1 ? t1_ : q == kT2 ? t2_ : q == kB1 ? b1_ : b2_; }
  bool ghost_hit() const { return ghost_vtime_ == vtime(); }

  // REPLACE: demote one object of T1 or T2 to its ghost list.
  void replace() {
    const double t1 = double(t1_.bytes);
    const bool from_t1 = (!t1_.empty() && (t1 > p_ || (t1 == p_ && in_b2_))) || t2_.empty();
    List<Node>& from = from_t1 ? t1_ : t2_;
    List<Node>& to = from_t1 ? b1_ : b2_;
    std::uint32_t v = from.tail;
    from.unlink(t_, v);
    notify_evict(t_[v].id, t_[v].size);
    t_[v].q = from_t1 ? kB1 : kB2;
    to.push_front(t_, v);
  }

  void forget(List<Node>& ghosts) {
    std::uint32_t v = ghosts.tail;
    ghosts.unlink(t_, v);
    t_.remove(v);
  }

  double p_ = 0;                   // target units of T1
  std::int64_t ghost_vtime_ = -1;  // vtime of the last ghost hit
  // libCacheSim's curr_obj_in_L2_ghost: set by a B2 hit, cleared by the next
  // request that finds its id anywhere or by the insert after the ghost hit;
  // a request whose id is nowhere leaves it as it was.
  bool in_b2_ = false;
  NodeTable<Node> t_;
  List<Node> t1_, t2_, b1_, b2_;  // head: most recent
};

}  // namespace

std::unique_ptr<models::Policy> make_arc(const PolicyConfig& c) { return std::make_unique<Arc>(c); }

}  // namespace vmc::sim::policies
