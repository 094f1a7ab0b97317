// bad_input_test.cc -- every bad argument gets its errno and a message,
// never a crash.
#include <gtest/gtest.h>
#include <libvmemcache.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string>

#include "test_util.h"

namespace vmc::test {
namespace {

// Expects call() == -1 with errno `err` and a non-empty message.
#define EXPECT_FAILS_WITH(call, err)                 \
  do {                                               \
    errno = 0;                                       \
    EXPECT_EQ((call), -1);                           \
    EXPECT_EQ(errno, (err)) << #call;                \
    EXPECT_STRNE(vmemcache_errormsg(), "") << #call; \
  } while (0)

TEST(BadInput, NullCacheEverywhereIsEinval) {
  char buf[4];
  unsigned long long v;
  EXPECT_FAILS_WITH(vmemcache_set_size(nullptr, VMEMCACHE_MIN_POOL), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_set_extent_size(nullptr, 256), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_set_eviction_policy(nullptr, VMEMCACHE_REPLACEMENT_LRU), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_add(nullptr, "/dev/shm"), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_put(nullptr, "k", 1, "v", 1), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_get(nullptr, "k", 1, buf, 4, 0, nullptr), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_exists(nullptr, "k", 1, nullptr), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_evict(nullptr, "k", 1), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_get_stat(nullptr, VMEMCACHE_STAT_PUT, &v, sizeof(v)), EINVAL);
  vmemcache_delete(nullptr);  // a no-op, like free(NULL)
  vmemcache_callback_on_evict(nullptr, nullptr, nullptr);
  vmemcache_callback_on_miss(nullptr, nullptr, nullptr);
  vmemcache_bench_set(nullptr, VMEMCACHE_BENCH_PREFAULT, 1);
}

TEST(BadInput, NullKeyOrValueIsEinval) {
  VMEMcache* c = make_cache();
  char buf[4];
  EXPECT_FAILS_WITH(vmemcache_put(c, nullptr, 1, "v", 1), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_put(c, nullptr, 0, "v", 1), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_put(c, "k", 1, nullptr, 1), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_get(c, nullptr, 1, buf, 4, 0, nullptr), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_exists(c, nullptr, 1, nullptr), EINVAL);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_PUT) + stat(c, VMEMCACHE_STAT_GET), 0u);
  vmemcache_delete(c);
}

TEST(BadInput, HugeSizesAreRejectedNotTruncated) {
  VMEMcache* c = make_cache();
  EXPECT_FAILS_WITH(vmemcache_set_size(c, 0), EALREADY);  // after add: EALREADY first
  vmemcache_delete(c);
  c = vmemcache_new();
  EXPECT_FAILS_WITH(vmemcache_set_size(c, 0), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_set_size(c, SIZE_MAX), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_set_extent_size(c, 0), EINVAL);
  ASSERT_EQ(vmemcache_set_extent_size(c, SIZE_MAX), 0);     // valid until add...
  EXPECT_FAILS_WITH(vmemcache_add(c, "/dev/shm"), EINVAL);  // ...larger than the pool
  vmemcache_delete(c);
  c = make_cache();
  // A key longer than 2^32-1 bytes is refused before anything reads it.
  EXPECT_FAILS_WITH(vmemcache_put(c, "k", SIZE_MAX, "v", 1), EINVAL);
  EXPECT_FAILS_WITH(vmemcache_put(c, "k", (size_t{1} << 32), "v", 1), EINVAL);
  // A value of SIZE_MAX bytes cannot fit: ENOSPC, and nothing is read.
  EXPECT_FAILS_WITH(vmemcache_put(c, "k", 1, "v", SIZE_MAX), ENOSPC);
  char buf[4];
  ASSERT_EQ(put(c, "k", "value"), 0);
  EXPECT_EQ(vmemcache_get(c, "k", 1, buf, SIZE_MAX, SIZE_MAX, nullptr), 0);
  EXPECT_EQ(vmemcache_get(c, "k", 1, buf, 0, 0, nullptr), 0);
  vmemcache_delete(c);
}

TEST(BadInput, InvalidPolicyIsEinval) {
  VMEMcache* c = vmemcache_new();
  EXPECT_FAILS_WITH(vmemcache_set_eviction_policy(c, static_cast<vmemcache_repl_p>(7)), EINVAL);
  vmemcache_delete(c);
}

TEST(BadInput, PathThatIsAFileMissingOrDevNull) {
  VMEMcache* c = vmemcache_new();
  EXPECT_FAILS_WITH(vmemcache_add(c, "/etc/hostname"), ENOTDIR);
  EXPECT_FAILS_WITH(vmemcache_add(c, "/nonexistent-vmemcache-dir"), ENOENT);
  EXPECT_FAILS_WITH(vmemcache_add(c, "/dev/null"), ENOTSUP);
  EXPECT_FAILS_WITH(vmemcache_add(c, ""), ENOENT);
  // After failed adds the cache is still unconfigured and usable.
  EXPECT_EQ(vmemcache_add(c, "/dev/shm"), 0) << vmemcache_errormsg();
  vmemcache_delete(c);
}

TEST(BadInput, ReadOnlyDirectoryIsRefused) {
  TempDir dir;
  std::string ro = dir.path() + "/ro";
  ASSERT_EQ(mkdir(ro.c_str(), 0500), 0);
  bool mounted = false;
  if (geteuid() == 0) {
    // Root ignores permission bits: make the directory a read-only mount.
    mounted = mount("tmpfs", ro.c_str(), "tmpfs", MS_RDONLY, "size=4m") == 0;
    if (!mounted) GTEST_SKIP() << "root, but cannot mount a read-only tmpfs: " << strerror(errno);
  }
  VMEMcache* c = vmemcache_new();
  errno = 0;
  EXPECT_EQ(vmemcache_add(c, ro.c_str()), -1);
  EXPECT_TRUE(errno == EACCES || errno == EROFS) << "errno " << errno;
  EXPECT_NE(std::string(vmemcache_errormsg()).find(ro), std::string::npos);
  vmemcache_delete(c);
  if (mounted) umount(ro.c_str());
}

TEST(BadInput, PoolLargerThanASmallTmpfsFailsWithEnospcAtAdd) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs";
  TempDir dir;
  std::string mnt = dir.path() + "/small";
  ASSERT_EQ(mkdir(mnt.c_str(), 0700), 0);
  if (mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=2m") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs: " << strerror(errno);
  VMEMcache* c = vmemcache_new();
  ASSERT_EQ(vmemcache_set_size(c, 8 * VMEMCACHE_MIN_POOL), 0);
  errno = 0;
  EXPECT_EQ(vmemcache_add(c, mnt.c_str()), -1);
  EXPECT_EQ(errno, ENOSPC);
  vmemcache_delete(c);
  // The failed add left nothing behind: the whole 2 MiB is free again.
  c = vmemcache_new();
  ASSERT_EQ(vmemcache_set_size(c, VMEMCACHE_MIN_POOL), 0);
  EXPECT_EQ(vmemcache_add(c, mnt.c_str()), 0) << vmemcache_errormsg();
  vmemcache_delete(c);
  umount(mnt.c_str());
}

}  // namespace
}  // namespace vmc::test

namespace vmc::test {
namespace {

std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

TEST(BadInput, FailedAddsLeakNoDescriptorAndCanBeRetried) {
  VMEMcache* c = vmemcache_new();
  const std::size_t before = open_fds();
  for (int i = 0; i < 5; ++i) {
    errno = 0;
    EXPECT_EQ(vmemcache_add(c, "/dev/null"), -1);
    EXPECT_EQ(errno, ENOTSUP);
  }
  EXPECT_EQ(open_fds(), before);
  EXPECT_EQ(vmemcache_add(c, "/dev/shm"), 0) << vmemcache_errormsg();
  EXPECT_EQ(put(c, "k", "v"), 0);
  vmemcache_delete(c);
  EXPECT_EQ(open_fds(), before);
}

}  // namespace
}  // namespace vmc::test
