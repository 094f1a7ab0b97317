// memory_test.cc -- DRAM accounting and release: after delete nothing is
// left in the cache's DRAM account (and ASan, in its build, sees no leak).
#include <gtest/gtest.h>
#include <libvmemcache.h>

#include <string>
#include <thread>
#include <vector>

#include "debug.h"
#include "test_util.h"

namespace vmc::test {
namespace {

TEST(Memory, ArenaHoldsNothingAfterTeardownOfABusyCache) {
  VMEMcache* c = make_cache();
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([c, t] {
      for (int i = 0; i < 5000; ++i) {
        std::string k = "t" + std::to_string(t) + "-" + std::to_string(i);
        std::string v = value_for(k, k.size() * 10);
        vmemcache_put(c, k.data(), k.size(), v.data(), v.size());
        if (i % 3 == 0) vmemcache_evict(c, k.data(), k.size());
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_GT(stat(c, VMEMCACHE_STAT_DRAM_SIZE_USED), 0u);
  EXPECT_EQ(debug::teardown_and_count_dram(c), 0);
  vmemcache_delete(c);
}

TEST(Memory, DramSizeUsedReturnsToZeroWhenEmptied) {
  VMEMcache* c = make_cache();
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(put(c, "k" + std::to_string(i), "v"), 0);
  // 40-byte header + one 8-byte run + a 2..4-byte key: the 64-byte class.
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_DRAM_SIZE_USED), 64u * 1000u);
  while (vmemcache_evict(c, nullptr, 0) == 0) {
  }
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_DRAM_SIZE_USED), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), 0u);
  vmemcache_delete(c);
}

TEST(Memory, ManyCachesCreatedAndDeletedLeaveNothingBehind) {
  for (int i = 0; i < 30; ++i) {
    VMEMcache* c = make_cache();
    ASSERT_EQ(put(c, "k", std::string(5000, 'x')), 0);
    EXPECT_EQ(debug::teardown_and_count_dram(c), 0);
    vmemcache_delete(c);
  }
}

}  // namespace
}  // namespace vmc::test
