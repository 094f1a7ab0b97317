// installed_program.cc -- a C++ consumer of the *installed* tree through
// find_package(vmemcache), compiled on the compiler's default standard: the
// target's interface must raise it to C++20 for vmemcache.hpp.
#include <cstdio>
#include <vmemcache.hpp>

int main() {
  static_assert(__cplusplus >= 202002L, "vmemcache::vmemcache must request C++20");
  auto cache = vmemc::Cache::create({.path = "/dev/shm", .size = VMEMCACHE_MIN_POOL}).value();
  cache.put("key", "value").value();
  if (cache.get("key").value() != "value") {
    std::fprintf(stderr, "get did not return the value put\n");
    return 1;
  }
  std::printf("installed vmemcache.hpp works (__cplusplus %ld)\n", static_cast<long>(__cplusplus));
  return 0;
}
