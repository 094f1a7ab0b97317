// clock.h -- the deterministic single-thread CLOCK of the engine.
//
// Definition (docs/SEMANTICS.md, "CLOCK (single thread, exact)"): the
// objects form a ring with a hand; each has a reference bit.
//   insert(e): e.ref = 0; e goes immediately before the hand (the last one
//              the hand reaches); in an empty ring the hand points at e.
//   hit(e):    e.ref = 1.
//   victim():  repeat: e = hand; if e.ref == 1, clear it and advance the
//              hand; else advance the hand, unlink e, and return it.
//   remove(e): if the hand points at e, advance it first; unlink e.
// Read from the hand, the ring is a FIFO queue ("second chance"): insert
// appends, a victim comes from the head, and a referenced head is re-queued
// at the tail with its bit cleared.  This file implements exactly that queue.
// Source: F. J. Corbato, "A Paging Experiment with the Multics System",
// MIT Project MAC Report MAC-M-384, 1968 (the clock / second-chance
// algorithm); Tanenbaum, "Modern Operating Systems", 3.4.4-3.4.5.
//
// Size-aware admission (Policy::access) as in lru.h: an object larger than
// the capacity is never inserted; otherwise victims are evicted until
// `used + size <= capacity`.  As a Replacer every object counts one unit.
// Single-threaded.
#ifndef VMC_MODELS_CLOCK_H
#define VMC_MODELS_CLOCK_H

#include <cstdint>
#include <list>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "vmc/models/policy.h"

namespace vmc::models {

class Clock final : public Policy, public Replacer {
 public:
  explicit Clock(std::uint64_t capacity);
  Clock(const Clock& other);  // rebuilds the index into the copied list
  Clock& operator=(const Clock&) = delete;

  std::string_view name() const override { return "clock"; }

  // Policy.
  bool access(const Request& req) override;
  std::uint64_t used() const override { return used_; }
  std::uint64_t count() const override { return where_.size(); }

  // Replacer (each object counts as one unit in used(); no capacity check,
  // no observer call: the caller decides when to evict).
  void insert(ObjId id) override;
  void touch(ObjId id) override;
  void erase(ObjId id) override;
  std::optional<ObjId> victim() override;

  // The ring read from the hand, with each object's reference bit (tests).
  struct Slot {
    ObjId id;
    bool ref;
    bool operator==(const Slot&) const = default;
  };
  std::list<Slot> ring() const;

 private:
  struct Node {
    ObjId id;
    std::uint64_t size;
    bool ref;
  };
  void push_tail(ObjId id, std::uint64_t size);
  Node pop_victim();  // REQUIRES: not empty.

  std::list<Node> queue_;  // front = the hand, back = just before the hand
  std::unordered_map<ObjId, std::list<Node>::iterator> where_;  // id -> node in queue_
  std::uint64_t used_ = 0;  // sum of the sizes in queue_
};

}  // namespace vmc::models

#endif  // VMC_MODELS_CLOCK_H
