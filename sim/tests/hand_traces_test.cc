// hand_traces_test.cc -- every deterministic policy on a short trace whose
// hits and misses were derived by hand from the policy's definition (the
// derivation is the comment above each test).  Notation: requests are ids
// 1, 2, 3, ... written a, b, c, ...; "H" is a hit, "m" a miss; lists are
// written head first (newest / most recent first) unless said otherwise.
#include "counting_bloom.h"
#include "test_util.h"

namespace vmc::sim {
namespace {

// The hit pattern of `policy` on unit-size ids (ignore_size) or on
// (id, size) pairs, with optional --params.
std::string run(const std::string& policy, std::uint64_t capacity,
                const std::vector<std::uint64_t>& ids, const std::string& params = "",
                const std::vector<std::uint64_t>& sizes = {}) {
  PolicyConfig c;
  c.capacity = capacity;
  c.ignore_size = sizes.empty();
  if (!params.empty()) c.params = PolicyParams::parse(params, "test");
  auto p = make_policy(policy, c);
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::uint64_t size = sizes.empty() ? 1 : sizes[i];
    out += p->access({ids[i], size, -1}) ? 'H' : 'm';
    EXPECT_LE(p->used(), capacity) << policy << " after request " << i;
  }
  return out;
}

// With next-access positions (1-based, -1: never), for the Belady variants.
std::string run_offline(const std::string& policy, std::uint64_t capacity,
                        const std::vector<std::uint64_t>& ids) {
  PolicyConfig c;
  c.capacity = capacity;
  c.ignore_size = true;
  auto p = make_policy(policy, c);
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::int64_t next = -1;
    for (std::size_t j = i + 1; j < ids.size() && next < 0; ++j)
      if (ids[j] == ids[i]) next = static_cast<std::int64_t>(j) + 1;
    out += p->access({ids[i], 1, next}) ? 'H' : 'm';
  }
  return out;
}

// Capacity 3, a b c a d b e a b c.  FIFO: a b c miss; a hits; d evicts a;
// b hits; e evicts b; a evicts c; b evicts d; c evicts e.
TEST(HandTraces, Fifo) { EXPECT_EQ(run("fifo", 3, {1, 2, 3, 1, 4, 2, 5, 1, 2, 3}), "mmmHmHmmmm"); }

// LRU on the same: a hits (order a c b); d evicts b; b evicts c; e evicts a;
// a evicts d; b hits; c evicts e.
TEST(HandTraces, Lru) {
  EXPECT_EQ(run("lru", 3, {1, 2, 3, 1, 4, 2, 5, 1, 2, 3}), "mmmHmmmmHm");
  EXPECT_EQ(run("lru-model", 3, {1, 2, 3, 1, 4, 2, 5, 1, 2, 3}), "mmmHmmmmHm");
}

// Sizes: capacity 10; a(6) b(4) fill it exactly (used + size <= capacity);
// c(5) evicts a (LRU) and fits beside b; a(6) evicts c; c(5) evicts b, then a.
TEST(HandTraces, LruSizeAware) {
  EXPECT_EQ(run("lru", 10, {1, 2, 2, 3, 2, 1, 3}, "", {6, 4, 4, 5, 4, 6, 5}), "mmHmHmm");
}

// Capacity 2: a b; a hits (counter 1); c: the hand is at a (counter 1 ->
// 0, a moves to the head), b (0) is evicted; a hits.
TEST(HandTraces, Clock) {
  EXPECT_EQ(run("clock", 2, {1, 2, 1, 3, 1, 2}), "mmHmHm");
  EXPECT_EQ(run("clock-model", 2, {1, 2, 1, 3, 1, 2}), "mmHmHm");
}

// Capacity 2, a b a a c b a.  bits:2: a's counter reaches 2; c spends one
// of a's credits and evicts b; b spends the other and evicts c; a hits.
// bits:1: the counter saturates at 1, so b's miss evicts a, and a misses.
TEST(HandTraces, ClockWithTwoBitCounters) {
  EXPECT_EQ(run("clock", 2, {1, 2, 1, 1, 3, 2, 1}, "bits:2"), "mmHHmmH");
  EXPECT_EQ(run("clock", 2, {1, 2, 1, 1, 3, 2, 1}, "bits:1"), "mmHHmmm");
}

// SIEVE, capacity 3, a b c a d b e a: a b c miss (queue c b a); a hits
// (visited); d: the hand starts at the tail a, clears it, moves to b,
// evicts b and stays at c; b: c is unvisited, evicted, hand at d; e: d
// evicted, hand at b; a hits.
TEST(HandTraces, Sieve) { EXPECT_EQ(run("sieve", 3, {1, 2, 3, 1, 4, 2, 5, 1}), "mmmHmmmH"); }

// LFU, capacity 3, a a b c d b e a: a hits (count 2); d evicts the least
// recent of the count-1 objects, b; b evicts c; e evicts d; a hits.
TEST(HandTraces, Lfu) { EXPECT_EQ(run("lfu", 3, {1, 1, 2, 3, 4, 2, 5, 1}), "mHmmmmmH"); }

// 2Q, capacity 4: Kin = 1, Kout = 2.  a b c miss into A1in; a hits in
// A1in (no move); d fills A1in [d c b a]; e: A1in (4) > Kin pages out a to
// A1out; a is in A1out: a miss that pages out b and goes to Am [a]; b
// likewise pages out c, Am [b a]; f pages out d, A1in [f e]; a hits in Am.
TEST(HandTraces, TwoQ) { EXPECT_EQ(run("2q", 4, {1, 2, 3, 1, 4, 5, 1, 2, 6, 1}), "mmmHmmmmmH"); }

// ARC, capacity 2, p = 0.  a b -> T1 [b a]; a hits -> T2 [a]; c: case IV,
// |T1|+|B1|+1 = 2 is not > 2, REPLACE demotes b (|T1| 1 > p 0) -> B1 [b];
// T1 [c].  b in B1: p = min(0 + max(0/1, 1), 2) = 1; REPLACE: |T1| 1 is not
// > p 1, so T2's a -> B2; T2 [b].  c hits -> T2 [c b].  a in B2: p =
// max(1 - max(0/1, 1), 0) = 0; REPLACE: T1 empty, b -> B2; T2 [a c].  d:
// case IV, REPLACE demotes c -> B2 [c b]; T1 [d].  a hits.  e: total
// 1+1+0+2 = 4 >= 2c drops B2's b; REPLACE demotes d -> B1; T1 [e].  f:
// |T1|+|B1|+1 = 3 > 2 drops B1's d, REPLACE demotes e; g likewise; a hits.
TEST(HandTraces, Arc) {
  EXPECT_EQ(run("arc", 2, {1, 2, 1, 3, 2, 3, 1, 4, 1, 5, 6, 7, 1}), "mmHmmHmmHmmmH");
}

// ARC adapts p by the ghost-size ratio, not by object size.  Capacity 10,
// sizes 4: a b -> T1; a hits -> T2 [a]; c: REPLACE demotes b -> B1 (4).
// b in B1: p = min(0 + max(0/4, 1), 10) = 1 (the old "ratio x size" rule
// gave 4); REPLACE: |T1| 4 > 1 demotes c -> B1; T2 [b a].  a hits (with p
// = 4, |T1| 4 is not > 4 and a would have been demoted to B2: a miss).  c
// in B1: p = 2; REPLACE: T1 empty, T2's b -> B2; T2 [c a].  b in B2: p = 1;
// T2's a -> B2; T2 [b c].  c hits.
TEST(HandTraces, ArcAdaptsByGhostRatioNotSize) {
  EXPECT_EQ(run("arc", 10, {1, 2, 1, 3, 2, 1, 3, 2, 3}, "", {4, 4, 4, 4, 4, 4, 4, 4, 4}),
            "mmHmmHmmH");
}

// S4LRU, capacity 4: four segments of 1.  a b c d fill segments 0..3 (the
// lowest with room); e evicts segment 0's a -> seg0 [e]; a evicts e; b hits
// in seg1 -> seg2 [b c], over its size: c cools to seg1; a hits in seg0 ->
// seg1 [a c], c cools to seg0; f evicts the lowest segment's tail, c; a
// hits in seg1 -> seg2 [a b], b cools to seg1.
TEST(HandTraces, S4Lru) {
  EXPECT_EQ(run("s4lru", 4, {1, 2, 3, 4, 5, 1, 2, 1, 6, 1}), "mmmmmmHHmH");
}

// LIRS with hir:0.34, capacity 3: HIR limit 1, LIR limit 2.  a b -> LIR
// (S [b a]); c -> resident HIR (S [c b a], Q [c]); d: both sets full, Q's
// c leaves (non-resident in S, in NH); d -> HIR (S [d c b a], Q [d]); a
// hits (LIR; S [a d c b], pruning stops at LIR b); c: non-resident in S,
// a miss: demote LIR b to Q (Q's d leaves; pruning drops d from S), c
// becomes LIR (S [c a], Q [b]); e: Q's b leaves (no S copy); e -> HIR; b:
// Q's e leaves (non-resident in S); b -> HIR (S [b e c a], Q [b]); a hits;
// b hits as resident HIR in S: its Q copy leaves, LIR c is demoted to Q
// (pruning drops e), b becomes LIR (S [b a], Q [c]); c hits in Q only:
// demoting a evicts Q's c itself, yet c re-enters S as resident HIR and the
// request is a hit (libCacheSim's order); d: LIR has room -> LIR; c hits as
// resident HIR in S (no Q copy): demote b to Q (evicting a), c -> LIR.
TEST(HandTraces, Lirs) {
  EXPECT_EQ(run("lirs", 3, {1, 2, 3, 4, 1, 3, 5, 2, 1, 2, 3, 4, 3}, "hir:0.34"), "mmmmHmmmHHHmH");
}

// GDSF, capacity 10, sizes a 2, b 4, c 5, d 1; priority L + f x 10^6 / size.
// a (5e5), b (2.5e5); a hits (f 2: 1e6); c (2e5) is inserted, the cache is
// over (11), and the lowest priority is c itself: evicted, L = 2e5.  c again:
// 4e5; b (2.5e5) goes, L = 2.5e5.  b: 5e5; c (4e5) goes, L = 4e5.  d:
// 1.4e6, fits.  c: 6e5; b (5e5) goes, L = 5e5.  a hits.  b: 7.5e5; c (6e5)
// goes.
TEST(HandTraces, Gdsf) {
  EXPECT_EQ(run("gdsf", 10, {1, 2, 1, 3, 3, 2, 4, 3, 1, 2}, "", {2, 4, 2, 5, 5, 4, 1, 5, 2, 4}),
            "mmHmmmmmHm");
}

// LFUDA (libCacheSim's: a hit adds L to the key), capacity 2, L = 0.  a (K
// 1); a hits: K = 1 + 0, refreshed; b (K 1); c evicts the oldest of K 1, a;
// L = 1; c gets K 2.  b hits: K = 1 + 1 = 2, K 1 empties, L = 2.  a evicts
// the oldest of K 2, c; a gets K 3.  c evicts b (K 2); L moves up to 3; c
// gets K 4.  a hits: K = 3 + 3 = 6; L moves to 4.  b evicts c; a hits.
TEST(HandTraces, Lfuda) {
  EXPECT_EQ(run("lfuda", 2, {1, 1, 2, 3, 2, 1, 3, 1, 2, 1}), "mHmmHmmHmH");
}

// QDLP with small:0.5, capacity 4: S 2, M 2 (2-bit CLOCK), G 3, move
// threshold 1.  a b -> S; a hits; c d -> S (S has no bound of its own; the
// cache is not full) [d c b a]; a and b hit.  e: S's a (hit) moves to M, b
// (hit) moves to M [b a], c (no hit) leaves to G; e -> S [e d].  c is a
// ghost hit: M makes room by CLOCK (a, counter 0, evicted), c -> M [c b].
// a misses: S's d leaves to G; a -> S [a e].  b hits in M (counter 1).  f:
// S's e leaves to G [e d]; f -> S.  d is a ghost hit: S's a leaves to G;
// M's CLOCK spares b (counter 1 -> 0, to the head) and evicts c; d -> M.
// b hits.
TEST(HandTraces, Qdlp) {
  EXPECT_EQ(run("qdlp", 4, {1, 2, 1, 3, 4, 1, 2, 5, 3, 1, 2, 6, 4, 2}, "small:0.5"),
            "mmHmmHHmmmHmmH");
}

// W-TinyLFU with window:0.5, capacity 10: window 5, main 5 (SLRU segments 1
// and 4), a sketch for 5 entries; an id is counted when inserted, when it
// hits in main, and whenever it leaves the window.  Ten misses fill the
// cache (all in the window, which drains only when the cache is full).
// 11: the window's LRU objects 1..5 move into main while it has room (1 to
// segment 0, 2..5 to segment 1); 6 then meets a full main and loses to the
// victim, segment 0's tail 1 (estimates 1 vs 2): 6 is dropped; 11 enters
// the window.  1 hits in main (promoted; 2 cools to segment 0 and is the
// victim from now on).  6 misses: 7 loses to 2 (1 vs 2).  7 misses: 8 loses.
// 12 misses: 9 loses.  10 hits in the window.  13 misses: 11 loses.  14
// misses: 6 beats 2 (3 vs 2): 2 is evicted, 6 enters segment 0; the loop
// goes on until a window object leaves: 7 loses to 6 (3 vs 4).  7 misses
// (the cache has room).  2 misses: 12 loses to 6 (1 vs 4).  6 and 3 hit in
// main.  The sketch estimates at these comparisons are checked first by
// replaying the same counting on libCacheSim's sketch (72 counters, 10
// hashes): they are exact counts for ids 601..614 (written 1..14 here; with
// 72 counters smaller ids collide).
TEST(HandTraces, WTinyLfu) {
  constexpr std::uint64_t kBase = 600;
  LcsCountingBloom sketch(5);
  ASSERT_EQ(sketch.counters(), 72u);
  auto add = [&](std::initializer_list<std::uint64_t> ids) {
    for (std::uint64_t id : ids) sketch.add(kBase + id);
  };
  auto vs = [&](std::uint64_t a, std::uint32_t ea, std::uint64_t b, std::uint32_t eb) {
    EXPECT_EQ(sketch.estimate(kBase + a), ea) << a;
    EXPECT_EQ(sketch.estimate(kBase + b), eb) << b;
  };
  add({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5});
  vs(6, 1, 1, 2);
  add({6, 11, 1});
  vs(7, 1, 2, 2);
  add({7, 6});
  vs(8, 1, 2, 2);
  add({8, 7});
  vs(9, 1, 2, 2);
  add({9, 12});
  vs(11, 1, 2, 2);
  add({11, 13});
  vs(6, 3, 2, 2);
  add({6});
  vs(7, 3, 6, 4);
  add({7, 14, 7});
  vs(12, 1, 6, 4);
  std::vector<std::uint64_t> trace = {1, 2, 3, 4,  5,  6,  7,  8, 9, 10, 11,
                                      1, 6, 7, 12, 10, 13, 14, 7, 2, 6,  3};
  for (std::uint64_t& id : trace) id += kBase;
  EXPECT_EQ(run("wtinylfu", 10, trace, "window:0.5"), "mmmmmmmmmmmHmmmHmmmmHH");
}

// The default window is 1%: a cache under 100 objects has no window and
// admits nothing (libCacheSim's rule).
TEST(HandTraces, WTinyLfuTinyCacheAdmitsNothing) {
  EXPECT_EQ(run("wtinylfu", 99, {1, 1, 2, 2}), "mmmm");
  EXPECT_EQ(run("wtinylfu", 100, {1, 1, 2, 2}), "mHmH");
}

// libCacheSim's sketch sizes: for 485 entries (a 489-object cache's main),
// ceil(14.3776 x 485) = 6974 counters; for the 0.01 byte-sized cache of
// cloudPhysicsIO (20297697 - floor(202976.97) = 20094721), 288913611.
TEST(HandTraces, CountingBloomSizesAsLibCacheSim) {
  EXPECT_EQ(LcsCountingBloom(485).counters(), 6974u);
  EXPECT_EQ(LcsCountingBloom(20094721).counters(), 288913611u);
  EXPECT_EQ(LcsCountingBloom(0).counters(), 20u);  // at least 2 x hashes
}

// Belady (bypass), capacity 2, a b c a b c a b: next uses a 4, b 5, c 6;
// c is the farthest: bypassed; a, b hit; c (never again) bypassed; a, b hit.
TEST(HandTraces, BeladyEvictsTheFarthestAndBypasses) {
  EXPECT_EQ(run_offline("belady", 2, {1, 2, 3, 1, 2, 3, 1, 2}), "mmmHHmHH");
}

// belady-lcs (libCacheSim, always admits): c evicts b (next 5, farther than
// a's 4); a hits (next 7); b evicts a (7); c hits (never again); a evicts c
// (never); b hits: two misses more than the optimum.
TEST(HandTraces, BeladyLcsAlwaysAdmits) {
  EXPECT_EQ(run_offline("belady-lcs", 2, {1, 2, 3, 1, 2, 3, 1, 2}), "mmmHmHmH");
}

}  // namespace
}  // namespace vmc::sim
