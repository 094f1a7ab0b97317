// slots.cc -- see slots.h.
#include "slots.h"

#include <algorithm>

#include "errors.h"

namespace vmc {
namespace {

// Unique per cache for the life of the process, so a thread_local binding to
// a deleted cache can never match a new one allocated at the same address.
// Relaxed: uniqueness needs only atomicity.
std::atomic<std::uint64_t> next_cache_id{1};

struct Binding {
  std::uint64_t cache_id;
  ThreadSlot* slot;
  std::weak_ptr<SlotRegistry> registry;
};

// The hot path's one-entry cache in front of tls_bindings: trivially
// constructed and destroyed, and initial-exec, so reading it is one load
// from the thread pointer -- no __tls_get_addr call, no init guard (a few
// bytes of static TLS, well within what glibc reserves for dlopen'ed
// libraries).
struct LastBinding {
  std::uint64_t cache_id;
  ThreadSlot* slot;
};
[[gnu::tls_model("initial-exec")]] thread_local LastBinding tls_last{0, nullptr};
// Set once this thread's bindings are destroyed (thread exit): a later call
// (from another thread_local's destructor) must not touch them, nor use a
// slot that was given back.
[[gnu::tls_model("initial-exec")]] thread_local bool tls_bindings_gone = false;

class ThreadBindings {
 public:
  ~ThreadBindings() {
    for (Binding& b : all_)
      if (auto r = b.registry.lock()) r->release(b.slot);
    tls_last = {0, nullptr};
    tls_bindings_gone = true;
  }
  ThreadSlot* find(std::uint64_t id) const {
    for (const Binding& b : all_)
      if (b.cache_id == id) return b.slot;
    return nullptr;
  }
  void add(std::uint64_t id, ThreadSlot* s, std::weak_ptr<SlotRegistry> r) {
    // Forget caches that were deleted, so the table stays as small as the
    // set of live caches this thread uses.
    std::erase_if(all_, [](const Binding& b) { return b.registry.expired(); });
    all_.push_back({id, s, std::move(r)});
  }

 private:
  std::vector<Binding> all_;
};

thread_local ThreadBindings tls_bindings;

}  // namespace

SlotRegistry::SlotRegistry(std::uint64_t n_extents, DramArena* arena)
    : id_(next_cache_id.fetch_add(1, std::memory_order_relaxed)),
      n_extents_(n_extents),
      arena_(arena) {}

SlotRegistry::~SlotRegistry() {
  for (std::uint32_t i = 0; i < count(); ++i) delete at(i);
}

ThreadSlot* SlotRegistry::mine() {
  if (tls_last.cache_id == id_) return tls_last.slot;
  if (tls_bindings_gone) {
    // The thread is exiting and its bindings are gone: take a slot for the
    // rest of its life and never give it back (it is freed with the cache).
    ThreadSlot* s = acquire();
    if (s != nullptr) tls_last = {id_, s};
    return s;
  }
  ThreadSlot* s = tls_bindings.find(id_);
  if (s == nullptr) {
    s = acquire();
    if (s == nullptr) return nullptr;
    tls_bindings.add(id_, s, weak_from_this());
  }
  tls_last = {id_, s};
  return s;
}

ThreadSlot* SlotRegistry::acquire() {
  // Adopt a slot a finished thread gave back.
  const std::uint32_t n = count();
  for (std::uint32_t i = 0; i < n; ++i) {
    ThreadSlot* s = at(i);
    bool free_slot = false;
    // Acquire: the previous owner's writes to the slot (limbo, cursor,
    // counters) happen before ours.
    if (!s->in_use.load(std::memory_order_relaxed) &&
        s->in_use.compare_exchange_strong(free_slot, true, std::memory_order_acquire))
      return s;
  }
  std::lock_guard<std::mutex> lock(create_mu_);
  const std::uint32_t i = count_.load(std::memory_order_relaxed);
  if (i == kMaxSlots) {
    fail(EAGAIN, "too many threads use this cache at once (at most %u)", kMaxSlots);
    return nullptr;
  }
  auto* s = new (std::nothrow) ThreadSlot;
  if (s == nullptr) {
    fail(ENOMEM, "cannot allocate a thread slot");
    return nullptr;
  }
  if (Status st = arena_->tcache_create(&s->tcache)) {
    delete s;
    (void)st;
    return nullptr;
  }
  s->id = i;
  s->rr = i;
  // Threads start allocating at different places so that their next-fit
  // scans rarely contend on one bitmap word; the first starts at 0, as
  // docs/SEMANTICS.md says.  (Golden-ratio spacing spreads any count.)
  s->cursor = i == 0 ? 0
                     : static_cast<std::uint64_t>(
                           (static_cast<unsigned __int128>(i * 0x9E3779B97F4A7C15ull) * n_extents_) >> 64);
  s->in_use.store(true, std::memory_order_relaxed);
  // Release: the slot's contents are complete before others can see it.
  slots_[i].store(s, std::memory_order_release);
  count_.store(i + 1, std::memory_order_release);
  return s;
}

}  // namespace vmc
