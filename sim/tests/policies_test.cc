// policies_test.cc -- the policies: hand-computed answers on tiny traces,
// the fast LRU/CLOCK equal to the models' reference ones request by request,
// capacity and oversize rules, and Belady below every policy.
#include <map>

#include "mrc.h"
#include "test_util.h"

namespace vmc::sim {
namespace {

TEST(AllPolicies, ObjectLargerThanTheCacheIsAMissAndNotInserted) {
  for (const PolicyInfo& info : registered_policies()) {
    if (info.name == "engine") continue;
    PolicyConfig c;
    c.capacity = 100;
    auto p = make_policy(info.name, c);
    EXPECT_FALSE(p->access({1, 50, 3})) << info.name;
    EXPECT_FALSE(p->access({2, 101, 4})) << info.name;
    EXPECT_FALSE(p->access({2, 101, -1})) << info.name;
    EXPECT_LE(p->used(), 100u) << info.name;
  }
}

TEST(AllPolicies, NeverExceedTheCapacityOnASizedSyntheticTrace) {
  TraceSpec s;
  s.format = Format::kSynthetic;
  s.synth.requests = 20000;
  s.synth.objects = 2000;
  s.synth.size_dist = SizeDist::kUniform;
  s.synth.size_min = 1;
  s.synth.size_max = 5000;
  auto reqs = testing::load(s);
  for (const PolicyInfo& info : registered_policies()) {
    if (info.name == "engine") continue;
    for (std::uint64_t cap : {4000u, 100000u, 1000000u})
      testing::hits(std::string(info.name), cap, reqs, false);
  }
}

struct Case {
  std::string file;
  bool ignore_size;
};
const Case kShared[] = {{"cloudPhysicsIO.oracleGeneral.bin", false},
                        {"cloudPhysicsIO.oracleGeneral.bin", true},
                        {"multi1.txt", true},
                        {"sprite.txt", true},
                        {"zigzag.txt", true},
                        {"scan.txt", true}};

std::vector<std::uint64_t> fractions_of(std::uint64_t ws) {
  std::vector<std::uint64_t> v;
  for (double f : {0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 0.9})
    v.push_back(std::max<std::uint64_t>(1, f * double(ws)));
  return v;
}

// The fast policies against the obviously-correct models, request by request.
TEST(SharedTraces, FastLruAndClockEqualTheModelsRequestByRequest) {
  VMC_REQUIRE_TRACE(probe, "cloudPhysicsIO.oracleGeneral.bin");
  for (const Case& c : kShared) {
    std::string path = testing::shared_trace(c.file);
    if (path.empty()) continue;
    FeedOptions o;
    o.ignore_size = c.ignore_size;
    auto reqs = testing::load(testing::file_spec(path), o);
    TraceStats st = scan_trace(testing::file_spec(path), o);
    for (std::uint64_t cap : fractions_of(st.working_set)) {
      EXPECT_EQ(testing::hits("lru", cap, reqs, c.ignore_size),
                testing::hits("lru-model", cap, reqs, c.ignore_size))
          << c.file << " capacity " << cap;
      EXPECT_EQ(testing::hits("clock", cap, reqs, c.ignore_size),
                testing::hits("clock-model", cap, reqs, c.ignore_size))
          << c.file << " capacity " << cap;
    }
  }
}

// Belady (MIN with bypass) is optimal with unit sizes; with sizes it is the
// usual heuristic, still checked on the byte-aware shared trace.
TEST(SharedTraces, BeladyMissesNoMoreThanAnyPolicyAtAnySize) {
  VMC_REQUIRE_TRACE(probe, "cloudPhysicsIO.oracleGeneral.bin");
  std::vector<Case> cases(std::begin(kShared), std::end(kShared));
  for (const Case& c : cases) {
    std::string path = testing::shared_trace(c.file);
    if (path.empty()) continue;
    FeedOptions o;
    o.ignore_size = c.ignore_size;
    TraceStats st = scan_trace(testing::file_spec(path), o);
    std::vector<Job> jobs;
    for (double f : {0.01, 0.1, 0.5})  // every policy at three sizes (seconds, not minutes)
      for (const PolicyInfo& p : registered_policies())
        if (p.name != "engine")
          jobs.push_back(
              {std::string(p.name), std::uint64_t(f * double(st.working_set)), std::to_string(f)});
    RunOptions run;
    run.threads = 2;
    run.base.ignore_size = c.ignore_size;
    auto res = run_jobs(testing::file_spec(path), o, jobs, run);
    std::map<std::uint64_t, std::uint64_t> belady;
    for (const JobResult& r : res)
      if (r.job.policy == "belady") belady[r.job.capacity] = r.misses;
    for (const JobResult& r : res)
      EXPECT_LE(belady[r.job.capacity], r.misses)
          << c.file << " " << r.job.policy << " capacity " << r.job.capacity;
  }
}

TEST(Synthetic, BeladyMissesNoMoreThanAnyPolicyAtAnySize) {
  for (SynthKind k : {SynthKind::kZipf, SynthKind::kUniform, SynthKind::kLoop}) {
    TraceSpec s;
    s.format = Format::kSynthetic;
    s.synth.kind = k;
    s.synth.requests = 50000;
    s.synth.objects = 5000;
    std::vector<Job> jobs;
    for (std::uint64_t cap : {10u, 100u, 500u, 2000u, 4900u})
      for (const PolicyInfo& p : registered_policies())
        if (p.name != "engine") jobs.push_back({std::string(p.name), cap, std::to_string(cap)});
    FeedOptions o;
    o.ignore_size = true;
    RunOptions run;
    run.threads = 2;
    auto res = run_jobs(s, o, jobs, run);
    std::map<std::uint64_t, std::uint64_t> belady;
    for (const JobResult& r : res)
      if (r.job.policy == "belady") belady[r.job.capacity] = r.misses;
    for (const JobResult& r : res)
      EXPECT_LE(belady[r.job.capacity], r.misses)
          << s.label() << " " << r.job.policy << " capacity " << r.job.capacity;
  }
}

}  // namespace
}  // namespace vmc::sim
