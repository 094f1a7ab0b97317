// fuzz_found_test.cc -- FOUND BY FUZZING (issue 12): minimal reproducers of
// the engine defects the C API fuzz target (engine/fuzz) found, one test
// each, failing before its fix.
#include <gtest/gtest.h>
#include <libvmemcache.h>
#include <libvmemcache_ext.h>

#include <atomic>
#include <cerrno>
#include <future>
#include <string>
#include <thread>

#include "test_util.h"

namespace vmc::test {
namespace {

// vmemcache_handle_pieces and vmemcache_handle_value_size dereference a
// NULL handle (SIGSEGV), where every other function answers a NULL
// argument with EINVAL and vmemcache_handle_release(NULL) does nothing.
// Found within ~600 programs (UBSan: member access within null pointer,
// cache_read.cc, Cache::handle_pieces).  The fuzz target makes both calls.
TEST(FoundByFuzzing, HandleFunctionsAnswerANullHandleWithEinval) {
  size_t n = 7;
  errno = 0;
  EXPECT_EQ(vmemcache_handle_pieces(nullptr, &n), nullptr);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(n, 0u);
  errno = 0;
  EXPECT_EQ(vmemcache_handle_value_size(nullptr), 0u);
  EXPECT_EQ(errno, EINVAL);
}

// insert_or_assign links the new entry ahead of the old one and removes
// the old one -- but if another eviction had claimed the old one (here: our
// own on_evict, running for it), only that claimer removed it, when its
// callback returned.  Meanwhile the old entry stayed in the index behind
// the new one, and once the new one was gone (evicted) the old value came
// back: a get after insert_or_assign(k, "new") and evict(k) returned "old".
// The same holds across threads, with a slow on_evict on one of them.
// Found by fuzz_api (a visit inside nested on_evict callbacks saw a value
// replaced two levels up).
TEST(FoundByFuzzing, AValueReplacedDuringItsEvictionNeverComesBack) {
  VMEMcache* c = make_cache();
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(put(c, "k", "old"), 0);
  struct Inside {
    int calls = 0;
    int assigned = -2, evicted = -2;
    std::string seen;
  } in;
  vmemcache_callback_on_evict(
      c,
      [](VMEMcache* cache, const void*, size_t, void* arg) {
        auto* in = static_cast<Inside*>(arg);
        if (in->calls++ != 0) return;  // the nested eviction of "new"
        in->assigned = vmemcache_insert_or_assign(cache, "k", 1, "new", 3);
        in->evicted = vmemcache_evict(cache, "k", 1);
        in->seen = get(cache, "k");
      },
      &in);
  ASSERT_EQ(vmemcache_evict(c, "k", 1), 0) << vmemcache_errormsg();
  EXPECT_EQ(in.assigned, 1);  // replaced
  EXPECT_EQ(in.evicted, 0);
  EXPECT_EQ(in.calls, 2);
  EXPECT_EQ(in.seen, "<miss>");
  EXPECT_EQ(get(c, "k"), "<miss>");
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), 2u);
  vmemcache_delete(c);
}

// The same across threads: one thread's on_evict for "old" is still
// running while another replaces the key and evicts the new value.
TEST(FoundByFuzzing, AValueReplacedWhileAnotherThreadEvictsItNeverComesBack) {
  VMEMcache* c = make_cache();
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(put(c, "k", "old"), 0);
  std::promise<void> release;
  struct Gate {
    std::atomic<int> calls{0};
    std::promise<void> inside;
    std::shared_future<void> released;
  } gate;
  gate.released = release.get_future().share();
  vmemcache_callback_on_evict(
      c,
      [](VMEMcache*, const void*, size_t, void* arg) {
        auto* g = static_cast<Gate*>(arg);
        if (g->calls.fetch_add(1) != 0) return;  // the other thread's eviction of "new"
        g->inside.set_value();
        g->released.wait();
      },
      &gate);
  std::future<void> inside = gate.inside.get_future();
  std::thread evictor([&] { EXPECT_EQ(vmemcache_evict(c, "k", 1), 0); });
  inside.wait();  // "old" is claimed, its on_evict running
  EXPECT_EQ(vmemcache_insert_or_assign(c, "k", 1, "new", 3), 1);
  EXPECT_EQ(vmemcache_evict(c, "k", 1), 0);
  EXPECT_EQ(get(c, "k"), "<miss>");
  release.set_value();
  evictor.join();
  EXPECT_EQ(get(c, "k"), "<miss>");
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), 2u);
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
