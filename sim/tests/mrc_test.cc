// mrc_test.cc -- the one-pass LRU miss-ratio curve equals LRU simulation at
// every size, and SHARDS stays close to it.
#include <cmath>

#include "mrc.h"
#include "test_util.h"

namespace vmc::sim {
namespace {

std::vector<std::uint64_t> grid(std::uint64_t ws, std::uint64_t min_cap) {
  std::vector<std::uint64_t> v;
  for (int i = 0; i <= 24; ++i) {
    auto c = static_cast<std::uint64_t>(std::pow(10.0, -4.0 + 4.2 * i / 24) * double(ws));
    if (c >= min_cap && (v.empty() || c > v.back())) v.push_back(c);
  }
  return v;
}

void expect_mrc_equals_lru(const TraceSpec& spec, const FeedOptions& o) {
  TraceStats st = scan_trace(spec, o);
  auto caps = grid(st.working_set, std::max<std::uint64_t>(1, st.max_object));
  MrcResult m = lru_mrc(spec, o, caps);
  std::vector<Job> jobs;
  for (std::uint64_t c : caps) jobs.push_back({"lru", c, ""});
  RunOptions run;
  run.threads = 2;
  auto res = run_jobs(spec, o, jobs, run);
  ASSERT_EQ(m.points.size(), res.size());
  for (std::size_t i = 0; i < res.size(); ++i) {
    ASSERT_EQ(m.points[i].capacity, res[i].job.capacity);
    EXPECT_TRUE(m.points[i].exact);
    EXPECT_EQ(m.requests, res[i].requests);
    EXPECT_DOUBLE_EQ(m.points[i].miss_ratio, res[i].miss_ratio())
        << spec.label() << " capacity " << caps[i];
    EXPECT_DOUBLE_EQ(m.points[i].byte_miss_ratio, res[i].byte_miss_ratio())
        << spec.label() << " capacity " << caps[i];
  }
}

TEST(LruMrc, HandTraceStackDistances) {
  // a b c a b d a, sizes 1: distances -,-,-,3,3,-,3 -> capacity 2: 7 misses,
  // capacity 3: hits at requests 4, 5, 7.
  testing::TempFile f(".txt");
  f.write("1\n2\n3\n1\n2\n4\n1\n");
  FeedOptions o;
  o.ignore_size = true;
  MrcResult m = lru_mrc(testing::file_spec(f.path()), o, {2, 3, 4});
  ASSERT_EQ(m.points.size(), 3u);
  EXPECT_DOUBLE_EQ(m.points[0].miss_ratio, 1.0);
  EXPECT_DOUBLE_EQ(m.points[1].miss_ratio, 4.0 / 7);
  EXPECT_DOUBLE_EQ(m.points[2].miss_ratio, 4.0 / 7);
}

TEST(LruMrc, EqualsLruSimulationAtEverySizeOnTheSharedTraces) {
  VMC_REQUIRE_TRACE(cp, "cloudPhysicsIO.oracleGeneral.bin");
  for (bool ignore : {false, true}) {
    FeedOptions o;
    o.ignore_size = ignore;
    expect_mrc_equals_lru(testing::file_spec(cp), o);
  }
  for (const char* name : {"multi1.txt", "sprite.txt", "zigzag.txt", "scan.txt"}) {
    std::string p = testing::shared_trace(name);
    if (p.empty()) continue;
    FeedOptions o;
    o.ignore_size = true;
    expect_mrc_equals_lru(testing::file_spec(p), o);
  }
}

TEST(LruMrc, EqualsLruSimulationWithSizesAndWarmupOnSynthetic) {
  TraceSpec s;
  s.format = Format::kSynthetic;
  s.synth.requests = 200000;  // > 2 compactions of the time axis
  s.synth.objects = 20000;
  s.synth.size_dist = SizeDist::kUniform;
  s.synth.size_min = 100;
  s.synth.size_max = 10000;
  FeedOptions o;
  o.warmup = 50000;
  expect_mrc_equals_lru(s, o);
}

TEST(Shards, SampledCurveStaysCloseToTheExactOne) {
  TraceSpec s;
  s.format = Format::kSynthetic;
  s.synth.requests = 400000;
  s.synth.objects = 100000;
  s.synth.alpha = 0.9;
  FeedOptions o;
  o.ignore_size = true;
  // SHARDS needs caches of at least ~100/R objects to be accurate.
  auto caps = grid(100000, 1000);
  MrcResult exact = lru_mrc(s, o, caps);
  MrcResult approx = lru_mrc(s, o, caps, 0.1);
  EXPECT_LT(approx.objects, exact.objects / 5);
  MrcError e = mrc_error(approx, exact);
  EXPECT_LT(e.mean_abs, 0.02);
  EXPECT_LT(e.max_abs, 0.06);
}

}  // namespace
}  // namespace vmc::sim
