// api_ops_test.cc -- API.md "Operations": put, get, exists, evict; one test
// per rule, exact values.
#include <gtest/gtest.h>
#include <libvmemcache.h>

#include <cerrno>
#include <string>

#include "test_util.h"

namespace vmc::test {
namespace {

class Ops : public ::testing::Test {
 protected:
  void SetUp() override {
    c_ = make_cache(opts_);
    ASSERT_NE(c_, nullptr);
  }
  void TearDown() override { vmemcache_delete(c_); }
  Options opts_;
  VMEMcache* c_ = nullptr;
};

TEST_F(Ops, PutThenGetReturnsTheExactBytesAndSize) {
  std::string v = value_for("key", 1000);  // 4 extents of 256
  ASSERT_EQ(put(c_, "key", v), 0);
  char buf[2000];
  size_t vsize = 0;
  EXPECT_EQ(vmemcache_get(c_, "key", 3, buf, sizeof(buf), 0, &vsize), 1000);
  EXPECT_EQ(vsize, 1000u);
  EXPECT_EQ(std::string(buf, 1000), v);
}

TEST_F(Ops, PutOfAPresentKeyFailsWithEexistAndKeepsTheOldValue) {
  ASSERT_EQ(put(c_, "key", "old"), 0);
  errno = 0;
  EXPECT_EQ(put(c_, "key", "new value"), -1);
  EXPECT_EQ(errno, EEXIST);
  EXPECT_EQ(get(c_, "key"), "old");
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_PUT), 1u);
}

TEST_F(Ops, PutLargerThanThePoolFailsWithEnospcAndEvictsNothing) {
  ASSERT_EQ(put(c_, "a", "1"), 0);
  std::string huge(VMEMCACHE_MIN_POOL + 1, 'x');
  errno = 0;
  EXPECT_EQ(put(c_, "huge", huge), -1);
  EXPECT_EQ(errno, ENOSPC);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_EVICT), 0u);
  EXPECT_EQ(get(c_, "a"), "1");
}

TEST_F(Ops, PutOfExactlyThePoolSizeFitsAfterEvictingEverything) {
  ASSERT_EQ(put(c_, "a", "1"), 0);
  std::string whole(VMEMCACHE_MIN_POOL, 'w');
  EXPECT_EQ(put(c_, "whole", whole), 0);
  EXPECT_EQ(get(c_, "a"), "<miss>");
  EXPECT_EQ(get(c_, "whole"), whole);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_HEAP_ENTRIES), 0u);
}

TEST_F(Ops, GetWithOffsetCopiesFromTheOffset) {
  ASSERT_EQ(put(c_, "k", "0123456789"), 0);
  char buf[4] = {};
  size_t vsize = 0;
  EXPECT_EQ(vmemcache_get(c_, "k", 1, buf, 4, 3, &vsize), 4);
  EXPECT_EQ(std::string(buf, 4), "3456");
  EXPECT_EQ(vsize, 10u);
  // Near the end: only what is left.
  EXPECT_EQ(vmemcache_get(c_, "k", 1, buf, 4, 8, &vsize), 2);
  EXPECT_EQ(std::string(buf, 2), "89");
}

TEST_F(Ops, GetOffsetAcrossExtentBoundaries) {
  std::string v = value_for("k", 3 * 256 + 17);
  ASSERT_EQ(put(c_, "k", v), 0);
  std::string buf(300, '\0');
  EXPECT_EQ(vmemcache_get(c_, "k", 1, buf.data(), buf.size(), 250, nullptr), 300);
  EXPECT_EQ(buf, v.substr(250, 300));
}

TEST_F(Ops, GetWithSmallBufferCopiesOnlyVbufsize) {
  ASSERT_EQ(put(c_, "k", "0123456789"), 0);
  char buf[16];
  std::fill(buf, buf + 16, '#');
  size_t vsize = 0;
  EXPECT_EQ(vmemcache_get(c_, "k", 1, buf, 3, 0, &vsize), 3);
  EXPECT_EQ(std::string(buf, 4), "012#");
  EXPECT_EQ(vsize, 10u);
}

TEST_F(Ops, GetOffsetAtOrPastTheEndCopiesNothingButIsAHit) {
  ASSERT_EQ(put(c_, "k", "0123456789"), 0);
  char buf[4] = {'#', '#', '#', '#'};
  size_t vsize = 0;
  EXPECT_EQ(vmemcache_get(c_, "k", 1, buf, 4, 10, &vsize), 0);
  EXPECT_EQ(vmemcache_get(c_, "k", 1, buf, 4, 1000, &vsize), 0);
  EXPECT_EQ(vsize, 10u);
  EXPECT_EQ(buf[0], '#');
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_HIT), 2u);
}

TEST_F(Ops, GetWithNullBufferCopiesNothingButSetsVsizeAndHits) {
  ASSERT_EQ(put(c_, "k", "0123456789"), 0);
  size_t vsize = 0;
  EXPECT_EQ(vmemcache_get(c_, "k", 1, nullptr, 100, 0, &vsize), 0);
  EXPECT_EQ(vsize, 10u);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_HIT), 1u);
}

TEST_F(Ops, GetWithNullVsizeStillCopies) {
  ASSERT_EQ(put(c_, "k", "abc"), 0);
  char buf[3];
  EXPECT_EQ(vmemcache_get(c_, "k", 1, buf, 3, 0, nullptr), 3);
  EXPECT_EQ(std::string(buf, 3), "abc");
}

TEST_F(Ops, GetMissReturnsEnoentAndLeavesVsizeUntouched) {
  size_t vsize = 12345;
  char buf[4];
  errno = 0;
  EXPECT_EQ(vmemcache_get(c_, "nope", 4, buf, 4, 0, &vsize), -1);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_EQ(vsize, 12345u);
  EXPECT_STRNE(vmemcache_errormsg(), "");
}

TEST_F(Ops, ExistsReportsPresenceAndSizeWithoutTouchingStats) {
  ASSERT_EQ(put(c_, "k", "abcdef"), 0);
  size_t vsize = 0;
  EXPECT_EQ(vmemcache_exists(c_, "k", 1, &vsize), 1);
  EXPECT_EQ(vsize, 6u);
  EXPECT_EQ(vmemcache_exists(c_, "x", 1, &vsize), 0);
  EXPECT_EQ(vmemcache_exists(c_, "k", 1, nullptr), 1);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_GET), 0u);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_HIT), 0u);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_MISS), 0u);
}

TEST_F(Ops, ExistsDoesNotCountAsRecentUse) {
  // Three entries; "a" is only exists()-ed, so it is still the CLOCK victim.
  ASSERT_EQ(put(c_, "a", "1"), 0);
  ASSERT_EQ(put(c_, "b", "2"), 0);
  ASSERT_EQ(vmemcache_exists(c_, "a", 1, nullptr), 1);
  ASSERT_EQ(vmemcache_evict(c_, nullptr, 0), 0);
  EXPECT_EQ(get(c_, "a"), "<miss>");
  EXPECT_EQ(get(c_, "b"), "2");
}

TEST_F(Ops, EvictKeyRemovesItAndAbsentKeyGivesEnoent) {
  ASSERT_EQ(put(c_, "k", "v"), 0);
  EXPECT_EQ(vmemcache_evict(c_, "k", 1), 0);
  EXPECT_EQ(vmemcache_exists(c_, "k", 1, nullptr), 0);
  errno = 0;
  EXPECT_EQ(vmemcache_evict(c_, "k", 1), -1);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_EVICT), 1u);
}

TEST_F(Ops, EvictNullOnAnEmptyCacheFailsWithEsrch) {
  errno = 0;
  EXPECT_EQ(vmemcache_evict(c_, nullptr, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST_F(Ops, EvictNullFollowsClockOrder) {
  // Insert a..e; hit b and d: the hand clears b's and d's bits on its way, so
  // the order is a, c, e, then b, d (second chance).
  for (const char* k : {"a", "b", "c", "d", "e"}) ASSERT_EQ(put(c_, k, k), 0);
  ASSERT_EQ(get(c_, "b"), "b");
  ASSERT_EQ(get(c_, "d"), "d");
  Events ev;
  ev.attach(c_);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(vmemcache_evict(c_, nullptr, 0), 0);
  EXPECT_EQ(ev.log,
            (std::vector<std::string>{"evict:a", "evict:c", "evict:e", "evict:b", "evict:d"}));
  EXPECT_EQ(vmemcache_evict(c_, nullptr, 0), -1);
}

TEST_F(Ops, AutomaticEvictionTakesTheClockVictimUntilTheValueFits) {
  // 4096 extents; 4 values of 1024 extents fill the pool exactly.
  std::string big(1024 * 256, 'b');
  for (const char* k : {"a", "b", "c", "d"}) ASSERT_EQ(put(c_, k, big), 0);
  ASSERT_EQ(get(c_, "a"), big);  // a gets a second chance
  Events ev;
  ev.attach(c_);
  std::string two(2048 * 256, 't');
  ASSERT_EQ(put(c_, "two", two), 0);
  EXPECT_EQ(ev.log, (std::vector<std::string>{"evict:b", "evict:c"}));
  EXPECT_EQ(get(c_, "a"), big);
  EXPECT_EQ(get(c_, "two"), two);
}

TEST_F(Ops, KeysOfMoreThanOneKibibyteAreComparedWhole) {
  std::string k1(1500, 'k'), k2(1500, 'k');
  k2[1499] = 'K';  // differs only in the last byte
  ASSERT_EQ(put(c_, k1, "one"), 0);
  ASSERT_EQ(put(c_, k2, "two"), 0);
  EXPECT_EQ(get(c_, k1), "one");
  EXPECT_EQ(get(c_, k2), "two");
  std::string k3(70000, 'z');
  ASSERT_EQ(put(c_, k3, "three"), 0);
  EXPECT_EQ(get(c_, k3), "three");
}

TEST_F(Ops, EmptyKeyIsAValidKey) {
  ASSERT_EQ(vmemcache_put(c_, "", 0, "empty", 5), 0);
  char buf[8];
  EXPECT_EQ(vmemcache_get(c_, "", 0, buf, sizeof(buf), 0, nullptr), 5);
  EXPECT_EQ(std::string(buf, 5), "empty");
  errno = 0;
  EXPECT_EQ(vmemcache_put(c_, "", 0, "again", 5), -1);
  EXPECT_EQ(errno, EEXIST);
  EXPECT_EQ(vmemcache_evict(c_, "", 0), 0);
}

TEST_F(Ops, ZeroLengthValueIsStoredAndTakesOneExtent) {
  ASSERT_EQ(vmemcache_put(c_, "z", 1, nullptr, 0), 0);
  size_t vsize = 99;
  char buf[4];
  EXPECT_EQ(vmemcache_get(c_, "z", 1, buf, sizeof(buf), 0, &vsize), 0);
  EXPECT_EQ(vsize, 0u);
  EXPECT_EQ(vmemcache_exists(c_, "z", 1, &vsize), 1);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_POOL_SIZE_USED), 256u);
}

class NoneOps : public Ops {
 protected:
  void SetUp() override {
    opts_.policy = VMEMCACHE_REPLACEMENT_NONE;
    Ops::SetUp();
  }
};

TEST_F(NoneOps, PutIntoFullCacheWithNoneFailsWithEnospcAndEvictsNothing) {
  std::string quarter(1024 * 256, 'q');
  for (const char* k : {"a", "b", "c", "d"}) ASSERT_EQ(put(c_, k, quarter), 0);
  errno = 0;
  EXPECT_EQ(put(c_, "e", "x"), -1);
  EXPECT_EQ(errno, ENOSPC);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_EVICT), 0u);
  EXPECT_EQ(stat(c_, VMEMCACHE_STAT_ENTRIES), 4u);
  EXPECT_EQ(vmemcache_exists(c_, "e", 1, nullptr), 0);
  // Explicit eviction still works under NONE, and makes room.
  EXPECT_EQ(vmemcache_evict(c_, nullptr, 0), 0);
  EXPECT_EQ(put(c_, "e", "x"), 0);
}

}  // namespace
}  // namespace vmc::test
