// stats_off_test.cc -- built against an engine compiled with
// STATS_ENABLED=OFF: counter-backed statistics read 0, the allocator's
// (POOL_SIZE_USED, HEAP_ENTRIES) stay exact, and the cache works.
#include <gtest/gtest.h>
#include <libvmemcache.h>

#include "test_util.h"

namespace vmc::test {
namespace {

TEST(StatsOff, CountersReadZeroButPoolStatisticsStayExact) {
  VMEMcache* c = make_cache();
  ASSERT_EQ(put(c, "a", std::string(600, 'a')), 0);  // 3 extents
  ASSERT_EQ(put(c, "b", "b"), 0);                    // 1 extent
  EXPECT_EQ(get(c, "a"), std::string(600, 'a'));
  EXPECT_EQ(get(c, "zz"), "<miss>");
  ASSERT_EQ(vmemcache_evict(c, "a", 1), 0);
  for (auto s : {VMEMCACHE_STAT_PUT, VMEMCACHE_STAT_GET, VMEMCACHE_STAT_HIT, VMEMCACHE_STAT_MISS,
                 VMEMCACHE_STAT_EVICT, VMEMCACHE_STAT_ENTRIES, VMEMCACHE_STAT_DRAM_SIZE_USED})
    EXPECT_EQ(stat(c, s), 0u) << "statistic " << s;
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), 256u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_HEAP_ENTRIES), 2u);  // extents 0-2, and 4..end
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
