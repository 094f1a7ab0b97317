// reclaim_test.cc -- reclamation of evicted space (epoch.h): what waits for
// what, and that a thread waiting on another holds up nobody.
#include <gtest/gtest.h>
#include <libvmemcache.h>
#include <libvmemcache_ext.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "debug.h"
#include "test_util.h"

namespace vmc::test {
namespace {

using namespace std::chrono_literals;

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

TEST(Reclaim, AThreadAloneReclaimsWhatItEvictsAtOnce) {
  VMEMcache* c = make_cache();
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(put(c, "k" + std::to_string(i), std::string(3000, 'x')), 0);
  for (int i = 0; i < 100; i += 2)
    ASSERT_EQ(
        vmemcache_evict(c, ("k" + std::to_string(i)).data(), ("k" + std::to_string(i)).size()), 0);
  EXPECT_EQ(debug::limbo_extents(c), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), 50u * 12u * 256u);
  vmemcache_delete(c);
}

// Defect 4: thread A evicts X with a slow on_evict; thread B's evict(X)
// waits for it; thread C puts and evicts meanwhile.  B must wait unpinned
// (C's evicted space is reclaimed as it goes: B pins only for a moment per
// look, so the limbo stays within a few evictions instead of growing with
// all 20000) and sleeping (B burns little CPU).
TEST(Reclaim, AnEvictWaitingForAnotherThreadsCallbackHoldsUpNoReclamation) {
  VMEMcache* c = make_cache({.size = 4 << 20});
  ASSERT_NE(c, nullptr);
  std::atomic<bool> entered{false};
  vmemcache_callback_on_evict(
      c,
      [](VMEMcache*, const void* k, size_t ks, void* arg) {
        if (std::string(static_cast<const char*>(k), ks) != "X") return;
        static_cast<std::atomic<bool>*>(arg)->store(true);
        std::this_thread::sleep_for(1s);
      },
      &entered);
  ASSERT_EQ(put(c, "X", "x"), 0);
  std::thread a([&] { EXPECT_EQ(vmemcache_evict(c, "X", 1), 0); });
  while (!entered.load()) std::this_thread::yield();
  double b_cpu = -1;
  int b_errno = 0;
  std::thread b([&] {
    const double start = thread_cpu_seconds();
    EXPECT_EQ(vmemcache_evict(c, "X", 1), -1);
    b_errno = errno;
    b_cpu = thread_cpu_seconds() - start;
  });
  std::this_thread::sleep_for(50ms);  // b is waiting now
  std::uint64_t most = 0;
  for (int i = 0; entered.load() && i < 20000; ++i) {
    const std::string k = "c" + std::to_string(i);
    ASSERT_EQ(put(c, k, std::string(1000, 'c')), 0);
    ASSERT_EQ(vmemcache_evict(c, k.data(), k.size()), 0);
    most = std::max(most, debug::limbo_extents(c));
  }
  a.join();
  b.join();
  EXPECT_EQ(b_errno, ENOENT);
  EXPECT_LE(most, 400u)
      << "space evicted while B waited was not reclaimed (4 extents per eviction)";
  EXPECT_LT(b_cpu, 0.25) << "B spun for " << b_cpu << " s of CPU in a 1 s wait";
  vmemcache_delete(c);
}

// A reader on another thread, pinned inside a visit of `key` from its
// construction until release() (or destruction).
class PinnedReader {
 public:
  PinnedReader(VMEMcache* c, const std::string& key)
      : t_([this, c, key] {
          vmemcache_visit(
              c, key.data(), key.size(),
              [](const vmemcache_piece*, size_t, size_t, void* arg) {
                auto* p = static_cast<std::atomic<int>*>(arg);
                p->store(1);
                while (p->load() != 2) std::this_thread::yield();  // pinned all along
              },
              &phase_);
        }) {
    while (phase_.load() != 1) std::this_thread::yield();
  }
  ~PinnedReader() { release(); }
  void release() {
    if (!t_.joinable()) return;
    phase_.store(2);
    t_.join();
  }

 private:
  std::atomic<int> phase_{0};
  std::thread t_;
};

// A pinned reader holds up exactly the batch that was closed while it was
// pinned: the space evicted meanwhile waits for it, and is reclaimed once
// it unpins.
TEST(Reclaim, ABatchWaitsForTheReadersPinnedWhenItClosedAndNoLonger) {
  VMEMcache* c = make_cache({.size = 4 << 20});
  ASSERT_EQ(put(c, "v", std::string(1000, 'v')), 0);
  ASSERT_EQ(put(c, "gone", std::string(1000, 'g')), 0);
  PinnedReader reader(c, "v");
  ASSERT_EQ(vmemcache_evict(c, "gone", 4), 0);
  EXPECT_EQ(debug::limbo_extents(c), 4u) << "reclaimed under a pinned reader's feet";
  reader.release();
  // The next reclamation (here: reading the pool statistic) frees it.
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), 4u * 256u);
  EXPECT_EQ(debug::limbo_extents(c), 0u);
  vmemcache_delete(c);
}

// The batches that automatic evictions (evict(NULL) takes the same path)
// and replacements retire are freed at once only if no reader is pinned
// (EpochDomain::quiescent); with one pinned, they wait in the limbo.
TEST(Reclaim, AnEvictionBatchRetiredWhileAReaderIsPinnedWaitsInTheLimbo) {
  VMEMcache* c = make_cache({.size = 4 << 20});
  ASSERT_EQ(put(c, "first", std::string(1000, 'f')), 0);  // the CLOCK victim
  ASSERT_EQ(put(c, "v", std::string(1000, 'v')), 0);
  ASSERT_EQ(put(c, "third", std::string(1000, 't')), 0);
  PinnedReader reader(c, "v");
  ASSERT_EQ(vmemcache_evict(c, nullptr, 0), 0);
  EXPECT_EQ(debug::limbo_extents(c), 4u) << "freed under a pinned reader's feet";
  EXPECT_EQ(vmemcache_exists(c, "first", 5, nullptr), 0);
  reader.release();
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), 8u * 256u);
  EXPECT_EQ(debug::limbo_extents(c), 0u);
  // Nobody pinned: the next victim is freed at once.
  ASSERT_EQ(vmemcache_evict(c, nullptr, 0), 0);
  EXPECT_EQ(debug::limbo_extents(c), 0u);
  vmemcache_delete(c);
}

TEST(Reclaim, AReplacedEntryRetiredWhileAReaderIsPinnedWaitsInTheLimbo) {
  VMEMcache* c = make_cache({.size = 4 << 20});
  ASSERT_EQ(put(c, "v", std::string(1000, 'v')), 0);
  ASSERT_EQ(put(c, "r", std::string(1000, 'r')), 0);
  PinnedReader reader(c, "v");
  ASSERT_EQ(vmemcache_insert_or_assign(c, "r", 1, std::string(600, 'R').data(), 600), 1);
  EXPECT_EQ(debug::limbo_extents(c), 4u) << "freed under a pinned reader's feet";
  reader.release();
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), (4u + 3u) * 256u);
  EXPECT_EQ(debug::limbo_extents(c), 0u);
  // Nobody pinned: the replaced value is freed at once.
  ASSERT_EQ(vmemcache_insert_or_assign(c, "r", 1, "small", 5), 1);
  EXPECT_EQ(debug::limbo_extents(c), 0u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), (4u + 1u) * 256u);
  vmemcache_delete(c);
}

// A second thread that registers its slot in `c` (one get) and then stays,
// idle and never pinned, until destroyed: "another thread about".
class IdleThread : public Runner {
 public:
  explicit IdleThread(VMEMcache* c) {
    run([c] {
      char buf[1];
      size_t vsize;
      vmemcache_get(c, "none", 4, buf, sizeof buf, 0, &vsize);  // registers its slot
    });
  }
};

// Evicting ahead (Cache::evict_ahead).  A 1 MiB pool of 256-byte extents
// holds 4096 extents, 1024 values of 1000 bytes (4 extents each).  With a
// second thread registered, each thread's reserve caps at 4096 / (64 * 2) =
// 32 extents, so a put that leaves less than 2 * 4 free evicts
// max(4, 32 / 2, min(4 * 2 * 16, 4096 / (16 * 2))) = 128 extents' worth
// ahead, of which one batch takes 16 victims (64 extents); a thread alone
// evicts exactly what it needs.  With the second thread idle (never pinned),
// the victims are reclaimed at once.  After put n (no eviction yet) 4096 -
// 4n extents are free: put 1023 leaves 4 < 8 and evicts 16 (68 free), puts
// 1024-1030 leave 64, 60, ..., 40: 16 evictions, 1030 - 16 = 1014 entries.
// Alone: puts 1025-1030 evict one each: 6 evictions, 1024 entries.
std::pair<std::uint64_t, std::uint64_t> entries_and_evictions_after_filling(bool second_thread) {
  VMEMcache* c = make_cache({.size = 1 << 20});
  std::optional<IdleThread> other;
  if (second_thread) other.emplace(c);
  for (int i = 0; i < 1030; ++i)
    EXPECT_EQ(put(c, "k" + std::to_string(i), std::string(1000, 'x')), 0);
  const auto result =
      std::make_pair(stat(c, VMEMCACHE_STAT_ENTRIES), stat(c, VMEMCACHE_STAT_EVICT));
  other.reset();
  vmemcache_delete(c);
  return result;
}

TEST(Reclaim, AThreadAloneEvictsOnlyWhatItNeeds) {
  EXPECT_EQ(entries_and_evictions_after_filling(false),
            std::make_pair(std::uint64_t{1024}, std::uint64_t{6}));
}

TEST(Reclaim, WithAnotherThreadAboutAPutThatTakesTheLastSpaceEvictsAhead) {
  EXPECT_EQ(entries_and_evictions_after_filling(true),
            std::make_pair(std::uint64_t{1014}, std::uint64_t{16}));
}

// Where a put's extents come from with several threads: the latest entry its
// thread reclaimed whose first extent is still free.  Evict k3, then k7
// (each reclaimed at once: the other thread is never pinned); X lands where
// k7 was, Y where k3 was.  With a single hint (the last freed), Y went
// next-fit after X, past k8 and k9.
TEST(Reclaim, WithSeveralThreadsPutsReuseTheirReclaimedExtentsLatestFirst) {
  VMEMcache* c = make_cache({.size = 1 << 20});
  std::optional<IdleThread> other(std::in_place, c);
  auto where = [&](const std::string& key) {
    const void* at = nullptr;
    EXPECT_EQ(vmemcache_visit(
                  c, key.data(), key.size(),
                  [](const vmemcache_piece* p, size_t, size_t, void* arg) {
                    *static_cast<const void**>(arg) = p[0].data;
                  },
                  &at),
              0);
    return at;
  };
  for (int i = 0; i < 10; ++i)
    ASSERT_EQ(put(c, "k" + std::to_string(i), std::string(1000, 'x')), 0);
  const void* k3 = where("k3");
  const void* k7 = where("k7");
  ASSERT_EQ(vmemcache_evict(c, "k3", 2), 0);
  ASSERT_EQ(vmemcache_evict(c, "k7", 2), 0);
  ASSERT_EQ(put(c, "X", std::string(1000, 'X')), 0);
  ASSERT_EQ(put(c, "Y", std::string(1000, 'Y')), 0);
  EXPECT_EQ(where("X"), k7);
  EXPECT_EQ(where("Y"), k3);
  other.reset();
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
