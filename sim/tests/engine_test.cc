// engine_test.cc -- the engine in the loop replays a trace exactly like the
// model of its CLOCK (single thread, sizes in extents).
#include <sys/stat.h>

#include "test_util.h"

#if VMC_SIM_WITH_ENGINE
namespace vmc::sim {
namespace {

TEST(EngineInTheLoop, MissesEqualTheClockModelOnASizedSyntheticTrace) {
  struct stat st {};
  if (::stat("/dev/shm", &st) != 0)
    GTEST_SKIP() << "/dev/shm absent; skipping the engine-in-the-loop test";
  TraceSpec s;
  s.format = Format::kSynthetic;
  s.synth.requests = 30000;
  s.synth.objects = 20000;
  s.synth.size_dist = SizeDist::kUniform;
  s.synth.size_min = 1;
  s.synth.size_max = 2000;
  FeedOptions o;
  o.unit = 256;  // sizes in extents
  RunOptions run;
  run.threads = 1;
  run.base.engine_unit_bytes = 256;
  const std::uint64_t extents = (1 << 20) / 256;  // the minimum pool
  auto r = run_jobs(
      s, o, {{"engine", extents, ""}, {"clock-model", extents, ""}, {"lru", extents, ""}}, run);
  ASSERT_TRUE(r[0].error.empty()) << r[0].error;
  EXPECT_EQ(r[0].misses, r[1].misses);
  EXPECT_GT(r[0].misses, 0u);
}

}  // namespace
}  // namespace vmc::sim
#endif
