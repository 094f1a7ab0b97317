// entry.h -- one cache entry: the DRAM record of a key and where its value is.
//
// Layout (one allocation from the cache's arena, 40-byte header):
//
//   +0   next        atomic word: index chain link, low bit = "unlinking"
//   +8   ring/limbo  CLOCK ring links while live (ring.next == nullptr: in
//                    no ring); limbo link + retire epoch once retired
//   +24  size_runs   value size (low 48 bits) | number of runs (high 16;
//                    kManyRuns: the count is in an extra word before runs)
//   +32  refs        atomic u32: bit 31 claimed | bits 16..30 ring id (the
//                    thread slot whose CLOCK ring holds it) | bits 0..15
//                    references (the index's one + readers)
//   +36  referenced  atomic u8: the CLOCK bit
//   +37  key size    24 bits, little-endian
//   +40  [u64 nruns, only when the header field says kManyRuns]
//        Run runs[nruns]      where the value lives, in order
//   +..  char key[key_size]
//
// With a 16-byte key and a value in one run that is 64 bytes: one jemalloc
// size class of 64, i.e. 48 bytes beyond the key.  The limits the packing
// implies are checked at the API: keys < 16 MiB, values < 2^48 bytes (no
// pool mappable on x86-64 is that large), fewer than 2^15 thread slots, and
// fewer than 2^16 concurrent references to one entry (readers are threads,
// at most SlotRegistry::kMaxSlots).
//
// Life of an entry:
//   built by put (one reference: the index's) -> linked in the index ->
//   linked in a ring -> claimed by one evictor (refs |= kClaimed; others now
//   leave it alone) -> on_evict runs (still readable) -> unlinked from the
//   index -> index reference dropped -> retired to the epoch limbo.
// Readers take a reference (only while there is one) for the time they copy
// the value; whoever drops the last one frees the extents, so extents are
// reused only after the last reader is done.  The header itself is freed two
// epochs after retirement, when no reader can still be traversing it.
#ifndef VMC_ENTRY_H
#define VMC_ENTRY_H

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "extent_alloc.h"

namespace vmc {

struct Entry {
  static constexpr std::uint32_t kClaimed = 1u << 31;
  static constexpr int kRingShift = 16;
  static constexpr std::uint32_t kMaxRingId = (1u << 15) - 1;
  static constexpr std::uint32_t kRefMask = (1u << kRingShift) - 1;
  static constexpr std::uintptr_t kMarked = 1;
  static constexpr std::uint64_t kMaxKey = (std::uint64_t{1} << 24) - 1;
  static constexpr std::uint64_t kMaxValue = (std::uint64_t{1} << 48) - 1;
  static constexpr std::uint64_t kManyRuns = 0xffff;

  std::atomic<std::uintptr_t> next;
  union {
    struct {
      Entry* prev;
      Entry* next;
    } ring;
    struct {
      Entry* next;
      std::uint64_t epoch;
    } limbo;
  };
  std::uint64_t size_runs;
  std::atomic<std::uint32_t> refs;
  std::atomic<std::uint8_t> referenced;
  std::uint8_t key_size_le[3];

  // REQUIRES: key_size <= kMaxKey, value_size <= kMaxValue, ring_id <= kMaxRingId.
  void init(std::uint64_t value_size, std::uint64_t nruns, std::uint32_t key_size,
            std::uint32_t ring_id) {
    next.store(0, std::memory_order_relaxed);  // relaxed: published by the index insert
    ring.prev = ring.next = nullptr;
    const bool many = nruns >= kManyRuns;
    size_runs = value_size | ((many ? kManyRuns : nruns) << 48);
    if (many) *reinterpret_cast<std::uint64_t*>(this + 1) = nruns;
    // One reference, the index's.  Relaxed: published by the index insert.
    refs.store(1 | (ring_id << kRingShift), std::memory_order_relaxed);
    referenced.store(0, std::memory_order_relaxed);
    key_size_le[0] = static_cast<std::uint8_t>(key_size);
    key_size_le[1] = static_cast<std::uint8_t>(key_size >> 8);
    key_size_le[2] = static_cast<std::uint8_t>(key_size >> 16);
  }

  std::uint64_t value_size() const { return size_runs & kMaxValue; }
  std::uint64_t nruns() const {
    std::uint64_t n = size_runs >> 48;
    return n == kManyRuns ? *reinterpret_cast<const std::uint64_t*>(this + 1) : n;
  }
  std::uint32_t key_size() const {
    return key_size_le[0] | (std::uint32_t{key_size_le[1]} << 8) |
           (std::uint32_t{key_size_le[2]} << 16);
  }
  // Immutable bits of refs: relaxed is enough.
  std::uint32_t ring_id() const {
    return (refs.load(std::memory_order_relaxed) >> kRingShift) & kMaxRingId;
  }
  bool in_ring() const { return ring.next != nullptr; }  // REQUIRES: the ring's mutex

  Run* runs() {
    return reinterpret_cast<Run*>(this + 1) + ((size_runs >> 48) == kManyRuns ? 1 : 0);
  }
  const Run* runs() const { return const_cast<Entry*>(this)->runs(); }
  char* key() { return reinterpret_cast<char*>(runs() + nruns()); }
  const char* key() const { return const_cast<Entry*>(this)->key(); }

  static std::size_t alloc_size(std::uint64_t nruns, std::uint32_t key_size) {
    return sizeof(Entry) + (nruns >= kManyRuns ? sizeof(std::uint64_t) : 0) +
           nruns * sizeof(Run) + key_size;
  }
  std::size_t alloc_size() const { return alloc_size(nruns(), key_size()); }
};

static_assert(sizeof(Entry) == 40, "the header is 40 bytes; see the layout above");
static_assert(alignof(Entry) == 8 && sizeof(Run) == 8, "runs follow the header unpadded");

}  // namespace vmc

#endif  // VMC_ENTRY_H
