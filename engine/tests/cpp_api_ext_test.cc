// cpp_api_ext_test.cc -- the parts of the C++ API (vmemcache.hpp) built on
// libvmemcache_ext.h: on_evict with the value's size, exceptions thrown by
// on_evict, visit, Handle and insert_or_assign.
#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <numeric>
#include <ranges>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#include <vmemcache.hpp>

namespace {

using vmemc::Cache;

static_assert(std::ranges::random_access_range<vmemc::Pieces>);
static_assert(
    std::is_same_v<std::ranges::range_value_t<vmemc::Pieces>, std::span<const std::byte>>);
static_assert(!std::is_copy_constructible_v<vmemc::Handle> &&
              std::is_move_constructible_v<vmemc::Handle>);

Cache make(std::size_t size = 2 << 20) {
  return Cache::create({.path = "/dev/shm", .size = size, .extent_size = 256}).value();
}

// A value of n bytes that differs at every position (so a misplaced piece shows).
std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 26) % 26);
  return s;
}

std::string concat(vmemc::Pieces p) {
  std::string s;
  for (std::span<const std::byte> piece : p)
    s.append(reinterpret_cast<const char*>(piece.data()), piece.size());
  return s;
}

TEST(CppOnEvict, TellsTheKeyAndTheValueSize) {
  Cache c = make();
  std::vector<std::pair<std::string, std::size_t>> seen;
  c.on_evict([&seen](std::string_view k, std::size_t n) { seen.emplace_back(k, n); });
  ASSERT_TRUE(c.put("a", std::string(300, 'a')));
  ASSERT_TRUE(c.put("b", std::string(5, 'b')));
  ASSERT_TRUE(c.evict("a"));
  ASSERT_TRUE(c.evict_one());
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::size_t>>{{"a", 300}, {"b", 5}}));
}

TEST(CppOnEvict, RunsWhileTheEntryIsReadableAndGetsTheCache) {
  Cache c = make();
  std::string during;
  c.on_evict(
      [&during](Cache& self, std::string_view k, std::size_t) { during = self.get(k).value(); });
  ASSERT_TRUE(c.put("k", "still here"));
  ASSERT_TRUE(c.evict("k"));
  EXPECT_EQ(during, "still here");
  EXPECT_EQ(c.exists("k"), std::nullopt);
}

TEST(CppOnEvict, AutomaticEvictionsInAPutReportEachVictim) {
  Cache c = make(VMEMCACHE_MIN_POOL);  // 4096 extents of 256 bytes
  std::vector<std::string> victims;
  std::size_t bytes = 0;
  c.on_evict([&](std::string_view k, std::size_t n) {
    victims.emplace_back(k);
    bytes += n;
  });
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(c.put("k" + std::to_string(i), std::string(256 * 1024, 'v')));  // 1024 extents each
  ASSERT_TRUE(c.put("big", std::string(300 * 1024, 'w')));  // needs 1200: evicts k0 and k1
  EXPECT_EQ(victims, (std::vector<std::string>{"k0", "k1"}));
  EXPECT_EQ(bytes, 512u * 1024);
  EXPECT_EQ(c.stats().evict, 2u);
}

TEST(CppOnEvict, AnExceptionIsRethrownByThePutThatEvictedAndThePutStands) {
  Cache c = make(VMEMCACHE_MIN_POOL);
  int calls = 0;
  c.on_evict([&calls](std::string_view k, std::size_t) {
    ++calls;
    throw std::runtime_error("cannot write back " + std::string(k));
  });
  ASSERT_TRUE(c.put("old", std::string(900 * 1024, 'o')));
  try {
    (void)c.put("new", std::string(900 * 1024, 'n'));
    FAIL() << "put did not rethrow";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "cannot write back old");
  }
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(c.exists("old"), std::nullopt);
  EXPECT_EQ(c.exists("new"), std::optional<std::size_t>(900 * 1024));
  vmemc::Stats s = c.stats();
  EXPECT_EQ(s.entries, 1u);
  EXPECT_EQ(s.evict, 1u);
  EXPECT_EQ(s.put, 2u);
  // The cache works on: an explicit evict runs the callback again.
  EXPECT_THROW((void)c.evict("new"), std::runtime_error);
  EXPECT_EQ(c.stats().entries, 0u);
}

TEST(CppOnEvict, AnExceptionFromANestedPutInsideOnMissReachesTheOuterGet) {
  Cache c = make(VMEMCACHE_MIN_POOL);
  c.on_evict([](std::string_view, std::size_t) { throw std::runtime_error("evict failed"); });
  c.on_miss(
      [](Cache& self, std::string_view k) { (void)self.put(k, std::string(900 * 1024, 'x')); });
  ASSERT_TRUE(c.put("filler", std::string(900 * 1024, 'f')));
  EXPECT_THROW((void)c.get("k"), std::runtime_error);
  EXPECT_EQ(c.exists("k"), std::optional<std::size_t>(900 * 1024));
  EXPECT_EQ(c.exists("filler"), std::nullopt);
}

TEST(CppVisit, CallsFnWithThePiecesOfTheValueInOrder) {
  Cache c = make(4 << 20);
  const std::string v = pattern(64 * 1024 + 17);
  ASSERT_TRUE(c.put("k", v));
  std::size_t npieces = 0;
  auto r = c.visit("k", [&npieces](vmemc::Pieces p) {
    npieces = p.size();
    EXPECT_EQ(p.value_size(), 64u * 1024 + 17);
    std::size_t sum = 0;
    for (auto piece : p) sum += piece.size();
    EXPECT_EQ(sum, p.value_size());
    return concat(p);
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, v);
  EXPECT_GE(npieces, 1u);
  vmemc::Stats s = c.stats();
  EXPECT_EQ(s.get, 1u);
  EXPECT_EQ(s.hit, 1u);
}

TEST(CppVisit, AMissIsEnoentWithoutOnMiss) {
  Cache c = make();
  int misses = 0;
  c.on_miss([&misses](std::string_view) { ++misses; });
  bool called = false;
  vmemc::Status r = c.visit("absent", [&called](vmemc::Pieces) { called = true; });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, std::errc::no_such_file_or_directory);
  EXPECT_FALSE(called);
  EXPECT_EQ(misses, 0);
  EXPECT_EQ(c.stats().miss, 1u);
}

TEST(CppVisit, FnMayReadButNotWriteTheSameCache) {
  Cache c = make();
  ASSERT_TRUE(c.put("k", "v"));
  ASSERT_TRUE(c.put("other", "o"));
  auto r = c.visit("k", [&c](vmemc::Pieces) {
    EXPECT_EQ(c.get("other").value(), "o");
    EXPECT_EQ(c.exists("k"), std::optional<std::size_t>(1));
    EXPECT_EQ(c.put("x", "y").error().code, std::errc::resource_deadlock_would_occur);
    EXPECT_EQ(c.evict("other").error().code, std::errc::resource_deadlock_would_occur);
    return 7;
  });
  EXPECT_EQ(r.value(), 7);
  EXPECT_EQ(c.exists("x"), std::nullopt);
  EXPECT_EQ(c.exists("other"), std::optional<std::size_t>(1));
}

TEST(CppVisit, AnExceptionFromFnIsRethrownByVisit) {
  Cache c = make();
  ASSERT_TRUE(c.put("k", "v"));
  EXPECT_THROW((void)c.visit("k", [](vmemc::Pieces) -> int { throw std::out_of_range("fn"); }),
               std::out_of_range);
  ASSERT_TRUE(c.put("k2", "v2"));  // not left pinned: writes work
  EXPECT_TRUE(c.evict("k"));
}

// fn ending its thread (pthread_exit, cancellation) is no exception to
// rethrow: it passes through visit, unpinned on the way (it was swallowed,
// and glibc aborted: "FATAL: exception not rethrown").
TEST(CppVisit, FnEndingItsThreadEndsItThroughVisit) {
  Cache c = make();
  ASSERT_TRUE(c.put("k", "v"));
  pthread_t t;
  ASSERT_EQ(pthread_create(
                &t, nullptr,
                [](void* p) -> void* {
                  (void)static_cast<Cache*>(p)->visit("k",
                                                      [](vmemc::Pieces) { pthread_exit(nullptr); });
                  return p;
                },
                &c),
            0);
  void* ret = &c;
  ASSERT_EQ(pthread_join(t, &ret), 0);
  EXPECT_EQ(ret, nullptr);
  ASSERT_TRUE(c.put("k2", "v2"));
  EXPECT_EQ(c.stats().hit, 1u);
  // Not left pinned: the space of an entry evicted now is free at once
  // (a pinned record would hold it back for a grace period).
  EXPECT_TRUE(c.evict("k"));
  EXPECT_EQ(c.stats().pool_size_used, 256u);
}

TEST(CppHandle, KeepsTheValueReadableAfterItIsEvicted) {
  Cache c = make();
  const std::string v = pattern(5000);
  ASSERT_TRUE(c.put("k", v));
  vmemc::Handle h = c.acquire("k").value();
  ASSERT_TRUE(h);
  EXPECT_EQ(h.value_size(), 5000u);
  ASSERT_TRUE(c.evict("k"));
  ASSERT_TRUE(c.put("k", pattern(5000).replace(0, 3, "new")));  // may not reuse h's space
  EXPECT_EQ(concat(h.pieces()), v);
  EXPECT_EQ(h.pieces().to_container<std::string>(), v);
  vmemc::Handle moved = std::move(h);
  EXPECT_FALSE(h);
  EXPECT_EQ(concat(moved.pieces()), v);
  moved.reset();
  EXPECT_FALSE(moved);
  EXPECT_EQ(c.stats().get, 1u);
}

TEST(CppHandle, AMissIsEnoentWithoutOnMiss) {
  Cache c = make();
  int misses = 0;
  c.on_miss([&misses](std::string_view) { ++misses; });
  auto h = c.acquire("absent");
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, std::errc::no_such_file_or_directory);
  EXPECT_EQ(misses, 0);
}

TEST(CppInsertOrAssign, InsertsThenReplacesWithoutAnEviction) {
  Cache c = make();
  int evictions = 0;
  c.on_evict([&evictions](std::string_view, std::size_t) { ++evictions; });
  EXPECT_EQ(c.insert_or_assign("k", "first").value(), true);
  EXPECT_EQ(c.insert_or_assign("k", "second, longer").value(), false);
  EXPECT_EQ(c.get("k").value(), "second, longer");
  EXPECT_EQ(c.insert_or_assign(std::string_view{}, "empty key").value(), true);
  EXPECT_EQ(c.get("").value(), "empty key");
  vmemc::Stats s = c.stats();
  EXPECT_EQ(evictions, 0);
  EXPECT_EQ(s.put, 3u);
  EXPECT_EQ(s.evict, 0u);
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(c.put("k", "third").error().code, std::errc::file_exists);
}

}  // namespace
