// clock.cc -- the engine's single-thread CLOCK as a second-chance FIFO queue;
// see clock.h for the definition and its source.
#include "vmc/models/clock.h"

#include <cassert>

namespace vmc::models {

Clock::Clock(std::uint64_t capacity) : Policy(capacity) {}

Clock::Clock(const Clock& other)
    : Policy(other), Replacer(other), queue_(other.queue_), used_(other.used_) {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) where_.emplace(it->id, it);
}

void Clock::push_tail(ObjId id, std::uint64_t size) {
  queue_.push_back(Node{id, size, false});
  where_.emplace(id, std::prev(queue_.end()));
  used_ += size;
}

Clock::Node Clock::pop_victim() {
  assert(!queue_.empty());
  // Terminates: each pass over a referenced head clears its bit, so after at
  // most count() re-queues the head is unreferenced.
  while (queue_.front().ref) {
    queue_.front().ref = false;
    queue_.splice(queue_.end(), queue_, queue_.begin());
  }
  Node n = queue_.front();
  where_.erase(n.id);
  queue_.pop_front();
  used_ -= n.size;
  return n;
}

bool Clock::access(const Request& req) {
  auto it = where_.find(req.id);
  if (it != where_.end()) {
    it->second->ref = true;
    return true;
  }
  if (req.size > capacity()) return false;  // never fits: not inserted
  while (used_ + req.size > capacity()) {
    Node v = pop_victim();
    notify_evict(v.id, v.size);
  }
  push_tail(req.id, req.size);
  return false;
}

void Clock::insert(ObjId id) {
  assert(where_.count(id) == 0);
  push_tail(id, 1);
}

void Clock::touch(ObjId id) {
  auto it = where_.find(id);
  assert(it != where_.end());
  it->second->ref = true;
}

void Clock::erase(ObjId id) {
  // Advancing a hand that points at `id` and unlinking it is, on the queue,
  // just removing the node.
  auto it = where_.find(id);
  assert(it != where_.end());
  used_ -= it->second->size;
  queue_.erase(it->second);
  where_.erase(it);
}

std::optional<ObjId> Clock::victim() {
  if (queue_.empty()) return std::nullopt;
  return pop_victim().id;
}

std::list<Clock::Slot> Clock::ring() const {
  std::list<Slot> out;
  for (const Node& n : queue_) out.push_back(Slot{n.id, n.ref});
  return out;
}

}  // namespace vmc::models
