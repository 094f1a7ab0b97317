// cache_model_test.cc -- the reference model against hand-computed traces of
// docs/SEMANTICS.md (extent accounting, next fit, CLOCK, callbacks, errno).
#include "vmc/models/cache_model.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

namespace vmc::models {
namespace {

constexpr std::uint64_t kQuarter = 256 * 1024;  // extent size giving N = 4 in 1 MiB

// A 1 MiB pool cut into 4 extents of 256 KiB.
CacheModel FourExtents(Eviction policy = Eviction::kLru) {
  CacheModel m;
  EXPECT_EQ(m.set_extent_size(kQuarter), 0);
  EXPECT_EQ(m.set_eviction_policy(static_cast<int>(policy)), 0);
  EXPECT_EQ(m.add("/tmp"), 0);
  return m;
}

int Put(CacheModel& m, const std::string& k, std::size_t size) {
  std::string v(size, k.empty() ? '-' : k[0]);
  return m.put(k.data(), k.size(), v.data(), v.size());
}

int Errno(int ret) { return ret == -1 ? errno : 0; }

TEST(CacheModel, ValueOccupiesCeilOfSizeOverExtentAndEmptyValueOneExtent) {
  CacheModel m = FourExtents();
  EXPECT_EQ(m.extents(), 4u);
  EXPECT_EQ(m.extents_for(0), 1u);
  EXPECT_EQ(m.extents_for(kQuarter), 1u);
  EXPECT_EQ(m.extents_for(kQuarter + 1), 2u);
  EXPECT_EQ(Put(m, "a", kQuarter + 1), 0);
  EXPECT_EQ(Put(m, "b", 0), 0);
  EXPECT_EQ(m.extents_of("a"), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(m.extents_of("b"), (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(m.stat(Stat::kPoolSizeUsed), 3 * kQuarter);
  EXPECT_EQ(m.stat(Stat::kHeapEntries), 1u);
  EXPECT_EQ(m.cursor(), 3u);
}

TEST(CacheModel, NextFitWrapsFromTheCursorAndFreeingDoesNotMoveIt) {
  CacheModel m = FourExtents();
  EXPECT_EQ(Put(m, "a", 1), 0);  // extent 0
  EXPECT_EQ(Put(m, "b", 1), 0);  // 1
  EXPECT_EQ(Put(m, "c", 1), 0);  // 2, cursor 3
  EXPECT_EQ(m.evict("a", 1), 0);
  EXPECT_EQ(m.stat(Stat::kHeapEntries), 2u);  // free runs {0} and {3}
  EXPECT_EQ(m.cursor(), 3u);
  EXPECT_EQ(Put(m, "d", kQuarter + 1), 0);  // takes 3 then wraps to 0
  EXPECT_EQ(m.extents_of("d"), (std::vector<std::uint32_t>{3, 0}));
  EXPECT_EQ(m.cursor(), 1u);
  EXPECT_EQ(m.stat(Stat::kHeapEntries), 0u);
}

TEST(CacheModel, PutIntoFullCacheEvictsClockVictimsInOrderUntilItFits) {
  CacheModel m = FourExtents();
  std::vector<std::string> evicted;
  m.callback_on_evict([&](CacheModel&, const void* k, std::size_t n) {
    evicted.emplace_back(static_cast<const char*>(k), n);
  });
  for (const char* k : {"a", "b", "c", "d"}) ASSERT_EQ(Put(m, k, 1), 0);
  char buf[1];
  EXPECT_EQ(m.get("a", 1, buf, 1, 0, nullptr), 1);  // a.ref = 1
  EXPECT_EQ(Put(m, "e", 2 * kQuarter), 0);          // a second chance; b, c go
  EXPECT_EQ(evicted, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(m.keys(), (std::vector<std::string>{"a", "d", "e"}));
  EXPECT_EQ(m.extents_of("e"), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(m.stat(Stat::kEvict), 2u);
  EXPECT_EQ(m.stat(Stat::kPut), 5u);
  EXPECT_EQ(m.evict(nullptr, 0), 0);  // queue d a e (a's bit cleared): d
  EXPECT_EQ(evicted.back(), "d");
}

TEST(CacheModel, PutLargerThanThePoolFailsWithEnospcAndEvictsNothing) {
  CacheModel m = FourExtents();
  ASSERT_EQ(Put(m, "a", 1), 0);
  EXPECT_EQ(Errno(Put(m, "b", 4 * kQuarter + 1)), ENOSPC);
  EXPECT_EQ(m.entries(), 1u);
  EXPECT_EQ(m.stat(Stat::kPut), 1u);
  EXPECT_EQ(m.stat(Stat::kEvict), 0u);
}

TEST(CacheModel, PolicyNoneFailsWithEnospcWhenFullAndChangesNoStatistic) {
  CacheModel m = FourExtents(Eviction::kNone);
  for (const char* k : {"a", "b", "c"}) ASSERT_EQ(Put(m, k, 1), 0);
  EXPECT_EQ(Errno(Put(m, "d", kQuarter + 1)), ENOSPC);
  EXPECT_EQ(m.entries(), 3u);
  EXPECT_EQ(m.stat(Stat::kPut), 3u);
  EXPECT_EQ(Put(m, "d", kQuarter), 0);
}

TEST(CacheModel, PutOfPresentKeyFailsWithEexistAndKeepsTheOldValue) {
  CacheModel m = FourExtents();
  ASSERT_EQ(Put(m, "a", 3), 0);
  EXPECT_EQ(Errno(Put(m, "a", 5)), EEXIST);
  std::size_t vsize = 0;
  EXPECT_EQ(m.exists("a", 1, &vsize), 1);
  EXPECT_EQ(vsize, 3u);
}

TEST(CacheModel, GetCopiesFromOffsetAtMostTheBufferAndCountsHitAndMiss) {
  CacheModel m = FourExtents();
  const std::string v = "0123456789";
  ASSERT_EQ(m.put("k", 1, v.data(), v.size()), 0);
  char buf[16] = {};
  std::size_t vsize = 0;
  EXPECT_EQ(m.get("k", 1, buf, 4, 3, &vsize), 4);
  EXPECT_EQ(std::string(buf, 4), "3456");
  EXPECT_EQ(vsize, 10u);
  EXPECT_EQ(m.get("k", 1, buf, 16, 8, nullptr), 2);
  EXPECT_EQ(m.get("k", 1, buf, 16, 10, nullptr), 0);
  EXPECT_EQ(m.get("k", 1, nullptr, 16, 0, nullptr), 0);
  vsize = 77;
  EXPECT_EQ(m.get("x", 1, buf, 16, 0, &vsize), -1);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_EQ(vsize, 77u);
  EXPECT_EQ(m.stat(Stat::kGet), 5u);
  EXPECT_EQ(m.stat(Stat::kHit), 4u);
  EXPECT_EQ(m.stat(Stat::kMiss), 1u);
}

TEST(CacheModel, PutFromOnMissAnswersTheGetEvenWhenItDoesNotFit) {
  CacheModel m = FourExtents();
  const std::string big(4 * kQuarter + 1, 'z');
  m.callback_on_miss([&](CacheModel& c, const void* k, std::size_t n) {
    EXPECT_EQ(c.put(k, n, big.data(), big.size()), -1);
    EXPECT_EQ(errno, ENOSPC);
    EXPECT_EQ(c.put(k, n, "second", 6), 0);  // not the first put: ignored
  });
  char buf[4];
  std::size_t vsize = 0;
  EXPECT_EQ(m.get("q", 1, buf, 4, 1, &vsize), 4);
  EXPECT_EQ(vsize, big.size());
  EXPECT_EQ(std::string(buf, 4), "zzzz");
  EXPECT_EQ(m.events(), (std::vector<Event>{{Event::Kind::kMiss, "q"}}));
  EXPECT_EQ(m.stat(Stat::kMiss), 1u);
  EXPECT_EQ(m.stat(Stat::kPut), 1u);
}

TEST(CacheModel, EntryIsReadableDuringOnEvictButCannotBeEvictedAgain) {
  CacheModel m = FourExtents();
  ASSERT_EQ(Put(m, "a", 2), 0);
  std::vector<int> seen;
  m.callback_on_evict([&](CacheModel& c, const void* k, std::size_t n) {
    char buf[2];
    seen.push_back(static_cast<int>(c.get(k, n, buf, 2, 0, nullptr)));
    seen.push_back(c.exists(k, n, nullptr));
    seen.push_back(Errno(c.evict(k, n)));
    seen.push_back(Errno(c.put(k, n, "x", 1)));
  });
  EXPECT_EQ(m.evict("a", 1), 0);
  EXPECT_EQ(seen, (std::vector<int>{2, 1, ENOENT, EEXIST}));
  EXPECT_EQ(m.entries(), 0u);
  EXPECT_EQ(m.stat(Stat::kHit), 1u);
  EXPECT_EQ(m.stat(Stat::kEvict), 1u);
  EXPECT_EQ(m.stat(Stat::kHeapEntries), 1u);
  EXPECT_EQ(m.stat(Stat::kPoolSizeUsed), 0u);
}

TEST(CacheModel, EvictOfAbsentKeyIsEnoentAndOfEmptyCacheIsEsrch) {
  CacheModel m = FourExtents();
  EXPECT_EQ(Errno(m.evict("a", 1)), ENOENT);
  EXPECT_EQ(Errno(m.evict(nullptr, 0)), ESRCH);
}

TEST(CacheModel, ArgumentErrorsAreEinvalAndOperationsBeforeAddAreEinval) {
  CacheModel fresh;
  unsigned long long v = 5;
  EXPECT_EQ(Errno(Put(fresh, "a", 1)), EINVAL);
  EXPECT_EQ(Errno(static_cast<int>(fresh.get("a", 1, nullptr, 0, 0, nullptr))), EINVAL);
  EXPECT_EQ(Errno(fresh.exists("a", 1, nullptr)), EINVAL);
  EXPECT_EQ(Errno(fresh.evict("a", 1)), EINVAL);
  EXPECT_EQ(fresh.get_stat(static_cast<int>(Stat::kHeapEntries), &v, 8), 0);
  EXPECT_EQ(v, 0u);

  CacheModel m = FourExtents();
  EXPECT_EQ(Errno(m.put(nullptr, 0, "v", 1)), EINVAL);
  EXPECT_EQ(Errno(m.put("k", 1, nullptr, 1)), EINVAL);
  EXPECT_EQ(m.put("k", 1, nullptr, 0), 0);  // NULL value of size 0 is valid
  EXPECT_EQ(Errno(m.put("k", CacheModel::kMaxKeySize + 1, "v", 1)), EINVAL);
  EXPECT_EQ(Errno(m.exists(nullptr, 0, nullptr)), EINVAL);
  EXPECT_EQ(Errno(m.get_stat(-1, &v, 8)), EINVAL);
  EXPECT_EQ(Errno(m.get_stat(9, &v, 8)), EINVAL);
  EXPECT_EQ(Errno(m.get_stat(0, &v, 4)), EINVAL);
  EXPECT_EQ(Errno(m.get_stat(0, nullptr, 8)), EINVAL);
  EXPECT_EQ(m.stat(Stat::kGet), 0u);
}

TEST(CacheModel, SettersAndAddFollowTheLifeCycleTable) {
  CacheModel m;
  EXPECT_EQ(Errno(m.set_size(CacheModel::kMinPool - 1)), EINVAL);
  EXPECT_EQ(Errno(m.set_size(CacheModel::kMaxPool)), EINVAL);
  EXPECT_EQ(Errno(m.set_extent_size(255)), EINVAL);
  EXPECT_EQ(Errno(m.set_eviction_policy(2)), EINVAL);
  EXPECT_EQ(Errno(m.set_eviction_policy(-1)), EINVAL);
  EXPECT_EQ(Errno(m.add(nullptr)), EINVAL);
  EXPECT_EQ(Errno(m.add("/nonexistent/dir")), ENOENT);
  EXPECT_EQ(Errno(m.add("/dev/null")), ENOTSUP);
  EXPECT_EQ(m.set_size(CacheModel::kMinPool + 1), 0);
  EXPECT_EQ(m.set_extent_size(CacheModel::kMinPool + 4096 + 1), 0);
  EXPECT_EQ(Errno(m.add("/tmp")), EINVAL);  // extent larger than the pool
  EXPECT_EQ(m.set_extent_size(1000), 0);
  EXPECT_EQ(m.add("/tmp"), 0);
  EXPECT_EQ(m.pool_size(), CacheModel::kMinPool + 4096);
  EXPECT_EQ(m.extents(), (CacheModel::kMinPool + 4096) / 1000);
  EXPECT_EQ(Errno(m.add("/tmp")), EBUSY);
  EXPECT_EQ(Errno(m.set_size(CacheModel::kMinPool)), EALREADY);
  EXPECT_EQ(Errno(m.set_extent_size(256)), EALREADY);
  EXPECT_EQ(Errno(m.set_eviction_policy(0)), EALREADY);
  EXPECT_EQ(m.stat(Stat::kHeapEntries), 1u);
}

TEST(CacheModel, CopyIsIndependentOfTheOriginal) {
  CacheModel a = FourExtents();
  ASSERT_EQ(Put(a, "a", 1), 0);
  ASSERT_EQ(Put(a, "b", 1), 0);
  CacheModel b = a;
  ASSERT_EQ(b.evict(nullptr, 0), 0);
  EXPECT_EQ(b.keys(), (std::vector<std::string>{"b"}));
  EXPECT_EQ(a.keys(), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(a.evict(nullptr, 0), 0);
  ASSERT_EQ(a.evict(nullptr, 0), 0);
  EXPECT_EQ(a.entries(), 0u);
  EXPECT_EQ(b.entries(), 1u);
}

}  // namespace
}  // namespace vmc::models
