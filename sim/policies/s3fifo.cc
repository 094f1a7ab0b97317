// s3fifo.cc -- S3-FIFO: a small FIFO, a main FIFO and a ghost FIFO.
//
// Definition (Yang, Zhang, Qiu, Yue, Rashmi, "FIFO queues are all you need
// for cache eviction", SOSP'23, Algorithm 1), as libCacheSim's S3FIFO.c
// writes it (1a1a11a/libCacheSim, cache/eviction/S3FIFO.c, commit 687f14c:
// the version that inserts into main while the cache fills):
//   - Sizes: S = floor(c x 0.1), M = c - S, G = floor(c x 0.9), each in the
//     objects' sizes; no ghost when G is 0.
//   - A hit in S or M raises the object's counter (no upper bound in S).
//     Nothing moves on a hit.  A request whose id is in G removes it from G.
//   - Admission: an object larger than S is not admitted; one exactly as
//     large as S is not inserted either (but the room was made); so with a
//     tiny cache (S of 0 or 1 object) nothing is ever cached.
//   - Insert: into M after a ghost hit; otherwise into S, except that until
//     the first eviction an object arriving while S is full goes to M.
//     The counter starts at 0.
//   - Evict: from M if M holds more than its share or S is empty, else from
//     S.  From S: the oldest object moves to M with its counter reset if
//     its counter >= move-to-main-threshold (2: hit at least twice, the
//     paper's freq > 1), else it leaves, its id entering G (G drops its
//     oldest ids to make room); repeat until one object has left or S is
//     empty.  From M: the oldest object with counter > 0 is reinserted with
//     min(counter, 3) - 1 (a 2-bit CLOCK); with counter 0 it is evicted.
// No deliberate difference.
//
// Parameters: small (small-size-ratio, fifo-size-ratio), ghost
// (ghost-size-ratio), move (move-to-main-threshold).
#include <algorithm>

#include "policy_base.h"

namespace vmc::sim::policies {
namespace {

enum Queue : std::uint8_t { kSmall, kMain, kGhost };

struct Node : NodeBase {
  std::int64_t freq = 0;
  Queue q = kSmall;
};

class S3Fifo final : public CachePolicy<S3Fifo> {
 public:
  explicit S3Fifo(const PolicyConfig& c)
      : CachePolicy(c),
        small_cap_(static_cast<std::uint64_t>(
            double(c.capacity) *
            c.params.number({"small", "small-size-ratio", "fifo-size-ratio"}, 0.10, 0, 1))),
        main_cap_(c.capacity - small_cap_),
        g_(static_cast<std::uint64_t>(
            double(c.capacity) * c.params.number({"ghost", "ghost-size-ratio"}, 0.90, 0, 100))),
        move_(c.params.integer({"move", "move-to-main-threshold"}, 2, 1, 1 << 30)),
        t_(expected_objects(c) * 2) {}
  std::string_view name() const override { return "s3fifo"; }

  bool find(const models::Request& r) {
    ghost_hit_ = false;
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    if (t_[i].q != kGhost) {
      ++t_[i].freq;
      return true;
    }
    g_.forget(t_, i);
    ghost_hit_ = true;
    return false;
  }

  bool can_insert(const models::Request& r) const {
    return r.size <= small_cap_ && r.size <= capacity();
  }

  void evict(const models::Request&) {
    has_evicted_ = true;
    if (m_.bytes > main_cap_ || s_.bytes == 0)
      evict_main();
    else
      evict_small();
  }

  void insert(const models::Request& r) {
    Queue q = kMain;
    if (ghost_hit_) {
      ghost_hit_ = false;
    } else {
      if (r.size >= small_cap_) return;  // libCacheSim's S3FIFO_insert returns NULL
      if (has_evicted_ || s_.bytes < small_cap_) q = kSmall;
    }
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].q = q;
    (q == kSmall ? s_ : m_).push_front(t_, n);
  }

  std::uint64_t occupied() const { return s_.bytes + m_.bytes; }
  std::uint64_t count() const override { return s_.count + m_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  void evict_small() {
    while (s_.bytes > 0) {
      std::uint32_t v = s_.tail;
      s_.unlink(t_, v);
      if (t_[v].freq >= move_) {
        t_[v].freq = 0;
        t_[v].q = kMain;
        m_.push_front(t_, v);
        continue;
      }
      notify_evict(t_[v].id, t_[v].size);
      if (g_.admit(t_, v)) {
        t_[v].q = kGhost;
        t_[v].freq = 0;
      }
      return;
    }
  }

  void evict_main() {
    while (m_.bytes > 0) {
      std::uint32_t v = m_.tail;
      if (t_[v].freq >= 1) {
        t_[v].freq = std::min<std::int64_t>(t_[v].freq, 3) - 1;
        m_.move_to_front(t_, v);
        continue;
      }
      drop(t_, m_, v);
      return;
    }
  }

  const std::uint64_t small_cap_, main_cap_;
  GhostFifo<Node> g_;  // S's evicted ids (declared here: parameters are read in this order)
  const std::int64_t move_;
  NodeTable<Node> t_;
  List<Node> s_, m_;          // head: newest; tail: oldest
  bool ghost_hit_ = false;    // the current miss found its id in G
  bool has_evicted_ = false;  // an eviction has happened
};

}  // namespace

std::unique_ptr<models::Policy> make_s3fifo(const PolicyConfig& c) {
  return std::make_unique<S3Fifo>(c);
}

}  // namespace vmc::sim::policies
