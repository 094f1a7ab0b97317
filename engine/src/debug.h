// debug.h -- test-only views into a cache (not exported from the .so; link
// vmemcache_internal to use them).
#ifndef VMC_DEBUG_H
#define VMC_DEBUG_H

#include <cstdint>

#include "cache.h"
#include "libvmemcache.h"

namespace vmc::debug {

// A full recount of the index, rings and bitmap.  REQUIRES: quiescence.
Recount recount(VMEMcache* cache);

// Extents retired and not yet reusable, summed over every thread's limbo.
// Safe at any time (a snapshot).
std::uint64_t limbo_extents(VMEMcache* cache);

// Frees all the cache's contents and returns the bytes its DRAM arena still
// holds (0 unless something leaked).  Only vmemcache_delete may follow.
std::int64_t teardown_and_count_dram(VMEMcache* cache);

}  // namespace vmc::debug

#endif  // VMC_DEBUG_H
