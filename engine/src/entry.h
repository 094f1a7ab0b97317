// entry.h -- one cache entry: the DRAM record of a key and where its value is.
//
// Layout (one allocation, 40-byte header):
//
//   +0   next        atomic word: index chain link, low bit = "unlinking"
//   +8   ring/limbo  CLOCK ring links while live (ring.next == nullptr: in
//                    no ring); the limbo link once retired
//   +24  size_runs   value size (low 48 bits) | number of runs (high 16;
//                    kManyRuns: the count is in an extra word before runs)
//   +32  state       atomic u32, an EntryState (below): claimed bit, ring
//                    id, reference count
//   +36  clock_bit   atomic u8: CLOCK's "referenced" bit
//   +37  key size    24 bits, little-endian
//   +40  [u64 nruns, only when the header field says kManyRuns]
//        Run runs[nruns]      where the value lives, in order
//   +..  char key[key_size]
//
// With a 16-byte key and a value in one run that is 64 bytes: one jemalloc
// size class of 64, i.e. 48 bytes beyond the key.  The limits the packing
// implies are checked at the API: keys < 16 MiB, values < 2^48 bytes (no
// pool mappable on x86-64 is that large).
//
// Life of an entry:
//   built by put (one reference: the index's) -> linked in the index ->
//   linked in a ring -> claimed by one evictor or replacer (the claimed bit;
//   others now leave it alone) -> on_evict runs (still readable) ->
//   unlinked from the index -> the index's reference dropped -> when the
//   last reference goes: retired to its dropper's limbo -> after a grace
//   period (epoch.h): extents released and header freed.
// Readers normally take no reference: they read while pinned (epoch.h),
// which keeps both header and extents from being reused.  References are
// for holding a value beyond a pin: handles (vmemcache_handle_get), and
// gets of values larger than Cache::kMaxPinnedCopy, so that no pin lasts
// longer than copying that many bytes.
#ifndef VMC_ENTRY_H
#define VMC_ENTRY_H

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "check.h"
#include "extent_alloc.h"
#include "shared_writes.h"

namespace vmc {

// A field of Width bits at Shift in a packed word.
template <typename Word, int Shift, int Width>
struct BitField {
  static_assert(Shift >= 0 && Width > 0 && Shift + Width <= static_cast<int>(sizeof(Word) * 8));
  static constexpr Word kMax = static_cast<Word>((Word{1} << Width) - 1);
  static constexpr Word kMask = static_cast<Word>(kMax << Shift);
  static constexpr Word get(Word w) { return static_cast<Word>((w >> Shift) & kMax); }
  static constexpr Word make(Word v) { return static_cast<Word>(v << Shift); }
  static constexpr Word one() { return make(1); }
};

// The entry's state word:
//   bit 31      claimed: one evictor (or replacer) owns its removal
//   bits 16-30  ring id: the thread slot whose CLOCK ring holds it
//   bits 0-15   references: the index's one, plus handles and long copies
struct EntryState {
  using Claimed = BitField<std::uint32_t, 31, 1>;
  using Ring = BitField<std::uint32_t, 16, 15>;
  using Refs = BitField<std::uint32_t, 0, 16>;
  static constexpr std::uint32_t kMaxRingId = Ring::kMax;
  static constexpr std::uint32_t kMaxRefs = Refs::kMax;
};

struct Entry {
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
      std::uint64_t extents;  // its extent count, summed by the limbo
    } limbo;
  };
  std::uint64_t size_runs;
  std::atomic<std::uint32_t> state;
  std::atomic<std::uint8_t> clock_bit;
  std::uint8_t key_size_le[3];

  // REQUIRES: key_size <= kMaxKey, value_size <= kMaxValue, ring_id <= kMaxRingId.
  void init(std::uint64_t value_size, std::uint64_t nruns, std::uint32_t key_size,
            std::uint32_t ring_id) {
    VMC_DCHECK(key_size <= kMaxKey && value_size <= kMaxValue && ring_id <= EntryState::kMaxRingId);
    next.store(0, std::memory_order_relaxed);  // relaxed: published by the index insert
    ring.prev = ring.next = nullptr;
    const bool many = nruns >= kManyRuns;
    size_runs = value_size | ((many ? kManyRuns : nruns) << 48);
    if (many) *reinterpret_cast<std::uint64_t*>(this + 1) = nruns;
    // One reference, the index's.  Relaxed: published by the index insert.
    state.store(EntryState::Refs::make(1) | EntryState::Ring::make(ring_id),
                std::memory_order_relaxed);
    clock_bit.store(0, std::memory_order_relaxed);
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
  // The ring id never changes: relaxed is enough.
  std::uint32_t ring_id() const {
    return EntryState::Ring::get(state.load(std::memory_order_relaxed));
  }
  bool in_ring() const { return ring.next != nullptr; }  // REQUIRES: the ring's lock

  // Claims the entry's removal; false if another thread already has.
  // Acq_rel: exactly one claimer wins the bit, and the winner sees what a
  // previous holder of the state word did (references taken or dropped).
  bool claim() {
    VMC_SW_RMW();
    return (state.fetch_or(EntryState::Claimed::one(), std::memory_order_acq_rel) &
            EntryState::Claimed::kMask) == 0;
  }
  // Relaxed: a snapshot for decisions that a lock or a later claim validates.
  bool claimed() const {
    return (state.load(std::memory_order_relaxed) & EntryState::Claimed::kMask) != 0;
  }
  // Takes a reference unless none is left (the entry is being retired) or
  // the count is saturated.  Acquire: reads of the value stay after it.
  bool try_ref() {
    std::uint32_t s = state.load(std::memory_order_relaxed);  // a guess the CAS validates
    do {
      VMC_SW_RMW();
      const std::uint32_t refs = EntryState::Refs::get(s);
      if (refs == 0 || refs == EntryState::kMaxRefs) return false;
    } while (!state.compare_exchange_weak(s, s + 1, std::memory_order_acquire,
                                          std::memory_order_relaxed));
    return true;
  }
  // Drops a reference; true if it was the last (the caller retires the
  // entry).  Acq_rel: every holder's reads happen before the retirement.
  bool unref() {
    VMC_SW_RMW();
    const std::uint32_t refs = EntryState::Refs::get(state.fetch_sub(1, std::memory_order_acq_rel));
    VMC_DCHECK(refs > 0);
    return refs == 1;
  }

  Run* runs() {
    return reinterpret_cast<Run*>(this + 1) + ((size_runs >> 48) == kManyRuns ? 1 : 0);
  }
  const Run* runs() const { return const_cast<Entry*>(this)->runs(); }
  char* key() { return reinterpret_cast<char*>(runs() + nruns()); }
  const char* key() const { return const_cast<Entry*>(this)->key(); }
  std::uint64_t extents() const {
    std::uint64_t n = 0;
    for (std::uint64_t r = 0, nr = nruns(); r < nr; ++r) n += runs()[r].len();
    return n;
  }

  static std::size_t alloc_size(std::uint64_t nruns, std::uint32_t key_size) {
    return sizeof(Entry) + (nruns >= kManyRuns ? sizeof(std::uint64_t) : 0) + nruns * sizeof(Run) +
           key_size;
  }
  std::size_t alloc_size() const { return alloc_size(nruns(), key_size()); }
};

static_assert(sizeof(Entry) == 40, "the header is 40 bytes; see the layout above");
static_assert(alignof(Entry) == 8 && sizeof(Run) == 8, "runs follow the header unpadded");

}  // namespace vmc

#endif  // VMC_ENTRY_H
