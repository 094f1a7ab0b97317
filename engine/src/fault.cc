// fault.cc -- the countdown behind fault.h's hooks (compiled only into the
// vmemcache_fault test library, with VMC_FAULT_INJECTION=1).
#include "fault.h"

#include <atomic>
#include <cerrno>
#include <mutex>

#if !VMC_FAULT_INJECTION
#error "fault.cc belongs only to the VMC_FAULT_INJECTION=1 test library"
#endif

namespace vmc::fault {
namespace {

// All relaxed: the test arms, runs its operations and reads the results
// from threads it joins in between (the joins order everything); the
// atomics only keep a hook met on another thread well-defined.
std::atomic<int> armed_kind{-1};  // -1: disarmed
std::atomic<std::uint64_t> target{0};
std::atomic<std::uint64_t> met_count{0};
std::atomic<int> fail_errno{0};
std::atomic<int> fired_at{-1};  // the Site that failed, -1: none yet
std::mutex trace_mu;
std::vector<Site> trace_sites;  // guarded by trace_mu

bool hit(Site site) {
  if (armed_kind.load(std::memory_order_relaxed) != static_cast<int>(kind_of(site))) return false;
  {
    std::lock_guard<std::mutex> lock(trace_mu);
    trace_sites.push_back(site);
  }
  const std::uint64_t n = met_count.fetch_add(1, std::memory_order_relaxed) + 1;
  if (n != target.load(std::memory_order_relaxed)) return false;
  fired_at.store(static_cast<int>(site), std::memory_order_relaxed);
  return true;
}

}  // namespace

bool fail_now(Site site) { return hit(site); }

bool fail_syscall(Site site) {
  if (!hit(site)) return false;
  const int err = fail_errno.load(std::memory_order_relaxed);
  errno = err != 0 ? err : default_errno(site);
  return true;
}

int default_errno(Site site) {
  switch (site) {
    case Site::kOpenFile:
      return EMFILE;
    case Site::kFallocate:
      return ENOSPC;
    default:
      return ENOMEM;
  }
}

void arm(Kind kind, std::uint64_t n, int err) {
  {
    std::lock_guard<std::mutex> lock(trace_mu);
    trace_sites.clear();
  }
  met_count.store(0, std::memory_order_relaxed);
  fired_at.store(-1, std::memory_order_relaxed);
  target.store(n, std::memory_order_relaxed);
  fail_errno.store(err, std::memory_order_relaxed);
  armed_kind.store(static_cast<int>(kind), std::memory_order_relaxed);
}

void disarm() { armed_kind.store(-1, std::memory_order_relaxed); }

std::uint64_t met() { return met_count.load(std::memory_order_relaxed); }

bool fired() { return fired_at.load(std::memory_order_relaxed) >= 0; }

Site fired_site() { return static_cast<Site>(fired_at.load(std::memory_order_relaxed)); }

std::vector<Site> trace() {
  std::lock_guard<std::mutex> lock(trace_mu);
  return trace_sites;
}

}  // namespace vmc::fault
