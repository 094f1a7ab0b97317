// api.h -- one C++ face for the engine and the reference model, so the
// property tests drive both with the same calls and the same callbacks.
//
// Every method mirrors the vmemcache_* function of the same name, argument
// for argument: failures return -1 and set errno.  Callbacks are
// std::function objects receiving the CacheApi they were registered on, so
// one callback body (written once in a test) can call back into either side.
//
// Single-threaded set-up; the engine side's operations may be called from
// several threads at once (the model's may not).
#ifndef VMC_PROPTESTS_API_H
#define VMC_PROPTESTS_API_H

#include <sys/types.h>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "vmc/models/cache_model.h"

namespace vmc::proptests {

// How a cache is set up before vmemcache_add.
struct Config {
  std::uint64_t size = 0;           // vmemcache_set_size argument; 0: leave the default (1 MiB)
  std::uint64_t extent_size = 256;  // vmemcache_set_extent_size argument
  int policy = 1;                   // enum vmemcache_repl_p (1 = LRU)

  // The pool size and extent count that vmemcache_add will produce
  // (SEMANTICS "Units").
  std::uint64_t pool_size() const;
  std::uint64_t extents() const { return pool_size() / extent_size; }
};
std::ostream& operator<<(std::ostream& os, const Config& c);

class CacheApi {
 public:
  using Callback = std::function<void(CacheApi&, const void* key, std::size_t key_size)>;

  virtual ~CacheApi() = default;
  virtual const char* name() const = 0;

  virtual int put(const void* key, std::size_t key_size, const void* value,
                  std::size_t value_size) = 0;
  virtual ssize_t get(const void* key, std::size_t key_size, void* vbuf, std::size_t vbufsize,
                      std::size_t offset, std::size_t* vsize) = 0;
  virtual int exists(const void* key, std::size_t key_size, std::size_t* vsize) = 0;
  virtual int evict(const void* key, std::size_t key_size) = 0;
  virtual int get_stat(int stat, void* value, std::size_t value_size) = 0;
  // An empty function unregisters (the C API's NULL callback).
  virtual void on_evict(Callback cb) = 0;
  virtual void on_miss(Callback cb) = 0;

  // get_stat(stat) for a valid statistic; ~0 if the call fails.
  std::uint64_t stat(int stat);
};

// A fresh engine cache in a tmpfs directory (/dev/shm, else /tmp).  nullptr
// (with errno) if set-up fails.
std::unique_ptr<CacheApi> make_engine(const Config& cfg);
// A fresh model, set up the same way.
std::unique_ptr<CacheApi> make_model(const Config& cfg,
                                     models::ReplacerKind replacer = models::ReplacerKind::kClock);
// A bare model set up like make_model (copyable: the linearizability search
// branches on copies).
models::CacheModel make_plain_model(const Config& cfg,
                                    models::ReplacerKind replacer = models::ReplacerKind::kClock);
// The directory the pools are created in.
const char* pool_dir();

// Statistic numbers (the same as enum vmemcache_statistic; api.cc asserts it).
enum StatId : int {
  kStatPut,
  kStatGet,
  kStatHit,
  kStatMiss,
  kStatEvict,
  kStatEntries,
  kStatDram,
  kStatPool,
  kStatHeap,
  kStatNum
};

// The name of an errno value ("ENOENT"), or its number.
std::string errno_name(int err);

}  // namespace vmc::proptests

#endif  // VMC_PROPTESTS_API_H
