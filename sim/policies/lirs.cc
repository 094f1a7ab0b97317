// lirs.cc -- LIRS, Low Inter-reference Recency Set.
//
// Definition (Jiang and Zhang, "LIRS: An Efficient Low Inter-reference
// Recency Set Replacement Policy", SIGMETRICS'02), as libCacheSim's LIRS.c
// writes it with three LRU stacks (1a1a11a/libCacheSim,
// cache/eviction/LIRS.c):
//   S   the LIRS stack: LIR objects, and HIR objects resident or not, each
//       with its own copy and flags;
//   Q   resident HIR objects (an LRU, not the paper's FIFO: a hit moves the
//       copy to the top);
//   NH  non-resident HIR objects still in S, in LRU order.
//   Limits: HIR = max(1, floor(c x 0.01)), LIR = c - HIR, in sizes.
//   - Every request moves its copies to the top of S and Q if present.
//   - Hit on a LIR object: prune S (drop HIR entries from S's bottom until a
//     LIR one; non-resident ones also leave NH).
//   - Hit on a resident HIR object in S: it becomes LIR (its Q copy leaves),
//     after demoting LIR objects from S's bottom until it fits the LIR limit.
//   - Hit on a resident HIR object only in Q: it re-enters S as resident HIR
//     (demoting LIR objects until it would fit the LIR limit).
//   - Miss on a non-resident HIR object in S: demote LIR objects until it
//     fits, drop it from NH, make room (evict Q's bottom while Q is at its
//     limit, then demote one LIR object), and it becomes LIR.
//   - Other misses: an object larger than either limit is not admitted; it
//     enters S as LIR while the LIR set has room, else as resident HIR in S
//     and Q (evicting Q's bottom first when both sets are full).
//   - Demoting a LIR object (S's bottom) moves it to Q (evicting Q's bottom
//     to make room; dropped if larger than the HIR limit), then prunes S.
//     Evicting Q's bottom marks its S copy non-resident and adds it to NH.
//   - After every request, while S holds more than 2c, NH's bottom leaves S
//     and NH.
// No deliberate difference, except that where libCacheSim would demote the
// very object being promoted (only possible when it is S's last entry, which
// valid capacities do not produce) the demotion stops instead of reading
// freed memory.
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

struct SNode : NodeBase {
  bool lir = false;
  bool resident = false;
};
struct QNode : NodeBase {};

class Lirs final : public CachePolicy<Lirs> {
 public:
  explicit Lirs(const PolicyConfig& c)
      : CachePolicy(c),
        hir_limit_(std::max<std::uint64_t>(
            1, static_cast<std::uint64_t>(c.params.number({"hir", "hirs-ratio"}, 0.01, 0, 1) *
                                          double(c.capacity)))),
        lir_limit_(c.capacity > hir_limit_ ? c.capacity - hir_limit_ : 0),
        st_(expected_objects(c) * 2),
        qt_(expected_objects(c) / 16 + 16),
        nt_(expected_objects(c)) {}
  std::string_view name() const override { return "lirs"; }

  bool access(const models::Request& r) override {
    bool hit = CachePolicy::access(r);
    limit_stack();
    return hit;
  }

  bool find(const models::Request& r) {
    const std::uint32_t s = st_.find(r.id), q = qt_.find(r.id);
    if (s != kNil) stack_.move_to_front(st_, s);
    if (q != kNil) queue_.move_to_front(qt_, q);
    if (s != kNil) {
      if (st_[s].lir) {
        prune();
        return true;
      }
      if (!st_[s].resident) return false;
      hit_hir_in_stack(s, q);
      return true;
    }
    if (q == kNil) return false;
    hit_hir_in_queue(q);
    return true;
  }

  bool can_insert(const models::Request& r) {
    if (r.size > capacity()) return false;
    const std::uint32_t s = st_.find(r.id);
    if (s != kNil) {  // a non-resident HIR object (anything else hit)
      while (lir_ + st_[s].size > lir_limit_ && stack_.tail != s) demote_lir();
      forget_nonresident(r.id);
      return true;
    }
    if (r.size > lir_limit_ || r.size > hir_limit_) return false;
    if (lir_ + r.size > lir_limit_ && hir_ + r.size > hir_limit_)
      while (hir_ + r.size > hir_limit_ && !queue_.empty()) evict_hir();
    return true;
  }

  void evict(const models::Request& r) {
    const std::uint32_t s = st_.find(r.id);
    if (s != kNil) {
      while (hir_ >= hir_limit_ && !queue_.empty()) evict_hir();
      if (stack_.tail != s) demote_lir();
      return;
    }
    if (lir_ + r.size > lir_limit_ && hir_ + r.size > hir_limit_) evict_hir();
  }

  void insert(const models::Request& r) {
    const std::uint32_t s = st_.find(r.id);
    if (s != kNil) {  // a non-resident HIR object becomes LIR
      st_[s].lir = st_[s].resident = true;
      lir_ += st_[s].size;
      occupied_ += st_[s].size;
      ++count_;
      return;
    }
    const std::uint32_t n = st_.add(r.id, r.size);
    st_[n].resident = true;
    stack_.push_front(st_, n);
    if (lir_ + r.size <= lir_limit_) {
      st_[n].lir = true;
      lir_ += r.size;
    } else {
      queue_.push_front(qt_, qt_.add(r.id, r.size));
      hir_ += r.size;
    }
    occupied_ += r.size;
    ++count_;
  }

  std::uint64_t occupied() const { return occupied_; }
  std::uint64_t count() const override { return count_; }
  std::size_t metadata_bytes() const override {
    return st_.memory_bytes() + qt_.memory_bytes() + nt_.memory_bytes();
  }

 private:
  void hit_hir_in_stack(std::uint32_t s, std::uint32_t q) {
    if (q != kNil) {
      hir_ -= qt_[q].size;
      occupied_ -= qt_[q].size;
      --count_;
      queue_.unlink(qt_, q);
      qt_.remove(q);
    }
    while (lir_ + st_[s].size > lir_limit_ && stack_.tail != s) demote_lir();
    st_[s].lir = true;
    lir_ += st_[s].size;
    occupied_ += st_[s].size;
    ++count_;
  }

  void hit_hir_in_queue(std::uint32_t q) {
    const std::uint64_t id = qt_[q].id, size = qt_[q].size;
    while (lir_ + size > lir_limit_ && !stack_.empty()) demote_lir();
    const std::uint32_t n = st_.add(id, size);
    st_[n].resident = true;
    stack_.push_front(st_, n);
  }

  // S's bottom (a LIR object after pruning) moves to Q, or leaves.
  void demote_lir() {
    const std::uint32_t v = stack_.tail;
    const std::uint64_t id = st_[v].id, size = st_[v].size;
    lir_ -= size;
    stack_.unlink(st_, v);
    st_.remove(v);
    occupied_ -= size;
    --count_;
    if (size <= hir_limit_) {
      while (hir_ + size > hir_limit_ && !queue_.empty()) evict_hir();
      queue_.push_front(qt_, qt_.add(id, size));
      hir_ += size;
      occupied_ += size;
      ++count_;
    } else {
      notify_evict(id, size);
    }
    prune();
  }

  // Q's bottom leaves the cache; its S copy, if any, becomes non-resident.
  void evict_hir() {
    const std::uint32_t v = queue_.tail;
    const std::uint64_t id = qt_[v].id, size = qt_[v].size;
    hir_ -= size;
    queue_.unlink(qt_, v);
    qt_.remove(v);
    notify_evict(id, size);
    const std::uint32_t s = st_.find(id);
    if (s != kNil) {
      st_[s].resident = false;
      if (nt_.find(id) == kNil) nonresident_.push_front(nt_, nt_.add(id, size));
    }
    occupied_ -= size;
    --count_;
  }

  void prune() {
    while (stack_.tail != stack_.head && !st_[stack_.tail].lir) {
      const std::uint32_t v = stack_.tail;
      if (!st_[v].resident) forget_nonresident(st_[v].id);
      stack_.unlink(st_, v);
      st_.remove(v);
    }
  }

  void forget_nonresident(std::uint64_t id) {
    const std::uint32_t h = nt_.find(id);
    if (h == kNil) return;
    nonresident_.unlink(nt_, h);
    nt_.remove(h);
  }

  // libCacheSim's limitStack: S holds at most 2c of sizes.
  void limit_stack() {
    while (stack_.bytes > 2 * capacity() && !nonresident_.empty()) {
      const std::uint32_t h = nonresident_.tail;
      const std::uint32_t s = st_.find(nt_[h].id);
      if (s != kNil) {
        stack_.unlink(st_, s);
        st_.remove(s);
      }
      nonresident_.unlink(nt_, h);
      nt_.remove(h);
    }
  }

  const std::uint64_t hir_limit_, lir_limit_;
  std::uint64_t lir_ = 0, hir_ = 0;  // sizes of the LIR set and of Q
  std::uint64_t occupied_ = 0, count_ = 0;
  NodeTable<SNode> st_;
  NodeTable<QNode> qt_, nt_;
  List<SNode> stack_;                // S; head: top
  List<QNode> queue_, nonresident_;  // Q and NH; head: most recent
};

}  // namespace

std::unique_ptr<models::Policy> make_lirs(const PolicyConfig& c) {
  return std::make_unique<Lirs>(c);
}

}  // namespace vmc::sim::policies
