// policies_test.cc -- the policies: hand-computed answers on tiny traces,
// the fast LRU/CLOCK equal to the models' reference ones request by request,
// capacity and oversize rules, and Belady below every policy.
#include <map>

#include "mrc.h"
#include "test_util.h"

namespace vmc::sim {
namespace {

std::vector<SimRequest> ids(std::initializer_list<std::uint64_t> v, std::uint64_t size = 1) {
  std::vector<SimRequest> out;
  for (std::uint64_t id : v) out.push_back({models::Request{id, size, -1}, size});
  return out;
}

std::string pattern(const std::vector<bool>& h) {
  std::string s;
  for (bool b : h) s += b ? 'H' : 'm';
  return s;
}

// Capacity 3, trace a b c a d b e a b c (ids 1..5):
// FIFO: a b c miss; a hit; d evicts a; b hit; e evicts b; a evicts c; b evicts d; c evicts e.
TEST(HandTraces, FifoOnTenRequestsWithCapacityThree) {
  auto t = ids({1, 2, 3, 1, 4, 2, 5, 1, 2, 3});
  EXPECT_EQ(pattern(testing::hits("fifo", 3, t, true)), "mmmHmHmmmm");
}

// LRU: a b c miss; a hit (order b c a); d evicts b; b evicts c; e evicts a;
// a evicts d; b hit; c evicts e.
TEST(HandTraces, LruOnTenRequestsWithCapacityThree) {
  auto t = ids({1, 2, 3, 1, 4, 2, 5, 1, 2, 3});
  EXPECT_EQ(pattern(testing::hits("lru", 3, t, true)), "mmmHmmmmHm");
  EXPECT_EQ(pattern(testing::hits("lru-model", 3, t, true)), "mmmHmmmmHm");
}

// Sizes: capacity 10; a(6) b(4) fill it exactly (used + size <= capacity);
// c(5) evicts a (LRU) and fits beside b; a(6) evicts c; c(5) evicts b, then a.
TEST(HandTraces, SizeAwareLruUsesUsedPlusSizeAtMostCapacity) {
  std::vector<SimRequest> t = {{{1, 6, -1}, 6}, {{2, 4, -1}, 4}, {{2, 4, -1}, 4},
                               {{3, 5, -1}, 5}, {{2, 4, -1}, 4}, {{1, 6, -1}, 6}, {{3, 5, -1}, 5}};
  EXPECT_EQ(pattern(testing::hits("lru", 10, t, false)), "mmHmHmm");
}

TEST(HandTraces, ClockGivesASecondChance) {
  // Capacity 2: a b, a hit (ref), c: hand at a (ref) -> clear, b evicted; a hit.
  auto t = ids({1, 2, 1, 3, 1, 2});
  EXPECT_EQ(pattern(testing::hits("clock", 2, t, true)), "mmHmHm");
  EXPECT_EQ(pattern(testing::hits("clock-model", 2, t, true)), "mmHmHm");
}

// Capacity 2, trace a b a a c b a.  k = 2: a's counter reaches 2; c spends
// one of a's credits and evicts b; b spends the other and evicts c; a hits.
// k = 1: the counter saturates at 1, so b's miss evicts a, and a misses.
TEST(HandTraces, ClockWithTwoBitCountersKeepsAFrequentObjectLonger) {
  auto t = ids({1, 2, 1, 1, 3, 2, 1});
  for (int k : {1, 2}) {
    PolicyConfig c;
    c.capacity = 2;
    c.params = PolicyParams::parse("bits:" + std::to_string(k), "test");
    auto p = make_policy("clock", c);
    std::vector<bool> h;
    for (const SimRequest& r : t) h.push_back(p->access(r.req));
    EXPECT_EQ(pattern(h), k == 2 ? "mmHHmmH" : "mmHHmmm") << "k = " << k;
  }
}

// libCacheSim's S3FIFO.c with small:0.5, capacity 4 (unit sizes): S 2,
// M 2, G floor(3.6) = 3, move threshold 2.  Trace a b a a c d b e a b c d e a:
//  a, b miss -> S [b a]; a, a hit (a.freq 2); c, d miss: S is full and
//  nothing was evicted yet, so they go to M [d c]; b hits (b.freq 1);
//  e misses in a full cache: M (2) is not over its share, so S evicts: a
//  (freq 2) moves to M [a d c], b (freq 1) leaves to G [b]; e -> S [e];
//  a hits in M; b is a ghost hit: M (3) is over its share, c (freq 0)
//  leaves; b -> M [b a d]; c misses: d leaves M; c -> S [c e]; d misses:
//  S evicts e to G; d -> S [d c]; e is a ghost hit: S evicts c to G;
//  e -> M; a hits.
TEST(HandTraces, S3FifoFollowsLibCacheSimsDefinition) {
  auto t = ids({1, 2, 1, 1, 3, 4, 2, 5, 1, 2, 3, 4, 5, 1});
  PolicyConfig c;
  c.capacity = 4;
  c.ignore_size = true;
  c.params = PolicyParams::parse("small:0.5", "test");
  auto p = make_policy("s3fifo", c);
  std::vector<bool> h;
  for (const SimRequest& r : t) h.push_back(p->access(r.req));
  EXPECT_EQ(pattern(h), "mmHHmmHmHmmmmH");
}

// With the default 10% small queue, a cache of under 20 objects has a small
// queue of 0 or 1 object, and libCacheSim admits nothing as large as it.
TEST(HandTraces, S3FifoTinyCacheAdmitsNothing) {
  auto t = ids({1, 1, 1, 2, 2});
  EXPECT_EQ(pattern(testing::hits("s3fifo", 10, t, true)), "mmmmm");
  EXPECT_EQ(pattern(testing::hits("s3fifo", 19, t, true)), "mmmmm");
  EXPECT_EQ(pattern(testing::hits("s3fifo", 20, t, true)), "mHHmH");
}

TEST(HandTraces, BeladyEvictsTheFarthestNextUse) {
  // a b c a b c a b, capacity 2: MIN keeps what is needed soonest.
  std::vector<SimRequest> t;
  std::vector<std::uint64_t> v = {1, 2, 3, 1, 2, 3, 1, 2};
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::int64_t next = -1;
    for (std::size_t j = i + 1; j < v.size(); ++j)
      if (v[j] == v[i]) {
        next = static_cast<std::int64_t>(j) + 1;
        break;
      }
    t.push_back({{v[i], 1, next}, 1});
  }
  // a b miss; c: c next=6, a next=4, b next=5 -> bypass c; a H; b H; c miss
  // (c next none -> bypass); a H; b H.
  EXPECT_EQ(pattern(testing::hits("belady", 2, t, true)), "mmmHHmHH");
}

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
    for (std::uint64_t cap : {4000u, 100000u, 1000000u}) testing::hits(std::string(info.name), cap, reqs, false);
  }
}

struct Case {
  std::string file;
  bool ignore_size;
};
const Case kShared[] = {{"cloudPhysicsIO.oracleGeneral.bin", false}, {"cloudPhysicsIO.oracleGeneral.bin", true},
                        {"multi1.txt", true}, {"sprite.txt", true}, {"zigzag.txt", true}, {"scan.txt", true}};

std::vector<std::uint64_t> fractions_of(std::uint64_t ws) {
  std::vector<std::uint64_t> v;
  for (double f : {0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 0.9}) v.push_back(std::max<std::uint64_t>(1, f * double(ws)));
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
      EXPECT_EQ(testing::hits("lru", cap, reqs, c.ignore_size), testing::hits("lru-model", cap, reqs, c.ignore_size))
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
    for (std::uint64_t cap : fractions_of(st.working_set))
      for (const PolicyInfo& p : registered_policies())
        if (p.name != "engine") jobs.push_back({std::string(p.name), cap, std::to_string(cap)});
    RunOptions run;
    run.threads = 2;
    run.base.ignore_size = c.ignore_size;
    auto res = run_jobs(testing::file_spec(path), o, jobs, run);
    std::map<std::uint64_t, std::uint64_t> belady;
    for (const JobResult& r : res)
      if (r.job.policy == "belady") belady[r.job.capacity] = r.misses;
    for (const JobResult& r : res)
      EXPECT_LE(belady[r.job.capacity], r.misses) << c.file << " " << r.job.policy << " capacity " << r.job.capacity;
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
      EXPECT_LE(belady[r.job.capacity], r.misses) << s.label() << " " << r.job.policy << " capacity " << r.job.capacity;
  }
}

}  // namespace
}  // namespace vmc::sim
