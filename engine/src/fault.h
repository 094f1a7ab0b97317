// fault.h -- test-only fault injection: make the Nth DRAM allocation, or
// the Nth pool-side system call, fail.
//
// A hook stands in front of every call of the engine that can run out of
// memory or fail in the kernel: fail_now(site) for an allocation (the
// caller then takes its out-of-memory path, exactly as if the allocation
// had returned NULL or thrown std::bad_alloc) and fail_syscall(site) for a
// system call (the caller takes its error path with the errno the hook
// sets, without making the call).  libpmem2's calls are failed as a whole,
// in front of the call: libpmem2 itself aborts when malloc fails inside
// pmem2_map_new or pmem2_source_from_fd (../shared/DEPENDENCIES.md), so
// nothing is injected inside it.
//
// Only the vmemcache_fault static library (engine/tests/CMakeLists.txt,
// CMake option VMC_FAULT_INJECTION) is compiled with VMC_FAULT_INJECTION=1;
// everywhere else fail_now and fail_syscall are constant false and every
// hook compiles to nothing.  The test (engine/tests/fault_test.cc) arms a
// countdown with arm(kind, n): the nth hook of that kind met from then on
// fails, once.
//
// Threads: the counters are atomics, so hooks may be met on any thread;
// arming and reading the results is the test's single control thread.
#ifndef VMC_FAULT_H
#define VMC_FAULT_H

#include <cstdint>
#include <new>
#include <vector>

namespace vmc::fault {

enum class Kind { kDram, kSyscall };

// Every hook, by what it stands in front of.  The DRAM ones first.
enum class Site {
  kCacheNew,     // vmemcache_new's cache object
  kArena,        // DramArena::alloc and alloc_zeroed: entries, index, bitmap
  kRegistry,     // the cache's thread-slot registry (vmemcache_add)
  kThreadTable,  // a thread's table of bindings (slots.cc; a miss borrows a slot)
  kBinding,      // one binding in that table (slots.cc; a miss borrows a slot)
  kSlotChunk,    // a chunk of the ring-owner table (slots.cc)
  kSlot,         // a thread slot (slots.cc)
  kKeyCopy,      // a put's copy of a key longer than 64 bytes
  kRunList,      // a put's scratch list of extent runs
  kVisitPieces,  // a visit's list of more than 16 pieces
  kHandle,       // a handle
  // System calls (pool.cc).
  kOpenFile,     // open(O_TMPFILE) of the pool file (or the mkostemp fallback)
  kFallocate,    // posix_fallocate of the pool file
  kPmem2Source,  // pmem2_source_from_fd
  kPmem2Config,  // pmem2_config_new
  kPmem2Map,     // pmem2_map_new (the mmap)
  kNum
};

constexpr Kind kind_of(Site s) { return s < Site::kOpenFile ? Kind::kDram : Kind::kSyscall; }

#if VMC_FAULT_INJECTION
// True when this allocation must fail.
bool fail_now(Site site);
// True when this system call must fail; errno is then set to the error it
// fails with (the site's default, or the one given to arm).
bool fail_syscall(Site site);
#else
constexpr bool fail_now(Site) { return false; }
constexpr bool fail_syscall(Site) { return false; }
#endif

// For allocations made by standard containers: throws std::bad_alloc when
// the allocation must fail.
inline void throw_if_failing(Site site) {
  if (fail_now(site)) throw std::bad_alloc();
}

#if VMC_FAULT_INJECTION
// --- the test's side -----------------------------------------------------------

// The errno a failing system call of `site` reports unless arm says otherwise:
// EMFILE for open, ENOSPC for fallocate, ENOMEM for libpmem2's calls.
int default_errno(Site site);
// From now on the nth hook of `kind` met (n >= 1) fails, once; `err`
// (syscalls only; 0: the site's default) is the errno it fails with.
// Resets the counts below.
void arm(Kind kind, std::uint64_t n, int err = 0);
// No more faults; the counts stay readable.
void disarm();
// Hooks of the armed kind met since arm (whether or not they failed).
std::uint64_t met();
// Whether the fault was injected, and where.
bool fired();
Site fired_site();
// The sites of the hooks met since arm, in order.
std::vector<Site> trace();
#endif

}  // namespace vmc::fault

#endif  // VMC_FAULT_H
