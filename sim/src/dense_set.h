// dense_set.h -- the cached objects of a sampling policy (random,
// hyperbolic, lhd) as a dense array, so that a uniformly random member is
// one array read: members[rng.below(size)].  Removal swaps the last member
// into the hole (O(1)); each member's index is kept by the caller's node
// (`pos`), which the set updates on a swap.
//
// Single-threaded.
#ifndef VMC_SIM_DENSE_SET_H
#define VMC_SIM_DENSE_SET_H

#include <cstdint>
#include <vector>

#include "node_table.h"

namespace vmc::sim {

// Node must have a `std::uint32_t pos` member.
template <class Node>
class DenseSet {
 public:
  std::size_t size() const { return members_.size(); }
  std::uint32_t operator[](std::size_t i) const { return members_[i]; }

  void add(NodeTable<Node>& t, std::uint32_t slot) {
    t[slot].pos = static_cast<std::uint32_t>(members_.size());
    members_.push_back(slot);
  }

  // REQUIRES: slot a member.
  void remove(NodeTable<Node>& t, std::uint32_t slot) {
    const std::uint32_t i = t[slot].pos;
    const std::uint32_t last = members_.back();
    members_[i] = last;
    t[last].pos = i;
    members_.pop_back();
  }

  std::size_t memory_bytes() const { return members_.capacity() * sizeof(std::uint32_t); }

 private:
  std::vector<std::uint32_t> members_;
};

}  // namespace vmc::sim

#endif  // VMC_SIM_DENSE_SET_H
