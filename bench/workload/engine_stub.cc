// engine_stub.cc -- stands in for engine_cache.cc when the benchmarks are
// configured with VMC_BENCH_WITH_ENGINE=OFF (the engine does not build yet,
// or one wants to measure the baselines alone).
#include <stdexcept>

#include "cache_under_test.h"

namespace vmc::bench {

std::unique_ptr<CacheUnderTest> make_engine_cache(const CacheConfig&) {
  throw std::runtime_error(
      "engine: not built in (configure with -DVMC_BENCH_WITH_ENGINE=ON)");
}

}  // namespace vmc::bench
