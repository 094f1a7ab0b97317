// index_test.cc -- the hash index: full-key compare, unique insert, removal
// with helping, concurrent inserts of one key.
#include "index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "epoch.h"

namespace vmc {
namespace {

Entry* make(DramArena& arena, const std::string& key) {
  void* m = arena.alloc(Entry::alloc_size(0, static_cast<std::uint32_t>(key.size())));
  Entry* e = new (m) Entry;
  e->init(0, 0, static_cast<std::uint32_t>(key.size()), 0);
  std::memcpy(e->key(), key.data(), key.size());
  return e;
}

// Every index call is made pinned (HashIndex's REQUIRES), as the cache does.
class Index : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(idx_.init(4, &arena_), 0);  // 64 buckets: collisions guaranteed below
    EpochDomain::pin(&rec_);
  }
  void TearDown() override {
    EpochDomain::unpin(&rec_);
    for (Entry* e : all_) arena_.free(e, e->alloc_size());
    idx_.destroy(&arena_);
  }
  Entry* add(const std::string& k) {
    Entry* e = make(arena_, k);
    all_.push_back(e);
    return e;
  }
  Entry* find(const std::string& k) {
    return idx_.find(k.data(), static_cast<std::uint32_t>(k.size()), hash_key(k.data(), k.size()));
  }
  // Removal is by the entry's claimer (HashIndex's REQUIRES).
  void remove(Entry* e, std::uint64_t hash) {
    ASSERT_TRUE(e->claim());
    idx_.remove(e, hash);
  }
  DramArena arena_;
  HashIndex idx_;
  EpochRecord rec_;
  std::vector<Entry*> all_;
};

TEST_F(Index, InsertFindRemoveAcrossCollidingBuckets) {
  for (int i = 0; i < 500; ++i) {
    std::string k = "key" + std::to_string(i);
    ASSERT_TRUE(idx_.insert(add(k), hash_key(k.data(), k.size())));
  }
  for (int i = 0; i < 500; ++i) ASSERT_NE(find("key" + std::to_string(i)), nullptr);
  EXPECT_EQ(find("key500"), nullptr);
  for (int i = 0; i < 500; i += 2) {
    std::string k = "key" + std::to_string(i);
    remove(find(k), hash_key(k.data(), k.size()));
  }
  int present = 0;
  idx_.for_each([&](Entry*) { ++present; });
  EXPECT_EQ(present, 250);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(find("key" + std::to_string(i)) != nullptr, i % 2 == 1);
}

TEST_F(Index, DuplicateInsertFailsAndLeavesTheLiveEntry) {
  Entry* a = add("same");
  ASSERT_TRUE(idx_.insert(a, hash_key("same", 4)));
  EXPECT_FALSE(idx_.insert(add("same"), hash_key("same", 4)));
  EXPECT_EQ(find("same"), a);
}

// A replacing insert that expects an entry no longer there links nothing
// and says so: it returned "no live entry", the same value as success, and
// the replacing put took it for success (regression test).
TEST_F(Index, AReplacingInsertWhoseExpectedEntryWasRemovedLinksNothingAndFails) {
  const std::uint64_t h = hash_key("k", 1);
  Entry* a = add("k");
  ASSERT_TRUE(idx_.insert(a, h));
  remove(a, h);
  Entry* b = add("k");
  EXPECT_FALSE(idx_.insert(b, h, a));
  EXPECT_EQ(find("k"), nullptr);
  // Expecting what is there (nothing) links it.
  EXPECT_TRUE(idx_.insert(b, h, nullptr));
  EXPECT_EQ(find("k"), b);
}

TEST_F(Index, ABucketsHintIsTheOneItsLastSuccessfulInsertGave) {
  if (!VMC_VALUE_HINT) GTEST_SKIP() << "a VMC_VALUE_HINT=OFF build has no hints";
  const std::uint64_t h = 7, other = 8;  // buckets 7 and 8 of 64
  EXPECT_EQ(idx_.hint(h), 0u);
  Entry* a = add("a");
  ASSERT_TRUE(idx_.insert(a, h, nullptr, 0x1111));
  EXPECT_EQ(idx_.hint(h), 0x1111u);
  EXPECT_EQ(idx_.hint(other), 0u);
  // A failed insert (the key is there) leaves it.
  EXPECT_FALSE(idx_.insert(add("a"), h, nullptr, 0x2222));
  EXPECT_EQ(idx_.hint(h), 0x1111u);
  // A replacing insert and another key in the bucket set it.
  Entry* a2 = add("a");
  ASSERT_TRUE(idx_.insert(a2, h, a, 0x3333));
  EXPECT_EQ(idx_.hint(h), 0x3333u);
  ASSERT_TRUE(idx_.insert(add("b"), h, nullptr, 0x4444));
  EXPECT_EQ(idx_.hint(h), 0x4444u);
  // Removal leaves it: a stale hint is only a wasted prefetch.
  remove(a, h);
  remove(a2, h);
  EXPECT_EQ(idx_.hint(h), 0x4444u);
  EXPECT_EQ(idx_.find("a", 1, h), nullptr);
}

TEST_F(Index, KeysWithTheSameHashAreStillDistinguishedByBytes) {
  // Force both into one bucket by inserting with an identical hash value.
  ASSERT_TRUE(idx_.insert(add("alpha"), 7));
  ASSERT_TRUE(idx_.insert(add("beta"), 7));
  EXPECT_EQ(std::string(idx_.find("beta", 4, 7)->key(), 4), "beta");
  EXPECT_EQ(std::string(idx_.find("alpha", 5, 7)->key(), 5), "alpha");
  EXPECT_EQ(idx_.find("gamma", 5, 7), nullptr);
  EXPECT_EQ(idx_.find("alph", 4, 7), nullptr);  // a prefix is not a match
}

TEST_F(Index, ConcurrentInsertsOfOneKeyHaveOneWinner) {
  constexpr int kThreads = 8, kRounds = 200;
  for (int round = 0; round < kRounds; ++round) {
    std::string k = "r" + std::to_string(round);
    std::vector<Entry*> mine(kThreads);
    for (auto& e : mine) e = add(k);
    std::atomic<int> winners{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t)
      ts.emplace_back([&, t] {
        EpochRecord rec;
        EpochDomain::pin(&rec);
        if (idx_.insert(mine[t], hash_key(k.data(), k.size()))) winners.fetch_add(1);
        EpochDomain::unpin(&rec);
      });
    for (auto& t : ts) t.join();
    ASSERT_EQ(winners.load(), 1) << "round " << round;
  }
}

}  // namespace
}  // namespace vmc
