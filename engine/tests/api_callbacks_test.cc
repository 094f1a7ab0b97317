// api_callbacks_test.cc -- API.md's callback rules: on_evict sees the entry
// readable and may call back into the cache; on_miss may put the key.
#include <gtest/gtest.h>
#include <libvmemcache.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "test_util.h"

namespace vmc::test {
namespace {

struct EvictProbe {
  std::vector<std::string> seen;  // "KEY=VALUE" read inside the callback
  int exists_during = -1;
  int put_same_key_errno = 0;
  int evict_same_key_errno = 0;
};

void probing_on_evict(VMEMcache* c, const void* k, size_t ks, void* arg) {
  auto* p = static_cast<EvictProbe*>(arg);
  std::string key(static_cast<const char*>(k), ks);
  char buf[64];
  ssize_t n = vmemcache_get(c, key.data(), key.size(), buf, sizeof(buf), 0, nullptr);
  p->seen.push_back(key + "=" +
                    (n < 0 ? std::string("<miss>") : std::string(buf, static_cast<size_t>(n))));
  p->exists_during = vmemcache_exists(c, key.data(), key.size(), nullptr);
  errno = 0;
  vmemcache_put(c, key.data(), key.size(), "new", 3);
  p->put_same_key_errno = errno;
  errno = 0;
  vmemcache_evict(c, key.data(), key.size());
  p->evict_same_key_errno = errno;
}

TEST(Callbacks, OnEvictSeesTheEntryStillReadable) {
  VMEMcache* c = make_cache();
  ASSERT_EQ(put(c, "k", "value"), 0);
  EvictProbe p;
  vmemcache_callback_on_evict(c, probing_on_evict, &p);
  ASSERT_EQ(vmemcache_evict(c, "k", 1), 0);
  EXPECT_EQ(p.seen, std::vector<std::string>{"k=value"});
  EXPECT_EQ(p.exists_during, 1);
  EXPECT_EQ(p.put_same_key_errno, EEXIST);
  EXPECT_EQ(p.evict_same_key_errno, ENOENT);
  EXPECT_EQ(vmemcache_exists(c, "k", 1, nullptr), 0);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), 1u);
  vmemcache_delete(c);
}

TEST(Callbacks, OnEvictRunsForAutomaticEvictionsBeforeTheSpaceIsReused) {
  VMEMcache* c = make_cache();
  std::string half(2048 * 256, 'h');
  ASSERT_EQ(put(c, "a", half), 0);
  ASSERT_EQ(put(c, "b", half), 0);
  struct Seen {
    std::string value_of_a;
  } seen;
  vmemcache_callback_on_evict(
      c,
      [](VMEMcache* cache, const void* k, size_t ks, void* arg) {
        std::string buf(2048 * 256, '\0');
        ssize_t n = vmemcache_get(cache, k, ks, buf.data(), buf.size(), 0, nullptr);
        static_cast<Seen*>(arg)->value_of_a =
            n < 0 ? "<miss>" : buf.substr(0, static_cast<size_t>(n));
      },
      &seen);
  std::string other(2048 * 256, 'o');
  ASSERT_EQ(put(c, "c", other), 0);
  EXPECT_EQ(seen.value_of_a, half);
  EXPECT_EQ(get(c, "c"), other);
  vmemcache_delete(c);
}

TEST(Callbacks, OnEvictMayPutOtherKeysWithoutDeadlock) {
  VMEMcache* c = make_cache();
  std::string quarter(1024 * 256, 'q');
  for (const char* k : {"a", "b", "c", "d"}) ASSERT_EQ(put(c, k, quarter), 0);
  vmemcache_callback_on_evict(
      c,
      [](VMEMcache* cache, const void* k, size_t ks, void*) {
        std::string key = "copy-of-" + std::string(static_cast<const char*>(k), ks);
        vmemcache_put(cache, key.data(), key.size(), "small", 5);  // nested put, may evict
      },
      nullptr);
  ASSERT_EQ(put(c, "e", quarter), 0);
  EXPECT_EQ(get(c, "e"), quarter);
  EXPECT_EQ(get(c, "copy-of-a"), "small");
  vmemcache_delete(c);
}

TEST(Callbacks, OnMissIsCalledWithTheKeyAndAPutMakesTheGetSucceed) {
  VMEMcache* c = make_cache();
  vmemcache_callback_on_miss(
      c,
      [](VMEMcache* cache, const void* k, size_t ks, void*) {
        vmemcache_put(cache, k, ks, "filled-in", 9);
      },
      nullptr);
  char buf[16];
  size_t vsize = 0;
  EXPECT_EQ(vmemcache_get(c, "key", 3, buf, sizeof(buf), 2, &vsize), 7);
  EXPECT_EQ(std::string(buf, 7), "lled-in");
  EXPECT_EQ(vsize, 9u);
  EXPECT_EQ(get(c, "key"), "filled-in");  // and it is now cached
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_MISS), 1u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_PUT), 1u);
  vmemcache_delete(c);
}

TEST(Callbacks, OnMissPutMakesTheGetSucceedEvenWhenTheValueDoesNotFit) {
  VMEMcache* c = make_cache();
  static std::string huge(2 * VMEMCACHE_MIN_POOL, 'H');
  huge[5] = '!';
  vmemcache_callback_on_miss(
      c,
      [](VMEMcache* cache, const void* k, size_t ks, void*) {
        EXPECT_EQ(vmemcache_put(cache, k, ks, huge.data(), huge.size()), -1);
        EXPECT_EQ(errno, ENOSPC);
      },
      nullptr);
  char buf[8];
  size_t vsize = 0;
  EXPECT_EQ(vmemcache_get(c, "big", 3, buf, sizeof(buf), 0, &vsize), 8);
  EXPECT_EQ(std::string(buf, 8), "HHHHH!HH");
  EXPECT_EQ(vsize, huge.size());
  EXPECT_EQ(vmemcache_exists(c, "big", 3, nullptr), 0);
  vmemcache_delete(c);
}

TEST(Callbacks, OnMissPutOfAnotherKeyDoesNotAnswerTheGet) {
  VMEMcache* c = make_cache();
  vmemcache_callback_on_miss(
      c,
      [](VMEMcache* cache, const void*, size_t, void*) {
        vmemcache_put(cache, "other", 5, "x", 1);
      },
      nullptr);
  size_t vsize = 77;
  errno = 0;
  EXPECT_EQ(vmemcache_get(c, "key", 3, nullptr, 0, 0, &vsize), -1);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_EQ(vsize, 77u);
  EXPECT_EQ(get(c, "other"), "x");
  vmemcache_delete(c);
}

TEST(Callbacks, CallbacksSeeTheCacheHandleAndTheirArgument) {
  VMEMcache* c = make_cache();
  struct Arg {
    VMEMcache* expected;
    int calls = 0;
  } arg{c};
  vmemcache_callback_on_evict(
      c,
      [](VMEMcache* cache, const void*, size_t, void* a) {
        auto* p = static_cast<Arg*>(a);
        EXPECT_EQ(cache, p->expected);
        ++p->calls;
      },
      &arg);
  ASSERT_EQ(put(c, "k", "v"), 0);
  ASSERT_EQ(vmemcache_evict(c, nullptr, 0), 0);
  EXPECT_EQ(arg.calls, 1);
  vmemcache_callback_on_evict(c, nullptr, nullptr);  // unregistering works
  ASSERT_EQ(put(c, "k", "v"), 0);
  ASSERT_EQ(vmemcache_evict(c, "k", 1), 0);
  EXPECT_EQ(arg.calls, 1);
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test

namespace vmc::test {
namespace {

TEST(Callbacks, OnMissMayPutAValueThatLivesInTheGetsOwnBuffer) {
  VMEMcache* c = make_cache();
  static char buf[16];
  std::memcpy(buf, "0123456789abcdef", 16);
  vmemcache_callback_on_miss(
      c,
      [](VMEMcache* cache, const void* k, size_t ks, void*) {
        vmemcache_put(cache, k, ks, buf, 16);
      },
      nullptr);
  EXPECT_EQ(vmemcache_get(c, "k", 1, buf, 16, 3, nullptr), 13);  // overlapping copy
  EXPECT_EQ(std::string(buf, 13), "3456789abcdef");
  EXPECT_EQ(get(c, "k"), "0123456789abcdef");
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
