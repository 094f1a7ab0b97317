// qdlp.cc -- QD-LP: quick demotion (a small probationary FIFO) and lazy
// promotion (a CLOCK main cache), with a ghost FIFO.
//
// Definition (Yang, Qiu, Zhang, Yue, Rashmi, "FIFO can be Better than LRU:
// the Power of Lazy Promotion and Quick Demotion", HotOS'23), as
// libCacheSim's QDLP.c writes it with its defaults (fifo-size-ratio=0.10,
// ghost-size-ratio=0.9, main-cache=Clock2, move-to-main-threshold=1):
//   - Sizes: small S = floor(c x 0.1), main M = c - S, ghost G = floor(c x 0.9).
//   - Hit in S: its hit count rises (no move).  Hit in M: its 2-bit CLOCK
//     counter rises, saturating at 3.  A request whose id is in G removes it.
//   - Admission: an object larger than S is not admitted, one as large as S
//     is not inserted (after room was made).  After a ghost hit the object
//     goes to M (M makes room by its CLOCK first); otherwise to S.
//   - Evict: if S is empty, M evicts one object (CLOCK: a counter > 0 is
//     decremented and the object moves to the head).  Otherwise S's oldest
//     object leaves S: to M if it was hit at least once (M making room by
//     CLOCK; an object larger than M is dropped), else into G (G dropping
//     its oldest ids to make room).
// No deliberate difference.
//
// Parameters: small (fifo-size-ratio), ghost (ghost-size-ratio), move
// (move-to-main-threshold), bits (the main CLOCK's counter bits, 2).
#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

enum Queue : std::uint8_t { kSmall, kMain, kGhost };

struct Node : NodeBase {
  std::uint64_t hits = 0;     // in S
  std::uint32_t counter = 0;  // in M
  Queue q = kSmall;
};

class Qdlp final : public CachePolicy<Qdlp> {
 public:
  explicit Qdlp(const PolicyConfig& c)
      : CachePolicy(c),
        small_cap_(static_cast<std::uint64_t>(
            double(c.capacity) *
            c.params.number({"small", "fifo-size-ratio", "small-size-ratio"}, 0.10, 0, 1))),
        main_cap_(c.capacity - small_cap_),
        g_(static_cast<std::uint64_t>(double(c.capacity) *
                                      c.params.number({"ghost", "ghost-size-ratio"}, 0.9, 0, 100))),
        move_(static_cast<std::uint64_t>(
            c.params.integer({"move", "move-to-main-threshold"}, 1, 0, 1 << 30))),
        max_counter_(static_cast<std::uint32_t>(
            (1u << c.params.integer({"bits", "n-bit-counter"}, 2, 1, 16)) - 1)),
        t_(expected_objects(c) * 2) {}
  std::string_view name() const override { return "qdlp"; }

  bool find(const models::Request& r) {
    ghost_hit_ = false;
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    switch (t_[i].q) {
      case kSmall:
        ++t_[i].hits;
        return true;
      case kMain:
        if (t_[i].counter < max_counter_) ++t_[i].counter;
        return true;
      case kGhost:
        break;
    }
    g_.forget(t_, i);
    ghost_hit_ = true;
    return false;
  }

  bool can_insert(const models::Request& r) const {
    return r.size <= small_cap_ && r.size <= capacity();
  }

  void evict(const models::Request&) {
    if (s_.bytes == 0) return evict_main();
    const std::uint32_t v = s_.tail;
    s_.unlink(t_, v);
    if (t_[v].hits >= move_) return to_main(v);
    notify_evict(t_[v].id, t_[v].size);
    if (g_.admit(t_, v)) t_[v].q = kGhost;
  }

  void insert(const models::Request& r) {
    if (ghost_hit_) {
      ghost_hit_ = false;
      return to_main(t_.add(r.id, r.size));
    }
    if (r.size >= small_cap_) return;  // libCacheSim's QDLP_insert returns NULL
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].q = kSmall;
    s_.push_front(t_, n);
  }

  std::uint64_t occupied() const { return s_.bytes + m_.bytes; }
  std::uint64_t count() const override { return s_.count + m_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  // libCacheSim's main->get of an object not in M: admitted if it fits M,
  // after M's CLOCK made room; counter 0.  v is in no list.
  void to_main(std::uint32_t v) {
    if (t_[v].size > main_cap_) {
      notify_evict(t_[v].id, t_[v].size);
      t_.remove(v);
      return;
    }
    while (m_.bytes + t_[v].size > main_cap_) evict_main();
    t_[v].q = kMain;
    t_[v].counter = 0;
    m_.push_front(t_, v);
  }

  void evict_main() {
    std::uint32_t v = m_.tail;
    while (t_[v].counter >= 1) {
      --t_[v].counter;
      m_.move_to_front(t_, v);
      v = m_.tail;
    }
    drop(t_, m_, v);
  }

  const std::uint64_t small_cap_, main_cap_;
  GhostFifo<Node> g_;  // S's evicted ids (declared here: parameters are read in this order)
  const std::uint64_t move_;
  const std::uint32_t max_counter_;
  NodeTable<Node> t_;
  List<Node> s_, m_;  // head: newest; tail: oldest
  bool ghost_hit_ = false;
};

}  // namespace

std::unique_ptr<models::Policy> make_qdlp(const PolicyConfig& c) {
  return std::make_unique<Qdlp>(c);
}

}  // namespace vmc::sim::policies
