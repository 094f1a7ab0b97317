// vmemcache.hpp -- the C++20 API of vmemcache, header-only over the C API
// (libvmemcache.h and the extensions in libvmemcache_ext.h), so the ABI
// stays the C one.
//
//   auto cache = vmemc::Cache::create({.path = "/dev/shm", .size = 64 << 20}).value();
//   cache.put("key", "value").value();              // throws std::system_error on failure
//   std::string v = cache.get("key").value();        // the whole value
//   if (auto r = cache.get("nope"); !r) std::cerr << r.error().message << '\n';
//   cache.visit("key", [](vmemc::Pieces p) { ... });   // zero-copy read
//
// Errors.  Every operation that can fail returns a Result<T> (Result<void>
// is Status): an expected-like value-or-Error, [[nodiscard]].  An Error
// carries the errno value as a std::error_code (generic category) and the
// library's message (vmemcache_errormsg()) taken at the time of failure;
// Result::value() throws it as a std::system_error.  The errno values are
// the C API's, listed in libvmemcache(3).
//
// Threads.  Like the C API: put, insert_or_assign, get, visit, acquire,
// exists, evict, stat and stats may run on any number of threads at once;
// create, the callback setters, moving and destroying a Cache are set-up and
// tear-down, with no operation running.
//
// Callbacks.  on_evict(f) and on_miss(f) take any callable:
//   on_evict: f(std::string_view key, std::size_t value_size)
//             or f(vmemc::Cache&, std::string_view key, std::size_t value_size)
//   on_miss:  f(std::string_view key)  or  f(vmemc::Cache&, std::string_view key)
// Lifetime: the callable (copy-constructible: it is held in a
// std::function) is moved into the Cache and lives until it is
// replaced, cleared (nullptr) or the Cache is destroyed; moving the Cache
// moves it along, and the Cache& it receives is the Cache where it lives
// now.  It runs on the thread whose operation caused the eviction or the
// miss, possibly on several threads at once, so it must be safe to call
// concurrently.  The key view is valid only during the call.  It may call
// the cache's operations (the C API's nesting rules apply).
//
// Exceptions from callbacks never cross the C library.  The trampoline
// catches an exception, the library finishes the operation as if the
// callback had returned normally, and the C++ call that triggered it (put,
// insert_or_assign, get, evict, evict_one) rethrows the first exception it
// caught once the C call has returned: the operation's effects stand (a put
// that evicted is stored, the evicted entry is gone), only its result is
// replaced by the exception.  Nested calls (a callback calling the cache)
// have their own scope: the innermost C++ call running on that thread gets
// the exception; if it lets it propagate, the callback around it throws in
// turn and the next outer call gets it.  A callback that throws while no
// C++ call is running on its thread (a C call made through native_handle())
// is treated as the C library treats any callback's exception: discarded,
// the operation completes, and vmemcache_errormsg() says so.  visit(key, fn)
// treats fn the same way: an exception from fn is rethrown by visit.  A
// callback or fn that ends its thread (pthread_exit, cancellation) is no
// exception: it passes through, after the operation's bookkeeping.
//
// Keys are byte strings (any bytes, any length up to 2^24 - 1); an empty
// std::string_view{} is the empty key "" (never a NULL key).
#ifndef VMEMCACHE_HPP
#define VMEMCACHE_HPP

#include <libvmemcache.h>
#include <libvmemcache_ext.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <concepts>
#include <cstddef>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace vmemc {

class Cache;

// A failed call: errno as a std::error_code, and the library's message.
struct Error {
  std::error_code code;
  std::string message;  // vmemcache_errormsg() at the time of failure

  // The calling thread's last C API error.  REQUIRES: called right after the
  // failing C call, before anything else can change errno.
  static Error last() {
    int e = errno;
    return {std::error_code(e, std::generic_category()), vmemcache_errormsg()};
  }
};

// Thrown by Result::value() on an error.
[[noreturn]] inline void throw_error(const Error& e) { throw std::system_error(e.code, e.message); }

// A T or an Error (std::expected is C++23).
template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  Result(const T& v) : v_(std::in_place_index<0>, v) {}
  Result(T&& v) : v_(std::in_place_index<0>, std::move(v)) {}
  Result(Error e) : v_(std::in_place_index<1>, std::move(e)) {}

  [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
  [[nodiscard]] explicit operator bool() const noexcept { return has_value(); }

  // The value; throws std::system_error(error().code, error().message).
  [[nodiscard]] T& value() & { return check(), std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return check(), std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return check(), std::get<0>(std::move(v_)); }
  template <typename U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }
  template <typename U>
  [[nodiscard]] T value_or(U&& fallback) && {
    return has_value() ? std::get<0>(std::move(v_)) : static_cast<T>(std::forward<U>(fallback));
  }

  // REQUIRES: !has_value() (as for std::expected; checked by assert).
  [[nodiscard]] const Error& error() const& { return assert(!has_value()), std::get<1>(v_); }

  // REQUIRES: has_value() (unchecked in NDEBUG builds, as for std::expected).
  [[nodiscard]] T& operator*() & { return assert(has_value()), *std::get_if<0>(&v_); }
  [[nodiscard]] const T& operator*() const& { return assert(has_value()), *std::get_if<0>(&v_); }
  [[nodiscard]] T&& operator*() && { return assert(has_value()), std::move(*std::get_if<0>(&v_)); }
  [[nodiscard]] T* operator->() { return assert(has_value()), std::get_if<0>(&v_); }
  [[nodiscard]] const T* operator->() const { return assert(has_value()), std::get_if<0>(&v_); }

 private:
  void check() const {
    if (!has_value()) throw_error(std::get<1>(v_));
  }
  std::variant<T, Error> v_;
};

// Success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  Result() = default;
  Result(Error e) : e_(std::move(e)) {}

  [[nodiscard]] bool has_value() const noexcept { return !e_.has_value(); }
  [[nodiscard]] explicit operator bool() const noexcept { return has_value(); }
  // Throws std::system_error on an error; does nothing on success.
  void value() const {
    if (e_) throw_error(*e_);
  }
  // REQUIRES: !has_value().
  [[nodiscard]] const Error& error() const& { return assert(!has_value()), *e_; }

 private:
  std::optional<Error> e_;
};
using Status = Result<void>;

// The pieces of one value, in order, straight from the pool: a range of
// std::span<const std::byte>.  Valid only as long as what produced it (the
// visit callback's call, or the Handle).
class Pieces {
 public:
  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = std::span<const std::byte>;
    using difference_type = std::ptrdiff_t;
    using reference = value_type;
    iterator() = default;
    explicit iterator(const vmemcache_piece* p) : p_(p) {}
    value_type operator*() const { return {static_cast<const std::byte*>(p_->data), p_->size}; }
    value_type operator[](difference_type i) const { return *(*this + i); }
    iterator& operator++() { return ++p_, *this; }
    iterator operator++(int) { return iterator(p_++); }
    iterator& operator--() { return --p_, *this; }
    iterator operator--(int) { return iterator(p_--); }
    iterator& operator+=(difference_type n) { return p_ += n, *this; }
    iterator& operator-=(difference_type n) { return p_ -= n, *this; }
    friend iterator operator+(iterator i, difference_type n) { return i += n; }
    friend iterator operator+(difference_type n, iterator i) { return i += n; }
    friend iterator operator-(iterator i, difference_type n) { return i -= n; }
    friend difference_type operator-(iterator a, iterator b) { return a.p_ - b.p_; }
    friend bool operator==(iterator a, iterator b) = default;
    friend auto operator<=>(iterator a, iterator b) = default;

   private:
    const vmemcache_piece* p_ = nullptr;
  };

  Pieces() = default;
  Pieces(const vmemcache_piece* p, std::size_t n, std::size_t value_size)
      : p_(p), n_(n), value_size_(value_size) {}
  [[nodiscard]] iterator begin() const { return iterator(p_); }
  [[nodiscard]] iterator end() const { return iterator(p_ + n_); }
  [[nodiscard]] std::size_t size() const { return n_; }  // number of pieces
  [[nodiscard]] bool empty() const { return n_ == 0; }
  [[nodiscard]] std::span<const std::byte> operator[](std::size_t i) const { return begin()[i]; }
  [[nodiscard]] std::size_t value_size() const { return value_size_; }  // sum of the pieces' sizes

  // A copy of the whole value, e.g. to_container<std::string>().
  template <typename Container>
  [[nodiscard]] Container to_container() const {
    Container out;
    out.resize(value_size_);
    auto* dst = reinterpret_cast<std::byte*>(out.data());
    for (auto piece : *this) dst = std::copy(piece.begin(), piece.end(), dst);
    return out;
  }

 private:
  const vmemcache_piece* p_ = nullptr;
  std::size_t n_ = 0;
  std::size_t value_size_ = 0;
};
static_assert(std::random_access_iterator<Pieces::iterator>);

// Keeps one value readable after the call that acquired it returned (to
// hand it to I/O, say), without holding up the rest of the cache: the entry
// may be evicted or replaced meanwhile, but its space is not reused until
// the Handle is released.  Move-only; released by its destructor or reset().
// Any thread may release it.  REQUIRES: released before its Cache is
// destroyed.  Cost (libvmemcache(3)): one atomic read-modify-write on the
// entry to acquire and one to release, and one small allocation.
class Handle {
 public:
  Handle() = default;
  Handle(Handle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, nullptr);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  [[nodiscard]] explicit operator bool() const noexcept { return h_ != nullptr; }
  // REQUIRES: *this holds a value (not moved-from, not reset).
  [[nodiscard]] Pieces pieces() const {
    assert(h_ != nullptr);
    std::size_t n = 0;
    const vmemcache_piece* p = vmemcache_handle_pieces(h_, &n);
    return {p, n, vmemcache_handle_value_size(h_)};
  }
  [[nodiscard]] std::size_t value_size() const {
    assert(h_ != nullptr);
    return vmemcache_handle_value_size(h_);
  }
  // Releases the value now; the Handle becomes empty.
  void reset() noexcept {
    if (h_ != nullptr) vmemcache_handle_release(std::exchange(h_, nullptr));
  }

 private:
  friend class Cache;
  explicit Handle(vmemcache_handle* h) : h_(h) {}
  vmemcache_handle* h_ = nullptr;
};

// Bytes copied by get(key, span, offset) and the value's full size.
struct Read {
  std::size_t copied;
  std::size_t value_size;
  friend bool operator==(const Read&, const Read&) = default;
};

// All the statistics at once (see libvmemcache(3) for each one's meaning).
struct Stats {
  unsigned long long put, get, hit, miss, evict, entries, dram_size_used, pool_size_used,
      heap_entries;
};

struct Config {
  const char* path = "/dev/shm";  // a directory, or a /dev/dax device
  std::size_t size = 0;           // 0: 1 MiB for a directory, the whole DAX device
  std::size_t extent_size = VMEMCACHE_MIN_EXTENT;
  vmemcache_repl_p policy = VMEMCACHE_REPLACEMENT_LRU;
};

namespace detail {

// A container get() can fill: contiguous, resizable, of byte-sized elements.
template <typename C>
concept ByteContainer = requires(C c, std::size_t n) {
  { c.data() } -> std::convertible_to<const void*>;
  { c.size() } -> std::convertible_to<std::size_t>;
  c.resize(n);
}
&&sizeof(typename C::value_type) == 1 && std::is_trivially_copyable_v<typename C::value_type>;

// A valid pointer for every key: std::string_view{} has a null data(), which
// the C API would take for "no key" (evict(NULL) evicts the CLOCK victim).
inline const char* key_ptr(std::string_view k) { return k.data() != nullptr ? k.data() : ""; }

// The innermost C++ call on this thread that may run callbacks.  A
// trampoline that catches an exception records it in that scope (the first
// one wins); the call rethrows it after its C call returned.  The pointer is
// thread_local because callbacks run on the thread that caused them.
class CallbackScope {
 public:
  CallbackScope() noexcept : outer_(current()) { current() = this; }
  ~CallbackScope() { current() = outer_; }
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

  // Called inside a trampoline's catch (...); false when no C++ call runs
  // on this thread (a raw C call): the trampoline then rethrows, and the C
  // library discards the exception at its callback boundary.  False too
  // for a forced unwind (thread cancellation, pthread_exit): it is no C++
  // exception (current_exception() is empty) and must pass through.
  static bool capture() noexcept {
    CallbackScope* s = current();
    std::exception_ptr e = std::current_exception();
    if (s == nullptr || !e) return false;
    if (!s->first_) s->first_ = std::move(e);
    return true;
  }
  // Rethrows the first exception a callback threw during this call.
  void rethrow_if_captured() {
    if (first_) std::rethrow_exception(std::exchange(first_, nullptr));
  }

 private:
  static CallbackScope*& current() noexcept {
    thread_local CallbackScope* innermost = nullptr;
    return innermost;
  }
  CallbackScope* outer_;
  std::exception_ptr first_;
};

// Runs c_call (which builds its Result right after the C call, while errno
// is fresh) inside a CallbackScope, then rethrows a callback's exception.
template <typename F>
auto with_callbacks(F&& c_call) {
  CallbackScope scope;
  auto r = std::forward<F>(c_call)();
  scope.rethrow_if_captured();
  return r;
}

}  // namespace detail

// A cache: owns a VMEMcache (move-only), destroyed with the object.
class Cache {
 public:
  [[nodiscard]] static Result<Cache> create(const Config& cfg) {
    VMEMcache* c = vmemcache_new();
    if (c == nullptr) return Error::last();
    Cache owner(c);
    if ((cfg.size != 0 && vmemcache_set_size(c, cfg.size) != 0) ||
        vmemcache_set_extent_size(c, cfg.extent_size) != 0 ||
        vmemcache_set_eviction_policy(c, cfg.policy) != 0 || vmemcache_add(c, cfg.path) != 0)
      return Error::last();
    return owner;
  }

  Cache(Cache&& o) noexcept : c_(std::exchange(o.c_, nullptr)), cb_(std::move(o.cb_)) {
    if (cb_) cb_->owner = this;
  }
  Cache& operator=(Cache&& o) noexcept {
    std::swap(c_, o.c_);
    std::swap(cb_, o.cb_);
    if (cb_) cb_->owner = this;
    if (o.cb_) o.cb_->owner = &o;
    return *this;
  }
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;
  // REQUIRES: every Handle of this cache released.
  ~Cache() {
    if (c_ != nullptr) vmemcache_delete(c_);
  }

  // --- writes ---------------------------------------------------------------

  // Stores a new key; EEXIST when the key is present (nothing changes),
  // ENOSPC when the value cannot fit.
  [[nodiscard]] Status put(std::string_view key, std::span<const std::byte> value) {
    return detail::with_callbacks([&]() -> Status {
      if (vmemcache_put(c_, detail::key_ptr(key), key.size(), value_ptr(value), value.size()) != 0)
        return Error::last();
      return {};
    });
  }
  [[nodiscard]] Status put(std::string_view key, std::string_view value) {
    return put(key, std::as_bytes(std::span(value.data(), value.size())));
  }

  // Stores the value, replacing the key's current one atomically (a reader
  // sees the old value or the new, never a miss).  true: the key was absent
  // and is inserted; false: an existing value was replaced (not an eviction:
  // no on_evict).
  [[nodiscard]] Result<bool> insert_or_assign(std::string_view key,
                                              std::span<const std::byte> value) {
    return detail::with_callbacks([&]() -> Result<bool> {
      int r = vmemcache_insert_or_assign(c_, detail::key_ptr(key), key.size(), value_ptr(value),
                                         value.size());
      if (r < 0) return Error::last();
      return r == 0;
    });
  }
  [[nodiscard]] Result<bool> insert_or_assign(std::string_view key, std::string_view value) {
    return insert_or_assign(key, std::as_bytes(std::span(value.data(), value.size())));
  }

  // Removes the key (on_evict first); ENOENT when absent.
  [[nodiscard]] Status evict(std::string_view key) {
    return detail::with_callbacks([&]() -> Status {
      if (vmemcache_evict(c_, detail::key_ptr(key), key.size()) != 0) return Error::last();
      return {};
    });
  }
  // Evicts the replacement policy's victim; ESRCH when the cache is empty.
  [[nodiscard]] Status evict_one() {
    return detail::with_callbacks([&]() -> Status {
      if (vmemcache_evict(c_, nullptr, 0) != 0) return Error::last();
      return {};
    });
  }

  // --- reads ----------------------------------------------------------------

  // The whole value, e.g. get(k) (a std::string) or
  // get<std::vector<std::byte>>(k); ENOENT on a miss (after on_miss).
  // The size is taken with exists() (no statistic); an absent key is read
  // into kMissGuess bytes, in case on_miss answers the miss.  If the value
  // is larger by the time it is copied (replaced meanwhile, or put by
  // on_miss), it is read again whole, which counts as one more GET.  Never
  // truncated.
  template <typename Container = std::string>
  requires detail::ByteContainer<Container>
  [[nodiscard]] Result<Container> get(std::string_view key) {
    return detail::with_callbacks([&]() -> Result<Container> {
      const char* k = detail::key_ptr(key);
      std::size_t want = 0;
      int present = vmemcache_exists(c_, k, key.size(), &want);
      if (present < 0) return Error::last();
      if (present == 0) want = kMissGuess;
      Container out;
      for (;;) {
        out.resize(want);
        std::size_t vsize = 0;
        if (vmemcache_get(c_, k, key.size(), out.data(), out.size(), 0, &vsize) < 0)
          return Error::last();
        if (vsize <= out.size()) {
          out.resize(vsize);
          return out;
        }
        want = vsize;  // it grew between the size query and the copy
      }
    });
  }
  [[nodiscard]] Result<std::vector<std::byte>> get_bytes(std::string_view key) {
    return get<std::vector<std::byte>>(key);
  }

  // Copies min(out.size(), value_size - offset) bytes from `offset` into
  // `out` (0 when offset >= value_size) and reports the value's full size.
  [[nodiscard]] Result<Read> get(std::string_view key, std::span<std::byte> out,
                                 std::size_t offset = 0) {
    return detail::with_callbacks([&]() -> Result<Read> {
      std::size_t vsize = 0;
      ssize_t n = vmemcache_get(c_, detail::key_ptr(key), key.size(), out.data(), out.size(),
                                offset, &vsize);
      if (n < 0) return Error::last();
      return Read{static_cast<std::size_t>(n), vsize};
    });
  }
  [[nodiscard]] Result<Read> get(std::string_view key, std::span<char> out,
                                 std::size_t offset = 0) {
    return get(key, std::as_writable_bytes(out), offset);
  }

  // Zero-copy read: on a hit calls fn(Pieces) with the value's pieces
  // straight from the pool (valid only during fn) and returns what fn
  // returns; ENOENT on a miss (on_miss is not called).  Counts as a get.
  // fn may call get, exists and visit on this cache; put, insert_or_assign
  // and evict from inside fn fail with EDEADLK.  Keep fn short: while it
  // runs, evicted space cannot be reused.
  template <typename F>
  requires std::invocable<F&, Pieces>
  [[nodiscard]] Result<std::invoke_result_t<F&, Pieces>> visit(std::string_view key, F&& fn) {
    using R = std::invoke_result_t<F&, Pieces>;
    struct Ctx {
      F* fn;
      std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> out{};
      std::exception_ptr thrown;
    } ctx{&fn, {}, nullptr};
    auto call = [](const vmemcache_piece* p, std::size_t n, std::size_t vsize, void* arg) {
      auto* c = static_cast<Ctx*>(arg);
      try {
        if constexpr (std::is_void_v<R>) {
          std::invoke(*c->fn, Pieces(p, n, vsize));
          c->out = true;
        } else {
          c->out.emplace(std::invoke(*c->fn, Pieces(p, n, vsize)));
        }
      } catch (...) {
        c->thrown = std::current_exception();
        if (!c->thrown) throw;  // a forced unwind: let it through
      }
    };
    int rc = vmemcache_visit(c_, detail::key_ptr(key), key.size(), call, &ctx);
    Error e = rc != 0 ? Error::last() : Error{};
    if (ctx.thrown) std::rethrow_exception(ctx.thrown);
    if (rc != 0) return e;
    if constexpr (std::is_void_v<R>)
      return {};
    else
      return std::move(*ctx.out);
  }

  // A Handle on the key's value (see Handle); ENOENT on a miss (on_miss is
  // not called).  Counts as a get.
  [[nodiscard]] Result<Handle> acquire(std::string_view key) {
    vmemcache_handle* h = vmemcache_handle_get(c_, detail::key_ptr(key), key.size());
    if (h == nullptr) return Error::last();
    return Handle(h);
  }

  // The value's size if the key is present.  No statistic, no recency.
  [[nodiscard]] std::optional<std::size_t> exists(std::string_view key) const {
    std::size_t vsize = 0;
    return vmemcache_exists(c_, detail::key_ptr(key), key.size(), &vsize) == 1
               ? std::optional<std::size_t>(vsize)
               : std::nullopt;
  }

  // --- statistics -----------------------------------------------------------

  [[nodiscard]] Result<unsigned long long> stat(vmemcache_statistic s) const {
    unsigned long long v = 0;
    if (vmemcache_get_stat(c_, s, &v, sizeof(v)) != 0) return Error::last();
    return v;
  }
  [[nodiscard]] Stats stats() const {
    auto get = [this](vmemcache_statistic s) { return stat(s).value(); };
    return {get(VMEMCACHE_STAT_PUT),
            get(VMEMCACHE_STAT_GET),
            get(VMEMCACHE_STAT_HIT),
            get(VMEMCACHE_STAT_MISS),
            get(VMEMCACHE_STAT_EVICT),
            get(VMEMCACHE_STAT_ENTRIES),
            get(VMEMCACHE_STAT_DRAM_SIZE_USED),
            get(VMEMCACHE_STAT_POOL_SIZE_USED),
            get(VMEMCACHE_STAT_HEAP_ENTRIES)};
  }

  // --- callbacks (set-up: no operation may run meanwhile) ---------------------

  // Called before an entry leaves the cache (evict, evict_one, or an
  // eviction to make room), while it is still readable.  nullptr clears it.
  template <typename F>
  void on_evict(F f) {
    Callbacks& cb = callbacks();
    if constexpr (std::is_same_v<std::decay_t<F>, std::nullptr_t>) {
      cb.evict = nullptr;
      vmemcache_callback_on_evict_sized(c_, nullptr, nullptr);
    } else {
      if constexpr (std::is_invocable_v<F&, Cache&, std::string_view, std::size_t>)
        cb.evict = std::move(f);
      else
        cb.evict = [f = std::move(f)](Cache&, std::string_view k, std::size_t n) mutable {
          f(k, n);
        };
      vmemcache_callback_on_evict_sized(c_, &Callbacks::evict_trampoline, &cb);
    }
  }
  // Called by get(key) on a miss; a put of the key from inside it answers
  // the get.  nullptr clears it.
  template <typename F>
  void on_miss(F f) {
    Callbacks& cb = callbacks();
    if constexpr (std::is_same_v<std::decay_t<F>, std::nullptr_t>) {
      cb.miss = nullptr;
      vmemcache_callback_on_miss(c_, nullptr, nullptr);
    } else {
      if constexpr (std::is_invocable_v<F&, Cache&, std::string_view>)
        cb.miss = std::move(f);
      else
        cb.miss = [f = std::move(f)](Cache&, std::string_view k) mutable { f(k); };
      vmemcache_callback_on_miss(c_, &Callbacks::miss_trampoline, &cb);
    }
  }

  // The C handle, for the C API's functions.  Still owned by this Cache.
  [[nodiscard]] VMEMcache* native_handle() const noexcept { return c_; }

 private:
  // The callables, on the heap so that their address (the C callback's
  // argument) survives moves of the Cache; `owner` follows the moves.
  struct Callbacks {
    Cache* owner;
    std::function<void(Cache&, std::string_view, std::size_t)> evict;
    std::function<void(Cache&, std::string_view)> miss;

    static void evict_trampoline(VMEMcache*, const void* key, std::size_t key_size,
                                 std::size_t value_size, void* arg) {
      auto* cb = static_cast<Callbacks*>(arg);
      try {
        cb->evict(*cb->owner, {static_cast<const char*>(key), key_size}, value_size);
      } catch (...) {
        if (!detail::CallbackScope::capture()) throw;
      }
    }
    static void miss_trampoline(VMEMcache*, const void* key, std::size_t key_size, void* arg) {
      auto* cb = static_cast<Callbacks*>(arg);
      try {
        cb->miss(*cb->owner, {static_cast<const char*>(key), key_size});
      } catch (...) {
        if (!detail::CallbackScope::capture()) throw;
      }
    }
  };

  // The buffer a whole-value get offers an absent key: a value on_miss puts
  // that fits is copied by the same call (a miss is already slow, so the
  // buffer's cost does not matter); a larger one costs one more GET.
  static constexpr std::size_t kMissGuess = 4096;

  explicit Cache(VMEMcache* c) : c_(c) {}
  Callbacks& callbacks() {
    if (!cb_) cb_ = std::make_unique<Callbacks>(Callbacks{this, nullptr, nullptr});
    return *cb_;
  }
  // A valid pointer for an empty value too.
  static const void* value_ptr(std::span<const std::byte> v) {
    return v.data() != nullptr ? static_cast<const void*>(v.data()) : "";
  }

  VMEMcache* c_;  // null only in a moved-from Cache (which may only be destroyed or assigned)
  std::unique_ptr<Callbacks> cb_;
};

}  // namespace vmemc

#endif  // VMEMCACHE_HPP
