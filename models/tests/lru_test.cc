// lru_test.cc -- exact LRU against hand-computed traces.
#include "vmc/models/lru.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace vmc::models {
namespace {

struct Recorder : EvictionObserver {
  std::vector<std::pair<ObjId, std::uint64_t>> evicted;
  void on_evict(ObjId id, std::uint64_t size) override { evicted.emplace_back(id, size); }
};

TEST(Lru, EvictsLeastRecentlyUsedAndHitRefreshes) {
  Lru lru(3);
  Recorder rec;
  lru.set_observer(&rec);
  EXPECT_FALSE(lru.access({1, 1}));
  EXPECT_FALSE(lru.access({2, 1}));
  EXPECT_FALSE(lru.access({3, 1}));
  EXPECT_TRUE(lru.access({1, 1}));   // order now 2 3 1
  EXPECT_FALSE(lru.access({4, 1}));  // evicts 2
  EXPECT_FALSE(lru.access({2, 1}));  // evicts 3
  EXPECT_EQ(rec.evicted, (std::vector<std::pair<ObjId, std::uint64_t>>{{2, 1}, {3, 1}}));
  EXPECT_EQ(lru.order(), (std::list<ObjId>{1, 4, 2}));
  EXPECT_EQ(lru.used(), 3u);
  EXPECT_EQ(lru.count(), 3u);
}

TEST(Lru, SizedMissEvictsUntilTheObjectFits) {
  Lru lru(10);
  Recorder rec;
  lru.set_observer(&rec);
  lru.access({1, 4});
  lru.access({2, 3});
  lru.access({3, 3});                // used 10
  EXPECT_FALSE(lru.access({4, 6}));  // evicts 1 (used 6) then 2 (used 3)
  EXPECT_EQ(rec.evicted, (std::vector<std::pair<ObjId, std::uint64_t>>{{1, 4}, {2, 3}}));
  EXPECT_EQ(lru.used(), 9u);
  EXPECT_EQ(lru.order(), (std::list<ObjId>{3, 4}));
}

TEST(Lru, ObjectLargerThanCapacityIsNeverInsertedAndEvictsNothing) {
  Lru lru(5);
  Recorder rec;
  lru.set_observer(&rec);
  lru.access({1, 5});
  EXPECT_FALSE(lru.access({2, 6}));
  EXPECT_FALSE(lru.access({2, 6}));
  EXPECT_TRUE(rec.evicted.empty());
  EXPECT_EQ(lru.order(), (std::list<ObjId>{1}));
  EXPECT_EQ(lru.used(), 5u);
}

TEST(Lru, ReplacerVictimIsLeastRecentlyTouchedAndEraseUnlinks) {
  Lru lru(0);  // capacity is not used by the Replacer interface
  lru.insert(1);
  lru.insert(2);
  lru.insert(3);
  lru.touch(1);
  lru.erase(2);
  EXPECT_EQ(lru.count(), 2u);
  EXPECT_EQ(lru.victim(), std::optional<ObjId>(3));
  EXPECT_EQ(lru.victim(), std::optional<ObjId>(1));
  EXPECT_EQ(lru.victim(), std::nullopt);
  EXPECT_EQ(lru.used(), 0u);
}

}  // namespace
}  // namespace vmc::models
