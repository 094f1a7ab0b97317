// lru.cc -- exact LRU; see lru.h for the definition and its source.
#include "vmc/models/lru.h"

namespace vmc::models {

std::list<ObjId> Lru::order() const {
  std::list<ObjId> out;
  for (const Node& n : queue_) out.push_back(n.id);
  return out;
}

}  // namespace vmc::models
