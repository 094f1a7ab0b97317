// self_engine_api.cc -- make_engine() returning a second reference model.
//
// Linked instead of engine_api.cc into vmc_proptests_self, the suite run
// against the model itself: every property must hold there, which shows the
// harness has no false alarms independent of the engine.
#include "api.h"

namespace vmc::proptests {

std::unique_ptr<CacheApi> make_engine(const Config& cfg) { return make_model(cfg); }

}  // namespace vmc::proptests
