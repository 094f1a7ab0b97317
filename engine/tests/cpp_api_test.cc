// cpp_api_test.cc -- the C++ layer (vmemcache.hpp) over the C API.
#include <gtest/gtest.h>

#include <string>
#include <vmemcache.hpp>

namespace {

TEST(CppApi, CreatePutGetEvictAndErrors) {
  auto c = vmemc::Cache::create({.path = "/dev/shm", .size = 2 << 20, .extent_size = 512});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->put("k", "hello"));
  auto again = c->put("k", "x");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->code, std::errc::file_exists);
  std::string out(3, '\0');
  size_t vsize = 0;
  auto n = c->get("k", std::as_writable_bytes(std::span(out)), 2, &vsize);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 3u);
  EXPECT_EQ(out, "llo");
  EXPECT_EQ(vsize, 5u);
  EXPECT_EQ(c->exists("k"), std::optional<size_t>(5));
  EXPECT_EQ(c->stat(VMEMCACHE_STAT_ENTRIES), 1u);
  EXPECT_FALSE(c->evict_one());
  auto none = c->evict_one();
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->code, std::errc::no_such_process);
  auto miss = c->get("k", {});
  ASSERT_FALSE(miss);
  EXPECT_EQ(miss.error().code, std::errc::no_such_file_or_directory);
}

TEST(CppApi, CreateReportsTheCauseOfFailure) {
  auto c = vmemc::Cache::create({.path = "/no/such/dir"});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, std::errc::no_such_file_or_directory);
  EXPECT_NE(c.error().message.find("/no/such/dir"), std::string::npos);
}

}  // namespace
