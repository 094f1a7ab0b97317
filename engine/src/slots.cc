// slots.cc -- see slots.h.
#include "slots.h"

#include <pthread.h>

#include <algorithm>
#include <new>

#include "errors.h"
#include "fault.h"

namespace vmc {
namespace {

// Unique per cache for the life of the process, so a binding to a deleted
// cache can never match a new one allocated at the same address.
// Relaxed: uniqueness needs only atomicity.
std::atomic<std::uint64_t> next_cache_id{1};

struct Binding {
  std::uint64_t cache_id;
  ThreadSlot* slot;
  std::weak_ptr<SlotRegistry> registry;
};

// One thread's bindings (heap-allocated; see slots.h for why).
struct ThreadBindings {
  std::vector<Binding> all;
};

// The table (trivially destructible, initial-exec; detail::tls_last, in
// slots.h, caches its last hit).
using detail::tls_last;
[[gnu::tls_model("initial-exec")]] thread_local ThreadBindings* tls_bindings = nullptr;
// Set once this thread's bindings were given back (thread exit): later
// calls borrow a slot per call.
[[gnu::tls_model("initial-exec")]] thread_local bool tls_exiting = false;

void give_back_bindings(void* p) {
  auto* t = static_cast<ThreadBindings*>(p);
  for (Binding& b : t->all)
    if (auto r = b.registry.lock()) r->release(b.slot);
  delete t;
  tls_bindings = nullptr;
  tls_last = {0, nullptr};
  tls_exiting = true;
}

pthread_key_t bindings_key;
bool bindings_key_ok = false;
pthread_once_t bindings_once = PTHREAD_ONCE_INIT;

// The thread's table, created and registered for thread exit on first use;
// nullptr if that is impossible (no memory, no key).
ThreadBindings* thread_bindings() {
  if (tls_bindings != nullptr) return tls_bindings;
  pthread_once(&bindings_once, [] {
    bindings_key_ok = pthread_key_create(&bindings_key, give_back_bindings) == 0;
  });
  if (!bindings_key_ok) return nullptr;
  auto* t =
      fault::fail_now(fault::Site::kThreadTable) ? nullptr : new (std::nothrow) ThreadBindings;
  if (t == nullptr) return nullptr;
  if (pthread_setspecific(bindings_key, t) != 0) {
    delete t;
    return nullptr;
  }
  tls_bindings = t;
  return t;
}

}  // namespace

SlotRegistry::SlotRegistry(std::uint64_t n_extents)
    : id_(next_cache_id.fetch_add(1, std::memory_order_relaxed)), n_extents_(n_extents) {}

SlotRegistry::~SlotRegistry() {
  for (ThreadSlot* s = head(); s != nullptr;) delete std::exchange(s, s->next);
  for (auto* chunk : by_ring_) delete[] chunk;
}

SlotRef SlotRegistry::mine_slow() {
  ThreadBindings* t = tls_exiting ? nullptr : thread_bindings();
  if (t != nullptr) {
    for (const Binding& b : t->all)
      if (b.cache_id == id_) {
        tls_last = {id_, b.slot};
        return {b.slot, nullptr};
      }
  }
  ThreadSlot* s = acquire();
  if (s == nullptr) return {};
  if (t == nullptr) return {s, this};  // borrowed for this call
  try {
    // Forget caches that were deleted, so the table stays as small as the
    // set of live caches this thread uses.
    std::erase_if(t->all, [](const Binding& b) { return b.registry.expired(); });
    fault::throw_if_failing(fault::Site::kBinding);
    t->all.push_back({id_, s, weak_from_this()});
  } catch (const std::bad_alloc&) {
    return {s, this};
  }
  tls_last = {id_, s};
  return {s, nullptr};
}

ThreadSlot* SlotRegistry::ring_owner(std::uint32_t id) const {
  VMC_DCHECK(id < kRingIds && by_ring_[id / kChunk] != nullptr);
  // Acquire: the chunk and the slot were complete before their publication.
  return by_ring_[id / kChunk][id % kChunk].load(std::memory_order_acquire);
}

ThreadSlot* SlotRegistry::acquire() {
  // Adopt a slot a finished thread gave back -- if there may be one (a
  // hint: with every slot in use, threads arriving do not scan them all).
  for (ThreadSlot* s = active() < count() ? head() : nullptr; s != nullptr; s = s->next) {
    bool free_slot = false;
    // Acquire: the previous owner's writes to the slot (limbo, cursor,
    // counters) happen before ours.
    if (!s->in_use.load(std::memory_order_relaxed) &&
        s->in_use.compare_exchange_strong(free_slot, true, std::memory_order_acquire)) {
      active_.fetch_add(1, std::memory_order_relaxed);
      return s;
    }
  }
  std::lock_guard<std::mutex> lock(create_mu_);
  ThreadSlot* s = create();
  if (s != nullptr) active_.fetch_add(1, std::memory_order_relaxed);
  return s;
}

void SlotRegistry::release(ThreadSlot* s) {
  VMC_DCHECK(s->in_use.load(std::memory_order_relaxed) && !EpochDomain::pinned(&s->epoch));
  active_.fetch_sub(1, std::memory_order_relaxed);
  // Release: our writes to the slot happen before its next owner's.
  s->in_use.store(false, std::memory_order_release);
}

ThreadSlot* SlotRegistry::create() {
  const std::uint32_t i = count_.load(std::memory_order_relaxed);
  // (The chunk may exist already: a previous create() of this id failed.)
  if (i < kRingIds && by_ring_[i / kChunk] == nullptr) {
    auto* chunk = fault::fail_now(fault::Site::kSlotChunk) ? nullptr
                                                           : new (std::nothrow)
                                                                 std::atomic<ThreadSlot*>[kChunk];
    if (chunk == nullptr) {
      fail(ENOMEM, "cannot allocate a thread slot table");
      return nullptr;
    }
    for (std::uint32_t j = 0; j < kChunk; ++j) chunk[j].store(nullptr, std::memory_order_relaxed);
    by_ring_[i / kChunk] = chunk;
  }
  auto* s = fault::fail_now(fault::Site::kSlot) ? nullptr : new (std::nothrow) ThreadSlot;
  if (s == nullptr) {
    fail(ENOMEM, "cannot allocate a thread slot");
    return nullptr;
  }
  s->id = i;
  s->ring = i < kRingIds ? &s->own_ring : &ring_owner(i % kRingIds)->own_ring;
  // Threads start allocating at different places so that their next-fit
  // scans rarely contend on one bitmap word; the first starts at 0, as
  // docs/SEMANTICS.md says.  (Golden-ratio spacing spreads any count.)
  s->cursor =
      i == 0 ? 0
             : static_cast<std::uint64_t>(
                   (static_cast<unsigned __int128>(i * 0x9E3779B97F4A7C15ull) * n_extents_) >> 64);
  s->in_use.store(true, std::memory_order_relaxed);
  s->next = head_.load(std::memory_order_relaxed);
  s->rr = s;
  if (i < kRingIds) by_ring_[i / kChunk][i % kChunk].store(s, std::memory_order_release);
  // Release: the slot's contents are complete before others can see it.
  head_.store(s, std::memory_order_release);
  count_.store(i + 1, std::memory_order_relaxed);
  return s;
}

}  // namespace vmc
