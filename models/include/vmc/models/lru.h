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
// does its own capacity accounting in extents).  Single-threaded.
#ifndef VMC_MODELS_LRU_H
#define VMC_MODELS_LRU_H

#include <cstdint>
#include <list>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "vmc/models/policy.h"

namespace vmc::models {

class Lru final : public Policy, public Replacer {
 public:
  explicit Lru(std::uint64_t capacity);
  Lru(const Lru& other);  // rebuilds the index into the copied list
  Lru& operator=(const Lru&) = delete;

  std::string_view name() const override { return "lru"; }

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

  // The objects from the least to the most recently used (for tests).
  std::list<ObjId> order() const;

 private:
  struct Node {
    ObjId id;
    std::uint64_t size;
  };
  void push_mru(ObjId id, std::uint64_t size);
  Node pop_lru();  // REQUIRES: not empty.

  std::list<Node> list_;  // front = least recently used, back = most
  std::unordered_map<ObjId, std::list<Node>::iterator> where_;  // id -> node in list_
  std::uint64_t used_ = 0;  // sum of the sizes in list_
};

}  // namespace vmc::models

#endif  // VMC_MODELS_LRU_H
