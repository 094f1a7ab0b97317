// index.cc -- see index.h for the design.
#include "index.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "check.h"
#include "epoch.h"
#include "shared_writes.h"

namespace vmc {

std::uint64_t hash_key(const void* key, std::size_t key_size) { return XXH3_64bits(key, key_size); }

Status HashIndex::init(std::uint64_t max_entries, DramArena* arena) {
  std::uint64_t n = 64;  // a floor so tiny pools still spread their keys
  while (n < max_entries / 2) n <<= 1;
  void* mem = arena->alloc_zeroed(n * sizeof(Bucket));
  if (mem == nullptr)
    return fail(ENOMEM, "cannot allocate the index (%llu buckets)",
                static_cast<unsigned long long>(n));
  VMC_DCHECK(reinterpret_cast<std::uintptr_t>(mem) % alignof(Bucket) == 0);
  buckets_ = static_cast<Bucket*>(mem);
  mask_ = n - 1;
  return 0;
}

void HashIndex::destroy(DramArena* arena) {
  if (buckets_ != nullptr) arena->free(buckets_, bytes());
  buckets_ = nullptr;
}

Entry* HashIndex::find(const void* key, std::uint32_t key_size, std::uint64_t hash) const {
  VMC_DCHECK(debug_pinned());
  // Seq_cst (every link load): ordered after the caller's pin (epoch.h).
  // They also acquire the entry's fields, published by the CAS in insert().
  Entry* e = ptr(bucket(hash).head.load(std::memory_order_seq_cst));
  while (e != nullptr) {
    std::uintptr_t next = e->next.load(std::memory_order_seq_cst);
    if ((next & Entry::kMarked) == 0 && matches(e, key, key_size)) return e;
    e = ptr(next);
  }
  return nullptr;
}

bool HashIndex::insert(Entry* e, std::uint64_t hash, const Entry* expected, std::uint64_t hint) {
  VMC_DCHECK(debug_pinned() && !e->claimed());
  Bucket& b = bucket(hash);
  std::atomic<std::uintptr_t>& head = b.head;
  // Seq_cst: ordered after the caller's pin (see find).
  std::uintptr_t h = head.load(std::memory_order_seq_cst);
  for (;;) {
    Entry* first = nullptr;
    for (Entry* cur = ptr(h); cur != nullptr;) {
      std::uintptr_t next = cur->next.load(std::memory_order_seq_cst);
      if ((next & Entry::kMarked) == 0 && matches(cur, e->key(), e->key_size())) {
        first = cur;
        break;
      }
      cur = ptr(next);
    }
    if (first != expected) return false;
    // Relaxed: published by the CAS below.
    e->next.store(h, std::memory_order_relaxed);
    VMC_SW_RMW();
    // Success seq_cst: releases e's fields to readers and orders the insert
    // against removers' seq_cst unlinks.  Failure seq_cst: the new head is
    // rescanned, as a walk's load.
    if (head.compare_exchange_weak(h, reinterpret_cast<std::uintptr_t>(e),
                                   std::memory_order_seq_cst, std::memory_order_seq_cst)) {
      // Relaxed: a guess for readers' prefetches (see the essay); the line
      // is the one the CAS just wrote.
#if VMC_VALUE_HINT
      VMC_SW_STORE();
      b.hint.store(hint, std::memory_order_relaxed);
#else
      (void)hint;
#endif
      return true;
    }
  }
}

void HashIndex::remove(Entry* e, std::uint64_t hash) {
  // Mark: from now on e's next never changes and walkers skip e.  Its
  // claimer marks it, and so may a replacer that linked a newer entry ahead
  // of it (see remove() in index.h): the second fetch_or finds the mark
  // set, and its walk still unlinks e.  Seq_cst: an unlink (U in epoch.h's
  // argument).
  VMC_DCHECK(debug_pinned() && e->claimed());
  VMC_SW_RMW();
  e->next.fetch_or(Entry::kMarked, std::memory_order_seq_cst);
  std::atomic<std::uintptr_t>& head = bucket(hash).head;
retry:
  std::atomic<std::uintptr_t>* prev = &head;
  // Seq_cst: ordered after the caller's pin (see find).
  std::uintptr_t cur_w = prev->load(std::memory_order_seq_cst);
  while (Entry* cur = ptr(cur_w)) {
    std::uintptr_t next = cur->next.load(std::memory_order_seq_cst);
    if (next & Entry::kMarked) {
      // Unlink cur (ours or another remover's: helping keeps this lock-free).
      std::uintptr_t expected = reinterpret_cast<std::uintptr_t>(cur);
      VMC_SW_RMW();
      if (!prev->compare_exchange_strong(expected, next & ~Entry::kMarked,
                                         std::memory_order_seq_cst, std::memory_order_seq_cst))
        goto retry;  // prev changed (new head, or prev itself got marked)
      cur_w = next & ~Entry::kMarked;
      continue;
    }
    prev = &cur->next;
    cur_w = next;
  }
  // A full walk without a failed CAS: no chain position refers to e any more
  // (see the essay in index.h).
}

}  // namespace vmc
