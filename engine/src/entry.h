// entry.h -- one cache entry: the DRAM record of a key and where its value is.
//
// Layout (one allocation from the cache's arena, 48-byte header):
//
//   +0   next        atomic word: index chain link, low bit = "unlinking"
//   +8   ring/limbo  CLOCK ring links while live; limbo link + retire epoch
//                    once retired (the ring no longer holds it then)
//   +24  value_size
//   +32  key_size    u32
//   +36  refs        atomic u32: bit 31 claimed, bits 0..30 references
//   +40  nruns       u32
//   +44  ring_id     u16: the thread slot whose CLOCK ring holds it
//   +46  referenced  atomic u8: the CLOCK bit
//   +47  in_ring     u8, guarded by that ring's mutex
//   +48  Run runs[nruns]      where the value lives, in order
//   +..  char key[key_size]
//
// Life of an entry:
//   built by put (refs = 1: the index's reference) -> linked in the index
//   -> linked in a ring -> claimed by one evictor (refs |= kClaimed; others
//   now leave it alone) -> on_evict runs (still readable) -> unlinked from
//   the index -> index reference dropped -> retired to the epoch limbo.
// Readers take a reference (refs + 1, only while refs > 0) for the time they
// copy the value; whoever drops refs to 0 frees the extents, so extents are
// reused only after the last reader is done.  The header itself is freed
// two epochs after retirement, when no reader can still be traversing it.
#ifndef VMC_ENTRY_H
#define VMC_ENTRY_H

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "extent_alloc.h"

namespace vmc {

struct Entry {
  static constexpr std::uint32_t kClaimed = 1u << 31;
  static constexpr std::uint32_t kRefMask = kClaimed - 1;
  static constexpr std::uintptr_t kMarked = 1;

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
  std::uint64_t value_size;
  std::uint32_t key_size;
  std::atomic<std::uint32_t> refs;
  std::uint32_t nruns;
  std::uint16_t ring_id;
  std::atomic<std::uint8_t> referenced;
  std::uint8_t in_ring;

  Run* runs() { return reinterpret_cast<Run*>(this + 1); }
  const Run* runs() const { return reinterpret_cast<const Run*>(this + 1); }
  const char* key() const { return reinterpret_cast<const char*>(runs() + nruns); }
  char* key() { return reinterpret_cast<char*>(runs() + nruns); }

  static std::size_t alloc_size(std::uint32_t nruns, std::uint32_t key_size) {
    return sizeof(Entry) + std::size_t{nruns} * sizeof(Run) + key_size;
  }
  std::size_t alloc_size() const { return alloc_size(nruns, key_size); }
};

static_assert(sizeof(Entry) == 48, "the header is 48 bytes; see the layout above");
static_assert(alignof(Entry) == 8 && sizeof(Run) == 8, "runs follow the header unpadded");

}  // namespace vmc

#endif  // VMC_ENTRY_H
