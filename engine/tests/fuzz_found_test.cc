// fuzz_found_test.cc -- FOUND BY FUZZING (issue 12): minimal reproducers of
// the engine defects the C API fuzz target (engine/fuzz) found, one test
// each, failing before its fix.
#include <gtest/gtest.h>
#include <libvmemcache.h>
#include <libvmemcache_ext.h>

#include <cerrno>

namespace vmc::test {
namespace {

// vmemcache_handle_pieces and vmemcache_handle_value_size dereference a
// NULL handle (SIGSEGV), where every other function answers a NULL
// argument with EINVAL and vmemcache_handle_release(NULL) does nothing.
// Found within ~600 programs (UBSan: member access within null pointer,
// cache_read.cc, Cache::handle_pieces).  The fuzz target makes both calls.
TEST(FoundByFuzzing, HandleFunctionsAnswerANullHandleWithEinval) {
  size_t n = 7;
  errno = 0;
  EXPECT_EQ(vmemcache_handle_pieces(nullptr, &n), nullptr);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(n, 0u);
  errno = 0;
  EXPECT_EQ(vmemcache_handle_value_size(nullptr), 0u);
  EXPECT_EQ(errno, EINVAL);
}

}  // namespace
}  // namespace vmc::test
