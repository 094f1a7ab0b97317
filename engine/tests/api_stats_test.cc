// api_stats_test.cc -- API.md's statistics rules, after known sequences.
#include <gtest/gtest.h>
#include <libvmemcache.h>

#include <cerrno>

#include "test_util.h"

namespace vmc::test {
namespace {

TEST(Stats, EmptyCacheReportsZerosAndOneHeapEntry) {
  VMEMcache* c = make_cache();
  for (int s = VMEMCACHE_STAT_PUT; s < VMEMCACHE_STATS_NUM; ++s) {
    unsigned long long want = s == VMEMCACHE_STAT_HEAP_ENTRIES ? 1 : 0;
    EXPECT_EQ(stat(c, static_cast<vmemcache_statistic>(s)), want) << "statistic " << s;
  }
  vmemcache_delete(c);
}

TEST(Stats, KnownSequenceGivesExactValues) {
  VMEMcache* c = make_cache();
  ASSERT_EQ(put(c, "a", std::string(600, 'a')), 0);  // 3 extents: 0-2
  ASSERT_EQ(put(c, "b", std::string(100, 'b')), 0);  // 1 extent: 3
  ASSERT_EQ(put(c, "c", std::string(256, 'c')), 0);  // 1 extent: 4
  EXPECT_EQ(put(c, "a", "dup"), -1);                 // EEXIST: no statistic
  char buf[8];
  EXPECT_EQ(vmemcache_get(c, "a", 1, buf, 8, 0, nullptr), 8);
  EXPECT_EQ(vmemcache_get(c, "b", 1, buf, 8, 0, nullptr), 8);
  EXPECT_EQ(vmemcache_get(c, "x", 1, buf, 8, 0, nullptr), -1);
  ASSERT_EQ(vmemcache_evict(c, "b", 1), 0);  // frees extent 3: a hole
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_PUT), 3u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_GET), 3u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_HIT), 2u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_MISS), 1u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), 1u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), 2u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), 4u * 256u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_HEAP_ENTRIES), 2u);  // extent 3, and 5..end
  EXPECT_GT(stat(c, VMEMCACHE_STAT_DRAM_SIZE_USED), 2u * 48u);
  ASSERT_EQ(vmemcache_evict(c, "a", 1), 0);
  ASSERT_EQ(vmemcache_evict(c, "c", 1), 0);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_DRAM_SIZE_USED), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_HEAP_ENTRIES), 1u);  // holes coalesced
  vmemcache_delete(c);
}

TEST(Stats, DramSizeUsedGrowsWithTheKeyBytes) {
  VMEMcache* c = make_cache();
  ASSERT_EQ(put(c, "short", "v"), 0);
  unsigned long long small = stat(c, VMEMCACHE_STAT_DRAM_SIZE_USED);
  ASSERT_EQ(put(c, std::string(5000, 'L'), "v"), 0);
  unsigned long long both = stat(c, VMEMCACHE_STAT_DRAM_SIZE_USED);
  EXPECT_GE(both - small, 5000u + 48u);
  vmemcache_delete(c);
}

TEST(Stats, PoolSizeUsedNeverExceedsThePoolUnderChurn) {
  VMEMcache* c = make_cache();
  for (int i = 0; i < 3000; ++i) {
    ASSERT_EQ(
        put(c, "k" + std::to_string(i), std::string(static_cast<size_t>(i % 7) * 300 + 1, 'x')), 0);
    ASSERT_LE(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), VMEMCACHE_MIN_POOL);
  }
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_GET),
            stat(c, VMEMCACHE_STAT_HIT) + stat(c, VMEMCACHE_STAT_MISS));
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES),
            stat(c, VMEMCACHE_STAT_PUT) - stat(c, VMEMCACHE_STAT_EVICT));
  vmemcache_delete(c);
}

TEST(Stats, GetStatRejectsWrongSizeNullValueAndUnknownStatistic) {
  VMEMcache* c = make_cache();
  unsigned long long v;
  unsigned int small;
  errno = 0;
  EXPECT_EQ(vmemcache_get_stat(c, VMEMCACHE_STAT_PUT, &small, sizeof(small)), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(vmemcache_get_stat(c, VMEMCACHE_STAT_PUT, nullptr, sizeof(v)), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(vmemcache_get_stat(c, VMEMCACHE_STATS_NUM, &v, sizeof(v)), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(vmemcache_get_stat(c, static_cast<vmemcache_statistic>(-1), &v, sizeof(v)), -1);
  EXPECT_EQ(errno, EINVAL);
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
