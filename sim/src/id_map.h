// id_map.h -- open-addressing hash map from 64-bit object ids to 32-bit
// numbers: the driver's first-size table, the statistics pass and the MRC
// pass use it to number objects.  (Policies use node_table.h, whose index
// packs a hash tag and a node number into 8 bytes.)
//
// Why not std::unordered_map: one heap node per object and a pointer chase
// per lookup.  Here a lookup is one multiply and, at load <= 1/2, about 1.5
// probes in one flat array.
//
// Layout: a power-of-two array of 16-byte slots, linear probing from a
// Fibonacci hash of the id.
//
//   slots_: [ key u64 | val u32 | pad ] [ key | val ] ...   val == kNone: empty
//
// Emptiness is marked in `val`, not in `key`, so every 64-bit id is a valid
// key.  Deletion shifts the following run back (no tombstones), so probe
// lengths never degrade on long traces.
//
// Single-threaded, like the policies that own it.
#ifndef VMC_SIM_ID_MAP_H
#define VMC_SIM_ID_MAP_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vmc::sim {

class IdMap {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  explicit IdMap(std::size_t expected = 1024) { rehash(capacity_for(expected)); }

  // The value stored for `id`, or kNone.
  std::uint32_t find(std::uint64_t id) const {
    for (std::size_t i = home(id);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.val == kNone) return kNone;
      if (s.key == id) return s.val;
    }
  }

  // REQUIRES: id absent, val != kNone.
  void insert(std::uint64_t id, std::uint32_t val) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    place(id, val);
    ++size_;
  }

  // Overwrites the value of a present id.  REQUIRES: id present.
  void assign(std::uint64_t id, std::uint32_t val) {
    for (std::size_t i = home(id);; i = (i + 1) & mask_) {
      if (slots_[i].key == id && slots_[i].val != kNone) {
        slots_[i].val = val;
        return;
      }
    }
  }

  // Removes id if present; returns whether it was.
  bool erase(std::uint64_t id) {
    std::size_t i = home(id);
    for (;; i = (i + 1) & mask_) {
      if (slots_[i].val == kNone) return false;
      if (slots_[i].key == id) break;
    }
    // Backward-shift deletion: pull later members of the run into the hole
    // when their home slot does not lie strictly between the hole and them.
    std::size_t hole = i;
    for (std::size_t j = (i + 1) & mask_; slots_[j].val != kNone; j = (j + 1) & mask_) {
      // Its probe distance reaches back at least to the hole.
      if (((j - home(slots_[j].key)) & mask_) >= ((j - hole) & mask_)) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole].val = kNone;
    --size_;
    return true;
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t key;
    std::uint32_t val;
  };
  static_assert(sizeof(Slot) == 16, "two slots per 32 bytes; a probe touches one line");

  static std::size_t capacity_for(std::size_t n) {
    std::size_t c = 16;
    while (c < n * 2) c *= 2;
    return c;
  }

  // Fibonacci hashing: the top bits of id * 2^64/phi.  One multiply, and
  // sequential ids (block numbers) land far apart.
  std::size_t home(std::uint64_t id) const {
    return static_cast<std::size_t>((id * 0x9e3779b97f4a7c15ULL) >> shift_);
  }

  void place(std::uint64_t id, std::uint32_t val) {
    std::size_t i = home(id);
    while (slots_[i].val != kNone) i = (i + 1) & mask_;
    slots_[i] = Slot{id, val};
  }

  void rehash(std::size_t cap) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(cap, Slot{0, kNone});
    mask_ = cap - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(cap));
    for (const Slot& s : old)
      if (s.val != kNone) place(s.key, s.val);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace vmc::sim

#endif  // VMC_SIM_ID_MAP_H
