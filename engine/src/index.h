// index.h -- the lock-free hash index from keys to entries.
//
// Design.  A fixed array of buckets, each the head of a singly linked chain
// of entries (the link is the entry's `next` word: no separate node).  The
// number of buckets is fixed when the pool is added: every entry takes at
// least one extent, so there are at most N entries, and N/2 buckets keep
// chains short without ever resizing.
//
//   buckets_[h & mask_] -> Entry -> Entry -> nullptr
//                          next:    next|kMarked  (marked: being unlinked)
//
// The chains follow Harris and Michael ("High performance dynamic lock-free
// hash tables and list-based sets", SPAA 2002), simplified because keys are
// unique and chains unordered:
//   * find: walk the chain, skipping marked entries; full key compare
//     (length, then bytes), never a hash alone.  Wait-free.
//   * insert: scan the chain for the key, then CAS the bucket head from the
//     head that was scanned to the new entry.  Inserts only ever happen at
//     the head, so a successful CAS proves no other insert of the same key
//     slipped in since the scan; a failed CAS rescans.  Lock-free.  A
//     replacing insert (insert_or_assign) names the live entry it expects
//     to find first; it links the new entry ahead of it, so walkers meet
//     the new value first and never a gap, and the replacer then removes
//     the old one -- also when another thread has claimed it (it is being
//     evicted); that claimer then removes it again and retires it.
//   * remove (by the entry's claimer, and by a replacer that superseded an
//     entry another thread claimed): mark the entry's next word, then
//     walk the chain unlinking every marked entry met (helping other
//     removers), until a walk completes with no failed CAS.  A marked
//     entry's next never changes, so walkers can always step past it.
//     After that walk no link reachable from the bucket refers to the entry:
//     an unmarked entry is reachable, so the walk saw every unmarked
//     predecessor; a marked predecessor's link may still point at it, but
//     the walk unlinked that predecessor too, and the only write that could
//     re-create a link to it is another helper's unlink CAS of that
//     predecessor, which fails, since the position it expects was changed.
// Prefetch hint.  Each bucket also holds an opaque word its inserter
// supplies (the cache: where the new entry's value starts in the pool, and
// a tag of its key's hash).  A reader loads it with the head, from the
// same 16-byte bucket, so it can start fetching the value while it reads
// the entry: two rounds of cache misses per hit instead of three.  It is a
// guess, never trusted: a relaxed store after the insert's CAS (two inserts
// racing may leave the older one's hint), not cleared by remove (a stale
// hint prefetches a freed value, a wasted fetch), read relaxed.  Its cost
// is the bucket array's size, twice that of bare heads: where buckets fall
// out of the caches between uses (every put evicting, 64 MiB), a put's
// two bucket misses come from memory more often.  A build with
// VMC_VALUE_HINT=OFF has 8-byte buckets and no hint, for the A/B in
// papers/report.md.
// Memory: callers are pinned in the cache's epoch domain for every call, so
// no entry a walker can reach is freed under it (entries are retired after
// remove() returns, by the remover).  Every link load is seq_cst (a plain
// move on x86): the epoch's correctness argument (epoch.h) needs each load
// of a walk ordered after the walker's pin in the single order S, which
// acquire loads would not give.
//
// Why not a libcds map.  libcds (MichaelHashMap/SplitListMap over HP or
// URCU) was the first candidate; it is not used because:
//   * its reclamation is one process-wide singleton that must be created
//     with cds::Initialize and that every thread must attach to: hidden
//     global state a library cannot own (the host may use libcds itself,
//     with other settings), and deferred frees that outlive the cache at
//     vmemcache_delete;
//   * a map node is a separate allocation from our entry (key + value
//     location), costing DRAM per entry and one more cache miss per get;
//     its intrusive variants still add hooks and a disposer we would
//     have to reconcile with our own retirement of values;
//   * HP-deferred frees make the moment extents become reusable depend on
//     scan thresholds, while the reference model needs a single thread to
//     see space freed at once (here a thread alone reclaims at once,
//     epoch.h).
// The table here is ~100 lines, intrusive (zero extra bytes per entry; the
// bucket array costs 8 bytes per extent, up to 16 where rounding the bucket
// count up to a power of two doubles it), and per cache.  The benchmarks
// measure it against libcds (papers/report.md).
#ifndef VMC_INDEX_H
#define VMC_INDEX_H

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dram.h"
#include "entry.h"
#include "errors.h"

#ifndef VMC_VALUE_HINT
#error "VMC_VALUE_HINT is set by engine/CMakeLists.txt (vmc_engine_setup)"
#endif

namespace vmc {

std::uint64_t hash_key(const void* key, std::size_t key_size);

class HashIndex {
 public:
  Status init(std::uint64_t max_entries, DramArena* arena);
  void destroy(DramArena* arena);

  // REQUIRES (all three): the caller is pinned.
  Entry* find(const void* key, std::uint32_t key_size, std::uint64_t hash) const;
  // Links `e` at the head of its chain and returns true, provided the first
  // live entry with its key is `expected` (nullptr: there is none), and
  // sets the bucket's hint to `hint`.  Otherwise links nothing and returns
  // false (also when `expected` is gone and no entry has the key now).
  bool insert(Entry* e, std::uint64_t hash, const Entry* expected = nullptr,
              std::uint64_t hint = 0);
  // The hint of the bucket of `hash` (see the essay): any value, a guess.
  std::uint64_t hint(std::uint64_t hash) const {
#if VMC_VALUE_HINT
    return bucket(hash).hint.load(std::memory_order_relaxed);
#else
    (void)hash;
    return 0;
#endif
  }
  // Unlinks `e`; on return no link in the chain refers to it.  REQUIRES: e
  // was linked and is claimed: by the caller (who retires e after this), or
  // by another thread while the caller has linked a newer entry with e's
  // key ahead of it (a replacer superseding e; e's claimer still calls
  // this before retiring e).
  void remove(Entry* e, std::uint64_t hash);

  // Visits every linked entry.  REQUIRES: quiescence (no concurrent writer).
  template <typename F>
  void for_each(F&& fn) const {
    for (std::uint64_t b = 0; b <= mask_; ++b) {
      // Acquire: quiescence is established by the caller; these only need
      // the entries' fields to be visible.
      Entry* e = ptr(buckets_[b].head.load(std::memory_order_acquire));
      while (e != nullptr) {
        Entry* next = ptr(e->next.load(std::memory_order_acquire));
        fn(e);
        e = next;
      }
    }
  }

  std::size_t bytes() const { return (mask_ + 1) * sizeof(buckets_[0]); }

 private:
  // A link word is a pointer with the mark in its low bit (Harris): the
  // cast back is the representation, not an optimization hazard.
  static Entry* ptr(std::uintptr_t w) {
    return reinterpret_cast<Entry*>(w & ~Entry::kMarked);  // NOLINT(performance-no-int-to-ptr)
  }
  static bool matches(const Entry* e, const void* key, std::uint32_t key_size) {
    return e->key_size() == key_size && std::memcmp(e->key(), key, key_size) == 0;
  }
#if VMC_VALUE_HINT
  struct alignas(16) Bucket {
    std::atomic<std::uintptr_t> head;  // the chain's first link word
    std::atomic<std::uint64_t> hint;
  };
  static_assert(sizeof(Bucket) == 16, "four buckets per cache line, none straddling two");
#else
  struct Bucket {
    std::atomic<std::uintptr_t> head;
  };
#endif
  Bucket& bucket(std::uint64_t hash) const { return buckets_[hash & mask_]; }

  Bucket* buckets_ = nullptr;
  std::uint64_t mask_ = 0;
};

}  // namespace vmc

#endif  // VMC_INDEX_H
