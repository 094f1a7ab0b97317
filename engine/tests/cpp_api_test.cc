// cpp_api_test.cc -- the C++ API (vmemcache.hpp) over the C functions of
// libvmemcache.h: Result, put/get/evict, whole-value and span gets, empty
// keys, on_miss callables, exceptions thrown by callbacks, moves.  The parts
// built on libvmemcache_ext.h are in cpp_api_ext_test.cc.
#include <gtest/gtest.h>
#include <pthread.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>
#include <vmemcache.hpp>

namespace {

using vmemc::Cache;

Cache make(std::size_t size = 2 << 20) {
  return Cache::create({.path = "/dev/shm", .size = size, .extent_size = 256}).value();
}

std::vector<std::byte> bytes(std::string_view s) {
  auto b = std::as_bytes(std::span(s.data(), s.size()));
  return {b.begin(), b.end()};
}

TEST(CppResult, ValueThrowsSystemErrorWithTheLibrarysMessage) {
  auto c = Cache::create({.path = "/no/such/dir"});
  ASSERT_FALSE(c.has_value());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, std::errc::no_such_file_or_directory);
  EXPECT_NE(c.error().message.find("/no/such/dir"), std::string::npos);
  try {
    (void)c.value();
    FAIL() << "value() did not throw";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
    EXPECT_NE(std::string(e.what()).find(c.error().message), std::string::npos);
  }
}

TEST(CppResult, ValueOrAndConstAccessors) {
  const vmemc::Result<std::string> ok(std::string("abc"));
  const vmemc::Result<std::string> bad(
      vmemc::Error{std::make_error_code(std::errc::io_error), "m"});
  EXPECT_EQ(*ok, "abc");
  EXPECT_EQ(ok->size(), 3u);
  EXPECT_EQ(ok.value(), "abc");
  EXPECT_EQ(ok.value_or("zz"), "abc");
  EXPECT_EQ(bad.value_or("zz"), "zz");
  EXPECT_EQ(bad.error().code, std::errc::io_error);
  EXPECT_EQ(bad.error().message, "m");
  EXPECT_THROW((void)bad.value(), std::system_error);
  EXPECT_EQ(vmemc::Result<std::string>(std::string("moved")).value(), "moved");
  const vmemc::Status done;
  EXPECT_TRUE(done.has_value());
  EXPECT_NO_THROW(done.value());
}

TEST(CppApi, PutThenGetTheWholeValueAsStringAndBytes) {
  Cache c = make();
  ASSERT_TRUE(c.put("k", "hello"));
  std::string big(5000, 'x');
  big[4999] = 'y';
  ASSERT_TRUE(c.put("big", bytes(big)));
  EXPECT_EQ(c.get("k").value(), "hello");
  EXPECT_EQ(c.get_bytes("k").value(), bytes("hello"));
  EXPECT_EQ(c.get<std::vector<std::byte>>("big").value(), bytes(big));
  EXPECT_EQ(c.get("big").value(), big);
  ASSERT_TRUE(c.put("empty", ""));
  EXPECT_EQ(c.get("empty").value(), "");
  EXPECT_EQ(c.exists("big"), std::optional<std::size_t>(5000));
  EXPECT_EQ(c.exists("nope"), std::nullopt);
}

TEST(CppApi, PutOfAPresentKeyFailsWithEexistAndTheLibrarysMessage) {
  Cache c = make();
  ASSERT_TRUE(c.put("k", "v1"));
  vmemc::Status again = c.put("k", "v2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, std::errc::file_exists);
  EXPECT_FALSE(again.error().message.empty());
  EXPECT_THROW(again.value(), std::system_error);
  EXPECT_EQ(c.get("k").value(), "v1");
}

TEST(CppApi, GetIntoASpanCopiesFromTheOffsetAndReportsTheFullSize) {
  Cache c = make();
  ASSERT_TRUE(c.put("k", "hello world"));
  std::string out(4, '.');
  EXPECT_EQ(c.get("k", std::span<char>(out), 6).value(), (vmemc::Read{4, 11}));
  EXPECT_EQ(out, "worl");
  std::vector<std::byte> b(32);
  EXPECT_EQ(c.get("k", b).value(), (vmemc::Read{11, 11}));
  EXPECT_EQ(std::vector<std::byte>(b.begin(), b.begin() + 11), bytes("hello world"));
  EXPECT_EQ(c.get("k", b, 11).value(), (vmemc::Read{0, 11}));
  auto miss = c.get("absent", b);
  ASSERT_FALSE(miss);
  EXPECT_EQ(miss.error().code, std::errc::no_such_file_or_directory);
}

TEST(CppApi, WholeValueGetRereadsAValueLargerThanTheSizeQuery) {
  // exists() says absent (size 0); on_miss then puts 5000 bytes, so the
  // first get copies nothing and reports 5000: the value is read again whole.
  Cache c = make();
  std::string big(5000, 'q');
  c.on_miss([&big](Cache& self, std::string_view k) { (void)self.put(k, big); });
  EXPECT_EQ(c.get("k").value(), big);
  vmemc::Stats s = c.stats();
  EXPECT_EQ(s.get, 2u);
  EXPECT_EQ(s.miss, 1u);
  EXPECT_EQ(s.hit, 1u);
}

TEST(CppApi, EvictAndEvictOneReportTheirErrors) {
  Cache c = make();
  auto absent = c.evict("k");
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, std::errc::no_such_file_or_directory);
  auto empty = c.evict_one();
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, std::errc::no_such_process);
  ASSERT_TRUE(c.put("a", "1"));
  ASSERT_TRUE(c.put("b", "2"));
  EXPECT_TRUE(c.evict("b"));
  EXPECT_TRUE(c.evict_one());
  EXPECT_EQ(c.stats().entries, 0u);
  EXPECT_EQ(c.stats().evict, 2u);
}

// Defect 8 of issue 11: std::string_view{} has a null data(), which the C
// API takes for "no key".  It must be the empty key "".
TEST(CppApi, DefaultConstructedStringViewIsTheEmptyKey) {
  Cache c = make();
  ASSERT_TRUE(c.put("victim", "first in, so the CLOCK victim"));
  ASSERT_TRUE(c.put(std::string_view{}, "v"));
  EXPECT_EQ(c.exists(""), std::optional<std::size_t>(1));
  EXPECT_EQ(c.exists(std::string_view{}), std::optional<std::size_t>(1));
  EXPECT_EQ(c.get("").value(), "v");
  EXPECT_EQ(c.get(std::string_view{}).value(), "v");
  EXPECT_EQ(c.put("", "w").error().code, std::errc::file_exists);
  ASSERT_TRUE(c.evict(std::string_view{}));
  EXPECT_EQ(c.exists(""), std::nullopt);
  EXPECT_EQ(c.exists("victim"), std::optional<std::size_t>(29));
  ASSERT_TRUE(c.put("", "again"));
  EXPECT_TRUE(c.evict(""));
  EXPECT_EQ(c.exists(std::string_view{}), std::nullopt);
}

TEST(CppApi, StatsAfterAKnownSequence) {
  Cache c = make();
  ASSERT_TRUE(c.put("a", std::string(300, 'a')));  // two 256-byte extents
  ASSERT_TRUE(c.put("b", "b"));
  (void)c.get("a").value();
  (void)c.get("zz");
  vmemc::Stats s = c.stats();
  EXPECT_EQ(s.put, 2u);
  EXPECT_EQ(s.get, 2u);
  EXPECT_EQ(s.hit, 1u);
  EXPECT_EQ(s.miss, 1u);
  EXPECT_EQ(s.evict, 0u);
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(s.pool_size_used, 3u * 256);
  EXPECT_EQ(c.stat(VMEMCACHE_STAT_HIT).value(), 1u);
  // (An out-of-range statistic is a C caller's mistake: a C++ caller cannot
  // make one without undefined behaviour; defects_test checks the C side.)
}

TEST(CppCallbacks, OnMissAnswersTheGetWithAPut) {
  Cache c = make();
  std::vector<std::string> misses;
  c.on_miss([&misses](Cache& self, std::string_view k) {
    misses.emplace_back(k);
    (void)self.put(k, "loaded:" + std::string(k));
  });
  EXPECT_EQ(c.get("k1").value(), "loaded:k1");
  EXPECT_EQ(c.get("k1").value(), "loaded:k1");
  EXPECT_EQ(misses, std::vector<std::string>{"k1"});
  c.on_miss(nullptr);
  EXPECT_FALSE(c.get("k2"));
  EXPECT_EQ(misses.size(), 1u);
}

TEST(CppCallbacks, CallbacksFollowTheCacheWhenItMoves) {
  Cache first = make();
  Cache* seen = nullptr;
  first.on_miss([&seen](Cache& self, std::string_view) { seen = &self; });
  Cache moved = std::move(first);
  EXPECT_FALSE(moved.get("k"));
  EXPECT_EQ(seen, &moved);
  Cache other = make();
  other = std::move(moved);
  EXPECT_FALSE(other.get("k"));
  EXPECT_EQ(seen, &other);
  EXPECT_EQ(other.stats().miss, 2u);
}

TEST(CppCallbacks, AnExceptionFromOnMissIsRethrownAfterTheGetCompleted) {
  Cache c = make();
  c.on_miss([](Cache& self, std::string_view k) {
    (void)self.put(k, "stored anyway");
    throw std::runtime_error("loader failed");
  });
  try {
    (void)c.get("k");
    FAIL() << "get did not rethrow";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "loader failed");
  }
  // The library finished the get as if the callback returned: the put it
  // made stands, nothing is left half done, and the next calls work.
  EXPECT_EQ(c.exists("k"), std::optional<std::size_t>(13));
  c.on_miss(nullptr);
  EXPECT_EQ(c.get("k").value(), "stored anyway");
  ASSERT_TRUE(c.put("k2", "v"));
  EXPECT_EQ(c.stats().get, 2u);
}

TEST(CppCallbacks, ANestedCallRethrowsIntoTheCallbackAroundIt) {
  Cache c = make();
  std::string caught;
  c.on_miss([&caught](Cache& self, std::string_view k) {
    if (k == "inner") throw std::runtime_error("inner failed");
    if (k == "outer-catches") {
      try {
        (void)self.get("inner");
      } catch (const std::runtime_error& e) {
        caught = e.what();
      }
    } else {
      (void)self.get("inner");  // lets it propagate
    }
  });
  auto r = c.get("outer-catches");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, std::errc::no_such_file_or_directory);
  EXPECT_EQ(caught, "inner failed");
  EXPECT_THROW((void)c.get("outer-propagates"), std::runtime_error);
}

TEST(CppCallbacks, TheFirstExceptionOfACallWins) {
  // Raw C gets inside the callback have no C++ scope of their own: both
  // exceptions land in the outer get's scope, and the first one is thrown.
  Cache c = make();
  c.on_miss([](Cache& self, std::string_view k) {
    if (k != "outer") throw std::runtime_error(std::string(k));
    (void)vmemcache_get(self.native_handle(), "first", 5, nullptr, 0, 0, nullptr);
    (void)vmemcache_get(self.native_handle(), "second", 6, nullptr, 0, 0, nullptr);
  });
  try {
    (void)c.get("outer");
    FAIL() << "get did not rethrow";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "first");
  }
  EXPECT_EQ(c.stats().miss, 3u);
}

TEST(CppCallbacks, AnExceptionDuringARawCCallIsDiscardedByTheLibrary) {
  Cache c = make();
  c.on_miss([](std::string_view) { throw std::runtime_error("nowhere to go"); });
  errno = 0;
  EXPECT_EQ(vmemcache_get(c.native_handle(), "k", 1, nullptr, 0, 0, nullptr), -1);
  EXPECT_EQ(errno, ENOENT);  // the miss completed as if on_miss had returned
  // The cache is intact and the next C++ call sees nothing of it.
  EXPECT_TRUE(c.put("k", "v").has_value());
  EXPECT_EQ(c.get("k").value(), "v");
}

// A callback that ends its thread (pthread_exit; cancellation unwinds the
// same way) is no exception to capture: it passes through the C++ call,
// which captured it and so swallowed it (glibc then aborts the process:
// "FATAL: exception not rethrown").
TEST(CppCallbacks, ACallbackEndingItsThreadEndsItThroughTheCppCall) {
  Cache c = make(1 << 20);
  c.on_miss([](std::string_view k) {
    if (k == "exit") pthread_exit(nullptr);
  });
  struct Args {
    Cache* c;
    bool returned = false;
  } args{&c};
  pthread_t t;
  ASSERT_EQ(pthread_create(
                &t, nullptr,
                [](void* p) -> void* {
                  auto* a = static_cast<Args*>(p);
                  (void)a->c->get("exit");
                  a->returned = true;
                  return p;
                },
                &args),
            0);
  void* ret = &args;
  ASSERT_EQ(pthread_join(t, &ret), 0);
  EXPECT_EQ(ret, nullptr);
  EXPECT_FALSE(args.returned);
  // The get completed its bookkeeping (a miss) and the cache goes on.
  EXPECT_EQ(c.stats().miss, 1u);
  ASSERT_TRUE(c.put("k", "v"));
  EXPECT_EQ(c.get("k").value(), "v");
}

}  // namespace
