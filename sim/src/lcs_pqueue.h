// lcs_pqueue.h -- the binary max-heap libCacheSim's Belady.c evicts from
// (libCacheSim/dataStructure/pqueue.c, Volkan Yazici's libpqueue), replayed
// operation for operation so that ties between equal priorities break the
// same way: they decide which never-requested-again object "belady-lcs"
// evicts first, which matters when sizes differ.
//
//   d: [unused][1][2][3]...    children of i: 2i, 2i+1; parent: i/2
//
// Priorities are doubles (libCacheSim stores the int64 next-access time in a
// double); an element is a 32-bit slot whose heap position is kept in pos_.
// Single-threaded.
#ifndef VMC_SIM_LCS_PQUEUE_H
#define VMC_SIM_LCS_PQUEUE_H

#include <cstdint>
#include <vector>

namespace vmc::sim {

class LcsMaxHeap {
 public:
  LcsMaxHeap() : d_(1, 0) {}

  bool empty() const { return d_.size() == 1; }
  std::size_t size() const { return d_.size() - 1; }
  std::uint32_t top() const { return d_[1]; }

  // REQUIRES: slot not in the heap.
  void insert(std::uint32_t slot, double pri) {
    if (slot >= pri_.size()) {
      pri_.resize(slot + 1);
      pos_.resize(slot + 1);
    }
    pri_[slot] = pri;
    d_.push_back(slot);
    bubble_up(d_.size() - 1);
  }

  void change(std::uint32_t slot, double pri) {
    const double old = pri_[slot];
    pri_[slot] = pri;
    if (old < pri)
      bubble_up(pos_[slot]);
    else
      percolate_down(pos_[slot]);
  }

  // REQUIRES: !empty().
  std::uint32_t pop() {
    std::uint32_t head = d_[1];
    d_[1] = d_.back();
    d_.pop_back();
    if (d_.size() > 1) percolate_down(1);
    return head;
  }

  std::size_t memory_bytes() const {
    return d_.capacity() * 4 + pri_.capacity() * 8 + pos_.capacity() * 8;
  }

 private:
  void set(std::size_t i, std::uint32_t slot) {
    d_[i] = slot;
    pos_[slot] = i;
  }

  void bubble_up(std::size_t i) {
    const std::uint32_t moving = d_[i];
    for (std::size_t p = i >> 1; i > 1 && pri_[d_[p]] < pri_[moving]; i = p, p = i >> 1)
      set(i, d_[p]);
    set(i, moving);
  }

  std::size_t max_child(std::size_t i) const {
    std::size_t c = i << 1;
    if (c >= d_.size()) return 0;
    if (c + 1 < d_.size() && pri_[d_[c]] < pri_[d_[c + 1]]) ++c;
    return c;
  }

  void percolate_down(std::size_t i) {
    const std::uint32_t moving = d_[i];
    for (std::size_t c; (c = max_child(i)) != 0 && pri_[moving] < pri_[d_[c]]; i = c) set(i, d_[c]);
    set(i, moving);
  }

  std::vector<std::uint32_t> d_;  // d_[0] unused
  std::vector<double> pri_;       // by slot
  std::vector<std::size_t> pos_;  // by slot: index in d_
};

}  // namespace vmc::sim

#endif  // VMC_SIM_LCS_PQUEUE_H
