// components_test.cc -- the concurrent components on their own: ClockRing
// (clock.h), EpochDomain and its limbo (epoch.h), SlotRegistry (slots.h),
// Lock (sync.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "clock.h"
#include "dram.h"
#include "epoch.h"
#include "slots.h"
#include "sync.h"

namespace vmc {
namespace {

// Entries of one extent each, with a name for messages.
class Entries {
 public:
  ~Entries() {
    for (Entry* e : all_) arena_.free(e, e->alloc_size());
  }
  Entry* make(const std::string& key, std::uint64_t extents = 1) {
    auto* e = static_cast<Entry*>(
        arena_.alloc(Entry::alloc_size(1, static_cast<std::uint32_t>(key.size()))));
    new (e) Entry;
    e->init(extents * 256, 1, static_cast<std::uint32_t>(key.size()), 0);
    e->runs()[0] = Run(0, extents);
    std::memcpy(e->key(), key.data(), key.size());
    all_.push_back(e);
    return e;
  }
  static std::string name(const Entry* e) { return std::string(e->key(), e->key_size()); }

 private:
  DramArena arena_;
  std::vector<Entry*> all_;
};

std::vector<std::string> victims(ClockRing& ring, std::uint64_t want, std::size_t max,
                                 std::atomic<std::int64_t>* in_motion) {
  Entry* out[16];
  std::size_t n = ring.pick_victims(want, max, out, false, in_motion);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) names.push_back(Entries::name(out[i]));
  return names;
}

TEST(ClockRing, VictimsComeInSecondChanceOrderAndCountTheirExtents) {
  Entries es;
  ClockRing ring;
  std::atomic<std::int64_t> in_motion{0};
  Entry* a = es.make("a");
  Entry* b = es.make("b", 3);
  Entry* c = es.make("c");
  for (Entry* e : {a, b, c}) ring.insert(e);
  ClockRing::touch(a);  // a gets a second chance
  EXPECT_EQ(victims(ring, 1, 1, &in_motion), std::vector<std::string>{"b"});
  EXPECT_EQ(in_motion.load(), 3);
  EXPECT_TRUE(b->claimed());
  EXPECT_FALSE(b->in_ring());
  // Under one acquisition, until the extents wanted are covered.
  EXPECT_EQ(victims(ring, 2, 16, &in_motion), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(in_motion.load(), 5);
  EXPECT_TRUE(ring.maybe_empty());
  EXPECT_TRUE(victims(ring, 1, 16, &in_motion).empty());
}

TEST(ClockRing, AClaimedEntryIsNeitherLinkedNorPicked) {
  Entries es;
  ClockRing ring;
  std::atomic<std::int64_t> in_motion{0};
  Entry* a = es.make("a");
  Entry* b = es.make("b");
  ring.insert(a);
  ring.insert(b);
  ASSERT_TRUE(a->claim());  // an evict(key) in progress
  EXPECT_EQ(victims(ring, 1, 1, &in_motion), std::vector<std::string>{"b"});
  ring.remove(a);  // the claimer unlinks it
  EXPECT_FALSE(a->in_ring());
  Entry* c = es.make("c");
  ASSERT_TRUE(c->claim());  // claimed before its put reached the ring
  ring.insert(c);
  EXPECT_FALSE(c->in_ring());
  EXPECT_TRUE(ring.maybe_empty());
}

// --- EpochDomain ---------------------------------------------------------------

struct Freed {
  std::vector<std::string> names;
  void operator()(EntryList list) {
    for (Entry* e = list.head; e != nullptr; e = e->limbo.next) names.push_back(Entries::name(e));
  }
};

// An entry as an evictor leaves it: claimed, marked, no reference.
Entry* retired(Entries& es, const std::string& key) {
  Entry* e = es.make(key);
  EXPECT_TRUE(e->claim());
  e->next.store(Entry::kMarked, std::memory_order_relaxed);
  EXPECT_TRUE(e->unref());
  return e;
}

std::vector<std::string> reclaim(Limbo* l, const EpochRecord* self,
                                 const std::vector<EpochRecord*>& records) {
  Freed f;
  LockGuard lock(l->mu);
  EpochDomain::reclaim(
      l, self,
      [&](auto&& visit) {
        for (EpochRecord* r : records) visit(r);
      },
      f);
  return f.names;
}

TEST(EpochDomain, AThreadAloneReclaimsAtOnce) {
  Entries es;
  Limbo l;
  EpochRecord me, idle;
  EpochDomain::retire(&l, retired(es, "a"));
  EpochDomain::retire(&l, retired(es, "b"));
  EXPECT_EQ(l.extents.load(), 2u);
  EXPECT_EQ(reclaim(&l, &me, {&me, &idle}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(l.extents.load(), 0u);
}

TEST(EpochDomain, ABatchWaitsForTheReadersPinnedWhenItClosed) {
  Entries es;
  Limbo l;
  EpochRecord me, reader, late;
  EpochDomain::pin(&reader);
  EpochDomain::retire(&l, retired(es, "a"));
  EXPECT_TRUE(reclaim(&l, &me, {&me, &reader, &late}).empty());  // closed, waits for reader
  EpochDomain::pin(&late);  // pinned after the close: not waited for
  EpochDomain::retire(&l, retired(es, "b"));
  EXPECT_TRUE(reclaim(&l, &me, {&me, &reader, &late}).empty());  // "b" waits its turn
  EpochDomain::pin(&reader);  // nested: still the same critical section
  EpochDomain::unpin(&reader);
  EXPECT_TRUE(reclaim(&l, &me, {&me, &reader, &late}).empty());
  EpochDomain::unpin(&reader);  // now it has moved past
  // "a" goes; "b" closes and waits for `late`, pinned now.
  EXPECT_EQ(reclaim(&l, &me, {&me, &reader, &late}), std::vector<std::string>{"a"});
  EpochDomain::unpin(&late);
  EXPECT_EQ(reclaim(&l, &me, {&me, &reader, &late}), std::vector<std::string>{"b"});
  EXPECT_EQ(l.extents.load(), 0u);
}

TEST(EpochDomain, PinsNestAndTheRecordIsOddExactlyWhilePinned) {
  EpochRecord r;
  EXPECT_EQ(r.pins.load() & 1, 0u);
  EpochDomain::pin(&r);
  EpochDomain::pin(&r);
  EXPECT_EQ(r.pins.load(), 1u);
  EpochDomain::unpin(&r);
  EXPECT_TRUE(EpochDomain::pinned(&r));
  EpochDomain::unpin(&r);
  EXPECT_EQ(r.pins.load(), 2u);
  EXPECT_FALSE(EpochDomain::pinned(&r));
}

// --- EpochDomain: every interleaving -------------------------------------------
//
// The reclamation protocol checked exhaustively: two readers and an evictor,
// each a short program, run in every interleaving of their steps.  A step is
// one access of the protocol (a pin, a link load, an unpin, an unlink, a
// retire, a whole reclaim), taken as atomic: every access is seq_cst or
// under the limbo's lock except the unpin's release store, and epoch.h's
// argument is what carries an interleaving of them over to the C++ memory
// model; what this checks is the protocol's logic in every order -- which
// batch waits for which record, the open, closed and waiting transitions.
// The index is one link, first to "a", then to "b", then to nothing.
// Safe: no reader uses an entry after it was freed.  Live: once everybody is
// done, one reclaim frees all that was retired.

struct World {
  Entries es;
  Limbo limbo;
  EpochRecord evictor, readers[2];
  Entry* a = es.make("a");
  Entry* b = es.make("b");
  Entry* link = a;
  Entry* seen[2] = {nullptr, nullptr};
  std::vector<const Entry*> freed;
  bool used_after_free = false;

  bool is_freed(const Entry* e) const {
    return std::find(freed.begin(), freed.end(), e) != freed.end();
  }
  // The evictor's unlink: `e` leaves the index (claimed, marked, no reference).
  void unlink(Entry* e, Entry* successor) {
    link = successor;
    e->claim();
    e->next.store(Entry::kMarked, std::memory_order_relaxed);
    e->unref();
  }
  // `see_readers` false is a broken snapshot, to show the check can fail.
  void reclaim(bool see_readers) {
    LockGuard lock(limbo.mu);
    EpochDomain::reclaim(
        &limbo, &evictor,
        [&](auto&& visit) {
          visit(&evictor);
          if (see_readers)
            for (EpochRecord& r : readers) visit(&r);
        },
        [&](EntryList list) {
          for (Entry* e = list.head; e != nullptr; e = e->limbo.next) freed.push_back(e);
        });
  }
};

using Program = std::vector<std::function<void(World&)>>;

Program reader(int r) {
  return {[r](World& w) { EpochDomain::pin(&w.readers[r]); }, [r](World& w) { w.seen[r] = w.link; },
          [r](World& w) { w.used_after_free |= w.seen[r] != nullptr && w.is_freed(w.seen[r]); },
          [r](World& w) { EpochDomain::unpin(&w.readers[r]); }};
}

Program evictor(bool see_readers) {
  return {[](World& w) { w.unlink(w.a, w.b); },
          [](World& w) { EpochDomain::retire(&w.limbo, w.a); },
          [see_readers](World& w) { w.reclaim(see_readers); },
          [](World& w) { w.unlink(w.b, nullptr); },
          [](World& w) { EpochDomain::retire(&w.limbo, w.b); },
          [see_readers](World& w) { w.reclaim(see_readers); }};
}

struct Outcome {
  std::uint64_t schedules = 0, unsafe = 0, stuck = 0;
};

// Runs every interleaving of `programs` on a fresh World each.
Outcome every_interleaving(const std::vector<Program>& programs) {
  Outcome out;
  std::vector<std::size_t> left, order;
  for (const Program& p : programs) left.push_back(p.size());
  std::function<void()> extend = [&] {
    bool done = true;
    for (std::size_t t = 0; t < programs.size(); ++t) {
      if (left[t] == 0) continue;
      done = false;
      --left[t], order.push_back(t);
      extend();
      ++left[t], order.pop_back();
    }
    if (!done) return;
    World w;
    std::vector<std::size_t> pc(programs.size(), 0);
    for (std::size_t t : order) programs[t][pc[t]++](w);
    w.reclaim(true);
    ++out.schedules;
    out.unsafe += w.used_after_free;
    out.stuck += !w.is_freed(w.a) || !w.is_freed(w.b);
  };
  extend();
  return out;
}

TEST(EpochDomain, EveryInterleavingOfTwoReadersAndAnEvictorIsSafeAndFreesAll) {
  const Outcome o = every_interleaving({reader(0), reader(1), evictor(true)});
  EXPECT_EQ(o.schedules, 210210u);  // 14! / (4! 4! 6!)
  EXPECT_EQ(o.unsafe, 0u);
  EXPECT_EQ(o.stuck, 0u);
}

TEST(EpochDomain, TheInterleavingCheckCatchesASnapshotThatMissesTheReaders) {
  const Outcome o = every_interleaving({reader(0), reader(1), evictor(false)});
  EXPECT_EQ(o.schedules, 210210u);
  EXPECT_EQ(o.unsafe,
            35004u);  // a reader loaded the link before the unlink, used it after the free
  EXPECT_EQ(o.stuck, 0u);
}

// --- SlotRegistry ------------------------------------------------------------------

TEST(SlotRegistry, AThreadKeepsItsSlotAndAFinishedThreadsSlotIsAdopted) {
  auto reg = std::make_shared<SlotRegistry>(1024);
  ThreadSlot* mine = reg->mine().get();
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(reg->mine().get(), mine);
  EXPECT_EQ(mine->cursor, 0u);  // the first slot starts at extent 0
  ThreadSlot* theirs = nullptr;
  std::thread([&] { theirs = reg->mine().get(); }).join();
  EXPECT_NE(theirs, mine);
  EXPECT_EQ(reg->count(), 2u);
  ThreadSlot* adopted = nullptr;
  std::thread([&] { adopted = reg->mine().get(); }).join();
  EXPECT_EQ(adopted, theirs);  // given back at thread exit, taken again
  EXPECT_EQ(reg->count(), 2u);
  EXPECT_EQ(reg->active(), 1u);
}

TEST(SlotRegistry, SlotsBeyondTheRingIdsShareRings) {
  auto reg = std::make_shared<SlotRegistry>(1024);
  std::vector<ThreadSlot*> held;
  for (std::uint32_t i = 0; i < SlotRegistry::kRingIds + 2; ++i) held.push_back(reg->acquire());
  EXPECT_EQ(held[5]->ring, &held[5]->own_ring);
  EXPECT_EQ(reg->ring_owner(5), held[5]);
  EXPECT_EQ(held[SlotRegistry::kRingIds]->ring, &held[0]->own_ring);
  EXPECT_EQ(held[SlotRegistry::kRingIds + 1]->ring, &held[1]->own_ring);
  EXPECT_EQ(reg->active(), SlotRegistry::kRingIds + 2);
  for (ThreadSlot* s : held) reg->release(s);
  EXPECT_EQ(reg->active(), 0u);
}

// More threads than cores, and a holder that sometimes sleeps inside the
// lock, so that waiters reach every stage: spinning, yielding and sleeping
// on the word.  The counter is a plain integer: a lost exclusion is a lost
// increment here, and a data race under TSan.
TEST(Lock, ExcludesAndWakesWaitersAtEveryStage) {
  Lock mu;
  std::uint64_t counter = 0;
  constexpr int kThreads = 8, kEach = 4000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        LockGuard lock(mu);
        ++counter;
        if (i % 500 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  LockGuard lock(mu);
  EXPECT_EQ(counter, std::uint64_t{kThreads} * kEach);
}

}  // namespace
}  // namespace vmc
