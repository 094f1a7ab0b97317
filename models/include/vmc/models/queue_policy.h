// queue_policy.h -- the scaffolding exact LRU and the engine's CLOCK share:
// the objects in one queue with an index from id to node, their sizes
// summed, and Policy::access's admission loop.  A policy says only what a
// hit does to a node (hit) and which node is the victim (victim_node).
//
// Size-aware admission (Policy::access): an object larger than the
// capacity is never inserted; otherwise victims are evicted (and reported
// to the observer) until `used + size <= capacity`, then the object joins
// the back of the queue.  As a Replacer every object counts one unit, with
// no capacity check and no observer call.  Single-threaded; copyable (the
// copy rebuilds the index into its own queue).
#ifndef VMC_MODELS_QUEUE_POLICY_H
#define VMC_MODELS_QUEUE_POLICY_H

#include <cassert>
#include <cstdint>
#include <iterator>
#include <list>
#include <optional>
#include <unordered_map>

#include "vmc/models/policy.h"

namespace vmc::models {

// Derived: the policy (CRTP); Mark: what a node keeps beyond id and size.
template <typename Derived, typename Mark>
class QueuePolicy : public Policy, public Replacer {
 public:
  bool access(const Request& req) override {
    auto it = where_.find(req.id);
    if (it != where_.end()) {
      self().hit(it->second);
      return true;
    }
    if (req.size > capacity()) return false;  // never fits: not inserted
    while (used_ + req.size > capacity()) {
      Node v = take_victim();
      notify_evict(v.id, v.size);
    }
    push_back(req.id, req.size);
    return false;
  }
  std::uint64_t used() const override { return used_; }
  std::uint64_t count() const override { return where_.size(); }

  void insert(ObjId id) override {
    assert(where_.count(id) == 0);
    push_back(id, 1);
  }
  void touch(ObjId id) override {
    auto it = where_.find(id);
    assert(it != where_.end());
    self().hit(it->second);
  }
  void erase(ObjId id) override {
    auto it = where_.find(id);
    assert(it != where_.end());
    used_ -= it->second->size;
    queue_.erase(it->second);
    where_.erase(it);
  }
  std::optional<ObjId> victim() override {
    if (queue_.empty()) return std::nullopt;
    return take_victim().id;
  }

 protected:
  struct Node {
    ObjId id;
    std::uint64_t size;
    Mark mark;
  };
  using Queue = std::list<Node>;

  explicit QueuePolicy(std::uint64_t capacity) : Policy(capacity) {}
  QueuePolicy(const QueuePolicy& o) : Policy(o), Replacer(o), queue_(o.queue_), used_(o.used_) {
    for (auto it = queue_.begin(); it != queue_.end(); ++it) where_.emplace(it->id, it);
  }
  QueuePolicy& operator=(const QueuePolicy&) = delete;

  Queue queue_;  // front: the next victim's end; back: where objects join

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
  void push_back(ObjId id, std::uint64_t size) {
    queue_.push_back(Node{id, size, Mark{}});
    where_.emplace(id, std::prev(queue_.end()));
    used_ += size;
  }
  Node take_victim() {  // REQUIRES: not empty
    auto it = self().victim_node();
    Node n = *it;
    where_.erase(n.id);
    queue_.erase(it);
    used_ -= n.size;
    return n;
  }

  std::unordered_map<ObjId, typename Queue::iterator> where_;  // id -> node in queue_
  std::uint64_t used_ = 0;                                     // sum of the sizes in queue_
};

}  // namespace vmc::models

#endif  // VMC_MODELS_QUEUE_POLICY_H
