// lru.cc -- exact LRU; see lru.h for the definition and its source.
#include "vmc/models/lru.h"

#include <cassert>

namespace vmc::models {

Lru::Lru(std::uint64_t capacity) : Policy(capacity) {}

Lru::Lru(const Lru& other)
    : Policy(other), Replacer(other), list_(other.list_), used_(other.used_) {
  for (auto it = list_.begin(); it != list_.end(); ++it) where_.emplace(it->id, it);
}

void Lru::push_mru(ObjId id, std::uint64_t size) {
  list_.push_back(Node{id, size});
  where_.emplace(id, std::prev(list_.end()));
  used_ += size;
}

Lru::Node Lru::pop_lru() {
  assert(!list_.empty());
  Node n = list_.front();
  where_.erase(n.id);
  list_.pop_front();
  used_ -= n.size;
  return n;
}

bool Lru::access(const Request& req) {
  auto it = where_.find(req.id);
  if (it != where_.end()) {
    list_.splice(list_.end(), list_, it->second);
    return true;
  }
  if (req.size > capacity()) return false;  // never fits: not inserted
  while (used_ + req.size > capacity()) {
    Node v = pop_lru();
    notify_evict(v.id, v.size);
  }
  push_mru(req.id, req.size);
  return false;
}

void Lru::insert(ObjId id) {
  assert(where_.count(id) == 0);
  push_mru(id, 1);
}

void Lru::touch(ObjId id) {
  auto it = where_.find(id);
  assert(it != where_.end());
  list_.splice(list_.end(), list_, it->second);
}

void Lru::erase(ObjId id) {
  auto it = where_.find(id);
  assert(it != where_.end());
  used_ -= it->second->size;
  list_.erase(it->second);
  where_.erase(it);
}

std::optional<ObjId> Lru::victim() {
  if (list_.empty()) return std::nullopt;
  return pop_lru().id;
}

std::list<ObjId> Lru::order() const {
  std::list<ObjId> out;
  for (const Node& n : list_) out.push_back(n.id);
  return out;
}

}  // namespace vmc::models
