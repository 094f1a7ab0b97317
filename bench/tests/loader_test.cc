// loader_test.cc -- libraries loaded by path stay apart: two files with the
// same SONAME are two libraries, each call reaches the library it was
// asked of (told apart by behaviour: each keeps its own error message),
// optional entry points are found or left null, and the shared-write
// counters the runner reports cover the timed phase alone.
//
// The program links no libvmemcache; main() makes room in static TLS first
// (workload/static_tls.h), as the benchmark programs do.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "workload/cache_under_test.h"
#include "workload/dl_library.h"
#include "workload/runner.h"
#include "workload/static_tls.h"

namespace vb = vmc::bench;
namespace fs = std::filesystem;

namespace {

// A copy of `src` under a fresh directory, with the same file name (and so
// the same SONAME).
std::string copy_of(const std::string& src, const std::string& tag) {
  const fs::path dir =
      fs::temp_directory_path() / ("vmc_loader_test_" + tag + "_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path dst = dir / fs::path(src).filename();
  fs::copy_file(src, dst, fs::copy_options::overwrite_existing);
  return dst.string();
}

// The error message `lib` keeps for a fresh thread after a failing add.
std::string error_after_failed_add(const vb::VmcApi& api) {
  std::string msg;
  std::thread([&] {
    VMEMcache* c = api.new_cache();
    EXPECT_EQ(api.add(c, "/nonexistent"), -1);
    msg = api.errormsg();
    api.delete_cache(c);
  }).join();
  return msg;
}

std::string error_untouched(const vb::VmcApi& api) {
  std::string msg;
  std::thread([&] { msg = api.errormsg(); }).join();
  return msg;
}

// put then get through one library's table.
void round_trip(const vb::VmcApi& api) {
  VMEMcache* c = api.new_cache();
  ASSERT_EQ(api.set_size(c, 4 << 20), 0);
  ASSERT_EQ(api.add(c, "/dev/shm"), 0) << api.errormsg();
  ASSERT_EQ(api.put(c, "key", 3, "value", 5), 0);
  char buf[8] = {};
  size_t vsize = 0;
  EXPECT_EQ(api.get(c, "key", 3, buf, sizeof buf, 0, &vsize), 5);
  EXPECT_EQ(std::string(buf, vsize), "value");
  api.delete_cache(c);
}

}  // namespace

TEST(Loader, TheEngineAndACopyOfItWithTheSameSonameAreTwoLibraries) {
  const std::string engine = vb::default_library_paths().engine;
  if (engine.empty()) GTEST_SKIP() << "built without the engine (VMC_BENCH_WITH_ENGINE=OFF)";
  auto a = vb::VmcLibrary::load(engine);
  auto b = vb::VmcLibrary::load(copy_of(engine, "engine"));
  EXPECT_NE(a->base(), b->base());
  EXPECT_NE(a->path(), b->path());
  EXPECT_NE(reinterpret_cast<void*>(a->api().put), reinterpret_cast<void*>(b->api().put));
  // Each keeps its own state: an error in one leaves the other's message.
  EXPECT_FALSE(error_after_failed_add(a->api()).empty());
  EXPECT_TRUE(error_untouched(b->api()).empty());
  round_trip(a->api());
  round_trip(b->api());
  // Loading a path again gives the same library.
  EXPECT_EQ(vb::VmcLibrary::load(engine).get(), a.get());
}

TEST(Loader, TheOriginalLoadsBesideOursAndAnswersForItself) {
  const std::string upstream = vb::default_library_paths().upstream;
  if (!vb::library_present(upstream))
    GTEST_SKIP() << "the original library is absent (" << upstream
                 << "): ../shared is not next to this checkout";
  auto up = vb::VmcLibrary::load(upstream);
  auto fake = vb::VmcLibrary::load(VMC_TEST_FAKE_LIB);
  EXPECT_EQ(up->api().set_huge_pages, nullptr);
  EXPECT_EQ(up->api().get_shared_writes, nullptr);
  const std::string up_msg = error_after_failed_add(up->api());
  EXPECT_FALSE(up_msg.empty());
  EXPECT_EQ(up_msg.find("fake"), std::string::npos);
  EXPECT_EQ(error_after_failed_add(fake->api()), "fake: no such directory");
  round_trip(up->api());
}

TEST(Loader, OptionalEntryPointsAreFoundOrLeftNull) {
  auto fake = vb::VmcLibrary::load(VMC_TEST_FAKE_LIB);
  EXPECT_NE(fake->api().get_shared_writes, nullptr);
  EXPECT_EQ(fake->api().set_huge_pages, nullptr);
  vb::CacheConfig c;
  vb::parse_cache_spec(std::string("lib:fake=") + VMC_TEST_FAKE_LIB + "+thp", {}, &c);
  try {
    vb::make_cache(c);
    ADD_FAILURE() << "+thp on a library without vmemcache_set_huge_pages was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("vmemcache_set_huge_pages"), std::string::npos);
  }
}

TEST(Loader, RefusesToLoadWhenACopyIsInTheGlobalScope) {
  const std::string global = copy_of(VMC_TEST_FAKE_LIB, "global");
  const std::string other = copy_of(VMC_TEST_FAKE_LIB, "other");
  EXPECT_EXIT(
      {
        dlopen(global.c_str(), RTLD_NOW | RTLD_GLOBAL);
        try {
          vb::VmcLibrary::load(other);
        } catch (const std::runtime_error& e) {
          _exit(std::string(e.what()).find("global scope") != std::string::npos ? 0 : 2);
        }
        _exit(1);
      },
      testing::ExitedWithCode(0), "");
}

TEST(Loader, SharedWritesCoverTheTimedPhaseOnly) {
  vb::CacheConfig c;
  vb::parse_cache_spec(std::string("lib:fake=") + VMC_TEST_FAKE_LIB, {}, &c);
  c.pool_size = 1 << 20;
  auto cache = vb::make_cache(c);
  vb::WorkloadConfig w;
  ASSERT_TRUE(vb::parse_key_dist("one-hot", &w.keys));
  w.threads = 2;
  w.ops_per_thread = 300;
  w.warmup_ops = 40;
  vb::RunResult r = vb::run_workload(*cache, w);
  ASSERT_TRUE(r.shared_writes.has_value());
  const vb::SharedWrites& s = *r.shared_writes;
  // The prefill's one put and the warm-up's 80 hits are not counted.
  EXPECT_EQ(s[0].ops, 600u);  // get-hit
  EXPECT_EQ(s[0].rmw, 0u);
  EXPECT_EQ(s[0].stores, 600u);
  EXPECT_EQ(s[1].ops, 0u);  // get-miss
  EXPECT_EQ(s[2].ops, 0u);  // put
  EXPECT_EQ(r.hits, 600u);
}

int main(int argc, char** argv) {
  vb::ensure_static_tls_room(argc, argv, 6);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
