// s3fifo.cc -- S3-FIFO: a small FIFO, a main FIFO and a ghost FIFO.
//
// Definition (Yang, Zhang, Qiu, Yue, Rashmi, "FIFO queues are all you need
// for cache eviction", SOSP'23, Algorithm 1):
//   - S (small) holds 10% of the capacity, M (main) the rest; G (ghost)
//     remembers the ids (not data) of objects evicted from S, up to 90% of
//     the capacity in their sizes.
//   - Each cached object has a 2-bit counter: a hit raises it, saturating
//     at 3.  Nothing moves on a hit.
//   - A miss inserts into M if the id is in G (removing it from G), else
//     into S, with counter 0, after evicting until it fits.
//   - Evict: from M if M is over its share or S is empty, else from S.
//     From S: the oldest object moves to M (counter reset) if its counter
//     is > 1 -- accessed at least twice after insertion, the paper's
//     `t.freq > 1`, libCacheSim's move-to-main-threshold=2 -- else it is
//     evicted and its id enters G; repeat until one object has left.
//     From M: the oldest object with counter > 0 is reinserted with the
//     counter lowered by one (a 2-bit CLOCK); with counter 0 it is evicted.
// Objects larger than S are not admitted (libCacheSim's can_insert).
#include <algorithm>

#include "node_table.h"
#include "sim_policy.h"

namespace vmc::sim::policies {
namespace {

enum Queue : std::uint8_t { kSmall, kMain, kGhost };

struct Node : NodeBase {
  std::uint8_t freq = 0;
  Queue q = kSmall;
};

class S3Fifo final : public models::Policy, public MemoryReport {
 public:
  static constexpr double kSmallRatio = 0.10;
  static constexpr double kGhostRatio = 0.90;
  static constexpr std::uint8_t kMoveToMain = 2;  // counter >= 2, i.e. "freq > 1"
  static constexpr std::uint8_t kMaxFreq = 3;     // 2 bits

  explicit S3Fifo(const PolicyConfig& c)
      : Policy(c.capacity),
        small_cap_(std::max<std::uint64_t>(1, static_cast<std::uint64_t>(double(c.capacity) * kSmallRatio))),
        main_cap_(c.capacity - std::min(c.capacity, small_cap_)),
        ghost_cap_(static_cast<std::uint64_t>(double(c.capacity) * kGhostRatio)),
        t_(expected_objects(c) * 2) {}
  std::string_view name() const override { return "s3fifo"; }

  bool access(const models::Request& r) override {
    std::uint32_t i = t_.find(r.id);
    if (i != kNil && t_[i].q != kGhost) {
      if (t_[i].freq < kMaxFreq) ++t_[i].freq;
      return true;
    }
    bool ghost_hit = i != kNil;
    if (ghost_hit) {
      g_.unlink(t_, i);
      t_.remove(i);
    }
    if (r.size > capacity() || (!ghost_hit && r.size > small_cap_)) return false;
    while (s_.bytes + m_.bytes + r.size > capacity()) evict();
    std::uint32_t n = t_.add(r.id, r.size);
    t_[n].q = ghost_hit ? kMain : kSmall;
    (ghost_hit ? m_ : s_).push_front(t_, n);
    return false;
  }

  std::uint64_t used() const override { return s_.bytes + m_.bytes; }
  std::uint64_t count() const override { return s_.count + m_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes(); }

 private:
  void evict() {
    if (m_.bytes > main_cap_ || s_.empty()) evict_main();
    else evict_small();
  }

  void evict_small() {
    while (!s_.empty()) {
      std::uint32_t v = s_.tail;
      s_.unlink(t_, v);
      if (t_[v].freq >= kMoveToMain) {
        t_[v].freq = 0;
        t_[v].q = kMain;
        m_.push_front(t_, v);
        continue;
      }
      notify_evict(t_[v].id, t_[v].size);
      t_[v].q = kGhost;
      t_[v].freq = 0;
      g_.push_front(t_, v);
      while (g_.bytes > ghost_cap_ && !g_.empty()) {
        std::uint32_t o = g_.tail;
        g_.unlink(t_, o);
        t_.remove(o);
      }
      return;
    }
  }

  void evict_main() {
    while (!m_.empty()) {
      std::uint32_t v = m_.tail;
      m_.unlink(t_, v);
      if (t_[v].freq > 0) {
        --t_[v].freq;
        m_.push_front(t_, v);
        continue;
      }
      notify_evict(t_[v].id, t_[v].size);
      t_.remove(v);
      return;
    }
  }

  std::uint64_t small_cap_, main_cap_, ghost_cap_;
  NodeTable<Node> t_;
  List<Node> s_, m_, g_;  // head: newest; tail: oldest
};

}  // namespace

std::unique_ptr<models::Policy> make_s3fifo(const PolicyConfig& c) { return std::make_unique<S3Fifo>(c); }

}  // namespace vmc::sim::policies
