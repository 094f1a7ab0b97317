// workload_test.cc -- the workload library's pieces with exact expected
// values: key choices, per-key value sizes, cache specs, the starvation
// verdict, the copy ceiling and the runner's counts.
#include <gtest/gtest.h>

#include <bit>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "workload/cache_under_test.h"
#include "workload/generators.h"
#include "workload/machine_load.h"
#include "workload/report_json.h"
#include "workload/runner.h"

namespace vb = vmc::bench;

namespace {

// What f() throws as std::invalid_argument, or `none` if it returns.
template <typename F>
std::string invalid_argument_text(F&& f, const std::string& none) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return none;
}

}  // namespace

TEST(KeepLowestSetBits, KeepsExactlyTheNLowestSetBits) {
  EXPECT_EQ(vb::keep_lowest_set_bits(0b1011'0110, 2), 0b0110u);
  EXPECT_EQ(vb::keep_lowest_set_bits(0b1011'0110, 3), 0b1'0110u);
  EXPECT_EQ(vb::keep_lowest_set_bits(~0ull, 5), 0x1fu);
  EXPECT_EQ(vb::keep_lowest_set_bits(0x8000'0000'0000'0001ull, 2), 0x8000'0000'0000'0001ull);
  EXPECT_EQ(vb::keep_lowest_set_bits(0x8000'0000'0000'0001ull, 1), 1u);
  EXPECT_EQ(vb::keep_lowest_set_bits(0b1010, 7), 0b1010u);  // fewer set bits than n
  EXPECT_EQ(vb::keep_lowest_set_bits(~0ull, 64), ~0ull);
  EXPECT_EQ(vb::keep_lowest_set_bits(~0ull, 63), ~0ull >> 1);
  EXPECT_EQ(vb::keep_lowest_set_bits(0xff, 0), 0u);
}

TEST(KeyChooser, Lowbits5MakesKey0x1fAboutOneRequestIn32) {
  vb::KeySpec k;
  ASSERT_TRUE(vb::parse_key_dist("lowbits:5", &k));
  vb::KeyChooser c(k);
  vb::Rng rng(1);
  const int n = 1 << 16;
  int hot = 0;
  std::set<std::uint64_t> distinct;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t id = c.next(rng);
    hot += id == 0x1f;
    distinct.insert(id);
    ASSERT_LE(std::popcount(id), 5);
  }
  // Expected n/32 = 2048 (standard deviation 44).
  EXPECT_GT(hot, 1800);
  EXPECT_LT(hot, 2300);
  EXPECT_LT(distinct.size(), static_cast<std::size_t>(n / 4));
}

TEST(KeyChooser, Lowbits30KeysAreAlmostAllDistinct) {
  vb::KeySpec k;
  ASSERT_TRUE(vb::parse_key_dist("lowbits:30", &k));
  vb::KeyChooser c(k);
  vb::Rng rng(2);
  std::set<std::uint64_t> distinct;
  for (int i = 0; i < 1 << 16; ++i) distinct.insert(c.next(rng));
  EXPECT_GT(distinct.size(), static_cast<std::size_t>((1 << 16) * 99 / 100));
}

TEST(KeyChooser, OneHotAlwaysChoosesKeyZeroAndIsNotDense) {
  vb::KeySpec k;
  ASSERT_TRUE(vb::parse_key_dist("one-hot", &k));
  vb::KeyChooser c(k);
  vb::Rng rng(3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(c.next(rng), 0u);
  EXPECT_EQ(c.space(), 1u);
  EXPECT_FALSE(c.dense());
}

TEST(KeyChooser, RejectsMalformedKeyDistributions) {
  vb::KeySpec k;
  for (const char* bad : {"lowbits:", "lowbits:0", "lowbits:65", "lowbits:x", "hot", ""}) {
    EXPECT_FALSE(vb::parse_key_dist(bad, &k)) << bad;
  }
}

TEST(ValueSizes, AKeyAlwaysHasTheSameSizeWithinTheRange) {
  vb::ValueSizes a(8, 8192, false, 7), b(8, 8192, false, 7), other_seed(8, 8192, false, 8);
  double sum = 0;
  int differ = 0;
  const int n = 100000;
  for (int id = 0; id < n; ++id) {
    const std::uint64_t v = a.for_key(id);
    ASSERT_EQ(v, b.for_key(id));
    ASSERT_GE(v, 8u);
    ASSERT_LE(v, 8192u);
    sum += v;
    differ += v != other_seed.for_key(id);
  }
  EXPECT_NEAR(sum / n, 4100.0, 4100.0 * 0.02);
  EXPECT_GT(differ, n * 99 / 100);
  EXPECT_EQ(vb::ValueSizes(1024, 1024, false).for_key(12345), 1024u);
}

TEST(CacheSpec, NamesKindsAndHugePageSuffixes) {
  vb::LibraryPaths paths{VMC_TEST_FAKE_LIB, ""};
  vb::CacheConfig c;
  vb::parse_cache_spec("engine+thp", paths, &c);
  EXPECT_EQ(c.kind, vb::CacheKind::kLibrary);
  EXPECT_EQ(c.name, "engine+thp");
  EXPECT_EQ(c.huge_pages, 1);
  EXPECT_EQ(c.lib_path, VMC_TEST_FAKE_LIB);
  vb::parse_cache_spec(std::string("lib:old=") + VMC_TEST_FAKE_LIB + "+nothp", paths, &c);
  EXPECT_EQ(c.name, "old+nothp");
  EXPECT_EQ(c.huge_pages, 0);
  vb::parse_cache_spec("copy", paths, &c);
  EXPECT_EQ(c.kind, vb::CacheKind::kCopy);
  EXPECT_EQ(c.huge_pages, -1);
  vb::parse_cache_spec("sharded", paths, &c);
  EXPECT_EQ(c.kind, vb::CacheKind::kSharded);
}

TEST(CacheSpec, RejectsWhatCannotBeLoadedNamingTheFix) {
  vb::LibraryPaths paths{VMC_TEST_FAKE_LIB, ""};
  vb::CacheConfig c;
  auto message = [&](const char* spec) {
    return invalid_argument_text([&] { vb::parse_cache_spec(spec, paths, &c); }, "accepted");
  };
  EXPECT_NE(message("upstream").find("--upstream-lib"), std::string::npos);
  EXPECT_NE(message("lib:=x").find("lib:NAME=PATH"), std::string::npos);
  EXPECT_NE(message("lib:a=/nonexistent/lib.so").find("does not exist"), std::string::npos);
  EXPECT_NE(message("textbook+thp").find("+thp/+nothp"), std::string::npos);
  EXPECT_NE(message("bogus").find("unknown cache"), std::string::npos);
}

TEST(Starved, OnlyWhenTheCoresGotAreFarBelowTheThreads) {
  vb::MachineLoad m;
  m.nproc = 2;
  m.wall_s = 1;
  std::string why;
  EXPECT_FALSE(vb::starved(1, 0.95, m, &why));
  EXPECT_FALSE(vb::starved(2, 1.6, m, &why));
  EXPECT_TRUE(vb::starved(16, 1.9, m, &why));
  EXPECT_NE(why.find("oversubscribed"), std::string::npos);
  m.others_cores = 1.0;
  EXPECT_TRUE(vb::starved(2, 1.0, m, &why));
  EXPECT_NE(why.find("other processes took 1.00"), std::string::npos);
  m.others_cores = 0;
  m.idle_cores = 0.9;
  EXPECT_TRUE(vb::starved(2, 1.0, m, &why));
  EXPECT_NE(why.find("waited"), std::string::npos);
  m.wall_s = 0.01;
  EXPECT_TRUE(vb::starved(2, 1.0, m, &why));
  EXPECT_NE(why.find("too short"), std::string::npos);
}

TEST(CopyCache, GetCopiesTheKeysSizeFromWherePutWroteIt) {
  vb::CacheConfig c;
  vb::parse_cache_spec("copy", {}, &c);
  c.pool_size = 1 << 20;
  c.value_min = 8;
  c.value_max = 4096;
  c.seed = 5;
  auto cache = vb::make_cache(c);
  vb::KeyMaker keys(16);
  const vb::ValueSizes sizes(8, 4096, false, 5);
  std::string value(4096, '\0');
  for (std::size_t i = 0; i < value.size(); ++i) value[i] = static_cast<char>(i * 7);
  auto k = keys.make(42);
  ASSERT_EQ(cache->put(k.data(), k.size(), value.data(), sizes.for_key(42)), 0);
  std::string buf(4096, 'x');
  std::size_t vsize = 0;
  ASSERT_TRUE(cache->get(k.data(), k.size(), buf.data(), buf.size(), &vsize));
  EXPECT_EQ(vsize, sizes.for_key(42));
  EXPECT_EQ(buf.substr(0, vsize), value.substr(0, vsize));
  EXPECT_EQ(cache->name(), "copy");
}

TEST(Runner, OneHotKeyMakesEveryGetOfEveryThreadHit) {
  vb::CacheConfig c;
  vb::parse_cache_spec("textbook", {}, &c);
  c.pool_size = 1 << 20;
  auto cache = vb::make_cache(c);
  vb::WorkloadConfig w;
  ASSERT_TRUE(vb::parse_key_dist("one-hot", &w.keys));
  w.threads = 2;
  w.ops_per_thread = 500;
  w.warmup_ops = 50;
  vb::RunResult r = vb::run_workload(*cache, w);
  EXPECT_EQ(r.threads, 2u);
  EXPECT_EQ(r.prefilled, 1u);
  EXPECT_EQ(r.gets, 1000u);
  EXPECT_EQ(r.hits, 1000u);
  EXPECT_EQ(r.puts, 0u);
  EXPECT_EQ(r.stats.entries, 1u);
  EXPECT_FALSE(r.shared_writes.has_value());  // the textbook cache counts none
}

TEST(ParseCpus, NoneAutoAndListsOfAllowedCpus) {
  const std::vector<int> allowed = vb::allowed_cpus();
  ASSERT_FALSE(allowed.empty());
  EXPECT_TRUE(vb::parse_cpus("").empty());
  EXPECT_TRUE(vb::parse_cpus("none").empty());
  EXPECT_EQ(vb::parse_cpus("auto"), allowed);
  const std::string last = std::to_string(allowed.back());
  const std::string first = std::to_string(allowed.front());
  EXPECT_EQ(vb::parse_cpus(last + "," + first),
            (std::vector<int>{allowed.back(), allowed.front()}));
  auto message = [](const std::string& spec) {
    return invalid_argument_text([&] { vb::parse_cpus(spec); }, "no error");
  };
  EXPECT_NE(message("0,x").find("'x' is not a CPU number"), std::string::npos);
  EXPECT_NE(message("1.5").find("'1.5' is not a CPU number"), std::string::npos);
  EXPECT_NE(message("-1").find("'-1' is not a CPU number"), std::string::npos);
  EXPECT_NE(message("1000000").find("CPU 1000000 is not one this process may run on"),
            std::string::npos);
  EXPECT_NE(message(",").find("'' is not a CPU number"), std::string::npos);
}

// Pinned workers end their timed phase on their CPU: worker t on
// cpus[t % size], whatever else the machine runs.
TEST(Runner, PinnedWorkersRunOnTheirCpus) {
  const std::vector<int> allowed = vb::allowed_cpus();
  vb::CacheConfig c;
  vb::parse_cache_spec("textbook", {}, &c);
  c.pool_size = 1 << 20;
  auto cache = vb::make_cache(c);
  vb::WorkloadConfig w;
  w.threads = 3;
  w.ops_per_thread = 500;
  w.warmup_ops = 50;
  w.cpus = {allowed.back(), allowed.front()};
  vb::RunResult r = vb::run_workload(*cache, w);
  EXPECT_EQ(r.ran_on, (std::vector<int>{allowed.back(), allowed.front(), allowed.back()}));
  w.cpus = {-1};
  EXPECT_THROW(vb::run_workload(*cache, w), std::runtime_error);
}

TEST(ParseBytes, UnitsArePowersOf1024AndOverflowIsAnError) {
  EXPECT_EQ(vb::parse_bytes("4096"), 4096u);
  EXPECT_EQ(vb::parse_bytes("4096B"), 4096u);
  EXPECT_EQ(vb::parse_bytes("1k"), 1024u);
  EXPECT_EQ(vb::parse_bytes("64MiB"), 64u << 20);
  EXPECT_EQ(vb::parse_bytes("2GB"), 2ull << 30);
  EXPECT_EQ(vb::parse_bytes("3t"), 3ull << 40);
  EXPECT_EQ(vb::parse_bytes("18446744073709551615"), UINT64_MAX);
  // Each of these used to wrap silently or is not a size.
  for (const char* bad :
       {"18446744073709551616", "16777216T", "", "M", "-1", "1.5M", "1X", "1KiBB", "1 K"})
    EXPECT_THROW(vb::parse_bytes(bad), std::invalid_argument) << bad;
}

TEST(Rng, IsXoshiro256StarStarSeededThroughSplitmix64) {
  // The first output for seed 0: splitmix64's state words 0xe220a8397b1dcdaf,
  // 0x6e789e6aa1b965f4, ... then xoshiro256**'s rotl(s1 * 5, 7) * 9.
  vb::Rng rng(0);
  const std::uint64_t s1 = 0x6e789e6aa1b965f4ULL;
  EXPECT_EQ(rng.next(), std::rotl(s1 * 5, 7) * 9);
}

TEST(CacheConfig, APoolTheContractRefusesIsAnErrorForEveryCache) {
  for (const char* spec : {"textbook", "sharded", "copy"}) {
    vb::CacheConfig c;
    vb::parse_cache_spec(spec, {}, &c);
    c.pool_size = 1ull << 56;  // wrapped to 0 extents before
    EXPECT_THROW(vb::make_cache(c), std::invalid_argument) << spec;
  }
}
