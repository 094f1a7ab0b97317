// epoch.h -- epoch-based reclamation of entry headers, one domain per cache.
//
// Design.  Readers walk index chains without locks, so an entry that a
// remover unlinks may still be under a reader's feet.  The remover therefore
// does not free the header; it retires it, stamped with the global epoch,
// into its own thread slot's limbo list.  A header retired at epoch e is
// freed once the global epoch reaches e + 2.
//
//   global_      the domain's epoch, starts at 2 and only grows
//   rec.local    0 when the thread is outside any critical section, else the
//                global epoch it saw when it entered (pinned)
//
// The epoch advances from g to g + 1 only when every pinned record has
// local == g.  A reader pinned at an epoch <= e (the only ones that can hold
// a pointer to an entry retired at e: the retirer read global == e after the
// unlink) must therefore have unpinned before the epoch can pass e + 1, and
// e + 2 is safe.  Everything that orders a pin against an unlink is seq_cst
// (the pin's store, the first index load after it, the unlink, the
// retirer's read of global_, the advance),
// which is what the argument needs and all it needs.
//
// Pinning nests (a callback may call back into the cache, but callbacks are
// never run while pinned; nesting serves internal helpers).  Pins are cheap:
// one seq_cst store.  Retire is one push; every kAdvanceEvery retires
// the retirer tries to advance and frees what has become safe.  A thread that
// stops retiring leaves at most that many headers behind, and the cache frees
// all limbo lists when it is deleted.
//
// Nothing here blocks: a stalled pinned thread only delays reclamation.
#ifndef VMC_EPOCH_H
#define VMC_EPOCH_H

#include <atomic>
#include <cstdint>

#include "entry.h"

namespace vmc {

// One thread's participation; lives in the thread's slot.  All fields but
// `local` are owned by the slot's current owner thread.
struct EpochRecord {
  std::atomic<std::uint64_t> local{0};
  std::uint32_t depth = 0;
  std::uint32_t since_advance = 0;
  Entry* limbo_head = nullptr;  // oldest first
  Entry* limbo_tail = nullptr;
};

class EpochDomain {
 public:
  static constexpr std::uint32_t kAdvanceEvery = 64;

  void pin(EpochRecord* rec) {
    if (rec->depth++ == 0) {
      // Relaxed load: a stale epoch only makes this reader hold up
      // reclamation a little longer.  Seq_cst store: ordered before the
      // reader's first index load, which is seq_cst too (HashIndex), so no
      // fence is needed (one xchg on x86; and TSan models it, not fences).
      rec->local.store(global_.load(std::memory_order_relaxed), std::memory_order_seq_cst);
    }
  }
  void unpin(EpochRecord* rec) {
    if (--rec->depth == 0) {
      // Release: our reads of entries happen before anyone frees them.
      rec->local.store(0, std::memory_order_release);
    }
  }

  // Retires an entry that is unlinked from the index.  Calls free_fn(ctx, e)
  // for every entry of this record that has become safe.
  void retire(EpochRecord* rec, Entry* e, void (*free_fn)(void*, Entry*), void* ctx);

  // Calls fn for every header still in `rec`'s limbo and empties it.
  // REQUIRES: no thread is using the domain (tear-down).
  static void drain(EpochRecord* rec, void (*free_fn)(void*, Entry*), void* ctx);

  // Records are visited by try_advance through this callback-free
  // interface: the cache tells the domain where its records are.
  using RecordAt = EpochRecord* (*)(void* ctx, std::uint32_t i);
  void set_records(RecordAt at, void* ctx, const std::atomic<std::uint32_t>* count) {
    record_at_ = at;
    records_ctx_ = ctx;
    record_count_ = count;
  }

 private:
  void try_advance();

  std::atomic<std::uint64_t> global_{2};
  RecordAt record_at_ = nullptr;
  void* records_ctx_ = nullptr;
  const std::atomic<std::uint32_t>* record_count_ = nullptr;
};

}  // namespace vmc

#endif  // VMC_EPOCH_H
