// policy.h -- the one interface every replacement policy fills.
//
// Shared by the reference model of the engine (models/) and the trace-driven
// simulator (sim/).  A policy manages a cache of objects named by 64-bit ids,
// each with a size in abstract units (bytes in the simulator, extents in the
// engine model, 1 with --ignore-size), under a capacity in the same units.
//
// Single-threaded: a policy object is used by one thread at a time.
//
// Adding a policy is one file (its definition and source in its opening
// comment) and one registration line in the registry that lists it.
#ifndef VMC_MODELS_POLICY_H
#define VMC_MODELS_POLICY_H

#include <cstdint>
#include <optional>
#include <string_view>

namespace vmc::models {

using ObjId = std::uint64_t;

// One request of a trace.  `next_access` is the 1-based index of the next
// request to the same object, or -1 if there is none (or it is unknown);
// only offline policies (Belady) read it.
struct Request {
  ObjId id = 0;
  std::uint64_t size = 1;
  std::int64_t next_access = -1;
};

// Receives the policy's evictions, in the order they happen.
class EvictionObserver {
 public:
  virtual ~EvictionObserver() = default;
  virtual void on_evict(ObjId id, std::uint64_t size) = 0;
};

class Policy {
 public:
  virtual ~Policy() = default;

  virtual std::string_view name() const = 0;

  // Looks the object up.  A hit updates the policy's recency/frequency state
  // and returns true.  A miss returns false and admits the object (unless the
  // policy declines, or its size exceeds the capacity: such an object is
  // never inserted), evicting as many objects as needed first.
  virtual bool access(const Request& req) = 0;

  // The units currently held, and the number of objects held.
  virtual std::uint64_t used() const = 0;
  virtual std::uint64_t count() const = 0;

  std::uint64_t capacity() const { return capacity_; }
  void set_observer(EvictionObserver* obs) { observer_ = obs; }

 protected:
  explicit Policy(std::uint64_t capacity) : capacity_(capacity) {}
  void notify_evict(ObjId id, std::uint64_t size) {
    if (observer_ != nullptr) observer_->on_evict(id, size);
  }

 private:
  std::uint64_t capacity_;
  EvictionObserver* observer_ = nullptr;
};

// The finer-grained interface that the engine's model drives directly: the
// engine decides *when* to evict (its allocator is out of extents), the
// replacer decides *which* object.  Exact LRU and the engine's CLOCK fill it.
class Replacer {
 public:
  virtual ~Replacer() = default;
  virtual std::string_view name() const = 0;
  virtual void insert(ObjId id) = 0;          // REQUIRES: id not present.
  virtual void touch(ObjId id) = 0;           // a hit; REQUIRES: id present.
  virtual void erase(ObjId id) = 0;           // explicit removal; REQUIRES: present.
  virtual std::optional<ObjId> victim() = 0;  // picks and removes; nullopt if empty.
  virtual std::uint64_t count() const = 0;
};

}  // namespace vmc::models

#endif  // VMC_MODELS_POLICY_H
