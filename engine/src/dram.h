// dram.h -- where the engine's DRAM metadata comes from, and its account.
//
// Entries, the index's buckets and the extent bitmap are allocated from the
// library's own copy of jemalloc, linked from its PIC archive with its
// symbols hidden inside libvmemcache.so, so that:
//   * the host program's malloc is never replaced or touched;
//   * each thread allocates through jemalloc's implicit per-thread cache and
//     its automatic arenas, which jemalloc reuses across caches: creating
//     and deleting caches runs in constant memory, and no number of threads
//     or caches meets a limit of jemalloc's (explicit arenas and tcaches
//     have process-wide caps in the low thousands, DEPENDENCIES.md);
//   * sizes are exact: nallocx() tells the size class an allocation really
//     takes, which is what DRAM_SIZE_USED adds up.
// vmemcache_delete frees every allocation of the cache one by one.
//
// The bytes a cache holds are counted in DramAccounts: one per thread slot,
// written only by the slot's owner (no shared write on the put path), and
// the arena's own for set-up and tear-down; their sum is what the cache
// holds (a test checks it is 0 after tear-down).
//
// With VMC_USE_JEMALLOC=0 (sanitizer builds) the same interface falls back
// to sized operator new/delete and rounds sizes to 16 bytes, so ASan sees
// every allocation and TSan every hand-over.
#ifndef VMC_DRAM_H
#define VMC_DRAM_H

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace vmc {

// Bytes allocated minus bytes freed by one writer.  Relaxed: each account
// has a single writer; readers sum all accounts at quiescence.
class DramAccount {
 public:
  void add(std::int64_t delta) {
    bytes_.store(bytes_.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
  }
  std::int64_t get() const { return bytes_.load(std::memory_order_relaxed); }

  // Counts an allocation of `size` bytes made or freed: its usable size.
  void allocated(std::size_t size) { add(static_cast<std::int64_t>(usable(size))); }
  void freed(std::size_t size) { add(-static_cast<std::int64_t>(usable(size))); }
  // DramArena::usable_size(size), remembered for the last size asked (by
  // the account's single writer): a workload's entries mostly share one
  // size class, and nallocx is ~70 instructions, asked four times per
  // evicting put (the entry's allocation, the victim's free, and both
  // again for the cache's statistics).
  std::size_t usable(std::size_t size);

 private:
  std::atomic<std::int64_t> bytes_{0};
  std::size_t memo_size_ = 0, memo_usable_ = 0;
};

class DramArena {
 public:
  DramArena() = default;
  DramArena(const DramArena&) = delete;
  DramArena& operator=(const DramArena&) = delete;

  // `account` nullptr: the arena's own (set-up and tear-down only).
  void* alloc(std::size_t size, DramAccount* account = nullptr);
  void* alloc_zeroed(std::size_t size, DramAccount* account = nullptr);
  void free(void* p, std::size_t size, DramAccount* account = nullptr);

  // The bytes an allocation of `size` really takes.
  static std::size_t usable_size(std::size_t size);

  // The arena's own account (add the slots' to know what the cache holds).
  std::int64_t own_bytes() const { return own_.get(); }

 private:
  DramAccount own_;
};

inline std::size_t DramAccount::usable(std::size_t size) {
  if (size != memo_size_) memo_usable_ = DramArena::usable_size(size), memo_size_ = size;
  return memo_usable_;
}

}  // namespace vmc

#endif  // VMC_DRAM_H
