// cache.cc -- the operations; see cache.h for how the components meet.
#include "cache.h"

#include <sched.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace vmc {
namespace {

// A pinned region of the epoch domain (see epoch.h).
class Pinned {
 public:
  Pinned(EpochDomain& d, ThreadSlot* s) : d_(d), rec_(&s->epoch) { d_.pin(rec_); }
  ~Pinned() { d_.unpin(rec_); }
  Pinned(const Pinned&) = delete;
  Pinned& operator=(const Pinned&) = delete;

 private:
  EpochDomain& d_;
  EpochRecord* rec_;
};

// A get in progress on this thread whose miss called on_miss: a put of the
// same key during the callback answers it (API.md: "unless the callback put
// that key").
struct PendingMiss {
  const Cache* cache;
  const void* key;
  std::size_t key_size;
  void* vbuf;
  std::size_t vbufsize;
  std::size_t offset;
  std::size_t* vsize;
  bool answered;
  std::size_t copied;
  PendingMiss* outer;
};
thread_local PendingMiss* tls_pending_miss = nullptr;

// Entries whose on_evict is running on this thread (innermost first): an
// evict of one of them from inside its own callback must not wait for itself.
struct Evicting {
  const Entry* e;
  Evicting* outer;
};
thread_local Evicting* tls_evicting = nullptr;

bool being_evicted_here(const Entry* e) {
  for (Evicting* f = tls_evicting; f != nullptr; f = f->outer)
    if (f->e == e) return true;
  return false;
}

struct FreeCtx {
  DramArena* arena;
  DramArena::Tcache tcache;
};

// How many times a put that found nothing to evict retries before it gives
// up with ENOSPC.  Only reachable with several threads (extents held by
// readers or by puts in flight); one thread never gets here with space
// missing.
constexpr int kMaxIdleRounds = 64;

// One automatic eviction in this many takes its victim from the other
// threads' rings (round robin) rather than the thread's own.
constexpr std::uint32_t kForeignEvery = 4;

}  // namespace

Cache::~Cache() { teardown(); }

Status Cache::set_size(std::size_t size) {
  if (added_) return fail(EALREADY, "the cache is already added; the size cannot change");
  if (size < kMinPool || size >= kMaxPool)
    return fail(EINVAL, "size %zu is out of range [%zu, 2^56)", size, kMinPool);
  size_ = size;
  return 0;
}

Status Cache::set_extent_size(std::size_t extent_size) {
  if (added_) return fail(EALREADY, "the cache is already added; the extent size cannot change");
  if (extent_size < kMinExtent)
    return fail(EINVAL, "extent size %zu is below the minimum %zu", extent_size, kMinExtent);
  extent_size_ = extent_size;
  return 0;
}

Status Cache::set_policy(int policy) {
  if (added_) return fail(EALREADY, "the cache is already added; the policy cannot change");
  if (policy != static_cast<int>(Policy::kNone) && policy != static_cast<int>(Policy::kLru))
    return fail(EINVAL, "unknown eviction policy %d", policy);
  policy_ = static_cast<Policy>(policy);
  return 0;
}

Status Cache::add(const char* path) {
  if (added_) return fail(EBUSY, "the cache already has a pool");
  if (Status s = arena_.init()) return s;
  if (Status s = pool_.open(path, size_, extent_size_)) return s;
  // From here a failure undoes what was set up, so add can be retried.
  auto undo = [this](Status s) {
    index_.destroy(&arena_);
    alloc_.destroy(&arena_);
    pool_.close();
    return s;
  };
  const std::uint64_t n = pool_.size() / extent_size_;
  if (n > Run::kMaxExtents)
    return undo(fail(EINVAL, "the pool has %llu extents, more than %llu; use larger extents",
                     static_cast<unsigned long long>(n),
                     static_cast<unsigned long long>(Run::kMaxExtents)));
  if (Status s = alloc_.init(n, &arena_)) return undo(s);
  if (Status s = index_.init(n, &arena_)) return undo(s);
  slots_ = std::make_shared<SlotRegistry>(n, &arena_);
  epoch_.set_records(
      [](void* ctx, std::uint32_t i) { return &static_cast<SlotRegistry*>(ctx)->at(i)->epoch; },
      slots_.get(), slots_->count_word());
  added_ = true;
  return 0;
}

Status Cache::check_ready() const {
  if (!added_) return fail_static(EINVAL, "the cache has no pool yet (vmemcache_add)");
  return 0;
}

ThreadSlot* Cache::my_slot() { return slots_->mine(); }

Entry* Cache::make_entry(ThreadSlot* s, const void* key, std::uint32_t key_size,
                         std::size_t value_size, const Run* runs, std::uint64_t nruns) {
  void* mem = arena_.alloc(Entry::alloc_size(nruns, key_size), s->tcache);
  if (mem == nullptr) return nullptr;
  Entry* e = new (mem) Entry;
  e->init(value_size, nruns, key_size, s->id);
  std::memcpy(e->runs(), runs, nruns * sizeof(Run));
  if (key_size != 0) std::memcpy(e->key(), key, key_size);
  return e;
}

void Cache::copy_in(const Entry* e, const void* value) {
  if (no_memcpy_) return;
  const char* src = static_cast<const char*>(value);
  std::size_t left = e->value_size();
  const std::uint64_t nruns = e->nruns();
  for (std::uint64_t r = 0; r < nruns && left > 0; ++r) {
    std::size_t n = std::min<std::size_t>(left, e->runs()[r].len() * extent_size_);
    pool_.copy_in(pool_.base() + e->runs()[r].start() * extent_size_, src, n);
    src += n;
    left -= n;
  }
}

std::size_t Cache::copy_out(const Entry* e, void* vbuf, std::size_t vbufsize,
                            std::size_t offset) const {
#if VMEMCACHE_INJECT_BUG == 1
  offset += 1;  // planted bug: off by one
#endif
  const std::size_t vsize = e->value_size();
  if (vbuf == nullptr || offset >= vsize) return 0;
  const std::size_t total = std::min(vbufsize, vsize - offset);
  if (no_memcpy_) return total;
  const std::uint64_t nruns = e->nruns();
  if (nruns == 1) {  // the common case: one contiguous stretch
    std::memcpy(vbuf, pool_.base() + e->runs()[0].start() * extent_size_ + offset, total);
    return total;
  }
  char* dst = static_cast<char*>(vbuf);
  std::size_t left = total;
  std::size_t skip = offset;
  for (std::uint64_t r = 0; r < nruns && left > 0; ++r) {
    std::size_t run_bytes = e->runs()[r].len() * extent_size_;
    if (skip >= run_bytes) {
      skip -= run_bytes;
      continue;
    }
    std::size_t n = std::min(left, run_bytes - skip);
    std::memcpy(dst, pool_.base() + e->runs()[r].start() * extent_size_ + skip, n);
    dst += n;
    left -= n;
    skip = 0;
  }
  return total;
}

bool Cache::acquire_ref(Entry* e) {
  // Relaxed load: a guess the CAS validates.
  std::uint32_t r = e->refs.load(std::memory_order_relaxed);
  do {
    if ((r & Entry::kRefMask) == 0) return false;  // extents already freed
    // Acquire: keeps our reads of the value after the reference is taken.
  } while (!e->refs.compare_exchange_weak(r, r + 1, std::memory_order_acquire,
                                          std::memory_order_relaxed));
  return true;
}

void Cache::drop_ref(ThreadSlot* s, Entry* e) {
  // Acq_rel: our reads of the value happen before the last dropper frees
  // the extents, and the last dropper sees everyone's.
  if ((e->refs.fetch_sub(1, std::memory_order_acq_rel) & Entry::kRefMask) == 1) free_extents(s, e);
}

// Owner-only add to a slot's in-flight count (see slots.h).
static void add_in_flight(ThreadSlot* s, std::int64_t delta) {
  s->extents_in_flight.store(s->extents_in_flight.load(std::memory_order_relaxed) + delta,
                             std::memory_order_relaxed);
}

static std::int64_t extents_of(const Entry* e) {
  std::int64_t n = 0;
  for (std::uint64_t r = 0; r < e->nruns(); ++r) n += static_cast<std::int64_t>(e->runs()[r].len());
  return n;
}

std::int64_t Cache::extents_in_flight() const {
  std::int64_t total = 0;
  for (std::uint32_t i = 0; i < slots_->count(); ++i)
    total += slots_->at(i)->extents_in_flight.load(std::memory_order_relaxed);
  return total;
}

void Cache::free_extents(ThreadSlot* s, Entry* e) {
  add_in_flight(s, -extents_of(e));
  if (e->nruns() != 0) s->alloc_hint = e->runs()[0].start();
#if VMEMCACHE_INJECT_BUG == 5
  // Planted bug: an entry of more than one extent leaks its last extent.
  Run* runs = e->runs();
  std::uint64_t n = e->nruns();
  if (n > 0 && (n > 1 || runs[0].len() > 1)) {
    Run last = runs[n - 1];
    alloc_.release(runs, n - 1);
    if (last.len() > 1) {
      Run shorter(last.start(), last.len() - 1);
      alloc_.release(&shorter, 1);
    }
    return;
  }
#endif
  alloc_.release(e->runs(), e->nruns());
}

void Cache::free_entry_cb(void* ctx, Entry* e) {
  auto* fc = static_cast<FreeCtx*>(ctx);
  fc->arena->free(e, e->alloc_size(), fc->tcache);
}

void Cache::answer_pending_misses(const void* key, std::size_t key_size, const void* value,
                                  std::size_t value_size) const {
  for (PendingMiss* m = tls_pending_miss; m != nullptr; m = m->outer) {
    if (m->answered || m->cache != this || m->key_size != key_size ||
        (key_size != 0 && std::memcmp(m->key, key, key_size) != 0))
      continue;
    m->answered = true;
    m->copied = 0;
    std::size_t offset = m->offset;
#if VMEMCACHE_INJECT_BUG == 1
    offset += 1;
#endif
    if (m->vbuf != nullptr && offset < value_size) {
      m->copied = std::min(m->vbufsize, value_size - offset);
      // memmove: the callback may put a value that lives in the get's own buffer.
      std::memmove(m->vbuf, static_cast<const char*>(value) + offset, m->copied);
    }
    if (m->vsize != nullptr) *m->vsize = value_size;
  }
}

Status Cache::put(const void* key, std::size_t key_size, const void* value,
                  std::size_t value_size) {
  if (Status s = check_ready()) return s;
  ThreadSlot* s = my_slot();
  if (s == nullptr) return errno;
  // A get on this thread waiting in on_miss for this key is answered with
  // this value, whether or not the put succeeds -- after the put has read
  // the value, since the answer may overwrite it (the value may live in the
  // get's own buffer).
  struct AnswerOnExit {
    const Cache* cache;
    const void *key, *value;
    std::size_t key_size, value_size;
    ~AnswerOnExit() {
      if (tls_pending_miss != nullptr) cache->answer_pending_misses(key, key_size, value, value_size);
    }
  } answer{this, key, value, key_size, value_size};

  const std::uint64_t hash = hash_key(key, key_size);
  {
    Pinned pin(epoch_, s);
    if (index_.find(key, static_cast<std::uint32_t>(key_size), hash) != nullptr)
      return fail_static(EEXIST, "an entry with this key exists");
  }
  const std::uint64_t k = extents_for(value_size);
  if (k > alloc_.extents())
    return fail(ENOSPC, "a value of %zu bytes needs %llu extents; the pool has %llu", value_size,
                static_cast<unsigned long long>(k),
                static_cast<unsigned long long>(alloc_.extents()));
  int idle = 0;
  while (!alloc_.reserve(k)) {
    if (policy_ == Policy::kNone)
      return fail_static(ENOSPC, "the pool is full and the eviction policy is NONE");
    if (!evict_one(s)) {
      // Nothing left to claim.  If evictions in progress on other threads
      // (their on_evict still running, or a reader still copying) will free
      // enough, wait for them -- unless we are inside an on_evict ourselves,
      // whose entry could be among them.
      const bool others_will_free =
          tls_evicting == nullptr &&
          static_cast<std::int64_t>(alloc_.free_count()) + extents_in_flight() >=
              static_cast<std::int64_t>(k);
      if (!others_will_free && ++idle > kMaxIdleRounds)
        return fail_static(ENOSPC, "the pool is full and nothing can be evicted");
      sched_yield();
    }
  }
  // With several threads, start where this thread's own evictions just freed
  // space: its cursor may be far from any free extent (another thread's
  // region), and the scan would walk there word by word.  One thread keeps
  // plain next fit, which docs/SEMANTICS.md specifies exactly.
  if (s->alloc_hint != ThreadSlot::kNoHint) {
    if (slots_->count() > 1) s->cursor = s->alloc_hint;
    s->alloc_hint = ThreadSlot::kNoHint;
  }
  if (s->scratch.size() < k) {
    try {
      s->scratch.resize(k);
    } catch (const std::bad_alloc&) {
      alloc_.unreserve(k);
      return fail(ENOMEM, "cannot allocate the run list of a %zu-byte value", value_size);
    }
  }
  const std::uint64_t nruns = alloc_.take(k, &s->cursor, s->scratch.data());
  Entry* e = make_entry(s, key, static_cast<std::uint32_t>(key_size), value_size,
                        s->scratch.data(), nruns);
  if (e == nullptr) {
    alloc_.release(s->scratch.data(), nruns);
    return fail(ENOMEM, "cannot allocate an entry for a %zu-byte key", key_size);
  }
  copy_in(e, value);
  const auto dram = static_cast<std::int64_t>(DramArena::usable_size(e->alloc_size()));
  {
    // Pinned until e is in its ring: once published, another thread may
    // claim, evict and retire e before our ring insert, which must still
    // find e's memory there (to see the claim and not link it).
    Pinned pin(epoch_, s);
    if (index_.insert(e, hash) != nullptr) {
      // Another thread (or a callback during our evictions) put the key
      // first.  e was never published: free it directly.
      alloc_.release(e->runs(), e->nruns());
      arena_.free(e, e->alloc_size(), s->tcache);
      return fail_static(EEXIST, "an entry with this key exists");
    }
    s->ring.insert(e);
  }
  s->stats.add(Counter::kPut);
  s->stats.add(Counter::kDram, dram);
  return 0;
}

Status Cache::get(const void* key, std::size_t key_size, void* vbuf, std::size_t vbufsize,
                  std::size_t offset, std::size_t* vsize, std::size_t* copied) {
  if (Status s = check_ready()) return s;
  ThreadSlot* s = my_slot();
  if (s == nullptr) return errno;
  s->stats.add(Counter::kGet);
  const std::uint64_t hash = hash_key(key, key_size);
  {
    Pinned pin(epoch_, s);
    Entry* e = index_.find(key, static_cast<std::uint32_t>(key_size), hash);
    if (e != nullptr && acquire_ref(e)) {
      ClockRing::touch(e);
      *copied = copy_out(e, vbuf, vbufsize, offset);
      if (vsize != nullptr) *vsize = e->value_size();
      drop_ref(s, e);
#if VMEMCACHE_INJECT_BUG != 3
      s->stats.add(Counter::kHit);
#endif
      return 0;
    }
  }
  s->stats.add(Counter::kMiss);
  if (on_miss_ != nullptr) {
    PendingMiss m{this, key, key_size, vbuf, vbufsize, offset, vsize, false, 0, tls_pending_miss};
    tls_pending_miss = &m;
    on_miss_(handle_, key, key_size, on_miss_arg_);
    tls_pending_miss = m.outer;
    if (m.answered) {
      *copied = m.copied;
      return 0;
    }
  }
  return fail_static(ENOENT, "no entry with this key");
}

int Cache::exists(const void* key, std::size_t key_size, std::size_t* vsize) {
  if (Status st = check_ready()) return c_error(st);
  ThreadSlot* s = my_slot();
  if (s == nullptr) return -1;
  Pinned pin(epoch_, s);
  Entry* e = index_.find(key, static_cast<std::uint32_t>(key_size), hash_key(key, key_size));
  if (e == nullptr) return 0;
  if (vsize != nullptr) *vsize = e->value_size();
  return 1;
}

Status Cache::evict(const void* key, std::size_t key_size) {
  if (Status st = check_ready()) return st;
  ThreadSlot* s = my_slot();
  if (s == nullptr) return errno;
  if (key == nullptr) {
    if (!evict_one(s)) return fail_static(ESRCH, "the cache is empty: nothing to evict");
    return 0;
  }
  const std::uint64_t hash = hash_key(key, key_size);
  Entry* e;
  {
    Pinned pin(epoch_, s);
    e = index_.find(key, static_cast<std::uint32_t>(key_size), hash);
    if (e == nullptr || being_evicted_here(e))
      return fail_static(ENOENT, "no entry with this key");
    // Acq_rel: one claimer wins (see clock.cc's sweeper for the other side).
    if (e->refs.fetch_or(Entry::kClaimed, std::memory_order_acq_rel) & Entry::kClaimed) {
      // Another thread is evicting it.  Wait until it is gone, so that our
      // ENOENT is not followed by a hit (linearizability), unless we are
      // inside an on_evict ourselves: two callbacks evicting each other's
      // entries would wait forever.  Pinned, so e is not freed meanwhile.
      if (tls_evicting == nullptr)
        while (index_.find(key, static_cast<std::uint32_t>(key_size), hash) == e) sched_yield();
      return fail_static(ENOENT, "no entry with this key");
    }
  }
  // Claimed: only we unlink and retire e, so it stays valid unpinned.
  evict_claimed(s, e, /*automatic=*/false);
  return 0;
}

bool Cache::evict_one(ThreadSlot* s) {
  // Own ring first: its mutex is rarely contended and its victims' extents
  // are near this thread's allocations.  Every kForeignEvery-th eviction,
  // and whenever the own ring yields nothing, goes round robin over all
  // rings, so the rings of threads that stopped putting still drain.
  if (slots_->count() == 1 || ++s->evictions % kForeignEvery != 0) {
    if (!s->ring.maybe_empty()) {
      if (Entry* e = s->ring.pick_victim(/*try_only=*/false)) {
        evict_claimed(s, e, /*automatic=*/true);
        return true;
      }
    }
  }
  // Round robin, starting where this thread left off; a first pass skips
  // rings whose mutex another evictor holds, a second one waits.
  for (int pass = 0; pass < 2; ++pass) {
    const std::uint32_t n = slots_->count();
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t idx = (s->rr + i) % n;
      ThreadSlot* owner = slots_->at(idx);
      if (owner->ring.maybe_empty()) continue;
      Entry* e = owner->ring.pick_victim(/*try_only=*/pass == 0 && n > 1);
      if (e == nullptr) continue;
      s->rr = (idx + 1) % n;
      evict_claimed(s, e, /*automatic=*/true);
      return true;
    }
  }
  return false;
}

void Cache::evict_claimed(ThreadSlot* s, Entry* e, bool automatic) {
  add_in_flight(s, extents_of(e));
  slots_->at(e->ring_id())->ring.remove(e);  // no-op when the sweeper already unlinked it
  (void)automatic;
#if VMEMCACHE_INJECT_BUG == 2
  const bool call = on_evict_ != nullptr && !automatic;  // planted bug
#else
  const bool call = on_evict_ != nullptr;
#endif
  if (call) {
    Evicting frame{e, tls_evicting};
    tls_evicting = &frame;
    on_evict_(handle_, e->key(), e->key_size(), on_evict_arg_);
    tls_evicting = frame.outer;
  }
  {
    Pinned pin(epoch_, s);
    index_.remove(e, hash_key(e->key(), e->key_size()));
  }
  s->stats.add(Counter::kEvict);
  s->stats.add(Counter::kDram, -static_cast<std::int64_t>(DramArena::usable_size(e->alloc_size())));
  drop_ref(s, e);
  FreeCtx ctx{&arena_, s->tcache};
  epoch_.retire(&s->epoch, e, &Cache::free_entry_cb, &ctx);
}

std::uint64_t Cache::stat(Stat st) const {
  if (!added_) return 0;
  auto sum = [this](Counter c) {
    std::uint64_t total = 0;
    for (std::uint32_t i = 0; i < slots_->count(); ++i) total += slots_->at(i)->stats.get(c);
    return total;
  };
  switch (st) {
    case Stat::kPut: return sum(Counter::kPut);
    case Stat::kGet: return sum(Counter::kGet);
    case Stat::kHit: return sum(Counter::kHit);
    case Stat::kMiss: return sum(Counter::kMiss);
    case Stat::kEvict: return sum(Counter::kEvict);
    case Stat::kEntries: {
      // Evictions first, so that puts counted after them are not missed; an
      // eviction can still beat its own put's counter, hence the clamp.
      const std::uint64_t evicted = sum(Counter::kEvict);
      const std::uint64_t put = sum(Counter::kPut);
      return put >= evicted ? put - evicted : 0;
    }
    case Stat::kDram: {
      // Per-slot words hold signed deltas; mid-update the sum can dip below 0.
      const auto dram = static_cast<std::int64_t>(sum(Counter::kDram));
      return dram > 0 ? static_cast<std::uint64_t>(dram) : 0;
    }
    case Stat::kPoolUsed: return (alloc_.extents() - alloc_.free_count()) * extent_size_;
    case Stat::kHeapEntries: return alloc_.count_fragments();
    case Stat::kNum: break;
  }
  return 0;
}

Recount Cache::recount() const {
  Recount rc;
  if (!added_) return rc;
  std::vector<std::uint8_t> owner(alloc_.extents(), 0);
  index_.for_each([&](Entry* e) {
    ++rc.entries;
    for (std::uint64_t r = 0; r < e->nruns(); ++r)
      for (std::uint64_t x = e->runs()[r].start(); x < e->runs()[r].start() + e->runs()[r].len(); ++x) {
        ++rc.used_extents;
        if (owner[x]++ != 0 || alloc_.is_free(x)) rc.overlap = true;
      }
    if (e->in_ring()) ++rc.ring_entries;
  });
  rc.free_bits = alloc_.count_free_bits();
  rc.fragments = alloc_.count_fragments();
  return rc;
}

void Cache::teardown() {
  if (!added_ || torn_down_) return;
  torn_down_ = true;
  FreeCtx ctx{&arena_, DramArena::kNoTcache};
  index_.for_each([&](Entry* e) { free_entry_cb(&ctx, e); });
  for (std::uint32_t i = 0; i < slots_->count(); ++i) {
    ThreadSlot* s = slots_->at(i);
    EpochDomain::drain(&s->epoch, &Cache::free_entry_cb, &ctx);
    arena_.tcache_destroy(s->tcache);
    s->tcache = DramArena::kNoTcache;
  }
  index_.destroy(&arena_);
  alloc_.destroy(&arena_);
  // Threads that still hold a binding see an expired registry from now on.
  slots_.reset();
}

std::uint64_t Cache::teardown_and_count_dram() {
  teardown();
  return arena_.allocated_bytes();
}

}  // namespace vmc
