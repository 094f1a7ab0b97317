// extent_alloc_test.cc -- the extent allocator: next fit, runs, coalescing.
#include "extent_alloc.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace vmc {
namespace {

class Alloc : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(a_.init(200, &arena_), 0); }
  void TearDown() override { a_.destroy(&arena_); }
  std::vector<vmc::Run> take(std::uint64_t k) {
    EXPECT_TRUE(a_.reserve(k));
    std::vector<vmc::Run> out(k);
    out.resize(a_.take(k, &cursor_, out.data()));
    return out;
  }
  DramArena arena_;
  ExtentAllocator a_;
  std::uint64_t cursor_ = 0;
};

TEST_F(Alloc, EmptyPoolIsOneFragment) {
  EXPECT_EQ(a_.global_free(), 200u);
  EXPECT_EQ(a_.count_fragments(), 1u);
  EXPECT_EQ(a_.count_free_bits(), 200u);
}

TEST_F(Alloc, TakeIsNextFitAndReturnsOneRunWhenContiguous) {
  auto r = take(70);  // crosses a word boundary
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].start(), 0u);
  EXPECT_EQ(r[0].len(), 70u);
  EXPECT_EQ(cursor_, 70u);
  auto s = take(5);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].start(), 70u);
  EXPECT_EQ(a_.count_fragments(), 1u);
  EXPECT_EQ(a_.global_free(), 125u);
}

TEST_F(Alloc, FreedRunsCoalesceAndHolesAreCounted) {
  auto a = take(10), b = take(10), c = take(10);
  a_.release(b.data(), static_cast<std::uint32_t>(b.size()));
  EXPECT_EQ(a_.count_fragments(), 2u);  // 10..19 and 30..199
  a_.release(a.data(), static_cast<std::uint32_t>(a.size()));
  EXPECT_EQ(a_.count_fragments(), 2u);  // 0..19 and 30..199
  a_.release(c.data(), static_cast<std::uint32_t>(c.size()));
  EXPECT_EQ(a_.count_fragments(), 1u);
  EXPECT_EQ(a_.global_free(), 200u);
}

TEST_F(Alloc, TakeWrapsAroundAndSkipsUsedExtents) {
  auto a = take(195);
  auto hole = std::vector<vmc::Run>{vmc::Run(10, 5)};
  a_.release(hole.data(), 1);  // free 10..14
  auto r = take(8);            // 195..199, then 10..12
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].start(), 195u);
  EXPECT_EQ(r[0].len(), 5u);
  EXPECT_EQ(r[1].start(), 10u);
  EXPECT_EQ(r[1].len(), 3u);
  EXPECT_EQ(cursor_, 13u);
  EXPECT_EQ(a_.count_fragments(), 1u);  // 13..14
  EXPECT_EQ(a_.global_free(), 2u);
}

TEST_F(Alloc, ReserveFailsWhenTooFewAreFree) {
  take(199);
  EXPECT_FALSE(a_.reserve(2));
  EXPECT_TRUE(a_.reserve(1));
  a_.unreserve(1);
  EXPECT_EQ(a_.global_free(), 1u);
  auto full = take(1);
  EXPECT_EQ(a_.count_fragments(), 0u);
}

TEST_F(Alloc, ACursorOnAFreeExtentStartsAtItsFreeRun) {
  auto a = take(30);  // cursor 30
  a_.release(a.data(), a.size());
  // Extent 30 is free and so are 0..29 before it: the scan starts at 0, so
  // an emptied pool stays one fragment.
  auto r = take(5);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].start(), 0u);
  EXPECT_EQ(cursor_, 5u);
  EXPECT_EQ(a_.count_fragments(), 1u);
  // The extent before the cursor is used (just taken): plain next fit.
  auto hole = take(10);                                         // 5..14
  a_.release(std::vector<vmc::Run>{vmc::Run(0, 5)}.data(), 1);  // 0..4 free again
  auto s = take(3);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].start(), 15u);
}

TEST_F(Alloc, StashesReserveWithoutTouchingTheGlobalCount) {
  ExtentStash stash;
  EXPECT_TRUE(a_.reserve(4, &stash, 16));  // 4 for now and 16 more for later
  EXPECT_EQ(a_.global_free(), 180u);
  EXPECT_EQ(stash.count(), 16u);
  EXPECT_TRUE(a_.reserve(10, &stash, 16));  // from the stash alone
  EXPECT_EQ(a_.global_free(), 180u);
  EXPECT_EQ(stash.count(), 6u);
  EXPECT_EQ(stash.steal(), 6u);
  EXPECT_EQ(stash.count(), 0u);
  a_.unreserve(6 + 14);  // what was reserved and not taken goes back
  EXPECT_EQ(a_.global_free(), 200u);
  // Near empty, the refill takes what there is.
  EXPECT_TRUE(a_.reserve(195, &stash, 16));
  EXPECT_EQ(a_.global_free(), 0u);
  EXPECT_EQ(stash.count(), 5u);
  EXPECT_FALSE(a_.reserve(6, &stash, 16));
}

TEST(AllocConcurrent, ThreadsNeverTakeTheSameExtent) {
  DramArena arena;
  ExtentAllocator a;
  constexpr std::uint64_t kN = 4096;
  ASSERT_EQ(a.init(kN, &arena), 0);
  constexpr int kThreads = 8;
  std::vector<std::vector<std::uint64_t>> owned(kThreads);
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      std::uint64_t cursor = static_cast<std::uint64_t>(t) * 512;
      std::vector<vmc::Run> held;
      for (int i = 0; i < 2000; ++i) {
        std::uint64_t k = 1 + static_cast<std::uint64_t>(i % 5);
        if (a.reserve(k)) {
          vmc::Run out[5];
          std::uint32_t n = a.take(k, &cursor, out);
          held.insert(held.end(), out, out + n);
        }
        if (held.size() > 20) {
          a.release(held.data(), 10);
          held.erase(held.begin(), held.begin() + 10);
        }
      }
      for (vmc::Run r : held)
        for (std::uint64_t x = r.start(); x < r.start() + r.len(); ++x) owned[t].push_back(x);
    });
  for (auto& t : ts) t.join();
  std::vector<int> seen(kN, 0);
  std::uint64_t used = 0;
  for (auto& v : owned)
    for (auto x : v) {
      EXPECT_EQ(seen[x]++, 0) << "extent " << x << " taken twice";
      EXPECT_FALSE(a.is_free(x));
      ++used;
    }
  EXPECT_EQ(a.global_free(), kN - used);
  EXPECT_EQ(a.count_free_bits(), kN - used);
  a.destroy(&arena);
}

}  // namespace
}  // namespace vmc
