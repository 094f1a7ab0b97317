// lru.h -- exact LRU (least recently used) replacement.
//
// Definition: the cache keeps its objects ordered by the time of their last
// access (insertion counts as an access).  A hit moves the object to the
// most-recently-used end; the victim is always the object at the
// least-recently-used end.  Size-aware admission (Policy::access): an object
// larger than the capacity is never inserted; otherwise victims are evicted
// until `used + size <= capacity`, then the object is inserted as the most
// recently used.
// Source: the classic stack algorithm of Mattson, Gecsei, Slutz and Traiger,
// "Evaluation techniques for storage hierarchies", IBM Systems Journal 9(2),
// 1970; the textbook form is in Tanenbaum, "Modern Operating Systems", 3.4.6.
//
// Used by the simulator (as a Policy, sizes in arbitrary units) and by the
// engine's reference model (as a Replacer, every object one unit; the model
// does its own capacity accounting in extents); the scaffolding is
// queue_policy.h's.  Single-threaded.
#ifndef VMC_MODELS_LRU_H
#define VMC_MODELS_LRU_H

#include <cstdint>
#include <list>
#include <string_view>

#include "vmc/models/queue_policy.h"

namespace vmc::models {

struct NoMark {};

class Lru final : public QueuePolicy<Lru, NoMark> {
 public:
  explicit Lru(std::uint64_t capacity) : QueuePolicy(capacity) {}
  Lru(const Lru&) = default;

  std::string_view name() const override { return "lru"; }

  // The objects from the least to the most recently used (for tests).
  std::list<ObjId> order() const;

 private:
  friend class QueuePolicy<Lru, NoMark>;
  // A hit moves the object to the most recently used end (the back).
  void hit(Queue::iterator it) { queue_.splice(queue_.end(), queue_, it); }
  // The least recently used is at the front.
  Queue::iterator victim_node() { return queue_.begin(); }
};

}  // namespace vmc::models

#endif  // VMC_MODELS_LRU_H
