// shared_writes.h -- the shared-write budget's instrument.
//
// With -DVMC_COUNT_SHARED_WRITES=ON every site that writes memory another
// thread also writes says so with VMC_SW_RMW() (an atomic read-modify-write)
// or VMC_SW_STORE() (a plain or atomic store).  The counts go to two
// thread-local words; each operation (Cache::OpScope) adds what it caused to
// its kind's row in its thread slot, and vmemcache_get_shared_writes() sums
// the rows.  What counts as shared, per structure:
//   index buckets and chain links   CAS, mark (other putters and evictors)
//   entry headers                   claim, references, CLOCK bit, ring links
//   CLOCK ring lock and hand        lock/unlock, hand and size (evictors)
//   allocator bitmap words, the global free counter, other slots' stashes
// Not counted, because no other thread writes them in the operation's
// steady state: the thread's own pin word, statistics, cursor, extent stash
// and limbo (other threads touch those only in get_stat's sweep and when a
// put steals a stash).  jemalloc's per-thread cache is not counted either.
// Without the option the macros compile to nothing.
#ifndef VMC_SHARED_WRITES_H
#define VMC_SHARED_WRITES_H

#include <cstdint>

#ifndef VMC_COUNT_SHARED_WRITES
#define VMC_COUNT_SHARED_WRITES 0
#endif

namespace vmc {

struct SharedWrites {
  std::uint64_t rmw = 0;
  std::uint64_t stores = 0;
};

#if VMC_COUNT_SHARED_WRITES
// Initial-exec, trivially destructible: one add from the thread pointer.
[[gnu::tls_model("initial-exec")]] inline thread_local SharedWrites tls_shared_writes;
#define VMC_SW_RMW() (++::vmc::tls_shared_writes.rmw)
#define VMC_SW_STORE() (++::vmc::tls_shared_writes.stores)
#else
#define VMC_SW_RMW() ((void)0)
#define VMC_SW_STORE() ((void)0)
#endif

}  // namespace vmc

#endif  // VMC_SHARED_WRITES_H
