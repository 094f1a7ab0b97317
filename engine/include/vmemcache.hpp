// vmemcache.hpp -- a thin C++20 layer over libvmemcache.h.
//
// Owns a VMEMcache (move-only), reports failures as std::error_code (errno
// values in std::generic_category) with vmemcache_errormsg() beside them,
// and takes keys and values as spans of bytes.  Header-only: it calls only
// the C API, so the ABI stays the C one.
//
//   auto c = vmemc::Cache::create({.path = "/dev/shm", .size = 64 << 20});
//   if (!c) { std::cerr << c.error().message; }
//   c->put("k", "v");
//   std::string out(16, '\0');
//   auto n = c->get("k", std::as_writable_bytes(std::span(out)));
#ifndef VMEMCACHE_HPP
#define VMEMCACHE_HPP

#include <libvmemcache.h>

#include <cerrno>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>

namespace vmemc {

struct Error {
  std::error_code code;
  std::string message;  // vmemcache_errormsg() at the time of failure
  static Error last() { return {std::error_code(errno, std::generic_category()), vmemcache_errormsg()}; }
};

// A value or an Error (std::expected is C++23).
template <typename T>
class Result {
 public:
  Result(T v) : v_(std::move(v)) {}
  Result(Error e) : v_(std::move(e)) {}
  explicit operator bool() const { return v_.index() == 0; }
  T& operator*() { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Config {
  const char* path = "/dev/shm";
  std::size_t size = 0;  // 0: 1 MiB for a directory, the whole DAX device
  std::size_t extent_size = VMEMCACHE_MIN_EXTENT;
  vmemcache_repl_p policy = VMEMCACHE_REPLACEMENT_LRU;
};

class Cache {
 public:
  static Result<Cache> create(const Config& cfg) {
    VMEMcache* c = vmemcache_new();
    if (c == nullptr) return Error::last();
    Cache owner(c);
    if ((cfg.size != 0 && vmemcache_set_size(c, cfg.size) != 0) ||
        vmemcache_set_extent_size(c, cfg.extent_size) != 0 ||
        vmemcache_set_eviction_policy(c, cfg.policy) != 0 || vmemcache_add(c, cfg.path) != 0)
      return Error::last();
    return owner;
  }

  Cache(Cache&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  Cache& operator=(Cache&& o) noexcept {
    std::swap(c_, o.c_);
    return *this;
  }
  ~Cache() {
    if (c_ != nullptr) vmemcache_delete(c_);
  }

  // EEXIST when the key is present, ENOSPC when it cannot fit.
  std::optional<Error> put(std::string_view key, std::span<const std::byte> value) {
    if (vmemcache_put(c_, key.data(), key.size(), value.data(), value.size()) != 0) return Error::last();
    return std::nullopt;
  }
  std::optional<Error> put(std::string_view key, std::string_view value) {
    return put(key, std::as_bytes(std::span(value.data(), value.size())));
  }

  // Bytes copied into `out` from `offset`; the full size goes to *vsize.
  Result<std::size_t> get(std::string_view key, std::span<std::byte> out, std::size_t offset = 0,
                          std::size_t* vsize = nullptr) {
    ssize_t n = vmemcache_get(c_, key.data(), key.size(), out.data(), out.size(), offset, vsize);
    if (n < 0) return Error::last();
    return static_cast<std::size_t>(n);
  }

  // The value's size if present.
  std::optional<std::size_t> exists(std::string_view key) {
    std::size_t vsize = 0;
    return vmemcache_exists(c_, key.data(), key.size(), &vsize) == 1 ? std::optional(vsize)
                                                                     : std::nullopt;
  }

  std::optional<Error> evict(std::string_view key) {
    if (vmemcache_evict(c_, key.data(), key.size()) != 0) return Error::last();
    return std::nullopt;
  }
  // Evicts the CLOCK victim; ESRCH when empty.
  std::optional<Error> evict_one() {
    if (vmemcache_evict(c_, nullptr, 0) != 0) return Error::last();
    return std::nullopt;
  }

  unsigned long long stat(vmemcache_statistic s) const {
    unsigned long long v = 0;
    vmemcache_get_stat(c_, s, &v, sizeof(v));
    return v;
  }

  VMEMcache* c_handle() const { return c_; }

 private:
  explicit Cache(VMEMcache* c) : c_(c) {}
  VMEMcache* c_;
};

}  // namespace vmemc

#endif  // VMEMCACHE_HPP
