// cache_read.cc -- get, visit, exists and handles; see cache.h.
#include <algorithm>
#include <cstring>
#include <new>

#include "cache.h"
#include "cache_ops.h"

namespace vmc {
namespace {

// Pieces a visit passes from its stack; a value in more runs (a fragmented
// pool) takes one allocation for its list.
constexpr std::size_t kStackPieces = 16;

}  // namespace

struct Cache::Handle {
  Cache* cache;
  Entry* e;
  ThreadSlot* owner;  // the acquiring thread's slot, whose handle count it is in
  std::size_t npieces;
  vmemcache_piece pieces[1];  // npieces of them (at least one allocated)

  static std::size_t alloc_size(std::size_t n) {
    return sizeof(Handle) + (n > 1 ? n - 1 : 0) * sizeof(vmemcache_piece);
  }
};

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

// The index's prefetch hint (index.h) for an entry: where its value starts
// in the pool, and a tag of its key's hash, so that a look-up of another
// key (a miss, or a chain whose head is another key) fetches nothing: in a
// small pool that would pull lines other threads are writing.  The tag is
// the hash's top bits; the bucket index uses its low ones.  A value beyond
// the first 256 TiB of the pool gets no hint.
struct ValueHint {
  using Offset = BitField<std::uint64_t, 0, 48>;
  using Tag = BitField<std::uint64_t, 48, 16>;
  static std::uint64_t tag(std::uint64_t hash) { return hash >> 48; }
};

std::uint64_t Cache::value_hint(const Entry* e, std::uint64_t hash) const {
  const std::uint64_t offset = e->runs()[0].start() * extent_size_;
  if (offset > ValueHint::Offset::kMax) return 0;
  return ValueHint::Offset::make(offset) | ValueHint::Tag::make(ValueHint::tag(hash));
}

// Starts fetching the value the bucket of `hash` names, if its tag is this
// hash's, so that its first miss (and its page walk) overlaps the entry's.
// One line: the copy's own loads fetch the rest together, and 1, 2, 4, 8
// and 32 lines gave the same gain on uniform hits, while each line more
// slows a hot key's get, whose lines are all cached (papers/report.md).
// Any hint is safe: it names a pool line, and a prefetch never faults.
void Cache::prefetch_value(std::uint64_t hash) const {
  if (!VMC_VALUE_HINT) return;  // no hints in this build (index.h)
  const std::uint64_t hint = index_.hint(hash);
  if (ValueHint::Tag::get(hint) == ValueHint::tag(hash))
    __builtin_prefetch(pool_.base() + ValueHint::Offset::get(hint));
}

// Fills out[0..] with e's pieces; returns their number (e->nruns(), or 0
// for an empty value).  REQUIRES: out holds e->nruns().
static std::size_t pieces_of(const Entry* e, const char* base, std::size_t extent_size,
                             vmemcache_piece* out) {
  std::size_t left = e->value_size(), n = 0;
  for (std::uint64_t r = 0; r < e->nruns() && left > 0; ++r) {
    const std::size_t len = std::min<std::size_t>(left, e->runs()[r].len() * extent_size);
    out[n++] = {base + e->runs()[r].start() * extent_size, len};
    left -= len;
  }
  return n;
}

Status Cache::get(const void* key, std::size_t key_size, void* vbuf, std::size_t vbufsize,
                  std::size_t offset, std::size_t* vsize, std::size_t* copied) {
  if (Status st = check_ready()) return st;
  OpScope op(this);
  ThreadSlot* s = op.slot();
  if (s == nullptr) return errno;
  const std::uint64_t hash = hash_key(key, key_size);
  Entry* held = nullptr;  // a large value, copied under a reference
  {
    Pinned pin(s);
    prefetch_value(hash);
    Entry* e = index_.find(key, static_cast<std::uint32_t>(key_size), hash);
    if (e != nullptr) {
      op.count_as(VMEMCACHE_OP_GET_HIT);
      ClockRing::touch(e);
      const std::size_t vs = e->value_size();
      if (vsize != nullptr) *vsize = vs;
      const std::size_t n = vbuf == nullptr || offset >= vs ? 0 : std::min(vbufsize, vs - offset);
      if (n <= kMaxPinnedCopy || !e->try_ref()) {
        *copied = copy_out(e, vbuf, vbufsize, offset);
#if VMEMCACHE_INJECT_BUG != 3
        s->stats.add(Counter::kHit);
#endif
        return 0;
      }
      held = e;
    }
  }
  if (held != nullptr) {
    *copied = copy_out(held, vbuf, vbufsize, offset);
    unref(s, held);
    reclaim(s, &s->limbo, /*to_stash=*/true);
#if VMEMCACHE_INJECT_BUG != 3
    s->stats.add(Counter::kHit);
#endif
    return 0;
  }
  op.count_as(VMEMCACHE_OP_GET_MISS);
  s->stats.add(Counter::kMiss);
  if (on_miss_ != nullptr) {
    PendingMiss m{this, key, key_size, vbuf, vbufsize, offset, vsize, tls_pending_miss};
    {
      FrameScope<PendingMiss> scope(&tls_pending_miss, &m);
      call_user("on_miss", [&] { on_miss_(handle_, key, key_size, on_miss_arg_); });
    }
    if (m.answered) {
      *copied = m.copied;
      return 0;
    }
  }
  return fail_static(ENOENT, "no entry with this key");
}

Status Cache::visit(const void* key, std::size_t key_size, vmemcache_visitor* fn, void* arg) {
  if (Status st = check_ready()) return st;
  OpScope op(this);
  ThreadSlot* s = op.slot();
  if (s == nullptr) return errno;
  Pinned pin(s);
  const std::uint64_t hash = hash_key(key, key_size);
  prefetch_value(hash);
  Entry* e = index_.find(key, static_cast<std::uint32_t>(key_size), hash);
  if (e == nullptr) {
    op.count_as(VMEMCACHE_OP_GET_MISS);
    s->stats.add(Counter::kMiss);
    return fail_static(ENOENT, "no entry with this key");
  }
  op.count_as(VMEMCACHE_OP_GET_HIT);
  ClockRing::touch(e);
  s->stats.add(Counter::kHit);
  vmemcache_piece stack[kStackPieces];
  std::unique_ptr<vmemcache_piece[]> heap;
  vmemcache_piece* pieces = stack;
  if (e->nruns() > kStackPieces) {
    heap.reset(fault::fail_now(fault::Site::kVisitPieces) ? nullptr
                                                          : new (std::nothrow)
                                                                vmemcache_piece[e->nruns()]);
    if (heap == nullptr)
      return fail(ENOMEM, "cannot list the %llu pieces of a value",
                  static_cast<unsigned long long>(e->nruns()));
    pieces = heap.get();
  }
  const std::size_t n = pieces_of(e, pool_.base(), extent_size_, pieces);
  call_user("visit", [&] { fn(pieces, n, e->value_size(), arg); });
  return 0;
}

int Cache::exists(const void* key, std::size_t key_size, std::size_t* vsize) {
  if (Status st = check_ready()) return c_error(st);
  OpScope op(this);
  ThreadSlot* s = op.slot();
  if (s == nullptr) return -1;
  Pinned pin(s);
  Entry* e = index_.find(key, static_cast<std::uint32_t>(key_size), hash_key(key, key_size));
  if (e == nullptr) return 0;
  if (vsize != nullptr) *vsize = e->value_size();
  return 1;
}

Cache::Handle* Cache::handle_get(const void* key, std::size_t key_size) {
  if (Status st = check_ready()) return c_error(st), nullptr;
  OpScope op(this);
  ThreadSlot* s = op.slot();
  if (s == nullptr) return nullptr;
  Handle* h = nullptr;
  {
    Pinned pin(s);
    Entry* e = index_.find(key, static_cast<std::uint32_t>(key_size), hash_key(key, key_size));
    if (e != nullptr && !e->try_ref()) {
      // No reference left: it is being retired, i.e. already unlinked.
      if (EntryState::Refs::get(e->state.load(std::memory_order_relaxed)) != 0) {
        s->stats.add(Counter::kHit);
        c_error(
            fail(EAGAIN, "%u handles on one entry at once is the most", EntryState::kMaxRefs - 1));
        return nullptr;
      }
      e = nullptr;
    }
    if (e == nullptr) {
      s->stats.add(Counter::kMiss);
      c_error(fail_static(ENOENT, "no entry with this key"));
      return nullptr;
    }
    ClockRing::touch(e);
    s->stats.add(Counter::kHit);
    const std::size_t np = std::max<std::size_t>(e->nruns(), 1);
    h = fault::fail_now(fault::Site::kHandle)
            ? nullptr
            : static_cast<Handle*>(::operator new(Handle::alloc_size(np), std::nothrow));
    if (h == nullptr) {
      unref(s, e);
      c_error(fail(ENOMEM, "cannot allocate a handle"));
      return nullptr;
    }
    h->cache = this;
    h->e = e;
    h->owner = s;
    h->npieces = pieces_of(e, pool_.base(), extent_size_, h->pieces);
  }
  // Relaxed: a count read only as a hint (make_room).
  s->handles.fetch_add(1, std::memory_order_relaxed);
  return h;
}

void Cache::handle_release(Handle* h) {
  OpScope op(this);
  ThreadSlot* s = op.slot();
  // Relaxed: as in handle_get.
  h->owner->handles.fetch_sub(1, std::memory_order_relaxed);
  if (s != nullptr) {
    unref(s, h->e);
    reclaim(s, &s->limbo, /*to_stash=*/true);
  } else if (h->e->unref()) {
    // No slot for this thread (out of memory): retire into the acquirer's
    // limbo, which is guarded; its owner reclaims it later.
    retire(h->owner, h->e);
  }
  ::operator delete(h);
}

void Cache::release(Handle* h) { h->cache->handle_release(h); }

const vmemcache_piece* Cache::handle_pieces(const Handle* h, std::size_t* n) {
  *n = h->npieces;
  return h->pieces;
}

std::size_t Cache::handle_value_size(const Handle* h) { return h->e->value_size(); }

}  // namespace vmc
