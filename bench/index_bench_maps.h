// index_bench_maps.h -- the indexes vmc_index_bench compares, behind one
// shape: a constructor taking the expected number of keys, a per-thread
// context `Thread` (RAII: whatever a thread must do before and after using
// the index), insert(ctx, key, location) and lookup(ctx, key) -> found.
#ifndef VMC_BENCH_INDEX_BENCH_MAPS_H
#define VMC_BENCH_INDEX_BENCH_MAPS_H

#include <cds/container/michael_kvlist_hp.h>
#include <cds/container/michael_kvlist_rcu.h>
#include <cds/container/michael_list_hp.h>
#include <cds/container/michael_map.h>
#include <cds/container/michael_map_rcu.h>
#include <cds/container/split_list_map.h>
#include <cds/gc/hp.h>
#include <cds/init.h>
#include <cds/urcu/general_buffered.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "dram.h"
#include "entry.h"
#include "epoch.h"
#include "index.h"
#include "workload/generators.h"

namespace vmc::index_bench {

// A 16-byte key laid out as the driver's KeyMaker makes it: the id, then
// splitmix64_mix(id).
struct Key16 {
  std::uint64_t w[2];
  explicit Key16(std::uint64_t id) : w{id, bench::splitmix64_mix(id)} {}
  bool operator<(const Key16& o) const { return std::memcmp(w, o.w, sizeof w) < 0; }
  bool operator==(const Key16& o) const { return w[0] == o.w[0] && w[1] == o.w[1]; }
};
struct Key16Hash {
  std::size_t operator()(const Key16& k) const { return vmc::hash_key(k.w, sizeof k.w); }
};

// cds::Initialize, the GC singletons the maps use, and the calling thread
// attached, for the life of the object (one per process).
class LibcdsRuntime {
 public:
  LibcdsRuntime() {
    cds::Initialize();
    hp_ = new cds::gc::HP();
    rcu_ = new Rcu();
    cds::threading::Manager::attachThread();
  }
  ~LibcdsRuntime() {
    cds::threading::Manager::detachThread();
    delete rcu_;
    delete hp_;
    cds::Terminate();
  }
  LibcdsRuntime(const LibcdsRuntime&) = delete;
  LibcdsRuntime& operator=(const LibcdsRuntime&) = delete;
  using Rcu = cds::urcu::gc<cds::urcu::general_buffered<>>;

 private:
  cds::gc::HP* hp_;
  Rcu* rcu_;
};

// A libcds map, threads attached in Thread.
template <typename Map>
class CdsIndex {
 public:
  explicit CdsIndex(std::uint64_t keys) : map_(keys, 2) {}
  struct Thread {
    explicit Thread(CdsIndex&) { cds::threading::Manager::attachThread(); }
    ~Thread() { cds::threading::Manager::detachThread(); }
  };
  void insert(Thread&, const Key16& k, std::uint64_t loc) {
    if (!map_.insert(k, loc)) throw std::runtime_error("libcds: duplicate key inserted");
  }
  bool lookup(Thread&, const Key16& k) {
    std::uint64_t loc = 0;
    const bool found = map_.find(k, [&](typename Map::value_type& item) { loc = item.second; });
    asm volatile("" : : "r"(loc));
    return found;
  }

 private:
  Map map_;
};

struct ListTraits : cds::container::michael_list::traits {
  using less = std::less<Key16>;
};
struct MapTraits : cds::container::michael_map::traits {
  using hash = Key16Hash;
};
using MichaelHpMap = cds::container::MichaelHashMap<
    cds::gc::HP, cds::container::MichaelKVList<cds::gc::HP, Key16, std::uint64_t, ListTraits>,
    MapTraits>;
using MichaelUrcuMap = cds::container::MichaelHashMap<
    LibcdsRuntime::Rcu,
    cds::container::MichaelKVList<LibcdsRuntime::Rcu, Key16, std::uint64_t, ListTraits>, MapTraits>;
struct SplitListTraits : cds::container::split_list::traits {
  using ordered_list = cds::container::michael_list_tag;
  using hash = Key16Hash;
  using ordered_list_traits = ListTraits;
};
using SplitListHpMap =
    cds::container::SplitListMap<cds::gc::HP, Key16, std::uint64_t, SplitListTraits>;

struct MichaelHp : CdsIndex<MichaelHpMap> {
  static constexpr const char* kName = "michael-hp";
  using CdsIndex::CdsIndex;
};
struct MichaelUrcu : CdsIndex<MichaelUrcuMap> {
  static constexpr const char* kName = "michael-urcu";
  using CdsIndex::CdsIndex;
};
struct SplitListHp : CdsIndex<SplitListHpMap> {
  static constexpr const char* kName = "splitlist-hp";
  using CdsIndex::CdsIndex;
};

// The engine's index as the engine uses it: entries (header, one run, the
// key) from the engine's jemalloc through the thread's own DRAM account;
// every call pinned in the epoch domain (the thread's own record).
class OurIndex {
 public:
  static constexpr const char* kName = "ours";
  explicit OurIndex(std::uint64_t keys) {
    if (index_.init(keys, &arena_) != 0) throw std::runtime_error("HashIndex: cannot allocate");
  }
  ~OurIndex() {
    // Free what the threads inserted (their accounts are gone with them).
    index_.for_each([&](Entry* e) { arena_.free(e, e->alloc_size()); });
    index_.destroy(&arena_);
  }
  OurIndex(const OurIndex&) = delete;
  OurIndex& operator=(const OurIndex&) = delete;

  struct Thread {
    explicit Thread(OurIndex&) {}
    DramAccount account;
    EpochRecord rec;
  };

  void insert(Thread& t, const Key16& k, std::uint64_t loc) {
    const std::size_t size = Entry::alloc_size(1, sizeof k.w);
    auto* e = static_cast<Entry*>(arena_.alloc(size, &t.account));
    if (e == nullptr) throw std::runtime_error("HashIndex: out of DRAM");
    e->init(1024, 1, sizeof k.w, 0);
    e->runs()[0] = Run(loc, 4);
    std::memcpy(e->key(), k.w, sizeof k.w);
    const std::uint64_t h = hash_key(k.w, sizeof k.w);
    EpochDomain::pin(&t.rec);
    const bool linked = index_.insert(e, h);
    EpochDomain::unpin(&t.rec);
    if (!linked) throw std::runtime_error("HashIndex: duplicate key inserted");
  }
  bool lookup(Thread& t, const Key16& k) {
    const std::uint64_t h = hash_key(k.w, sizeof k.w);
    EpochDomain::pin(&t.rec);
    const Entry* e = index_.find(k.w, sizeof k.w, h);
    const std::uint64_t loc = e ? e->runs()[0].start() : 0;
    EpochDomain::unpin(&t.rec);
    asm volatile("" : : "r"(loc));
    return e != nullptr;
  }

 private:
  DramArena arena_;
  HashIndex index_;
};

}  // namespace vmc::index_bench

#endif  // VMC_BENCH_INDEX_BENCH_MAPS_H
