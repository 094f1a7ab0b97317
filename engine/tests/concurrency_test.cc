// concurrency_test.cc -- many threads (more than cores), mixed operations
// under constant eviction pressure.  Every value embeds its key and a
// checksum, so a get either misses or returns exactly what was put; at the
// end the statistics agree with a full recount of the structures.
#include <gtest/gtest.h>
#include <libvmemcache.h>
#include <libvmemcache_ext.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <vmc/common/random.h>

#include "debug.h"
#include "test_util.h"

namespace vmc::test {
namespace {

#if defined(__SANITIZE_THREAD__)
constexpr int kOpsPerThread = 6000;  // TSan is ~10x slower
#else
constexpr int kOpsPerThread = 60000;
#endif
constexpr int kThreads = 8;
constexpr int kKeySpace = 3000;

// [key][payload of length-dependent bytes][8-byte checksum of all before]
std::string make_value(const std::string& key, size_t payload, std::uint64_t seed) {
  std::string v = key;
  for (size_t i = 0; i < payload; ++i) v.push_back(static_cast<char>(seed * 131 + i));
  std::uint64_t h = common::fnv1a(v.data(), v.size());
  v.append(reinterpret_cast<const char*>(&h), 8);
  return v;
}

bool value_ok(const std::string& key, const char* v, size_t n) {
  if (n < key.size() + 8 || std::memcmp(v, key.data(), key.size()) != 0) return false;
  std::uint64_t h;
  std::memcpy(&h, v + n - 8, 8);
  return h == common::fnv1a(v, n - 8);
}

struct Totals {
  std::atomic<long> torn{0}, hits{0}, puts{0}, evicts{0}, callback_reads{0}, callback_bad{0};
};

void on_evict_check(VMEMcache* c, const void* k, size_t ks, void* arg) {
  auto* t = static_cast<Totals*>(arg);
  std::string key(static_cast<const char*>(k), ks);
  std::vector<char> buf(20000);
  size_t vsize = 0;
  ssize_t n = vmemcache_get(c, k, ks, buf.data(), buf.size(), 0, &vsize);
  t->callback_reads.fetch_add(1, std::memory_order_relaxed);
  if (n < 0 || static_cast<size_t>(n) != vsize || !value_ok(key, buf.data(), vsize))
    t->callback_bad.fetch_add(1, std::memory_order_relaxed);
}

void worker(VMEMcache* c, Totals* t, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<char> buf(20000);
  for (int i = 0; i < kOpsPerThread; ++i) {
    std::string key = "key-" + std::to_string(rng() % kKeySpace);
    unsigned op = static_cast<unsigned>(rng() % 100);
    if (op < 55) {
      size_t vsize = 0;
      ssize_t n = vmemcache_get(c, key.data(), key.size(), buf.data(), buf.size(), 0, &vsize);
      if (n >= 0) {
        t->hits.fetch_add(1, std::memory_order_relaxed);
        if (static_cast<size_t>(n) != vsize || !value_ok(key, buf.data(), vsize))
          t->torn.fetch_add(1, std::memory_order_relaxed);
      }
    } else if (op < 85) {
      std::string v = make_value(key, rng() % 3000, rng());
      if (vmemcache_put(c, key.data(), key.size(), v.data(), v.size()) == 0)
        t->puts.fetch_add(1, std::memory_order_relaxed);
      else
        EXPECT_EQ(errno, EEXIST);
    } else if (op < 92) {
      size_t vsize;
      int r = vmemcache_exists(c, key.data(), key.size(), &vsize);
      EXPECT_GE(r, 0);
    } else if (op < 98) {
      if (vmemcache_evict(c, key.data(), key.size()) == 0)
        t->evicts.fetch_add(1, std::memory_order_relaxed);
      else
        EXPECT_EQ(errno, ENOENT);
    } else {
      if (vmemcache_evict(c, nullptr, 0) == 0)
        t->evicts.fetch_add(1, std::memory_order_relaxed);
      else
        EXPECT_EQ(errno, ESRCH);
    }
  }
}

void run_stress(bool with_callback) {
  Options o;
  o.size = 2 * VMEMCACHE_MIN_POOL;  // ~1400 values of ~1.5 KiB: constant eviction
  o.extent_size = 256;
  VMEMcache* c = make_cache(o);
  ASSERT_NE(c, nullptr);
  Totals t;
  if (with_callback) vmemcache_callback_on_evict(c, on_evict_check, &t);
  std::vector<std::thread> ts;
  for (int i = 0; i < kThreads; ++i)
    ts.emplace_back(worker, c, &t, 1000u + static_cast<unsigned>(i));
  for (auto& th : ts) th.join();

  EXPECT_EQ(t.torn.load(), 0);
  EXPECT_EQ(t.callback_bad.load(), 0);
  EXPECT_GT(t.hits.load(), 0);
  Recount rc = debug::recount(c);
  EXPECT_FALSE(rc.overlap);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), rc.entries);
  EXPECT_EQ(rc.ring_entries, rc.entries);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), rc.used_extents * o.extent_size);
  EXPECT_EQ(rc.used_extents + rc.free_bits, 2 * VMEMCACHE_MIN_POOL / o.extent_size);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_HEAP_ENTRIES), rc.fragments);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_PUT), static_cast<unsigned long long>(t.puts.load()));
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_GET),
            stat(c, VMEMCACHE_STAT_HIT) + stat(c, VMEMCACHE_STAT_MISS));
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_HIT),
            static_cast<unsigned long long>(t.hits.load() + t.callback_reads.load()));
  EXPECT_GT(stat(c, VMEMCACHE_STAT_EVICT), static_cast<unsigned long long>(t.evicts.load()))
      << "automatic evictions must have happened too";
  if (with_callback) {
    EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT),
              static_cast<unsigned long long>(t.callback_reads.load()));
  }
  vmemcache_delete(c);
}

TEST(Concurrency, EightThreadsMixedOpsUnderEvictionNeverTearAValue) { run_stress(false); }

TEST(Concurrency, OnEvictCallbacksReadTheirEntryIntactUnderContention) { run_stress(true); }

// One thread evicting `key` from the moment the constructor returns until
// stop(), which returns how many evictions succeeded.
class KeyEvictor {
 public:
  KeyEvictor(VMEMcache* c, const char* key)
      : t_([this, c, key] {
          started_.store(true);
          while (!stop_.load(std::memory_order_relaxed))
            if (vmemcache_evict(c, key, std::strlen(key)) == 0) ++evicted_;
        }) {
    while (!started_.load()) std::this_thread::yield();
  }
  ~KeyEvictor() {
    if (t_.joinable()) stop();
  }
  long stop() {
    stop_.store(true);
    t_.join();
    return evicted_;  // written by the thread only, read after the join
  }

 private:
  std::atomic<bool> started_{false}, stop_{false};
  long evicted_ = 0;
  std::thread t_;
};

// Puts racing a KeyEvictor, per test.
#if defined(__SANITIZE_THREAD__)
constexpr long kPuts = 50000;
#else
constexpr long kPuts = 400000;
#endif

// A put publishes its entry in the index before it links it into its ring;
// between the two, evict(key) can claim it, find it in no ring, and retire
// it, which reuses the ring links' words for the limbo's.  The put's ring
// insert must then leave it out, and not take those words for links (it
// did, found by CI: "invariant failed: !e->in_ring()" in checked builds).
TEST(Concurrency, AnEntryEvictedBetweenItsIndexAndRingInsertsStaysOutOfTheRing) {
  VMEMcache* c = make_cache();
  ASSERT_NE(c, nullptr);
  KeyEvictor evictor(c, "k");
  long puts = 0;
  for (long i = 0; i < kPuts; ++i) {
    if (vmemcache_put(c, "k", 1, "v", 1) == 0)
      ++puts;
    else
      ASSERT_EQ(errno, EEXIST);
  }
  const long evicted = evictor.stop();
  const unsigned long long left = stat(c, VMEMCACHE_STAT_ENTRIES);
  EXPECT_EQ(static_cast<unsigned long long>(puts - evicted), left);
  Recount rc = debug::recount(c);
  EXPECT_EQ(rc.entries, left);
  EXPECT_EQ(rc.ring_entries, left);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_EVICT), static_cast<unsigned long long>(evicted));
  vmemcache_delete(c);
}

// A replacing put that found entry X links its entry "ahead of X" only if
// X is still the key's first live entry.  If another thread evicted X
// meanwhile and nothing else holds the key, the index links nothing; the
// put took that for success, left its entry in its ring but in no index
// chain, and returned as if stored (found by review).
TEST(Concurrency, AReplacingPutWhoseEntryWasEvictedMeanwhileStillStoresItsValue) {
  VMEMcache* c = make_cache();
  ASSERT_NE(c, nullptr);
  KeyEvictor evictor(c, "k");
  long inserted = 0;
  for (long i = 0; i < kPuts; ++i) {
    const int r = vmemcache_insert_or_assign(c, "k", 1, "v", 1);
    ASSERT_GE(r, 0) << vmemcache_errormsg();
    if (r == 0) ++inserted;
  }
  const long evicted = evictor.stop();
  const unsigned long long left = stat(c, VMEMCACHE_STAT_ENTRIES);
  Recount rc = debug::recount(c);
  EXPECT_EQ(rc.entries, left);
  EXPECT_EQ(rc.ring_entries, left);
  EXPECT_LE(left, 1u);
  EXPECT_EQ(rc.limbo_entries, 0u);
  EXPECT_GT(inserted, 0);
  EXPECT_GT(evicted, 0);
  vmemcache_delete(c);
}

TEST(Concurrency, ThreadsComingAndGoingReuseSlots) {
  VMEMcache* c = make_cache();
  for (int round = 0; round < 50; ++round) {
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; ++i)
      ts.emplace_back([c, round, i] {
        std::string k = "r" + std::to_string(round) + "-" + std::to_string(i);
        ASSERT_EQ(put(c, k, "v"), 0);
        ASSERT_EQ(get(c, k), "v");
      });
    for (auto& t : ts) t.join();
  }
  // 200 threads over time, never more than 4 (+ this one) at once.
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), 200u);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_PUT), 200u);
  Recount rc = debug::recount(c);
  EXPECT_EQ(rc.entries, 200u);
  vmemcache_delete(c);
}

TEST(Concurrency, ThreadOutlivingTheCacheIsHarmless) {
  VMEMcache* c = make_cache();
  std::atomic<int> phase{0};
  std::thread t([&] {
    ASSERT_EQ(put(c, "from-thread", "v"), 0);
    phase.store(1);
    while (phase.load() != 2) std::this_thread::yield();
    // The cache is gone; a new one must not see this thread's old slot.
    VMEMcache* c2 = make_cache();
    ASSERT_EQ(put(c2, "again", "w"), 0);
    EXPECT_EQ(stat(c2, VMEMCACHE_STAT_ENTRIES), 1u);
    vmemcache_delete(c2);
  });
  while (phase.load() != 1) std::this_thread::yield();
  vmemcache_delete(c);
  phase.store(2);
  t.join();
}

}  // namespace
}  // namespace vmc::test

namespace vmc::test {
namespace {

// A thread_local constructed before the thread's first cache call is
// destroyed after the library's own thread state: its destructor's calls
// must still work, and must not share a slot with any other thread.
struct UsesCacheAtExit {
  VMEMcache* cache = nullptr;
  std::string key;
  ~UsesCacheAtExit() {
    if (cache != nullptr) {
      EXPECT_EQ(put(cache, key, "at-exit"), 0) << vmemcache_errormsg();
    }
  }
};

TEST(Concurrency, CallsFromThreadLocalDestructorsAtThreadExitWork) {
  VMEMcache* c = make_cache();
  std::vector<std::thread> ts;
  for (int i = 0; i < 6; ++i)
    ts.emplace_back([c, i] {
      thread_local UsesCacheAtExit at_exit;
      at_exit.cache = c;
      at_exit.key = "exit-" + std::to_string(i);
      for (int j = 0; j < 200; ++j) {
        std::string k = "t" + std::to_string(i) + "-" + std::to_string(j);
        ASSERT_EQ(put(c, k, k), 0);
        ASSERT_EQ(get(c, k), k);
      }
    });
  for (auto& t : ts) t.join();
  for (int i = 0; i < 6; ++i) EXPECT_EQ(get(c, "exit-" + std::to_string(i)), "at-exit");
  Recount rc = debug::recount(c);
  EXPECT_FALSE(rc.overlap);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), rc.entries);
  EXPECT_EQ(rc.entries, 6u * 201u);
  vmemcache_delete(c);
}

TEST(Concurrency, PutWaitsForAnEvictionInProgressInsteadOfFailing) {
  VMEMcache* c = make_cache();
  std::string big(600 * 1024, 'b');  // more than half of the 1 MiB pool
  ASSERT_EQ(put(c, "big", big), 0);
  std::atomic<bool> in_callback{false};
  vmemcache_callback_on_evict(
      c,
      [](VMEMcache*, const void*, size_t, void* arg) {
        static_cast<std::atomic<bool>*>(arg)->store(true);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a slow write-back
      },
      &in_callback);
  std::thread evictor([c] { EXPECT_EQ(vmemcache_evict(c, "big", 3), 0); });
  while (!in_callback.load()) std::this_thread::yield();
  // "big" is claimed and out of its ring, but its extents are not free yet.
  std::string other(600 * 1024, 'o');
  EXPECT_EQ(put(c, "other", other), 0) << vmemcache_errormsg();
  evictor.join();
  EXPECT_EQ(get(c, "other"), other);
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
