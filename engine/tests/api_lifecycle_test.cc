// api_lifecycle_test.cc -- API.md "Names that must exist" and "Life cycle",
// one test per rule.
#include <gtest/gtest.h>
#include <libvmemcache.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "test_util.h"

namespace vmc::test {
namespace {

TEST(Names, ConstantsAndEnumValuesAreThoseOfLibvmemcache08) {
  EXPECT_EQ(VMEMCACHE_MAJOR_VERSION, 0);
  EXPECT_EQ(VMEMCACHE_MINOR_VERSION, 8);
  EXPECT_EQ(VMEMCACHE_MIN_POOL, size_t{1024 * 1024});
  EXPECT_EQ(VMEMCACHE_MIN_EXTENT, size_t{256});
  EXPECT_EQ(VMEMCACHE_REPLACEMENT_NONE, 0);
  EXPECT_EQ(VMEMCACHE_REPLACEMENT_LRU, 1);
  EXPECT_EQ(VMEMCACHE_REPLACEMENT_NUM, 2);
  EXPECT_EQ(VMEMCACHE_STAT_PUT, 0);
  EXPECT_EQ(VMEMCACHE_STAT_HEAP_ENTRIES, 8);
  EXPECT_EQ(VMEMCACHE_STATS_NUM, 9);
  EXPECT_EQ(VMEMCACHE_BENCH_PREFAULT, 3);
}

TEST(Lifecycle, NewCacheDefaultsToLruExtent256AndOneMebibyte) {
  VMEMcache* c = vmemcache_new();
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(vmemcache_add(c, "/dev/shm"), 0) << vmemcache_errormsg();
  // 1 MiB / 256 B = 4096 extents: 4096 zero-length values fit, the next evicts (LRU).
  for (int i = 0; i < 4096; ++i) ASSERT_EQ(put(c, "k" + std::to_string(i), ""), 0);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), 1024u * 1024u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), 0u);
  ASSERT_EQ(put(c, "one-more", ""), 0);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), 1u);
  vmemcache_delete(c);
}

TEST(Lifecycle, SettersFailWithEalreadyAfterAdd) {
  VMEMcache* c = make_cache();
  ASSERT_NE(c, nullptr);
  errno = 0;
  EXPECT_EQ(vmemcache_set_size(c, 2 * VMEMCACHE_MIN_POOL), -1);
  EXPECT_EQ(errno, EALREADY);
  errno = 0;
  EXPECT_EQ(vmemcache_set_extent_size(c, 512), -1);
  EXPECT_EQ(errno, EALREADY);
  errno = 0;
  EXPECT_EQ(vmemcache_set_eviction_policy(c, VMEMCACHE_REPLACEMENT_NONE), -1);
  EXPECT_EQ(errno, EALREADY);
  EXPECT_STRNE(vmemcache_errormsg(), "");
  vmemcache_delete(c);
}

TEST(Lifecycle, SetSizeRejectsBelowMinPoolAndFrom2To56) {
  VMEMcache* c = vmemcache_new();
  errno = 0;
  EXPECT_EQ(vmemcache_set_size(c, VMEMCACHE_MIN_POOL - 1), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(vmemcache_set_size(c, size_t{1} << 56), -1);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(vmemcache_set_size(c, VMEMCACHE_MIN_POOL), 0);
  EXPECT_EQ(vmemcache_set_size(c, (size_t{1} << 56) - 1), 0);
  vmemcache_delete(c);
}

TEST(Lifecycle, SetSizeIsRoundedUpToThePageAtAdd) {
  VMEMcache* c = vmemcache_new();
  ASSERT_EQ(vmemcache_set_size(c, VMEMCACHE_MIN_POOL + 1), 0);
  ASSERT_EQ(vmemcache_set_extent_size(c, 4096), 0);
  ASSERT_EQ(vmemcache_add(c, "/dev/shm"), 0);
  // 1 MiB + 1 rounds to 1 MiB + 4096: 257 extents of 4096.
  for (int i = 0; i < 257; ++i) ASSERT_EQ(put(c, "k" + std::to_string(i), "x"), 0);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), 257u * 4096u);
  vmemcache_delete(c);
}

TEST(Lifecycle, SetExtentSizeRejectsBelow256) {
  VMEMcache* c = vmemcache_new();
  errno = 0;
  EXPECT_EQ(vmemcache_set_extent_size(c, 255), -1);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(vmemcache_set_extent_size(c, 256), 0);
  EXPECT_EQ(vmemcache_set_extent_size(c, 1000), 0);  // not a multiple of 64: allowed
  vmemcache_delete(c);
}

TEST(Lifecycle, SetEvictionPolicyRejectsValuesOutsideTheEnum) {
  VMEMcache* c = vmemcache_new();
  errno = 0;
  EXPECT_EQ(vmemcache_set_eviction_policy(c, VMEMCACHE_REPLACEMENT_NUM), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(vmemcache_set_eviction_policy(c, static_cast<vmemcache_repl_p>(-1)), -1);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(vmemcache_set_eviction_policy(c, VMEMCACHE_REPLACEMENT_NONE), 0);
  vmemcache_delete(c);
}

TEST(Lifecycle, AddTwiceFailsWithEbusy) {
  VMEMcache* c = make_cache();
  ASSERT_NE(c, nullptr);
  errno = 0;
  EXPECT_EQ(vmemcache_add(c, "/dev/shm"), -1);
  EXPECT_EQ(errno, EBUSY);
  vmemcache_delete(c);
}

TEST(Lifecycle, AddNullPathFailsWithEinval) {
  VMEMcache* c = vmemcache_new();
  errno = 0;
  EXPECT_EQ(vmemcache_add(c, nullptr), -1);
  EXPECT_EQ(errno, EINVAL);
  vmemcache_delete(c);
}

TEST(Lifecycle, AddMissingPathFailsWithEnoent) {
  VMEMcache* c = vmemcache_new();
  errno = 0;
  EXPECT_EQ(vmemcache_add(c, "/dev/shm/no/such/dir"), -1);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_NE(std::string(vmemcache_errormsg()).find("/dev/shm/no/such/dir"), std::string::npos);
  vmemcache_delete(c);
}

TEST(Lifecycle, AddRegularFileFailsWithEnotdir) {
  TempDir dir;
  std::string file = dir.path() + "/file";
  FILE* f = fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  fclose(f);
  VMEMcache* c = vmemcache_new();
  errno = 0;
  EXPECT_EQ(vmemcache_add(c, file.c_str()), -1);
  EXPECT_EQ(errno, ENOTDIR);
  vmemcache_delete(c);
}

TEST(Lifecycle, AddExtentLargerThanPoolFailsWithEinval) {
  VMEMcache* c = vmemcache_new();
  ASSERT_EQ(vmemcache_set_size(c, VMEMCACHE_MIN_POOL), 0);
  ASSERT_EQ(vmemcache_set_extent_size(c, 2 * VMEMCACHE_MIN_POOL), 0);
  errno = 0;
  EXPECT_EQ(vmemcache_add(c, "/dev/shm"), -1);
  EXPECT_EQ(errno, EINVAL);
  vmemcache_delete(c);
}

TEST(Lifecycle, AddWorksOnADiskDirectory) {
  TempDir dir;  // /tmp: the root filesystem here, not tmpfs
  Options o;
  o.dir = dir.path().c_str();
  VMEMcache* c = make_cache(o);
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(put(c, "key", value_for("key", 5000)), 0);
  EXPECT_EQ(get(c, "key"), value_for("key", 5000));
  EXPECT_EQ(dir.count_files(), 0u) << "the pool file must be anonymous";
  vmemcache_delete(c);
}

TEST(Lifecycle, DevDaxIsMappedWholeWhenPresent) {
  const char* dev = getenv("VMC_TEST_DEVDAX");
  if (dev == nullptr) dev = "/dev/dax0.0";
  if (access(dev, R_OK | W_OK) != 0)
    GTEST_SKIP() << "no device DAX at " << dev << " (set VMC_TEST_DEVDAX to test one)";
  VMEMcache* c = vmemcache_new();
  ASSERT_EQ(vmemcache_add(c, dev), 0) << vmemcache_errormsg();
  ASSERT_EQ(put(c, "key", "value"), 0);
  EXPECT_EQ(get(c, "key"), "value");
  vmemcache_delete(c);
  // Larger than the device: EINVAL.
  c = vmemcache_new();
  ASSERT_EQ(vmemcache_set_size(c, (size_t{1} << 56) - 1), 0);
  errno = 0;
  EXPECT_EQ(vmemcache_add(c, dev), -1);
  EXPECT_EQ(errno, EINVAL);
  vmemcache_delete(c);
}

TEST(Lifecycle, DeleteCallsNoCallbackAndLeavesNoFile) {
  TempDir dir;
  Options o;
  o.dir = dir.path().c_str();
  VMEMcache* c = make_cache(o);
  ASSERT_NE(c, nullptr);
  Events ev;
  ev.attach(c);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(put(c, "k" + std::to_string(i), "v"), 0);
  vmemcache_delete(c);
  EXPECT_TRUE(ev.log.empty());
  EXPECT_EQ(dir.count_files(), 0u);
}

TEST(Lifecycle, OperationsBeforeAddFailWithEinval) {
  VMEMcache* c = vmemcache_new();
  char buf[8];
  errno = 0;
  EXPECT_EQ(vmemcache_put(c, "k", 1, "v", 1), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(vmemcache_get(c, "k", 1, buf, sizeof(buf), 0, nullptr), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(vmemcache_exists(c, "k", 1, nullptr), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(vmemcache_evict(c, "k", 1), -1);
  EXPECT_EQ(errno, EINVAL);
  unsigned long long v = 7;
  EXPECT_EQ(vmemcache_get_stat(c, VMEMCACHE_STAT_ENTRIES, &v, sizeof(v)), 0);
  EXPECT_EQ(v, 0u);
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
