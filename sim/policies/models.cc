// models.cc -- the reference policies of models/, registered as
// "lru-model" (vmc::models::Lru, exact LRU, models/include/vmc/models/lru.h)
// and "clock-model" (vmc::models::Clock, the engine's single-ring CLOCK,
// models/include/vmc/models/clock.h).  Obviously correct rather than fast:
// they are what the simulator's own "lru" and "clock" are tested against.
#include "sim_policy.h"
#include "vmc/models/clock.h"
#include "vmc/models/lru.h"

namespace vmc::sim::policies {

std::unique_ptr<models::Policy> make_lru_model(const PolicyConfig& c) {
  return std::make_unique<models::Lru>(c.capacity);
}

std::unique_ptr<models::Policy> make_clock_model(const PolicyConfig& c) {
  return std::make_unique<models::Clock>(c.capacity);
}

}  // namespace vmc::sim::policies
