// dram.h -- where the engine's DRAM metadata comes from.
//
// Each cache owns a private jemalloc arena (mallctl "arenas.create") and each
// thread slot of the cache an explicit tcache ("tcache.create"), so that:
//   * the host program's malloc is never replaced: jemalloc is linked from
//     its PIC archive with its symbols hidden inside libvmemcache.so;
//   * vmemcache_delete returns every byte at once ("arena.<i>.destroy"), and
//     a test can ask the arena that it holds nothing before that;
//   * sizes are exact: nallocx() tells the size class an allocation will
//     really take, which is what DRAM_SIZE_USED adds up.
// A tcache is not thread-safe; a slot is owned by one thread at a time, and
// only that thread allocates or frees through the slot's tcache.
//
// With VMC_USE_JEMALLOC=0 (sanitizer builds) the same interface falls back
// to sized operator new/delete and rounds sizes to 16 bytes, so ASan sees
// every allocation and TSan every hand-over.
#ifndef VMC_DRAM_H
#define VMC_DRAM_H

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "errors.h"

namespace vmc {

class DramArena {
 public:
  // A tcache handle; kNoTcache bypasses thread caches (used in set-up and
  // tear-down, where a single thread runs).
  using Tcache = unsigned;
  static constexpr Tcache kNoTcache = ~0u;

  DramArena() = default;
  DramArena(const DramArena&) = delete;
  DramArena& operator=(const DramArena&) = delete;
  ~DramArena();

  Status init();

  void* alloc(std::size_t size, Tcache tc);
  void* alloc_zeroed(std::size_t size, Tcache tc);
  void free(void* p, std::size_t size, Tcache tc);

  // The bytes an allocation of `size` really takes.
  static std::size_t usable_size(std::size_t size);

  Status tcache_create(Tcache* out);
  void tcache_destroy(Tcache tc);

  // Bytes currently allocated from this arena (jemalloc's statistics; the
  // fallback counts them itself).  Includes nothing cached in tcaches once
  // those are destroyed.
  std::uint64_t allocated_bytes() const;

 private:
  unsigned arena_ = 0;
  bool have_arena_ = false;
#if !VMC_USE_JEMALLOC
  // Only for allocated_bytes().  Relaxed: a statistic read at quiescence.
  std::atomic<std::uint64_t> fallback_bytes_{0};
#endif
};

}  // namespace vmc

#endif  // VMC_DRAM_H
