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
// Size-aware admission, and the rest of the scaffolding, as in
// queue_policy.h.  Single-threaded.
#ifndef VMC_MODELS_CLOCK_H
#define VMC_MODELS_CLOCK_H

#include <cstdint>
#include <list>
#include <string_view>

#include "vmc/models/queue_policy.h"

namespace vmc::models {

class Clock final : public QueuePolicy<Clock, bool> {
 public:
  explicit Clock(std::uint64_t capacity) : QueuePolicy(capacity) {}
  Clock(const Clock&) = default;

  std::string_view name() const override { return "clock"; }

  // The ring read from the hand, with each object's reference bit (tests).
  struct Slot {
    ObjId id;
    bool ref;
    bool operator==(const Slot&) const = default;
  };
  std::list<Slot> ring() const;

 private:
  friend class QueuePolicy<Clock, bool>;
  // A hit sets the reference bit (the node's mark).
  void hit(Queue::iterator it) { it->mark = true; }
  // The queue's front is the hand: a referenced head is re-queued at the
  // tail with its bit cleared; the first unreferenced one is the victim.
  // Terminates: after at most count() re-queues every bit is clear.
  Queue::iterator victim_node() {
    while (queue_.front().mark) {
      queue_.front().mark = false;
      queue_.splice(queue_.end(), queue_, queue_.begin());
    }
    return queue_.begin();
  }
};

}  // namespace vmc::models

#endif  // VMC_MODELS_CLOCK_H
