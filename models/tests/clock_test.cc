// clock_test.cc -- the engine's CLOCK against hand-computed traces.
#include "vmc/models/clock.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace vmc::models {
namespace {

struct Recorder : EvictionObserver {
  std::vector<ObjId> evicted;
  void on_evict(ObjId id, std::uint64_t) override { evicted.push_back(id); }
};

using Ring = std::list<Clock::Slot>;

TEST(Clock, InsertGoesJustBeforeTheHandWithBitClear) {
  Clock c(0);
  c.insert(1);
  c.insert(2);
  c.insert(3);
  EXPECT_EQ(c.ring(), (Ring{{1, false}, {2, false}, {3, false}}));
}

TEST(Clock, VictimGivesReferencedEntriesASecondChance) {
  Clock c(0);
  c.insert(1);
  c.insert(2);
  c.insert(3);
  c.touch(1);
  c.touch(2);
  // Hand at 1 (ref): clear, advance; 2 (ref): clear, advance; 3: victim.
  EXPECT_EQ(c.victim(), std::optional<ObjId>(3));
  EXPECT_EQ(c.ring(), (Ring{{1, false}, {2, false}}));
  c.insert(4);  // before the hand, which now points at 1
  c.touch(1);
  EXPECT_EQ(c.victim(), std::optional<ObjId>(2));
  EXPECT_EQ(c.ring(), (Ring{{4, false}, {1, false}}));
}

TEST(Clock, AllReferencedRingEvictsTheHandAfterAFullSweep) {
  Clock c(0);
  for (ObjId id : {1, 2, 3}) c.insert(id);
  for (ObjId id : {1, 2, 3}) c.touch(id);
  EXPECT_EQ(c.victim(), std::optional<ObjId>(1));
  EXPECT_EQ(c.ring(), (Ring{{2, false}, {3, false}}));
}

TEST(Clock, EraseOfTheHandMovesTheHandToTheNextEntry) {
  Clock c(0);
  for (ObjId id : {1, 2, 3}) c.insert(id);
  c.touch(3);
  c.erase(1);  // the hand pointed at 1: now at 2
  EXPECT_EQ(c.victim(), std::optional<ObjId>(2));
  EXPECT_EQ(c.victim(), std::optional<ObjId>(3));
  EXPECT_EQ(c.victim(), std::nullopt);
}

TEST(Clock, SizedAccessEvictsUntilTheObjectFitsAndHitSetsTheBit) {
  Clock c(4);
  Recorder rec;
  c.set_observer(&rec);
  EXPECT_FALSE(c.access({1, 2}));
  EXPECT_FALSE(c.access({2, 1}));
  EXPECT_FALSE(c.access({3, 1}));
  EXPECT_TRUE(c.access({1, 2}));
  EXPECT_FALSE(c.access({4, 2}));  // 1 gets a second chance; 2, 3 go
  EXPECT_EQ(rec.evicted, (std::vector<ObjId>{2, 3}));
  EXPECT_EQ(c.ring(), (Ring{{1, false}, {4, false}}));
  EXPECT_EQ(c.used(), 4u);
  EXPECT_FALSE(c.access({5, 5}));  // larger than the capacity: not inserted
  EXPECT_EQ(c.count(), 2u);
  EXPECT_EQ(rec.evicted.size(), 2u);
}

}  // namespace
}  // namespace vmc::models
