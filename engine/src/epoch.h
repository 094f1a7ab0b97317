// epoch.h -- when a removed entry's header and extents may be reused.
//
// Design.  Readers (get, exists, visit, and every index walk) take no lock
// and write nothing shared: they pin their thread's record, walk the index,
// copy the value straight out of its extents, and unpin.  So an entry that
// an evictor removes may still be under a reader's feet, header and value
// alike.  The evictor therefore frees nothing: it retires the entry to its
// own thread's limbo, and the entry's extents and header are released only
// after a grace period -- once every reader that was pinned when the grace
// period began has unpinned at least once.
//
//   EpochRecord.pins   one word per thread slot, written only by its owner:
//                      incremented at the outermost pin and at the matching
//                      unpin, so it is odd exactly while the thread is pinned
//   Limbo.open         entries retired since the last grace period began
//   Limbo.closed       entries waiting for a grace period ...
//   Limbo.waiting      ... namely for these records to move past these
//                      (odd) values, read when `closed` was closed
//
// reclaim(): if every record in `waiting` has moved, `closed` is freed; if
// `closed` is then empty and `open` is not, `open` becomes `closed` and a
// snapshot of every record that is pinned now becomes `waiting` -- if there
// is none, it is freed at once.  A batch retired while no record is pinned
// (quiescent()) is freed without entering the limbo at all, so without its
// lock: two RMWs fewer per evicting put.  So a thread alone (nobody else
// pinned) reclaims what it retired immediately, which keeps one thread
// exactly as predictable as the reference model; and nothing waits on a
// global epoch word, so reclamation writes no shared cache line (the
// snapshot only reads other threads' records).
//
// What waits for what.  A retired entry waits for the readers pinned when
// its batch was closed -- never for readers that pinned later.  A pin lasts
// one index walk plus one copy of at most Cache::kMaxPinnedCopy bytes (a
// longer value is copied under a reference instead, see entry.h), or one
// visit callback.  Callbacks (on_evict, on_miss) never run pinned.  A put
// short of space waits for its own limbo's grace period only a bounded
// number of rounds, then evicts more instead (cache_write.cc), so one slow
// reader costs memory for a while, never progress; and with other threads
// about, puts evict ahead (Cache::evict_ahead), so that the batch a put
// reclaims was closed a put or more earlier and is rarely waited for.
//
// Correctness under the C++ memory model (not only x86 or ARMv8).  Let R pin
// (P: a seq_cst store of an odd value to its record) and then walk the index
// with seq_cst loads (HashIndex; plain moves on x86, ldar on ARM).  Let W
// unlink e (U: a seq_cst CAS or RMW, HashIndex::remove) and then read R's
// record (L: a seq_cst load, in close_batch).  All of these are in the
// single total order S of seq_cst operations, consistent with
// sequenced-before (so U <S L, and P <S every load of R's walk) and with
// coherence ([atomics.order] p4: a seq_cst load that reads a value older
// than a seq_cst store X to the same object precedes X in S).
//   * If L reads a value older than P (R not pinned yet, or pinned in an
//     earlier critical section that ended), then L <S P, hence U <S each
//     load Q of R's walk, and Q cannot read a link value that U overwrote.
//     The index's removal leaves no reachable link to e (index.h), and no
//     later write creates one, so R never reaches e.
//   * If L reads the odd value of P, e waits until R's record changes,
//     which R's next unpin (a release store) does; the acquire load in
//     reclaim() that sees the change synchronizes with it, so everything R
//     read happens before the release of e's extents and header, whose next
//     owner acquires them (ExtentAllocator::take, the allocator's own
//     synchronization).
//   * If L reads an even value written by R's unpin, it synchronizes with
//     that release store in the same way.
// References (entry.h) extend the argument: the last reference is dropped
// with acq_rel, so every holder's reads happen before the retirement, which
// starts the grace period above.
#ifndef VMC_EPOCH_H
#define VMC_EPOCH_H

#include <atomic>
#include <cstdint>
#include <new>
#include <utility>
#include <vector>

#include "entry.h"
#include "sync.h"

namespace vmc {

// One thread's participation; lives in the thread's slot, alone on its
// cache line: every grace period reads it, and only its owner writes it.
struct alignas(64) EpochRecord {
  std::atomic<std::uint64_t> pins{0};  // odd while pinned
  std::uint32_t depth = 0;             // nesting; owner only
};
static_assert(sizeof(EpochRecord) == 64, "a record is one cache line");

// A singly linked list of retired entries (through Entry::limbo).
struct EntryList {
  Entry* head = nullptr;
  Entry* tail = nullptr;
  std::uint64_t extents = 0;
  bool empty() const { return head == nullptr; }
  void push(Entry* e);
  EntryList take() { return std::exchange(*this, EntryList{}); }
};

// One thread's retired entries.  The owner retires and reclaims; any thread
// may reclaim under the lock (get_stat's sweep, and a put short of space),
// so the lists are guarded.
struct Limbo {
  Lock mu;
  EntryList open VMC_GUARDED_BY(mu);
  EntryList closed VMC_GUARDED_BY(mu);
  std::vector<std::pair<const EpochRecord*, std::uint64_t>> waiting VMC_GUARDED_BY(mu);
  // Extents in open + closed; written under mu, read as a hint.
  std::atomic<std::uint64_t> extents{0};
};

#if VMC_DCHECKS
// Pins held by the calling thread in any domain: the index checks that its
// callers are pinned ("REQUIRES: the caller is pinned").
[[gnu::tls_model("initial-exec")]] inline thread_local std::uint32_t tls_debug_pins = 0;
#endif
inline bool debug_pinned() {
#if VMC_DCHECKS
  return tls_debug_pins != 0;
#else
  return true;
#endif
}

class EpochDomain {
 public:
  static void pin(EpochRecord* rec) {
#if VMC_DCHECKS
    ++tls_debug_pins;
#endif
    if (rec->depth++ == 0) {
      const std::uint64_t p = rec->pins.load(std::memory_order_relaxed);  // ours alone
      VMC_DCHECK((p & 1) == 0);
      // Seq_cst: P of the argument above; the walk's loads follow it in S.
      rec->pins.store(p + 1, std::memory_order_seq_cst);
    }
  }
  static void unpin(EpochRecord* rec) {
    VMC_DCHECK(rec->depth > 0 && (rec->pins.load(std::memory_order_relaxed) & 1) == 1);
#if VMC_DCHECKS
    --tls_debug_pins;
#endif
    if (--rec->depth == 0) {
      // Release: our reads of entries happen before anyone frees them.
      rec->pins.store(rec->pins.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }
  }
  static bool pinned(const EpochRecord* rec) { return rec->depth != 0; }

  // Retires e into `batch`, which the caller hands to its limbo with
  // adopt() (under the lock it takes to reclaim anyway) ...
  static void retire(EntryList* batch, Entry* e);
  // ... or into the limbo at once, under its lock.
  static void retire(Limbo* l, Entry* e);
  static void adopt(Limbo* l, EntryList batch) VMC_REQUIRES(l->mu);

  // Frees (free_fn(list)) whatever of `l` no pinned reader can still see,
  // as described above; returns the extents freed.  for_each_record(f) must
  // call f(const EpochRecord*) for every record of the domain; `self` is
  // the caller's.  Never blocks, unless memory for the snapshot runs out:
  // then it waits (Backoff) for the pinned readers instead -- or, if the
  // caller itself is pinned, leaves the batch for later.
  // REQUIRES: l->mu held.
  template <typename ForEachRecord, typename Free>
  static std::uint64_t reclaim(Limbo* l, const EpochRecord* self, ForEachRecord&& for_each_record,
                               Free&& free_fn) VMC_REQUIRES(l->mu);

  // Whether no record is pinned now.  Then a batch of retired entries (all
  // unlinked) may be freed at once, without entering a limbo: the snapshot
  // reclaim() would take finds nobody to wait for, by the same argument.
  // A thread alone (its own record unpinned) always finds this true.
  template <typename ForEachRecord>
  static bool quiescent(ForEachRecord&& for_each_record) {
    bool pinned = false;
    for_each_record([&](const EpochRecord* r) {
      // Seq_cst: L of the argument above.
      if ((r->pins.load(std::memory_order_seq_cst) & 1) != 0) pinned = true;
    });
    return !pinned;
  }

  // Calls free_fn for everything in `l`.  REQUIRES: no thread uses the domain.
  template <typename Free>
  static void drain(Limbo* l, Free&& free_fn) VMC_NO_TSA {
    EntryList a = l->closed.take(), b = l->open.take();
    l->waiting.clear();
    l->extents.store(0, std::memory_order_relaxed);
    if (!a.empty()) free_fn(a);
    if (!b.empty()) free_fn(b);
  }

 private:
  static bool waiting_done(Limbo* l) VMC_REQUIRES(l->mu);
};

// --- template definitions ---------------------------------------------------------

template <typename ForEachRecord, typename Free>
std::uint64_t EpochDomain::reclaim(Limbo* l, const EpochRecord* self,
                                   ForEachRecord&& for_each_record, Free&& free_fn) {
  VMC_DCHECK(l->mu.held());
  std::uint64_t freed = 0;
  // (The lambdas run here, under l->mu, which the analysis cannot see.)
  auto release = [&](EntryList list) VMC_NO_TSA {
    freed += list.extents;
    l->extents.store(l->extents.load(std::memory_order_relaxed) - list.extents,
                     std::memory_order_relaxed);
    free_fn(list);
  };
  if (!l->closed.empty() && waiting_done(l)) release(l->closed.take());
  if (!l->closed.empty() || l->open.empty()) return freed;
  l->closed = l->open.take();
  l->waiting.clear();
  bool remembered = true, abandoned = false;
  for_each_record([&](const EpochRecord* r) VMC_NO_TSA {
    // Seq_cst: L of the argument above, after the unlinks of every entry in
    // the batch (they precede their retirement).
    const std::uint64_t v = r->pins.load(std::memory_order_seq_cst);
    if ((v & 1) == 0 || abandoned) return;
    if (remembered) {
      try {
        l->waiting.emplace_back(r, v);
        return;
      } catch (const std::bad_alloc&) {
        remembered = false;
      }
    }
    // No memory to remember it: wait for it now (unless it is us).
    // Acquire: as in waiting_done.
    if (r == self) {
      abandoned = true;
      return;
    }
    for (Backoff b; r->pins.load(std::memory_order_acquire) == v;) b.pause();
  });
  if (!remembered && !abandoned) {
    // Those remembered before memory ran out are waited for too.
    for (const auto& [r, v] : l->waiting) {
      if (r == self) {
        abandoned = true;
        break;
      }
      for (Backoff b; r->pins.load(std::memory_order_acquire) == v;) b.pause();
    }
    if (!abandoned) l->waiting.clear();
  }
  if (abandoned) {
    l->open = l->closed.take();  // retried at the next reclaim
    l->waiting.clear();
  } else if (l->waiting.empty()) {
    release(l->closed.take());
  }
  return freed;
}

}  // namespace vmc

#endif  // VMC_EPOCH_H
