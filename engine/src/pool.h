// pool.h -- the memory that holds the values.
//
// vmemcache_add(path) maps either
//   * a directory (tmpfs, ext4, xfs, a DAX mount): an anonymous file of the
//     pool's size is created in it (O_TMPFILE, or a named file unlinked at
//     once where the filesystem lacks O_TMPFILE), reserved whole with
//     posix_fallocate -- so a full filesystem fails here with ENOSPC rather
//     than later with SIGBUS -- and mapped shared; or
//   * a /dev/dax character device, mapped whole (or the configured size).
// Mapping goes through libpmem2 with page store granularity: the cache is
// volatile, so it needs no durability, only the medium's copy routine.
// The descriptor is closed once the pool is mapped (the mapping keeps the
// file alive), so caches cost no file descriptors.  A character device is
// opened only after sysfs says it is device DAX (/sys/dev/char/M:m/subsystem
// names "dax"), and then with O_NOCTTY: add never opens a tty or ptmx.
//
// Threads: open/close are set-up and tear-down; copy_in and the mapped bytes
// are used concurrently, on disjoint extents (the allocator's business).
#ifndef VMC_POOL_H
#define VMC_POOL_H

#include <cstddef>

#include "errors.h"

struct pmem2_map;

namespace vmc {

class Pool {
 public:
  Pool() = default;
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool();

  // `size` 0 means the default: 1 MiB for a directory, the whole device for
  // device DAX.  `extent_size` only serves to reject a pool smaller than one
  // extent before anything is created.  Errors as in docs/SEMANTICS.md.
  // huge_pages: ask for transparent huge pages (MADV_HUGEPAGE); a hint the
  // medium may ignore (see docs/SEMANTICS.md).
  Status open(const char* path, std::size_t size, std::size_t extent_size, bool huge_pages);

  char* base() const { return base_; }
  std::size_t size() const { return size_; }

  // Copies into the pool with the medium's copy routine (no flush: the
  // cache is volatile).
  void copy_in(void* dst, const void* src, std::size_t n) const;

  // Faults every page in without changing a byte, so later accesses do not
  // fault (VMEMCACHE_BENCH_PREFAULT).  Safe beside concurrent puts.
  void prefault() const;

  // Unmaps and closes; the pool can be opened again.
  void close();

 private:
  Status open_impl(const char* path, std::size_t size, std::size_t extent_size);
  Status map(const char* path, std::size_t size, std::size_t extent_size, std::size_t map_len);

  int fd_ = -1;  // open only while open() runs
  struct pmem2_map* map_ = nullptr;
  char* base_ = nullptr;
  std::size_t size_ = 0;
  bool devdax_ = false;
  void* (*memcpy_)(void*, const void*, std::size_t, unsigned) = nullptr;
};

}  // namespace vmc

#endif  // VMC_POOL_H
