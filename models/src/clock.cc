// clock.cc -- the engine's single-thread CLOCK as a second-chance FIFO queue;
// see clock.h for the definition and its source.
#include "vmc/models/clock.h"

namespace vmc::models {

std::list<Clock::Slot> Clock::ring() const {
  std::list<Slot> out;
  for (const Node& n : queue_) out.push_back(Slot{n.id, n.mark});
  return out;
}

}  // namespace vmc::models
