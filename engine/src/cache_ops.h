// cache_ops.h -- helpers shared by the files that implement Cache's
// operations (cache.cc, cache_write.cc, cache_read.cc).  Internal.
//
// Callback rule (docs/SEMANTICS.md, "Callbacks"): user code (on_evict,
// on_miss, a visit function) never runs pinned, except the visit function,
// and never with a lock held.  An exception that escapes it is caught at
// the call site (call_user): the operation completes as if the callback had
// returned, its result is unchanged, and vmemcache_errormsg() names the
// callback.  Thread cancellation (a forced unwind) is let through,
// after the operation's bookkeeping ran in destructors.
#ifndef VMC_CACHE_OPS_H
#define VMC_CACHE_OPS_H

#include <cstring>
#include <exception>
#include <memory>
#include <new>

#include "cache.h"
#include "fault.h"

namespace vmc {

// The calling thread's slot for one operation, and that operation's row in
// the shared-write budget (shared_writes.h).
class Cache::OpScope {
 public:
  explicit OpScope(Cache* c) : ref_(c->slots_->mine()) {
#if VMC_COUNT_SHARED_WRITES
    start_ = tls_shared_writes;
#endif
  }
  ~OpScope() {
#if VMC_COUNT_SHARED_WRITES
    if (ref_ && kind_ >= 0) {
      auto& row = ref_->shared_writes[kind_];
      // Relaxed, owner-only: statistics (see stats.h).
      auto bump = [](std::atomic<std::uint64_t>& w, std::uint64_t d) {
        w.store(w.load(std::memory_order_relaxed) + d, std::memory_order_relaxed);
      };
      bump(row.ops, 1);
      bump(row.rmw, tls_shared_writes.rmw - start_.rmw);
      bump(row.stores, tls_shared_writes.stores - start_.stores);
    }
#endif
  }
  OpScope(const OpScope&) = delete;
  OpScope& operator=(const OpScope&) = delete;

  ThreadSlot* slot() const { return ref_.get(); }
  // Which row of the budget this operation counts in (default: none).
  void count_as([[maybe_unused]] vmemcache_op kind) {
#if VMC_COUNT_SHARED_WRITES
    kind_ = static_cast<int>(kind);
#endif
  }

 private:
  SlotRef ref_;
#if VMC_COUNT_SHARED_WRITES
  SharedWrites start_;
  int kind_ = -1;
#endif
};

// A pinned region of the epoch domain (see epoch.h).
class Cache::Pinned {
 public:
  explicit Pinned(ThreadSlot* s) : rec_(&s->epoch) { EpochDomain::pin(rec_); }
  ~Pinned() { EpochDomain::unpin(rec_); }
  Pinned(const Pinned&) = delete;
  Pinned& operator=(const Pinned&) = delete;

 private:
  EpochRecord* rec_;
};

// A copy of a caller's key, made before any user code can run (an on_evict
// may rewrite the caller's buffer), so hash, compare and store agree.
class KeyCopy {
 public:
  Status init(const void* key, std::size_t n) {
    n_ = n;
    char* dst = small_;
    if (n > sizeof(small_)) {
      big_.reset(fault::fail_now(fault::Site::kKeyCopy) ? nullptr : new (std::nothrow) char[n]);
      if (big_ == nullptr) return fail(ENOMEM, "cannot copy a %zu-byte key", n);
      dst = big_.get();
    }
    if (n != 0) std::memcpy(dst, key, n);
    p_ = dst;
    return 0;
  }
  const char* data() const { return p_; }
  std::size_t size() const { return n_; }

 private:
  char small_[64];
  std::unique_ptr<char[]> big_;
  const char* p_ = small_;
  std::size_t n_ = 0;
};

// Runs user code; see the file comment.  A forced unwind is no C++
// exception: std::current_exception() is empty for it (and for any other
// foreign exception), and those are let through.  It is not caught by name:
// a handler of abi::__forced_unwind& binds a reference to no object, which
// UBSan reports and stops at.
template <typename F>
void call_user(const char* what, F&& f) {
  try {
    f();
  } catch (...) {
    if (!std::current_exception()) throw;
    note(
        "the %s callback exited with an exception; it was discarded and the operation "
        "completed as if the callback had returned",
        what);
  }
}

// A get on this thread whose miss called on_miss: the first put of the same
// key called during the callback answers it (docs/SEMANTICS.md, "Get").
struct PendingMiss {
  const Cache* cache;
  const void* key;
  std::size_t key_size;
  void* vbuf;  // the get's arguments
  std::size_t vbufsize;
  std::size_t offset;
  std::size_t* vsize;
  PendingMiss* outer;
  bool claimed = false;  // a put of the key has started; it answers when it ends
  bool answered = false;
  std::size_t copied = 0;
};
// Innermost first.  Trivially destructible (no thread-exit registration).
// Initial-exec, as every thread_local of the library: a put reads it, and
// the general model's __tls_get_addr call per access was 1.6% of an
// evicting put (the library's TLS block is in static TLS anyway, since
// slots.h's tls_last is initial-exec).
[[gnu::tls_model("initial-exec")]] inline thread_local PendingMiss* tls_pending_miss = nullptr;

// Entries whose on_evict is running on this thread (innermost first): an
// evict of one of them from inside its own callback must not wait for itself.
struct Evicting {
  const Entry* e;
  Evicting* outer;
};
[[gnu::tls_model("initial-exec")]] inline thread_local Evicting* tls_evicting = nullptr;

// Pushes a frame for the scope of an object (exception-safe).
template <typename Frame>
class FrameScope {
 public:
  FrameScope(Frame** top, Frame* f) : top_(top), f_(f) { *top_ = f_; }
  ~FrameScope() { *top_ = f_->outer; }
  FrameScope(const FrameScope&) = delete;
  FrameScope& operator=(const FrameScope&) = delete;

 private:
  Frame** top_;
  Frame* f_;
};

}  // namespace vmc

#endif  // VMC_CACHE_OPS_H
