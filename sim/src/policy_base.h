// policy_base.h -- the request loop every simulator policy shares, written
// once: libCacheSim's `cache_get_base` (libCacheSim/cache/cache.c).
//
//   access(r):  vtime += 1
//               if find(r)             -> hit  (the policy updates its state)
//               if !can_insert(r)      -> miss, nothing inserted or evicted
//               while occupied() + r.size > capacity: evict(r)
//               insert(r)              -> miss
//
// A policy derives from CachePolicy<Itself> (CRTP: the hooks are inlined,
// no virtual call per request) and defines, as public members,
//   bool find(const Request&)          hit or miss; may also consume a ghost
//   void evict(const Request&)         frees at least one object eventually
//   void insert(const Request&)        REQUIRES: room for r.size
//   std::uint64_t occupied() const     units held
//   std::uint64_t count() const        objects held
//   std::size_t metadata_bytes() const
// and may hide `can_insert` (default: r.size <= capacity).  `evict` and
// `insert` see the request because libCacheSim's do (ARC's and LIRS's
// choice depends on it).  A policy whose reference defines another loop
// (GDSF inserts first, then evicts) overrides `access` itself and says so.
//
// Sizes: `r.size` is the request's own size; an object keeps the size it was
// inserted with while cached (a hit does not resize it), as in libCacheSim.
//
// Single-threaded, like every models::Policy.
#ifndef VMC_SIM_POLICY_BASE_H
#define VMC_SIM_POLICY_BASE_H

#include <cstdint>

#include "node_table.h"
#include "sim_policy.h"

namespace vmc::sim {

template <class Derived>
class CachePolicy : public models::Policy, public MemoryReport {
 public:
  explicit CachePolicy(const PolicyConfig& c) : models::Policy(c.capacity) {}

  bool access(const models::Request& r) override {
    Derived& d = static_cast<Derived&>(*this);
    ++vtime_;
    if (d.find(r)) return true;
    if (!d.can_insert(r)) return false;
    while (d.occupied() + r.size > capacity()) d.evict(r);
    d.insert(r);
    return false;
  }

  std::uint64_t used() const override { return static_cast<const Derived&>(*this).occupied(); }

  bool can_insert(const models::Request& r) const { return r.size <= capacity(); }

 protected:
  // libCacheSim's cache->n_req: requests seen, the current one included.
  std::int64_t vtime() const { return vtime_; }
  void tick() { ++vtime_; }  // for policies that override access()

  // The common eviction step: unlink node i from list l, report it, free it.
  template <class Node>
  void drop(NodeTable<Node>& t, List<Node>& l, std::uint32_t i) {
    l.unlink(t, i);
    notify_evict(t[i].id, t[i].size);
    t.remove(i);
  }

 private:
  std::int64_t vtime_ = 0;
};

// A ghost FIFO: ids evicted from a cache queue, bounded by their bytes, as
// libCacheSim's ghost queues are (QDLP's and S3-FIFO's ghost->get: an id is
// admitted if it fits the capacity, after dropping the oldest ids).  Ghost
// nodes stay in the NodeTable (so that find() meets them) until they leave.
template <class Node>
class GhostFifo {
 public:
  explicit GhostFifo(std::uint64_t capacity) : cap_(capacity) {}

  // Node v, in no list, becomes a ghost; if it cannot (larger than the
  // capacity, or no capacity), it is removed from t and false returned.
  bool admit(NodeTable<Node>& t, std::uint32_t v) {
    const std::uint64_t size = t[v].size;
    if (cap_ == 0 || size > cap_) {
      t.remove(v);
      return false;
    }
    while (l_.bytes + size > cap_) {
      const std::uint32_t o = l_.tail;
      l_.unlink(t, o);
      t.remove(o);
    }
    l_.push_front(t, v);
    return true;
  }

  // A request met ghost v: it leaves the FIFO and the table.
  void forget(NodeTable<Node>& t, std::uint32_t v) {
    l_.unlink(t, v);
    t.remove(v);
  }

 private:
  const std::uint64_t cap_;
  List<Node> l_;  // head: newest; tail: oldest
};

}  // namespace vmc::sim

#endif  // VMC_SIM_POLICY_BASE_H
