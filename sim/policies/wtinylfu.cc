// wtinylfu.cc -- W-TinyLFU: an LRU window in front of a segmented-LRU main
// cache guarded by a frequency sketch.
//
// Definition (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache
// Admission Policy", ACM ToS 2017), as libCacheSim's WTinyLFU.c writes it
// with its defaults, "WTinyLFU-w0.01-SLRU" (1a1a11a/libCacheSim,
// cache/eviction/WTinyLFU.c, SLRU.c, dataStructure/minimalIncrementCBF.c):
//   - Sizes: window W = floor(c x 0.01) (so a cache under 100 objects has
//     an empty window and admits nothing), main M = c - W, an SLRU of two
//     segments 1:4 (slru.h).
//   - Admission: an object larger than W, than M or than main's first
//     segment is not admitted.  Misses go to the window's MRU end; the
//     window has no bound of its own: it is drained only when the whole
//     cache is full.
//   - Frequency: a counting Bloom filter sized for M entries
//     (counting_bloom.h); an id is counted when it is inserted, when it
//     hits in main (not in the window), and each time it leaves the window;
//     every 32 x M hits in main all counters are halved.
//   - Making room: take the window's LRU object; if main has room, move it
//     there and repeat; otherwise compare its estimate with that of main's
//     next victim: if strictly higher, evict main's victim and move the
//     window object into main (main may evict more to fit it) and repeat;
//     else evict the window object and stop.  With an empty window, evict
//     from main.
// No deliberate difference (the sketch's representation is sparse for
// large caches; see counting_bloom.h).
//
// Parameters: window (window-size), fraction of the cache in [0, 1).
#include "counting_bloom.h"
#include "policy_base.h"
#include "slru.h"

namespace vmc::sim::policies {
namespace {

struct Node : NodeBase {};

class WTinyLfu final : public CachePolicy<WTinyLfu>, private models::EvictionObserver {
 public:
  explicit WTinyLfu(const PolicyConfig& c)
      : CachePolicy(c),
        window_cap_(static_cast<std::uint64_t>(
            double(c.capacity) * c.params.number({"window", "window-size"}, 0.01, 0, 0.999999))),
        main_(c.capacity - window_cap_, Slru::ratio_sizes(c.capacity - window_cap_, {1, 4}), this,
              expected_objects(c)),
        sketch_(static_cast<std::int32_t>(c.capacity - window_cap_)),
        decay_every_(32 * (c.capacity - window_cap_)),
        t_(expected_objects(c) / 64 + 16) {}
  std::string_view name() const override { return "wtinylfu"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i != kNil) window_.move_to_front(t_, i);
    if (!main_.find(r.id)) return i != kNil;
    count_main_hit(r.id);
    return true;
  }

  bool can_insert(const models::Request& r) const {
    return r.size <= capacity() && r.size <= window_cap_ && main_.can_insert(r.size);
  }

  void evict(const models::Request&) {
    for (;;) {
      if (window_.bytes == 0) return main_.evict();
      const std::uint32_t v = window_.tail;
      const std::uint64_t id = t_[v].id, size = t_[v].size;
      bool stop = false;
      if (main_.occupied() + size <= main_.capacity()) {
        move_to_main(v);
      } else if (sketch_.estimate(id) > sketch_.estimate(main_.victim())) {
        main_.evict();
        move_to_main(v);
      } else {
        drop(t_, window_, v);
        stop = true;
      }
      sketch_.add(id);
      if (stop) return;
    }
  }

  void insert(const models::Request& r) {
    window_.push_front(t_, t_.add(r.id, r.size));
    sketch_.add(r.id);
  }

  std::uint64_t occupied() const { return window_.bytes + main_.occupied(); }
  std::uint64_t count() const override { return window_.count + main_.count(); }
  std::size_t metadata_bytes() const override {
    return t_.memory_bytes() + main_.memory_bytes() + sketch_.memory_bytes();
  }

 private:
  void on_evict(models::ObjId id, std::uint64_t size) override { notify_evict(id, size); }

  void count_main_hit(std::uint64_t id) {
    sketch_.add(id);
    if (++main_hits_ >= decay_every_) {
      main_hits_ = 0;
      sketch_.decay();
    }
  }

  void move_to_main(std::uint32_t v) {
    const std::uint64_t id = t_[v].id, size = t_[v].size;
    window_.unlink(t_, v);
    t_.remove(v);
    main_.insert(id, size);
  }

  const std::uint64_t window_cap_;
  Slru main_;
  LcsCountingBloom sketch_;
  const std::uint64_t decay_every_;
  std::uint64_t main_hits_ = 0;
  NodeTable<Node> t_;  // the window
  List<Node> window_;  // head: most recent
};

}  // namespace

std::unique_ptr<models::Policy> make_wtinylfu(const PolicyConfig& c) {
  return std::make_unique<WTinyLfu>(c);
}

}  // namespace vmc::sim::policies
