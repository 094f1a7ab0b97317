// shared_writes_test.cc -- the shared-write budget (shared_writes.h), exact
// in one thread, on an engine built with the instrument
// (VMC_COUNT_SHARED_WRITES=1).  The budget of a get hit is zero.
#include <gtest/gtest.h>
#include <libvmemcache.h>
#include <libvmemcache_ext.h>

#include <string>

#include "test_util.h"

namespace vmc::test {
namespace {

struct Row {
  unsigned long long ops, rmw, stores;
  bool operator==(const Row&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << "{ops " << r.ops << ", rmw " << r.rmw << ", stores " << r.stores << "}";
}

Row row(VMEMcache* c, vmemcache_op op) {
  vmemcache_shared_writes t[VMEMCACHE_OPS_NUM];
  EXPECT_EQ(vmemcache_get_shared_writes(c, t), 0) << vmemcache_errormsg();
  return {t[op].ops, t[op].rmw, t[op].stores};
}

TEST(SharedWrites, AGetHitWritesNothingSharedOnceItsClockBitIsSet) {
  VMEMcache* c = make_cache();
  ASSERT_EQ(put(c, "k", "v"), 0);
  char buf[4];
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(vmemcache_get(c, "k", 1, buf, sizeof(buf), 0, nullptr), 1);
  // The first hit sets the CLOCK bit (one store); the other 99 write nothing.
  EXPECT_EQ(row(c, VMEMCACHE_OP_GET_HIT), (Row{100, 0, 1}));
  // So does a visit.
  ASSERT_EQ(vmemcache_visit(
                c, "k", 1, [](const vmemcache_piece*, size_t, size_t, void*) {}, nullptr),
            0);
  EXPECT_EQ(row(c, VMEMCACHE_OP_GET_HIT), (Row{101, 0, 1}));
  vmemcache_delete(c);
}

TEST(SharedWrites, AGetMissWritesNothingShared) {
  VMEMcache* c = make_cache();
  for (int i = 0; i < 10; ++i) ASSERT_EQ(vmemcache_get(c, "absent", 6, nullptr, 0, 0, nullptr), -1);
  EXPECT_EQ(row(c, VMEMCACHE_OP_GET_MISS), (Row{10, 0, 0}));
  vmemcache_delete(c);
}

TEST(SharedWrites, APutWritesTheAllocatorTheIndexAndItsRing) {
  VMEMcache* c = make_cache();
  // First put: the global free count (1 RMW: 1 extent plus a stash refill),
  // one bitmap word (1), the index bucket (1), the ring lock taken (1); the
  // ring lock released (1 store: sync.h), the bucket's prefetch hint (1,
  // where the build has hints), the empty ring's hand, size and extent
  // count (3).
  const unsigned long long hint = VMC_VALUE_HINT ? 1 : 0;
  ASSERT_EQ(put(c, "a", "v"), 0);
  EXPECT_EQ(row(c, VMEMCACHE_OP_PUT), (Row{1, 4, 4 + hint}));
  // Second put: the stash serves the extent, so no global count (3 RMW);
  // the lock's release, the hint, the ring links of its two neighbours,
  // the size and the extent count (6 stores with the hint).
  ASSERT_EQ(put(c, "b", "v"), 0);
  EXPECT_EQ(row(c, VMEMCACHE_OP_PUT), (Row{2, 7, 9 + 2 * hint}));
  vmemcache_delete(c);
}

TEST(SharedWrites, ANullTableIsEinval) {
  VMEMcache* c = make_cache();
  vmemcache_shared_writes t[VMEMCACHE_OPS_NUM];
  EXPECT_EQ(vmemcache_get_shared_writes(c, t), 0);
  errno = 0;
  EXPECT_EQ(vmemcache_get_shared_writes(c, nullptr), -1);
  EXPECT_EQ(errno, EINVAL);
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
