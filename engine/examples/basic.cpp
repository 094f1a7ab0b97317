// basic.cpp -- the C++ API (vmemcache.hpp) beside basic.c: a read-through
// cache in a directory (default /dev/shm) whose on_miss loads absent keys,
// whole-value and partial gets, errors as values and as exceptions, and
// the statistics.
//
// usage: vmemcache_example_cpp [DIR]
#include <cstdio>
#include <exception>
#include <string>
#include <vmemcache.hpp>

namespace {

// Stands in for a slow backing store.
std::string load_from_backing_store(std::string_view key) {
  return "value of " + std::string(key) + std::string(1000, '.');
}

int run(const char* dir) {
  // 1 MiB pool of 256-byte extents; value() throws std::system_error (with
  // the library's message) if the cache cannot be made.
  vmemc::Cache cache =
      vmemc::Cache::create({.path = dir, .size = VMEMCACHE_MIN_POOL, .extent_size = 256}).value();

  // Read-through: a get of an absent key asks on_miss, whose put answers it.
  unsigned loads = 0;
  cache.on_miss([&loads](vmemc::Cache& c, std::string_view key) {
    ++loads;
    (void)c.put(key, load_from_backing_store(key));  // ENOSPC is impossible under LRU
  });

  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 2000; ++i) (void)cache.get("key-" + std::to_string(i)).value();
  std::printf("2 rounds of gets over 2000 keys of 1 KiB in a 1 MiB cache: %u loads\n", loads);

  std::string v = cache.get("key-1999").value();
  std::printf("get key-1999: %zu bytes, starts \"%.15s\"\n", v.size(), v.c_str());

  char head[5];
  vmemc::Read r = cache.get("key-1999", std::span<char>(head), 9).value();
  std::printf("get key-1999 from offset 9: %zu bytes \"%.*s\" of %zu\n", r.copied,
              static_cast<int>(r.copied), head, r.value_size);

  // Errors as values: put does not overwrite.
  if (vmemc::Status s = cache.put("key-1999", "new"); !s)
    std::printf("put key-1999 again: %s (%s)\n", s.error().code.message().c_str(),
                s.error().message.c_str());

  // The empty key is a key like any other.
  (void)cache.put("", "empty key").value();
  std::printf("get \"\": \"%s\"\n", cache.get("").value().c_str());

  vmemc::Stats s = cache.stats();
  std::printf("stats: put %llu, get %llu, hit %llu, miss %llu, evict %llu, entries %llu\n",
              s.put, s.get, s.hit, s.miss, s.evict, s.entries);
  return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
  try {
    return run(argc > 1 ? argv[1] : "/dev/shm");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmemcache_example_cpp: %s\n", e.what());
    return 1;
  }
}
