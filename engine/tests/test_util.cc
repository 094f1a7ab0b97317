// test_util.cc -- see test_util.h.
#include "test_util.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace vmc::test {

VMEMcache* make_cache(const Options& o) {
  VMEMcache* c = vmemcache_new();
  if (c == nullptr) {
    ADD_FAILURE() << "vmemcache_new: " << vmemcache_errormsg();
    return nullptr;
  }
  if (vmemcache_set_size(c, o.size) != 0 || vmemcache_set_extent_size(c, o.extent_size) != 0 ||
      vmemcache_set_eviction_policy(c, o.policy) != 0 || vmemcache_add(c, o.dir) != 0) {
    ADD_FAILURE() << "cache set-up: " << vmemcache_errormsg();
    vmemcache_delete(c);
    return nullptr;
  }
  return c;
}

unsigned long long stat(VMEMcache* c, vmemcache_statistic s) {
  unsigned long long v = ~0ull;
  EXPECT_EQ(vmemcache_get_stat(c, s, &v, sizeof(v)), 0) << vmemcache_errormsg();
  return v;
}

int put(VMEMcache* c, const std::string& key, const std::string& value) {
  return vmemcache_put(c, key.data(), key.size(), value.data(), value.size());
}

std::string get(VMEMcache* c, const std::string& key) {
  size_t vsize = 0;
  if (vmemcache_exists(c, key.data(), key.size(), &vsize) != 1) return "<miss>";
  std::string out(vsize, '\0');
  ssize_t n = vmemcache_get(c, key.data(), key.size(), out.data(), out.size(), 0, &vsize);
  if (n < 0) return "<miss>";
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string value_for(const std::string& key, std::size_t n) {
  std::string v(n, '\0');
  size_t h = std::hash<std::string>{}(key);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<char>((h >> ((i % 8) * 8)) + i * 31);
  return v;
}

void Events::attach(VMEMcache* c) {
  vmemcache_callback_on_evict(
      c,
      [](VMEMcache*, const void* k, size_t ks, void* arg) {
        static_cast<Events*>(arg)->log.push_back("evict:" +
                                                 std::string(static_cast<const char*>(k), ks));
      },
      this);
  vmemcache_callback_on_miss(
      c,
      [](VMEMcache*, const void* k, size_t ks, void* arg) {
        static_cast<Events*>(arg)->log.push_back("miss:" +
                                                 std::string(static_cast<const char*>(k), ks));
      },
      this);
}

TempDir::TempDir() {
  char templ[] = "/tmp/vmc-test.XXXXXX";
  char* p = mkdtemp(templ);
  if (p == nullptr) ADD_FAILURE() << "mkdtemp failed";
  path_ = p != nullptr ? p : "/tmp";
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
  std::filesystem::remove_all(path_, ec);
}

std::size_t TempDir::count_files() const {
  std::size_t n = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(path_)) ++n;
  return n;
}

}  // namespace vmc::test
