// randomized_test.cc -- the randomised policies (random, hyperbolic, lecar,
// cacheus, lhd): reproducible under one --seed, and each tested for the
// property that defines it.  Seeds are fixed, so every count below is
// deterministic; the bounds are wide enough to hold for any correct
// implementation of the law, not just this generator.
#include <map>

#include "test_util.h"

namespace vmc::sim {
namespace {

class Victims : public models::EvictionObserver {
 public:
  void on_evict(models::ObjId id, std::uint64_t) override { ids.push_back(id); }
  std::vector<models::ObjId> ids;
};

std::unique_ptr<models::Policy> build(const std::string& name, std::uint64_t capacity,
                                      std::uint64_t seed, const std::string& params = "",
                                      bool ignore_size = true) {
  PolicyConfig c;
  c.capacity = capacity;
  c.ignore_size = ignore_size;
  c.seed = seed;
  if (!params.empty()) c.params = PolicyParams::parse(params, "test");
  return make_policy(name, c);
}

std::vector<SimRequest> zipf_trace(std::uint64_t requests, std::uint64_t objects) {
  TraceSpec s;
  s.format = Format::kSynthetic;
  s.synth.requests = requests;
  s.synth.objects = objects;
  s.synth.alpha = 0.9;
  return testing::load(s, FeedOptions{.ignore_size = true});
}

std::string pattern(models::Policy& p, const std::vector<SimRequest>& t) {
  std::string s;
  for (const SimRequest& r : t) s += p.access(r.req) ? 'H' : 'm';
  return s;
}

TEST(Randomized, SameSeedSameResultOtherSeedOtherDecisions) {
  const auto t = zipf_trace(20000, 2000);
  for (const char* name : {"random", "hyperbolic", "lecar", "cacheus", "lhd"}) {
    auto a = build(name, 200, 7), b = build(name, 200, 7), c = build(name, 200, 8);
    const std::string pa = pattern(*a, t), pb = pattern(*b, t), pc = pattern(*c, t);
    EXPECT_EQ(pa, pb) << name;
    EXPECT_NE(pa, pc) << name;
  }
}

// Random: the victim is uniform over the cached objects.  4000 fresh
// caches of 4 objects, each then missing a 5th: each of the 4 is evicted
// 1000 times in expectation (sd 27); the bound is 4.4 sd.
TEST(Randomized, RandomEvictsUniformly) {
  std::map<models::ObjId, int> count;
  for (std::uint64_t seed = 1; seed <= 4000; ++seed) {
    auto p = build("random", 4, seed);
    Victims v;
    p->set_observer(&v);
    for (models::ObjId id : {1, 2, 3, 4, 5}) p->access({id, 1, -1});
    ASSERT_EQ(v.ids.size(), 1u);
    ++count[v.ids[0]];
  }
  ASSERT_EQ(count.size(), 4u);
  for (auto [id, n] : count) EXPECT_NEAR(n, 1000, 120) << "object " << id;
}

// Hyperbolic: the victim has the lowest hits / age.  With 1000 samples of
// 4 objects the lowest is sampled with probability 1 - (3/4)^1000.  Ids 1..4
// enter at requests 1..4; 1 is hit 3 times, 2 twice, 3 once; at request 11
// the priorities are 4/10, 3/9, 2/8 and 1/7: 4 goes.
TEST(Randomized, HyperbolicEvictsTheLowestHitsPerAge) {
  for (std::uint64_t seed : {1, 2, 3}) {
    auto p = build("hyperbolic", 4, seed, "samples:1000");
    Victims v;
    p->set_observer(&v);
    for (models::ObjId id : {1, 2, 3, 4, 1, 1, 1, 2, 2, 3, 5}) p->access({id, 1, -1});
    ASSERT_EQ(v.ids.size(), 1u);
    EXPECT_EQ(v.ids[0], 4u);
  }
}

// LeCaR mixes two experts: with the LRU weight fixed at 1 it is LRU, at 0
// it is LFU, request by request.
TEST(Randomized, LeCaRWithAFixedWeightIsOneExpert) {
  const auto t = zipf_trace(30000, 3000);
  for (std::uint64_t cap : {30u, 300u}) {
    auto lru = build("lru", cap, 1), lfu = build("lfu", cap, 1);
    auto as_lru = build("lecar", cap, 5, "lru-weight:1,update-weight:0");
    auto as_lfu = build("lecar", cap, 5, "lru-weight:0,update-weight:0");
    EXPECT_EQ(pattern(*as_lru, t), pattern(*lru, t)) << cap;
    EXPECT_EQ(pattern(*as_lfu, t), pattern(*lfu, t)) << cap;
  }
}

// Cacheus resists scans: five objects requested twice sit in SR-LRU's R
// list with frequency 2; a scan of 200 new objects is evicted by both
// experts (SR's LRU end and the lowest frequency), so all five still hit,
// for every seed.  Plain LRU loses them all.
TEST(Randomized, CacheusResistsAScan) {
  std::vector<SimRequest> t;
  auto req = [&](std::uint64_t id) { t.push_back({{id, 1, -1}, 1, false}); };
  for (int round = 0; round < 2; ++round)
    for (std::uint64_t h = 1; h <= 5; ++h) req(h);
  for (std::uint64_t s = 100; s < 300; ++s) req(s);
  for (std::uint64_t h = 1; h <= 5; ++h) req(h);
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    auto p = build("cacheus", 10, seed);
    EXPECT_EQ(pattern(*p, t).substr(t.size() - 5), "HHHHH") << "seed " << seed;
  }
  EXPECT_EQ(pattern(*build("lru", 10, 1), t).substr(t.size() - 5), "mmmmm");
}

// LHD ranks by hit density per byte: in a cache holding one 50-byte object
// and five 10-byte ones (all of age 0, same class), the large one ranks
// 5x lower and is evicted whenever it is among the 8 samples (probability
// 1 - (5/6)^8 = 0.77), against 1/6 for a uniform choice.  200 seeds.
TEST(Randomized, LhdPrefersEvictingLargeObjects) {
  int large = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    auto p = build("lhd", 100, seed, "", false);
    Victims v;
    p->set_observer(&v);
    p->access({1, 50, -1});
    for (models::ObjId id = 2; id <= 6; ++id) p->access({id, 10, -1});
    p->access({7, 10, -1});
    ASSERT_FALSE(v.ids.empty());
    large += v.ids[0] == 1 ? 1 : 0;
  }
  EXPECT_GE(large, 130);
}

}  // namespace
}  // namespace vmc::sim
