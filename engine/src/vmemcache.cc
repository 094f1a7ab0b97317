// vmemcache.cc -- the C API: argument checks, errno, and the hand-off to Cache.
//
// Every function validates what the caller passed (NULL pointers, sizes,
// enum values) before the engine sees it, so the engine's REQUIRES hold,
// and reports failures as -1/NULL + errno + vmemcache_errormsg().
#include "libvmemcache.h"

#include <cstring>
#include <exception>
#include <new>

#include "libvmemcache_ext.h"

#include "cache.h"
#include "debug.h"
#include "errors.h"
#include "fault.h"

#define VMC_EXPORT extern "C" __attribute__((visibility("default")))

struct vmemcache {
  vmemcache() : cache(this) {}
  vmc::Cache cache;
};

namespace {

using vmc::c_error;
using vmc::fail;
using vmc::fail_static;

int result(vmc::Status st) { return st == 0 ? 0 : c_error(st); }

// Set-up and put allocate with standard containers (a thread's slot
// binding, the put's scratch run list, the registry); running out of memory
// there must become ENOMEM, not an exception crossing the C boundary.
// (Exceptions from user callbacks never get here: cache_ops.h.)  A forced
// unwind (thread cancellation, pthread_exit in a callback) is no C++
// exception (std::current_exception() is empty) and passes through, as
// docs/SEMANTICS.md promises; the engine throws nothing else.
template <typename F>
int no_throw(F&& f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return c_error(fail_static(ENOMEM, "out of memory"));
  } catch (...) {
    if (!std::current_exception()) throw;
    std::terminate();
  }
}

bool bad_cache(const VMEMcache* cache) {
  if (cache != nullptr) return false;
  fail_static(EINVAL, "cache is NULL");
  return true;
}

bool bad_key(const void* key, size_t key_size) {
  if (key == nullptr) {
    fail_static(EINVAL, "key is NULL");
    return true;
  }
  if (key_size > vmc::Cache::kMaxKey) {
    fail(EINVAL, "key of %zu bytes is longer than the maximum %llu", key_size,
         static_cast<unsigned long long>(vmc::Cache::kMaxKey));
    return true;
  }
  return false;
}

// An enum argument as the integer the caller passed: loading a value
// outside the enumerators through the enum type is undefined behaviour.
template <typename Enum>
int enum_value(const Enum& e) {
  static_assert(sizeof(Enum) == sizeof(int));
  int v;
  std::memcpy(&v, &e, sizeof v);
  return v;
}

}  // namespace

VMC_EXPORT VMEMcache* vmemcache_new(void) {
  auto* c =
      vmc::fault::fail_now(vmc::fault::Site::kCacheNew) ? nullptr : new (std::nothrow) vmemcache;
  if (c == nullptr) fail(ENOMEM, "cannot allocate a cache");
  return c;
}

VMC_EXPORT int vmemcache_set_eviction_policy(VMEMcache* cache, enum vmemcache_repl_p repl_p) {
  if (bad_cache(cache)) return -1;
  static_assert(VMEMCACHE_REPLACEMENT_NONE == static_cast<int>(vmc::Cache::Policy::kNone) &&
                VMEMCACHE_REPLACEMENT_LRU == static_cast<int>(vmc::Cache::Policy::kLru));
  return result(cache->cache.set_policy(enum_value(repl_p)));
}

VMC_EXPORT int vmemcache_set_size(VMEMcache* cache, size_t size) {
  if (bad_cache(cache)) return -1;
  static_assert(VMEMCACHE_MIN_POOL == vmc::Cache::kMinPool);
  return result(cache->cache.set_size(size));
}

VMC_EXPORT int vmemcache_set_extent_size(VMEMcache* cache, size_t extent_size) {
  if (bad_cache(cache)) return -1;
  static_assert(VMEMCACHE_MIN_EXTENT == vmc::Cache::kMinExtent);
  return result(cache->cache.set_extent_size(extent_size));
}

VMC_EXPORT int vmemcache_add(VMEMcache* cache, const char* path) {
  if (bad_cache(cache)) return -1;
  return no_throw([&] { return result(cache->cache.add(path)); });
}

VMC_EXPORT void vmemcache_delete(VMEMcache* cache) { delete cache; }

VMC_EXPORT void vmemcache_callback_on_evict(VMEMcache* cache, vmemcache_on_evict* evict,
                                            void* arg) {
  if (bad_cache(cache)) return;
  cache->cache.set_on_evict(evict, arg);
}

VMC_EXPORT void vmemcache_callback_on_miss(VMEMcache* cache, vmemcache_on_miss* miss, void* arg) {
  if (bad_cache(cache)) return;
  cache->cache.set_on_miss(miss, arg);
}

VMC_EXPORT ssize_t vmemcache_get(VMEMcache* cache, const void* key, size_t key_size, void* vbuf,
                                 size_t vbufsize, size_t offset, size_t* vsize) {
  if (bad_cache(cache) || bad_key(key, key_size)) return -1;
  size_t copied = 0;
  const int st = no_throw([&] {
    return result(cache->cache.get(key, key_size, vbuf, vbufsize, offset, vsize, &copied));
  });
  return st != 0 ? -1 : static_cast<ssize_t>(copied);
}

VMC_EXPORT int vmemcache_exists(VMEMcache* cache, const void* key, size_t key_size, size_t* vsize) {
  if (bad_cache(cache) || bad_key(key, key_size)) return -1;
  return no_throw([&] { return cache->cache.exists(key, key_size, vsize); });
}

VMC_EXPORT int vmemcache_put(VMEMcache* cache, const void* key, size_t key_size, const void* value,
                             size_t value_size) {
  if (bad_cache(cache) || bad_key(key, key_size)) return -1;
  if (value == nullptr && value_size != 0) return c_error(fail_static(EINVAL, "value is NULL"));
  return no_throw([&] { return result(cache->cache.put(key, key_size, value, value_size)); });
}

VMC_EXPORT int vmemcache_evict(VMEMcache* cache, const void* key, size_t ksize) {
  if (bad_cache(cache)) return -1;
  if (key != nullptr && bad_key(key, ksize)) return -1;
  return no_throw([&] { return result(cache->cache.evict(key, ksize)); });
}

VMC_EXPORT int vmemcache_get_stat(VMEMcache* cache, enum vmemcache_statistic stat, void* value,
                                  size_t value_size) {
  if (bad_cache(cache)) return -1;
  if (value == nullptr) return c_error(fail_static(EINVAL, "value is NULL"));
  if (value_size != sizeof(unsigned long long))
    return c_error(fail(EINVAL, "value_size is %zu; statistics are %zu-byte unsigned long long",
                        value_size, sizeof(unsigned long long)));
  const int st = enum_value(stat);
  if (st < 0 || st >= VMEMCACHE_STATS_NUM) return c_error(fail(EINVAL, "unknown statistic %d", st));
  static_assert(static_cast<int>(vmc::Cache::Stat::kNum) == VMEMCACHE_STATS_NUM &&
                static_cast<int>(vmc::Cache::Stat::kHeapEntries) == VMEMCACHE_STAT_HEAP_ENTRIES &&
                static_cast<int>(vmc::Cache::Stat::kDram) == VMEMCACHE_STAT_DRAM_SIZE_USED);
  *static_cast<unsigned long long*>(value) = cache->cache.stat(static_cast<vmc::Cache::Stat>(st));
  return 0;
}

VMC_EXPORT const char* vmemcache_errormsg(void) { return vmc::last_error_message(); }

VMC_EXPORT void vmemcache_bench_set(VMEMcache* cache, enum vmemcache_bench_cfg cfg, size_t val) {
  if (bad_cache(cache)) return;
  switch (enum_value(cfg)) {
    case VMEMCACHE_BENCH_INDEX_ONLY:  // our index and allocator cannot be
    case VMEMCACHE_BENCH_NO_ALLOC:    // separated from copying: all three
    case VMEMCACHE_BENCH_NO_MEMCPY:   // skip only the value copies
      cache->cache.set_no_memcpy(val != 0);
      break;
    case VMEMCACHE_BENCH_PREFAULT:
      if (val != 0) cache->cache.prefault();
      break;
    default:  // unknown: ignored, as the original does (the function returns nothing)
      break;
  }
}

// --- extensions (libvmemcache_ext.h) -----------------------------------------------

VMC_EXPORT void vmemcache_callback_on_evict_sized(VMEMcache* cache, vmemcache_on_evict_sized* evict,
                                                  void* arg) {
  if (bad_cache(cache)) return;
  cache->cache.set_on_evict_sized(evict, arg);
}

VMC_EXPORT int vmemcache_insert_or_assign(VMEMcache* cache, const void* key, size_t key_size,
                                          const void* value, size_t value_size) {
  if (bad_cache(cache) || bad_key(key, key_size)) return -1;
  if (value == nullptr && value_size != 0) return c_error(fail_static(EINVAL, "value is NULL"));
  bool replaced = false;
  const int st = no_throw(
      [&] { return result(cache->cache.put(key, key_size, value, value_size, &replaced)); });
  return st != 0 ? -1 : replaced ? 1 : 0;
}

VMC_EXPORT int vmemcache_visit(VMEMcache* cache, const void* key, size_t key_size,
                               vmemcache_visitor* fn, void* arg) {
  if (bad_cache(cache) || bad_key(key, key_size)) return -1;
  if (fn == nullptr) return c_error(fail_static(EINVAL, "fn is NULL"));
  return no_throw([&] { return result(cache->cache.visit(key, key_size, fn, arg)); });
}

VMC_EXPORT vmemcache_handle* vmemcache_handle_get(VMEMcache* cache, const void* key,
                                                  size_t key_size) {
  if (bad_cache(cache) || bad_key(key, key_size)) return nullptr;
  vmc::Cache::Handle* h = nullptr;
  no_throw([&] {
    h = cache->cache.handle_get(key, key_size);
    return 0;
  });
  return reinterpret_cast<vmemcache_handle*>(h);
}

VMC_EXPORT const struct vmemcache_piece* vmemcache_handle_pieces(const vmemcache_handle* h,
                                                                 size_t* npieces) {
  if (h == nullptr) {
    if (npieces != nullptr) *npieces = 0;
    fail_static(EINVAL, "handle is NULL");
    return nullptr;
  }
  size_t n = 0;
  const vmemcache_piece* p =
      vmc::Cache::handle_pieces(reinterpret_cast<const vmc::Cache::Handle*>(h), &n);
  if (npieces != nullptr) *npieces = n;
  return p;
}

VMC_EXPORT size_t vmemcache_handle_value_size(const vmemcache_handle* h) {
  if (h == nullptr) {
    fail_static(EINVAL, "handle is NULL");
    return 0;
  }
  return vmc::Cache::handle_value_size(reinterpret_cast<const vmc::Cache::Handle*>(h));
}

VMC_EXPORT void vmemcache_handle_release(vmemcache_handle* h) {
  if (h == nullptr) return;
  auto* handle = reinterpret_cast<vmc::Cache::Handle*>(h);
  no_throw([&] {
    vmc::Cache::release(handle);
    return 0;
  });
}

VMC_EXPORT int vmemcache_set_huge_pages(VMEMcache* cache, int enable) {
  if (bad_cache(cache)) return -1;
  return result(cache->cache.set_huge_pages(enable != 0));
}

VMC_EXPORT int vmemcache_get_shared_writes(VMEMcache* cache, struct vmemcache_shared_writes* out) {
  if (bad_cache(cache)) return -1;
  if (out == nullptr) return c_error(fail_static(EINVAL, "out is NULL"));
  return result(cache->cache.shared_writes(out));
}

namespace vmc::debug {

Recount recount(VMEMcache* cache) { return cache->cache.recount(); }

std::uint64_t limbo_extents(VMEMcache* cache) { return cache->cache.limbo_extents(); }

std::int64_t teardown_and_count_dram(VMEMcache* cache) {
  return cache->cache.teardown_and_count_dram();
}

}  // namespace vmc::debug
