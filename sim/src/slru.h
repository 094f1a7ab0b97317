// slru.h -- segmented LRU, as libCacheSim's SLRU.c defines it: the main
// cache of W-TinyLFU (two segments, 1:4) and the "s4lru" policy (four equal
// segments).  A component, not a policy: it owns its objects and reports
// evictions to an observer.
//
//   segment 0 (probation) <- ... <- segment n-1 (most protected)
//
// - A hit in the last segment moves the object to its head; a hit elsewhere
//   promotes it to the head of the next segment, and while that segment is
//   over its size its tail is cooled down one segment (cascading); cooling
//   segment 0 evicts.
// - insert(): into the lowest segment with room for the object; if none has
//   room, evict until the whole SLRU has room, then into segment 0.
// - evict(): the tail of the lowest non-empty segment (not always segment 0).
// - Segment sizes: given; ratio_sizes() computes floor(ratio_i / sum x
//   capacity) in double exactly as libCacheSim's SLRU_parse_params does for
//   seg-size, and equal_sizes() its default, capacity / n (integer).
//
// Single-threaded.
#ifndef VMC_SIM_SLRU_H
#define VMC_SIM_SLRU_H

#include <cstdint>
#include <vector>

#include "node_table.h"
#include "vmc/models/policy.h"

namespace vmc::sim {

class Slru {
 public:
  // REQUIRES: 1 <= seg_max.size() <= 255.
  Slru(std::uint64_t capacity, std::vector<std::uint64_t> seg_max, models::EvictionObserver* obs,
       std::size_t expected = 1024)
      : cap_(capacity), max_(std::move(seg_max)), t_(expected), seg_(max_.size()), obs_(obs) {}

  // REQUIRES: ratios non-empty, each > 0.
  static std::vector<std::uint64_t> ratio_sizes(std::uint64_t capacity,
                                                const std::vector<std::int64_t>& ratios) {
    std::int64_t sum = 0;
    for (std::int64_t r : ratios) sum += r;
    std::vector<std::uint64_t> out;
    for (std::int64_t r : ratios)
      out.push_back(static_cast<std::uint64_t>(double(r) / double(sum) * double(capacity)));
    return out;
  }
  static std::vector<std::uint64_t> equal_sizes(std::uint64_t capacity, std::size_t n) {
    return std::vector<std::uint64_t>(n, capacity / n);
  }

  std::uint64_t capacity() const { return cap_; }
  std::uint64_t occupied() const { return bytes_; }
  std::uint64_t count() const { return t_.live(); }
  std::size_t memory_bytes() const { return t_.memory_bytes(); }
  bool contains(std::uint64_t id) const { return t_.find(id) != kNil; }
  // libCacheSim's SLRU_can_insert.
  bool can_insert(std::uint64_t size) const { return size <= cap_ && size <= max_[0]; }

  // A request: true on a hit (promoting the object).
  bool find(std::uint64_t id) {
    std::uint32_t i = t_.find(id);
    if (i == kNil) return false;
    const std::size_t last = seg_.size() - 1;
    if (t_[i].seg == last) {
      seg_[last].move_to_front(t_, i);
      return true;
    }
    seg_[t_[i].seg].unlink(t_, i);
    ++t_[i].seg;
    seg_[t_[i].seg].push_front(t_, i);
    while (t_.find(id) == i && seg_[t_[i].seg].bytes > max_[t_[i].seg]) cool(t_[i].seg);
    return true;
  }

  // REQUIRES: id absent.  May evict (see the file comment).
  void insert(std::uint64_t id, std::uint64_t size) {
    std::size_t s = seg_.size();
    for (std::size_t k = 0; k < seg_.size(); ++k)
      if (seg_[k].bytes + size <= max_[k]) {
        s = k;
        break;
      }
    if (s == seg_.size()) {
      while (bytes_ > 0 && bytes_ + size > cap_) evict();
      s = 0;
    }
    std::uint32_t n = t_.add(id, size);
    t_[n].seg = static_cast<std::uint8_t>(s);
    seg_[s].push_front(t_, n);
    bytes_ += size;
  }

  // The next victim's id.  REQUIRES: count() > 0.
  std::uint64_t victim() const { return t_[lowest_tail()].id; }

  // REQUIRES: count() > 0.
  void evict() {
    std::uint32_t v = lowest_tail();
    seg_[t_[v].seg].unlink(t_, v);
    bytes_ -= t_[v].size;
    if (obs_ != nullptr) obs_->on_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }

 private:
  struct Node : NodeBase {
    std::uint8_t seg = 0;
  };

  std::uint32_t lowest_tail() const {
    for (const List<Node>& l : seg_)
      if (l.bytes > 0) return l.tail;
    return kNil;
  }

  // libCacheSim's SLRU_cool: segment k's tail goes down one segment.
  void cool(std::size_t k) {
    if (k == 0) return evict();
    std::uint32_t v = seg_[k].tail;
    seg_[k].unlink(t_, v);
    t_[v].seg = static_cast<std::uint8_t>(k - 1);
    seg_[k - 1].push_front(t_, v);
    while (seg_[k - 1].bytes > max_[k - 1]) cool(k - 1);
  }

  std::uint64_t cap_;
  std::uint64_t bytes_ = 0;
  std::vector<std::uint64_t> max_;
  NodeTable<Node> t_;
  std::vector<List<Node>> seg_;  // head: most recent
  models::EvictionObserver* obs_;
};

}  // namespace vmc::sim

#endif  // VMC_SIM_SLRU_H
