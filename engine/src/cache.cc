// cache.cc -- set-up, statistics, reclamation and tear-down of a cache; the
// operations are in cache_write.cc and cache_read.cc (see cache.h).
#include "cache.h"

#include <algorithm>
#include <new>
#include <vector>

#include "cache_ops.h"
#include "fault.h"

namespace vmc {

Cache::~Cache() { teardown_and_count_dram(); }

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

Status Cache::set_huge_pages(bool on) {
  if (added_) return fail(EALREADY, "the cache is already added; huge pages cannot change");
  huge_pages_ = on;
  return 0;
}

void Cache::set_on_evict(vmemcache_on_evict* fn, void* arg) {
  on_evict_ = fn;
  on_evict_sized_ = nullptr;
  on_evict_arg_ = arg;
}

void Cache::set_on_evict_sized(vmemcache_on_evict_sized* fn, void* arg) {
  on_evict_ = nullptr;
  on_evict_sized_ = fn;
  on_evict_arg_ = arg;
}

Status Cache::add(const char* path) {
  if (added_) return fail(EBUSY, "the cache already has a pool");
  if (Status s = pool_.open(path, size_, extent_size_, huge_pages_)) return s;
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
  try {
    fault::throw_if_failing(fault::Site::kRegistry);
    slots_ = std::make_shared<SlotRegistry>(n);
  } catch (const std::bad_alloc&) {
    return undo(fail(ENOMEM, "cannot allocate the thread slot registry"));
  }
  added_ = true;
  return 0;
}

std::uint64_t Cache::stash_cap() const {
  // All stashes together keep at most 1/64 of the pool (a put that finds
  // the rest full evicts, docs/SEMANTICS.md), and one keeps at most
  // kMaxStash extents: enough for the common value sizes to skip the
  // global count; larger puts reserve exactly.
  constexpr std::uint64_t kMaxStash = 64;
  const std::uint64_t threads = std::max<std::uint32_t>(slots_->active(), 1);
  const std::uint64_t share = alloc_.extents() / 64;
  // (A put calls this two or three times: no division where the cap rules.)
  return share >= kMaxStash * threads ? kMaxStash : share / threads;
}

Status Cache::check_ready() const {
  if (!added_) return fail_static(EINVAL, "the cache has no pool yet (vmemcache_add)");
  return 0;
}

// --- reclamation (epoch.h) -------------------------------------------------------

void Cache::retire(ThreadSlot* s, Entry* e) { EpochDomain::retire(&s->limbo, e); }

void Cache::unref(ThreadSlot* s, Entry* e, EntryList* batch) {
  if (!e->unref()) return;
  // The caller reclaims (once per batch).
  if (batch != nullptr)
    EpochDomain::retire(batch, e);
  else
    retire(s, e);
}

std::uint64_t Cache::reclaim(ThreadSlot* s, Limbo* l, bool to_stash, bool try_only,
                             EntryList* batch, std::uint64_t* reserve) {
  VMC_DCHECK(batch == nullptr || (l == &s->limbo && !try_only));
  VMC_DCHECK(reserve == nullptr || (l == &s->limbo && to_stash));
  const auto for_each_record = [this](auto&& f) {
    slots_->for_each([&](const ThreadSlot* t) { f(&t->epoch); });
  };
  std::uint64_t freed = 0;
  // A batch that no reader can see now is freed without the limbo and its
  // lock (two RMWs): always so for a thread alone.
  if (batch != nullptr && !batch->empty() && EpochDomain::quiescent(for_each_record)) {
    freed = batch->extents;
    free_list(s, batch->take(), to_stash, reserve);
  }
  const bool adopting = batch != nullptr && !batch->empty();
  // Nothing retired, nothing to take the lock for.  Relaxed: every entry
  // holds at least one extent, so 0 means empty; only the owner adds, so
  // the owner never reads a stale 0, and a sweeper that does only sweeps
  // later.
  if (!adopting && l->extents.load(std::memory_order_relaxed) == 0) return freed;
  if (!try_only) {
    l->mu.lock();
  } else if (!l->mu.try_lock()) {
    return freed;  // its owner is reclaiming it
  }
  LockGuard lock(l->mu, std::adopt_lock);
  if (adopting) EpochDomain::adopt(l, batch->take());
  return freed + EpochDomain::reclaim(l, &s->epoch, for_each_record, [&](EntryList list) {
           free_list(s, list, to_stash, reserve);
         });
}

void Cache::free_list(ThreadSlot* s, EntryList list, bool to_stash, std::uint64_t* reserve) {
  std::uint64_t released = 0;
  for (Entry* e = list.head; e != nullptr;) {
    VMC_DCHECK(e->claimed() &&
               EntryState::Refs::get(e->state.load(std::memory_order_relaxed)) == 0);
    Entry* next = e->limbo.next;
    std::uint64_t n = e->limbo.extents;
#if VMEMCACHE_INJECT_BUG == 5
    // Planted bug: an entry of more than one extent leaks its last extent.
    if (n > 1) {
      const Run last = e->runs()[e->nruns() - 1];
      alloc_.release_bits(e->runs(), e->nruns() - 1);
      if (last.len() > 1) {
        const Run shorter(last.start(), last.len() - 1);
        alloc_.release_bits(&shorter, 1);
      }
      --n;
    } else {
      alloc_.release_bits(e->runs(), e->nruns());
    }
#else
    alloc_.release_bits(e->runs(), e->nruns());
#endif
    released += n;
    if (to_stash && e->nruns() != 0) s->push_hint(e->runs()[0].start());
    arena_.free(e, e->alloc_size(), &s->dram);
    e = next;
  }
  // What the caller needs, if this list holds it, stays in motion as its
  // reservation: it never enters the stash, and the stash's two RMWs (add
  // here, take in reserve) are saved.
  std::int64_t motion = -static_cast<std::int64_t>(list.extents);
  if (reserve != nullptr && *reserve != 0 && released >= *reserve) {
    released -= *reserve;
    motion += static_cast<std::int64_t>(*reserve);
    *reserve = 0;
  }
  // Free first, then out of motion (cache_write.cc: destination before source).
  if (released != 0) {
    if (to_stash)
      s->stash.add(released);
    else
      alloc_.unreserve(released);
  }
  // Release: as every in_motion store (cache_write.cc).
  s->in_motion.store(s->in_motion.load(std::memory_order_relaxed) + motion,
                     std::memory_order_release);
}

std::uint64_t Cache::sweep_limbos(ThreadSlot* s) {
  std::uint64_t freed = 0;
  slots_->for_each([&](ThreadSlot* t) {
    // Relaxed: a hint; the lock below makes the lists consistent.
    if (t->limbo.extents.load(std::memory_order_relaxed) == 0) return;
    freed += reclaim(s, &t->limbo, /*to_stash=*/t == s, /*try_only=*/t != s);
  });
  return freed;
}

// --- statistics ------------------------------------------------------------------

std::uint64_t Cache::sum(Counter c) const {
  std::uint64_t total = 0;
  slots_->for_each([&](const ThreadSlot* s) { total += s->stats.get(c); });
  return total;
}

std::uint64_t Cache::stat(Stat st) {
  if (!added_) return 0;
  switch (st) {
    case Stat::kPut:
      return sum(Counter::kPut);
    case Stat::kGet:
      return sum(Counter::kHit) + sum(Counter::kMiss);
    case Stat::kHit:
      return sum(Counter::kHit);
    case Stat::kMiss:
      return sum(Counter::kMiss);
    case Stat::kEvict:
      return sum(Counter::kEvict);
    case Stat::kEntries: {
      // Removals first, so that puts counted after them are not missed; a
      // removal can still beat its own put's counter, hence the clamp.
      const std::uint64_t removed = sum(Counter::kEvict) + sum(Counter::kReplace);
      const std::uint64_t put = sum(Counter::kPut);
      return put >= removed ? put - removed : 0;
    }
    case Stat::kDram: {
      // Per-slot words hold signed deltas; mid-update the sum can dip below 0.
      const auto dram = static_cast<std::int64_t>(sum(Counter::kDram));
      return dram > 0 ? static_cast<std::uint64_t>(dram) : 0;
    }
    case Stat::kPoolUsed:
    case Stat::kHeapEntries: {
      // Free what no reader can see any more, so that at quiescence both
      // are exact (docs/SEMANTICS.md, "Statistics").
      OpScope op(this);
      if (op.slot() != nullptr) sweep_limbos(op.slot());
      if (st == Stat::kHeapEntries) return alloc_.count_fragments();
      std::uint64_t free_total = alloc_.global_free();
      slots_->for_each([&](const ThreadSlot* s) { free_total += s->stash.count(); });
      const std::uint64_t n = alloc_.extents();
      return (n - std::min(free_total, n)) * extent_size_;
    }
    case Stat::kNum:
      break;
  }
  return 0;
}

Status Cache::shared_writes(vmemcache_shared_writes* out) const {
#if VMC_COUNT_SHARED_WRITES
  if (Status s = check_ready()) return s;
  for (int k = 0; k < VMEMCACHE_OPS_NUM; ++k) out[k] = {0, 0, 0};
  slots_->for_each([&](const ThreadSlot* s) {
    for (int k = 0; k < VMEMCACHE_OPS_NUM; ++k) {
      // Relaxed: statistics (see stats.h).
      out[k].ops += s->shared_writes[k].ops.load(std::memory_order_relaxed);
      out[k].rmw += s->shared_writes[k].rmw.load(std::memory_order_relaxed);
      out[k].stores += s->shared_writes[k].stores.load(std::memory_order_relaxed);
    }
  });
  return 0;
#else
  (void)out;
  return fail(ENOTSUP,
              "this build does not count shared writes (configure with "
              "-DVMC_COUNT_SHARED_WRITES=ON)");
#endif
}

// --- tests and tear-down ------------------------------------------------------------

Recount Cache::recount() {
  Recount rc;
  if (!added_) return rc;
  {
    OpScope op(this);
    if (op.slot() != nullptr) sweep_limbos(op.slot());
  }
  std::vector<std::uint8_t> owner(alloc_.extents(), 0);
  index_.for_each([&](Entry* e) {
    ++rc.entries;
    for (std::uint64_t r = 0; r < e->nruns(); ++r)
      for (std::uint64_t x = e->runs()[r].start(); x < e->runs()[r].start() + e->runs()[r].len();
           ++x) {
        ++rc.used_extents;
        if (owner[x]++ != 0 || alloc_.is_free(x)) rc.overlap = true;
      }
    if (e->in_ring()) ++rc.ring_entries;
  });
  slots_->for_each([&](ThreadSlot* s) {
    LockGuard lock(s->limbo.mu);
    for (const EntryList* l : {&s->limbo.open, &s->limbo.closed})
      for (Entry* e = l->head; e != nullptr; e = e->limbo.next) ++rc.limbo_entries;
  });
  rc.free_bits = alloc_.count_free_bits();
  rc.fragments = alloc_.count_fragments();
  return rc;
}

std::uint64_t Cache::limbo_extents() const {
  std::uint64_t n = 0;
  // Relaxed: a snapshot for tests.
  if (added_)
    slots_->for_each(
        [&](const ThreadSlot* s) { n += s->limbo.extents.load(std::memory_order_relaxed); });
  return n;
}

std::int64_t Cache::teardown_and_count_dram() {
  if (!added_ || torn_down_) return 0;
  torn_down_ = true;
  auto free_entry = [this](Entry* e) { arena_.free(e, e->alloc_size()); };
  index_.for_each(free_entry);
  slots_->for_each([&](ThreadSlot* s) {
    EpochDomain::drain(&s->limbo, [&](EntryList list) {
      for (Entry* e = list.head; e != nullptr;) free_entry(std::exchange(e, e->limbo.next));
    });
  });
  index_.destroy(&arena_);
  alloc_.destroy(&arena_);
  std::int64_t held = arena_.own_bytes();
  slots_->for_each([&](const ThreadSlot* s) { held += s->dram.get(); });
  // Threads that still hold a binding see an expired registry from now on.
  slots_.reset();
  return held;
}

}  // namespace vmc
