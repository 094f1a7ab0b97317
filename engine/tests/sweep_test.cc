// sweep_test.cc -- which thread's ring an automatic eviction takes its
// victims from (Cache::sweep_for, docs/SEMANTICS.md "One thread, and
// several"): its own ring, unless it holds less than 3/4 of an even share
// of the pool (then the others' rings), and every 64th eviction all rings
// round robin.
#include <gtest/gtest.h>
#include <libvmemcache.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "test_util.h"

namespace vmc::test {
namespace {

// The evicted keys starting with `prefix`, in order; whether they are
// prefix0, prefix1, ... without a gap.
std::size_t count_in_order(const std::vector<std::string>& log, const std::string& prefix) {
  std::size_t n = 0;
  for (const std::string& ev : log) {
    if (ev.rfind("evict:" + prefix, 0) != 0) continue;
    EXPECT_EQ(ev, "evict:" + prefix + std::to_string(n));
    ++n;
  }
  return n;
}

// A 1 MiB pool holds 4096 one-extent values.  Thread A fills it alone with
// L0..L4095 and stays (idle); B then puts W0, W1, ...  Every put of B
// evicts one victim (an on_evict callback: one at a time, no evicting
// ahead), and A is never pinned, so each is reclaimed at once.  With two
// threads holding slots a share is 2048 extents, 3/4 of it 1536.
//  * B's evictions 1..1560: its ring holds n - 1 - n/64 < 1536 entries, so
//    it sweeps the others (A's ring), except every 64th eviction, which
//    goes round robin from where B left off, B's own ring (the sweeps of
//    A's ring leave B's round robin at B): 1536 victims L0..L1535 and 24
//    victims W0..W23.
//  * 1561..2048: B's ring holds 1536, so B sweeps its own; the 8 round
//    robins alternate between B's ring and A's: L1536..L1539, W24..W507.
//  * A exits.  Now B alone holds a slot: a share is the whole pool, and
//    B's 1540 entries are below 3/4 of it, so B sweeps A's ring again;
//    2049..2560: 504 victims L1540..L2043, and the 8 round robins begin at
//    B (where the sweeps of A's ring leave it): W508..W515.
// Before (one eviction in four round robin, else the own ring), B evicted
// mostly its own entries while A's stayed.
TEST(Sweep, AThreadShortOfItsShareSweepsTheOthersAndEvery64thSweepsAll) {
  VMEMcache* c = make_cache();
  ASSERT_NE(c, nullptr);
  Events events;
  events.attach(c);
  const std::string value(200, 'v');
  std::optional<Runner> a(std::in_place);
  Runner b;
  a->run([&] {
    for (int i = 0; i < 4096; ++i) ASSERT_EQ(put(c, "L" + std::to_string(i), value), 0);
    EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), 4096u);
    EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), 0u);
  });
  auto b_puts = [&](int from, int to) {
    b.run([&] {
      for (int i = from; i < to; ++i) ASSERT_EQ(put(c, "W" + std::to_string(i), value), 0);
    });
  };

  b_puts(0, 1560);
  ASSERT_EQ(events.log.size(), 1560u);
  EXPECT_EQ(events.log[62], "evict:L62");
  EXPECT_EQ(events.log[63], "evict:W0");  // the 64th: round robin, B's own ring first
  EXPECT_EQ(events.log[64], "evict:L63");
  EXPECT_EQ(count_in_order(events.log, "L"), 1536u);
  EXPECT_EQ(count_in_order(events.log, "W"), 24u);

  b_puts(1560, 2048);
  ASSERT_EQ(events.log.size(), 2048u);
  EXPECT_EQ(events.log[1662], "evict:W126");
  EXPECT_EQ(events.log[1663], "evict:L1536");  // the 128th since B's ring was full: A's
  EXPECT_EQ(events.log[1664], "evict:W127");
  EXPECT_EQ(count_in_order(events.log, "L"), 1540u);
  EXPECT_EQ(count_in_order(events.log, "W"), 508u);

  a.reset();
  b_puts(2048, 2560);
  ASSERT_EQ(events.log.size(), 2560u);
  EXPECT_EQ(count_in_order(events.log, "L"), 2044u);
  EXPECT_EQ(count_in_order(events.log, "W"), 516u);
  b.run([&] { EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), 4096u); });
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
