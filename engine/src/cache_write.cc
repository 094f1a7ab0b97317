// cache_write.cc -- put, insert_or_assign and evict; see cache.h.
//
// Waiting for space.  A put that finds the pool full and nothing to evict
// waits (sleeping, Backoff) for the space other threads hold "in motion":
// claimed for eviction or replacement, in a limbo, held by handles or
// reserved by a put in flight; before each wait it reclaims what every
// limbo holds past its grace period (an idle thread reclaims its own no
// more: Cache::sweep_limbos).  Under policy LRU a value no larger than
// the pool therefore never fails with ENOSPC (docs/SEMANTICS.md), except
// where waiting could be for the caller itself: inside an on_evict, or
// while the thread holds handles, the wait is bounded.  Each thread counts
// what it sets in motion in its slot (in_motion), and moves space between
// that count and the free counts by adding to the destination before
// removing from the source.  A waiter sums the free counts first, then
// every in_motion (may_wait_for_space).
//
// Memory order.  Every count is written with release (in_motion: a plain
// store by its owner; the free counts: read-modify-writes) and read with
// acquire.  So a move out of a free count into in_motion (a reservation,
// or a steal) is never missed: a waiter whose acquire load sees the free
// count fall also sees the in_motion store sequenced before that fall.  A
// move the other way (free_list: stash, then in_motion) can be seen half
// done -- the old free count, then the new in_motion -- and no memory
// order removes that: even all-seq_cst, the two loads may fall either
// side of the two stores in the total order.  The sum is therefore only
// trusted to say "nothing can come" when it says so without a break for
// kHopelessFor, a second of repeated reads while a move takes nanoseconds
// and stores become visible in finite time ([intro.progress]); for a value
// that fits, that means an accounting bug, reported as ENOSPC rather than
// waited on forever.  (These stores were seq_cst once: an xchg, a full
// fence, five times per evicting put, for no guarantee the waiter used.)
#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>

#include "cache.h"
#include "cache_ops.h"

namespace vmc {
namespace {

// One automatic eviction in this many sweeps all rings round robin rather
// than its thread's own (Cache::sweep_for): often enough that the ring of a
// thread that stopped putting ages out, rare enough that the transfers of
// foreign sweeps cost little.
constexpr std::uint32_t kAgeEvery = 64;
// Victims taken under one ring-lock acquisition when no on_evict callback is
// registered (with one, each callback must see the cache as a sequence of
// single evictions would leave it, so victims go one at a time).  Enough to
// amortize the lock over the largest common values (8 KiB at 256 B extents
// is 32 extents, one victim of that size or many small ones).
constexpr std::size_t kMaxBatch = 16;
// Rounds a put short of space waits for a grace period of its own limbo
// before it evicts more instead: the readers it waits for finish a copy of
// at most kMaxPinnedCopy bytes, well within these rounds unless preempted.
// The rounds yield after spinning: with more threads than cores the reader
// is often preempted, and evicting more instead of yielding to it drains
// the pool into limbos (every put evicting 64 MiB, 16 threads on 2 cores:
// 0.72 Mops/s spinning only, 1.30 yielding).
constexpr int kGraceRounds = kSpins + kYields;
// Rounds a put that cannot wait for good (inside on_evict, or holding
// handles) still waits for other threads' space in motion before ENOSPC:
// a few milliseconds of Backoff's sleeps.
constexpr int kBoundedWaitRounds = kSpins + kYields + 12;
// How long the sum of free and in-motion space must say, without a break,
// that a value cannot fit before a put believes it (see the file comment).
constexpr std::chrono::milliseconds kHopelessFor{1000};

void add_in_motion(ThreadSlot* s, std::int64_t delta) {
  // Release, owner-only: see the file comment.
  s->in_motion.store(s->in_motion.load(std::memory_order_relaxed) + delta,
                     std::memory_order_release);
}

bool being_evicted_here(const Entry* e) {
  for (Evicting* f = tls_evicting; f != nullptr; f = f->outer)
    if (f->e == e) return true;
  return false;
}

// The put's answer to a get waiting in on_miss for the same key on this
// thread: claimed when the put starts (the first put called answers),
// written when it ends, after the put has read the value (which may live in
// the get's own buffer), whether or not the put succeeded.
class MissAnswer {
 public:
  MissAnswer(const Cache* c, const KeyCopy& key, const void* value, std::size_t value_size)
      : value_(value), value_size_(value_size) {
    for (PendingMiss* m = tls_pending_miss; m != nullptr; m = m->outer) {
      if (m->cache != c || m->key_size != key.size() ||
          (key.size() != 0 && std::memcmp(m->key, key.data(), key.size()) != 0))
        continue;
      if (!m->claimed) m->claimed = true, m_ = m;
      break;  // only the innermost get of the key is answered
    }
  }
  ~MissAnswer() {
    if (m_ == nullptr) return;
    std::size_t offset = m_->offset;
#if VMEMCACHE_INJECT_BUG == 1
    offset += 1;
#endif
    m_->answered = true;
    m_->copied = 0;
    if (m_->vbuf != nullptr && offset < value_size_) {
      m_->copied = std::min(m_->vbufsize, value_size_ - offset);
      std::memmove(m_->vbuf, static_cast<const char*>(value_) + offset, m_->copied);
    }
    if (m_->vsize != nullptr) *m_->vsize = value_size_;
  }
  MissAnswer(const MissAnswer&) = delete;
  MissAnswer& operator=(const MissAnswer&) = delete;

 private:
  PendingMiss* m_ = nullptr;
  const void* value_;
  std::size_t value_size_;
};

}  // namespace

struct Cache::Room {
  std::size_t evicted = 0;
};

Status Cache::put(const void* key, std::size_t key_size, const void* value, std::size_t value_size,
                  bool* replaced) {
  if (Status st = check_ready()) return st;
  OpScope op(this);
  ThreadSlot* s = op.slot();
  if (s == nullptr) return errno;
  if (EpochDomain::pinned(&s->epoch))
    return fail(EDEADLK,
                "put from inside a visit callback on the same cache would wait for itself");
  KeyCopy kc;
  if (Status st = kc.init(key, key_size)) return st;
  MissAnswer answer(this, kc, value, value_size);
  const std::uint64_t hash = hash_key(kc.data(), kc.size());
  if (replaced == nullptr) {
    Pinned pin(s);
    if (index_.find(kc.data(), static_cast<std::uint32_t>(kc.size()), hash) != nullptr)
      return fail_static(EEXIST, "an entry with this key exists");
  }
  const std::uint64_t k = extents_for(value_size);
  if (k > alloc_.extents())
    return fail(ENOSPC, "a value of %zu bytes needs %llu extents; the pool has %llu", value_size,
                static_cast<unsigned long long>(k),
                static_cast<unsigned long long>(alloc_.extents()));
  Room room;
  if (Status st = make_room(s, k, &room)) return st;
  op.count_as(room.evicted != 0 ? VMEMCACHE_OP_EVICTING_PUT : VMEMCACHE_OP_PUT);
  if (replaced == nullptr && room.evicted != 0 && has_on_evict()) {
    // An on_evict of ours may have put the key: fail before taking extents,
    // so the cursor stays where docs/SEMANTICS.md (put, step 5) says.  (A
    // put by another thread meanwhile is caught by publish's insert.)
    Pinned pin(s);
    if (index_.find(kc.data(), static_cast<std::uint32_t>(kc.size()), hash) != nullptr) {
      s->stash.add(k);
      add_in_motion(s, -static_cast<std::int64_t>(k));
      return fail_static(EEXIST, "an entry with this key exists");
    }
  }
  Entry* e = build_entry(s, kc.data(), static_cast<std::uint32_t>(kc.size()), value, value_size, k);
  // Read before publishing: from then on another thread may evict and free e.
  const auto dram = e == nullptr ? 0 : static_cast<std::int64_t>(s->dram.usable(e->alloc_size()));
  Status st = e == nullptr ? errno : publish(s, e, hash, replaced != nullptr, replaced);
  add_in_motion(s, -static_cast<std::int64_t>(k));  // in place (or given back)
  trim_stash(s, k);
  if (st == 0) {
    s->stats.add(Counter::kPut);
    s->stats.add(Counter::kDram, dram);
  }
  return st;
}

Status Cache::make_room(ThreadSlot* s, std::uint64_t k, Room* room) {
  Backoff grace_wait, space_wait;
  int grace = 0;
  // Since when every look found no space in motion (if hopeless).
  bool hopeless = false;
  std::chrono::steady_clock::time_point hopeless_since{};
  for (;;) {
    add_in_motion(s, static_cast<std::int64_t>(k));  // before the extents leave the counts
    if (alloc_.reserve(k, &s->stash, stash_cap() / 2)) break;
    add_in_motion(s, -static_cast<std::int64_t>(k));
    // What the reclaims below free is reserved for this put straight away
    // if it is enough (need becomes 0), without passing through the stash.
    std::uint64_t need = k;
    const std::uint64_t freed =
        reclaim(s, &s->limbo, /*to_stash=*/true, /*try_only=*/false, nullptr, &need);
    if (need == 0) break;
    if (freed != 0) continue;
    const std::uint64_t have = alloc_.global_free() + s->stash.count();
    // Relaxed: a hint; reclaim() decides.
    const std::uint64_t limbo = s->limbo.extents.load(std::memory_order_relaxed);
    if (limbo != 0 && have + limbo >= k && grace < kGraceRounds) {
      ++grace;
      grace_wait.pause();
      continue;
    }
    if (policy_ == Policy::kNone) {
      if (steal_stashes(s) || sweep_limbos(s) != 0) continue;
      return fail_static(ENOSPC, "the pool is full and the eviction policy is NONE");
    }
    const std::size_t batch = has_on_evict() ? 1 : kMaxBatch;
    const std::size_t n = evict_some(s, k > have ? k - have : 1, batch, &need);
    room->evicted += n;
    if (need == 0) break;
    if (n != 0) {
      grace = 0;
      hopeless = false;
      continue;
    }
    // Nothing left to evict: take what other threads hold, in their stashes
    // and in limbos whose grace period has passed -- a thread that went
    // idle (or away) reclaims its own no more.
    if (steal_stashes(s) || sweep_limbos(s) != 0) continue;
    const bool bounded = tls_evicting != nullptr || s->handles.load(std::memory_order_relaxed) != 0;
    if (bounded && space_wait.rounds() >= kBoundedWaitRounds)
      return fail_static(ENOSPC,
                         "the pool is full and the space left is held by evictions in "
                         "progress or handles that this thread may be holding up");
    if (may_wait_for_space(k)) {
      hopeless = false;
    } else {
      const auto now = std::chrono::steady_clock::now();
      if (!hopeless) hopeless = true, hopeless_since = now;
      // A thread alone sees counts nobody else moves: exact at once.
      if (bounded || slots_->active() <= 1 || now - hopeless_since >= kHopelessFor)
        return fail_static(ENOSPC, "the pool is full and nothing can be evicted");
    }
    space_wait.pause();
  }
  room->evicted += evict_ahead(s, k);
  return 0;
}

std::uint64_t Cache::ahead_extents(std::uint64_t k) const {
  // Evicting ahead.  With other threads about, a victim's extents are free
  // only after a grace period (epoch.h), and a put that evicts for itself
  // would wait for it on every put.  So a put that has just taken the last
  // free space evicts for the next puts now: its victims' grace period
  // begins here (evict_some closes the batch) and has long passed when a
  // later put reclaims them into the stash, which keeps them (trim_stash).
  // A thread alone reclaims at once, so it never evicts ahead and stays
  // exactly as the models predict; nor does a cache with an on_evict
  // callback, whose calls must come as a sequence of single evictions would
  // make them.
  //
  // How much.  Closing a batch reads every other thread's epoch record, and
  // reclaiming it reads those it waited for again: up to 2(T-1) lines that
  // their owners write at every pin, each a transfer between cores (about
  // 110 ns each way here).  So a batch should serve 16 T puts of this size,
  // and those reads cost at most 1/8 of a transfer per put -- but every
  // thread's batch is held back from holding entries, so their sum is kept
  // to 1/16 of the pool -- and at least half a stash (the common small
  // values), and at least this put.  (T/2 puts, as first: every put
  // evicting at 2 threads 7% slower in 1 MiB, 5% in 64 MiB, and 19% with
  // mixed sizes in 1 MiB, whose hit ratio is 0.6 points higher for it.)
  const std::uint64_t threads = slots_->active();
  if (policy_ != Policy::kLru || has_on_evict() || threads <= 1) return 0;
  const std::uint64_t amortized = std::min(k * threads * 16, alloc_.extents() / (16 * threads));
  return std::max({k, stash_cap() / 2, amortized});
}

std::size_t Cache::evict_ahead(ThreadSlot* s, std::uint64_t k) {
  const std::uint64_t ahead = ahead_extents(k);
  if (ahead == 0) return 0;
  // Relaxed: only the owner adds to its limbo; already ahead if non-empty.
  if (s->limbo.extents.load(std::memory_order_relaxed) != 0) return 0;
  if (s->stash.count() + alloc_.global_free() >= 2 * k) return 0;  // the next two fit
  return evict_some(s, ahead, kMaxBatch);
}

bool Cache::may_wait_for_space(std::uint64_t k) const {
  // Acquire loads, free counts first: see the file comment.
  std::int64_t total = static_cast<std::int64_t>(alloc_.global_free());
  slots_->for_each(
      [&](const ThreadSlot* t) { total += static_cast<std::int64_t>(t->stash.count()); });
  slots_->for_each(
      [&](const ThreadSlot* t) { total += t->in_motion.load(std::memory_order_acquire); });
  return total >= static_cast<std::int64_t>(k);
}

Entry* Cache::build_entry(ThreadSlot* s, const char* key, std::uint32_t key_size, const void* value,
                          std::size_t value_size, std::uint64_t k) {
  if (s->scratch.size() < k) {
    try {
      fault::throw_if_failing(fault::Site::kRunList);
      s->scratch.resize(k);
    } catch (const std::bad_alloc&) {
      s->stash.add(k);
      fail(ENOMEM, "cannot allocate the run list of a %zu-byte value", value_size);
      return nullptr;
    }
  }
  // With several threads, start where this thread's own reclaims just freed
  // space (the latest hint still free): its cursor may be far from any free
  // extent (another thread's region, or past the victims it freed), and
  // the scan would walk there word by word.  A cache that only ever had one
  // thread keeps plain next fit, which docs/SEMANTICS.md specifies exactly.
  if (slots_->count() > 1) {
    while (s->nhints != 0) {
      const std::uint64_t hint = s->hints[--s->nhints];
      if (alloc_.is_free(hint)) {
        s->cursor = hint;
        break;
      }
    }
  } else {
    s->nhints = 0;
  }
  const std::uint64_t nruns = alloc_.take(k, &s->cursor, s->scratch.data());
  void* mem = arena_.alloc(Entry::alloc_size(nruns, key_size), &s->dram);
  if (mem == nullptr) {
    alloc_.release_bits(s->scratch.data(), nruns);
    s->stash.add(k);
    fail(ENOMEM, "cannot allocate an entry for a %u-byte key", key_size);
    return nullptr;
  }
  Entry* e = new (mem) Entry;
  e->init(value_size, nruns, key_size, s->id % SlotRegistry::kRingIds);
  std::memcpy(e->runs(), s->scratch.data(), nruns * sizeof(Run));
  if (key_size != 0) std::memcpy(e->key(), key, key_size);
  copy_in(e, value);
  return e;
}

Status Cache::publish(ThreadSlot* s, Entry* e, std::uint64_t hash, bool replace, bool* replaced) {
  if (!replace) {
    {
      // Pinned until e is in its ring: once published, another thread may
      // claim, evict and retire e before our ring insert, which must still
      // find e's memory there (to see the claim and not link it).
      Pinned pin(s);
      if (index_.insert(e, hash, nullptr, value_hint(e, hash))) {
        s->ring->insert(e);
        return 0;
      }
    }
    // Another thread (or a callback during our evictions) put the key
    // first.  e was never published: free it directly.
    discard_unpublished(s, e);
    return fail_static(EEXIST, "an entry with this key exists");
  }
  // Replace: link e ahead of the current entry (readers meet e first, never
  // a gap), then remove the current one.  If we claimed it, we also retire
  // it; if another thread did (an eviction in progress, maybe an on_evict
  // of ours), we only unlink it, still pinned, and its claimer retires it:
  // left to its claimer alone, it stayed findable behind e, and came back
  // if e went first.  Retry if someone linked ahead of it.
  bool removed_any = false;
  EntryList retired;  // reclaimed together, without the limbo if nobody reads
  for (;;) {
    Entry* cur;
    bool mine = false, inserted;
    std::int64_t cur_extents = 0;
    {
      Pinned pin(s);
      cur = index_.find(e->key(), e->key_size(), hash);
      if (cur != nullptr) {
        cur_extents = static_cast<std::int64_t>(cur->extents());
        add_in_motion(s, cur_extents);  // before the claim (see the file comment)
        mine = cur->claim();
        if (!mine) add_in_motion(s, -cur_extents);
      }
      inserted = index_.insert(e, hash, cur, value_hint(e, hash));
      if (inserted) {
        s->ring->insert(e);
        if (cur != nullptr && !mine) index_.remove(cur, hash);
      }
    }
    if (mine) {
      remove_replaced(s, cur, hash, &retired);
      removed_any = true;
    }
    if (inserted) {
      *replaced = removed_any || cur != nullptr;
      reclaim(s, &s->limbo, /*to_stash=*/true, /*try_only=*/false, &retired);
      return 0;
    }
  }
}

void Cache::discard_unpublished(ThreadSlot* s, Entry* e) {
  VMC_DCHECK(!e->in_ring() && !e->claimed());  // never published
  alloc_.release_bits(e->runs(), e->nruns());
  s->stash.add(e->extents());
  arena_.free(e, e->alloc_size(), &s->dram);
}

void Cache::remove_replaced(ThreadSlot* s, Entry* e, std::uint64_t hash, EntryList* batch) {
  VMC_DCHECK(e->claimed());  // by this replacer
  slots_->ring_owner(e->ring_id())->own_ring.remove(e);
  {
    Pinned pin(s);
    index_.remove(e, hash);
  }
  s->stats.add(Counter::kReplace);
  s->stats.add(Counter::kDram, -static_cast<std::int64_t>(s->dram.usable(e->alloc_size())));
  unref(s, e, batch);
}

void Cache::trim_stash(ThreadSlot* s, std::uint64_t k) {
  // What was evicted ahead stays for this thread's next puts.
  const std::uint64_t cap = std::max(stash_cap(), ahead_extents(k));
  const std::uint64_t n = s->stash.count();
  if (n <= cap) return;
  const auto excess = static_cast<std::int64_t>(n - cap);
  add_in_motion(s, excess);  // while it moves to the global count (file comment)
  if (s->stash.take(n - cap)) alloc_.unreserve(n - cap);
  add_in_motion(s, -excess);
}

bool Cache::steal_stashes(ThreadSlot* s) {
  std::uint64_t got = 0;
  slots_->for_each([&](ThreadSlot* t) {
    const std::uint64_t seen = t->stash.count();
    if (t == s || seen == 0) return;
    // In motion while it moves from their stash to ours (the file comment).
    add_in_motion(s, static_cast<std::int64_t>(seen));
    VMC_SW_RMW();
    const std::uint64_t n = t->stash.steal();
    s->stash.add(n);
    add_in_motion(s, -static_cast<std::int64_t>(seen));
    got += n;
  });
  return got != 0;
}

// --- eviction ----------------------------------------------------------------------

std::size_t Cache::evict_some(ThreadSlot* s, std::uint64_t want_extents, std::size_t max,
                              std::uint64_t* reserve) {
  Entry* victims[kMaxBatch];
  const std::size_t n = pick_victims(s, want_extents, std::min(max, kMaxBatch), victims);
  // The victims are retired together and reclaimed as one batch: freed at
  // once if no reader is pinned, else handed to the limbo under the lock
  // its reclaim takes anyway -- also if an on_evict callback ends its
  // thread (then the batch is one victim).  Only a put that goes on takes
  // its reservation out of what they free; one unwinding would leave it
  // reserved for nobody, in motion for ever.
  struct Retired {
    Cache* c;
    ThreadSlot* s;
    std::uint64_t* reserve;
    EntryList list;
    bool done = false;
    ~Retired() {
      c->reclaim(s, &s->limbo, /*to_stash=*/true, /*try_only=*/false, &list,
                 done ? reserve : nullptr);
    }
  } retired{this, s, reserve, {}};
  // Without callbacks (which never run pinned) the victims' index removals
  // share one pin, released before the reclaim above: a thread alone must
  // not find itself pinned in the snapshot.
  VMC_DCHECK(n <= 1 || !has_on_evict());
  std::optional<Pinned> pin;
  if (n > 1 && !has_on_evict()) pin.emplace(s);
  for (std::size_t i = 0; i < n; ++i)
    evict_claimed(s, victims[i], /*unlinked=*/true, /*automatic=*/true, &retired.list);
  retired.done = true;  // a forced unwind in on_evict skips it (batches of one then)
  return n;
}

std::size_t Cache::pick_victims(ThreadSlot* s, std::uint64_t want_extents, std::size_t max,
                                Entry** out) {
  const Sweep how = sweep_for(s);
  if (how == Sweep::kOwn) {
    if (std::size_t n = s->ring->pick_victims(want_extents, max, out, false, &s->in_motion))
      return n;
  }
  // Round robin, starting where this thread left off; a first pass skips
  // rings whose lock another thread holds (and, sweeping others, our own),
  // a second one waits.
  const std::uint32_t count = slots_->count();
  for (int pass = 0; pass < 2; ++pass) {
    ThreadSlot* t = s->rr;
    for (std::uint32_t i = 0; i < count; ++i, t = slots_->next(t)) {
      if (t->ring != &t->own_ring || t->own_ring.maybe_empty()) continue;
      if (pass == 0 && how == Sweep::kOthers && t == s) continue;
      const bool try_only = pass == 0 && count > 1;
      if (std::size_t n =
              t->own_ring.pick_victims(want_extents, max, out, try_only, &s->in_motion)) {
        s->rr = slots_->next(t);
        return n;
      }
    }
  }
  return 0;
}

Cache::Sweep Cache::sweep_for(ThreadSlot* s) {
  // The own ring, unless replacement needs others.  Sweeping another
  // thread's ring writes its lock, hand and entries, and hands the victims'
  // extents (their bitmap words and pool lines) to this thread: cache lines
  // that the ring's owner then takes back, each a transfer between cores
  // (about 110 ns each way here).  Sweeping all rings round robin one
  // eviction in four, as this engine did first, cost 9-15% of the
  // every-put-evicts throughput at 2 threads on 2 cores, and looking at
  // another ring's size one eviction in four (one load of a line its owner
  // writes at every put) gave back half of what sweeping less saved.  So
  // the decision reads only lines that others rarely write: this thread's
  // ring and the registry's thread count:
  //  - below 3/4 of an even share of the pool (the pool over the threads
  //    holding slots), the own ring holds less than its share, so others
  //    hold more: sweep them, round robin.  A thread that starts after
  //    another filled the cache, or whose peers exited (their slots free),
  //    thus takes its victims from the rings that hold more.  (3/4: the
  //    rings hold all but the free, reserved and limbo space, at most an
  //    eighth of the pool when full.)
  //  - every kAgeEvery-th eviction, sweep all rings round robin, so that a
  //    ring whose thread is alive but stopped putting ages out entirely.
  //  - otherwise, and always for a thread alone, the own ring.
  if (slots_->count() == 1) return s->ring->maybe_empty() ? Sweep::kAll : Sweep::kOwn;
  if (++s->evictions % kAgeEvery == 0) return Sweep::kAll;
  const std::uint64_t share = alloc_.extents() / std::max<std::uint32_t>(slots_->active(), 1);
  if (s->ring->extents_hint() < share - share / 4) return Sweep::kOthers;
  return s->ring->maybe_empty() ? Sweep::kAll : Sweep::kOwn;
}

void Cache::evict_claimed(ThreadSlot* s, Entry* e, bool unlinked, bool automatic,
                          EntryList* batch) {
  VMC_DCHECK(e->claimed());  // REQUIRES: claimed by the caller
  if (!unlinked) slots_->ring_owner(e->ring_id())->own_ring.remove(e);
  // Completes the removal when the callback returns -- or when thread
  // cancellation unwinds through it.
  struct Finish {
    Cache* c;
    ThreadSlot* s;
    Entry* e;
    EntryList* batch;
    ~Finish() {
      {
        Pinned pin(s);
        c->index_.remove(e, hash_key(e->key(), e->key_size()));
      }
      s->stats.add(Counter::kEvict);
      s->stats.add(Counter::kDram, -static_cast<std::int64_t>(s->dram.usable(e->alloc_size())));
      c->unref(s, e, batch);
    }
  } finish{this, s, e, batch};
#if VMEMCACHE_INJECT_BUG == 2
  if (automatic) return;  // planted bug: no on_evict for automatic evictions
#else
  (void)automatic;
#endif
  call_on_evict(e);
}

void Cache::call_on_evict(Entry* e) {
  if (on_evict_ == nullptr && on_evict_sized_ == nullptr) return;
  Evicting frame{e, tls_evicting};
  FrameScope<Evicting> scope(&tls_evicting, &frame);
  call_user("on_evict", [&] {
    if (on_evict_sized_ != nullptr)
      on_evict_sized_(handle_, e->key(), e->key_size(), e->value_size(), on_evict_arg_);
    else
      on_evict_(handle_, e->key(), e->key_size(), on_evict_arg_);
  });
}

Status Cache::evict(const void* key, std::size_t key_size) {
  if (Status st = check_ready()) return st;
  OpScope op(this);
  ThreadSlot* s = op.slot();
  if (s == nullptr) return errno;
  op.count_as(VMEMCACHE_OP_EVICT);
  if (EpochDomain::pinned(&s->epoch))
    return fail(EDEADLK,
                "evict from inside a visit callback on the same cache would wait for itself");
  if (key == nullptr) {
    if (evict_some(s, 1, 1) == 0) return fail_static(ESRCH, "the cache is empty: nothing to evict");
    return 0;
  }
  const std::uint64_t hash = hash_key(key, key_size);
  const auto ks = static_cast<std::uint32_t>(key_size);
  Entry* e;
  const Entry* seen;
  {
    Pinned pin(s);
    seen = e = index_.find(key, ks, hash);
    if (e == nullptr || being_evicted_here(e)) return fail_static(ENOENT, "no entry with this key");
    const auto extents = static_cast<std::int64_t>(e->extents());
    add_in_motion(s, extents);  // before the claim (see the file comment)
    if (!e->claim()) {
      add_in_motion(s, -extents);
      e = nullptr;
    }
  }
  if (e == nullptr) {
    // Another thread is evicting it.  Wait (unpinned, sleeping as it goes
    // on) until it is gone, so that our ENOENT is not followed by a hit
    // (linearizability) -- unless we are inside an on_evict ourselves: two
    // callbacks evicting each other's entries would wait forever.
    for (Backoff b; tls_evicting == nullptr;) {
      b.pause();
      Pinned pin(s);
      Entry* now = index_.find(key, ks, hash);
      // Another address, or the same one reused by a new, unclaimed entry:
      // the one we saw is gone.
      if (now != seen || !now->claimed()) break;
    }
    return fail_static(ENOENT, "no entry with this key");
  }
  // Claimed: only we unlink and retire e, so it stays valid unpinned.
  evict_claimed(s, e, /*unlinked=*/false, /*automatic=*/false);
  reclaim(s, &s->limbo, /*to_stash=*/true);
  return 0;
}

}  // namespace vmc
