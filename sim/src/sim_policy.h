// sim_policy.h -- how the simulator builds policies: the configuration every
// factory receives, the optional memory report, and the registry of names.
//
// A policy is a vmc::models::Policy (models/include/vmc/models/policy.h).
// Adding one is one file under sim/policies/ defining
//   std::unique_ptr<models::Policy> make_<symbol>(const PolicyConfig&);
// and one VMC_SIM_POLICY line in sim/src/policy_list.h.
#ifndef VMC_SIM_SIM_POLICY_H
#define VMC_SIM_SIM_POLICY_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "vmc/models/policy.h"

namespace vmc::sim {

struct PolicyConfig {
  std::uint64_t capacity = 0;        // in the trace's units (bytes, or objects)
  bool ignore_size = false;          // every object has size 1
  std::uint64_t mean_object_size = 1;  // a hint for sketch/ghost sizing (>= 1)
  int clock_bits = 1;                // CLOCK's counter width k
  // Engine-in-the-loop only.
  std::string engine_dir = "/dev/shm";
  std::uint64_t engine_extent = 256;
  std::uint64_t engine_unit_bytes = 1;  // bytes per capacity/size unit
};

// Implemented by the simulator's own policies so that the metadata they keep
// per object can be reported.  Policies from models/ do not implement it.
class MemoryReport {
 public:
  virtual ~MemoryReport() = default;
  virtual std::size_t metadata_bytes() const = 0;
};

using PolicyFactory = std::unique_ptr<models::Policy> (*)(const PolicyConfig&);

struct PolicyInfo {
  std::string_view name;
  std::string_view description;
  PolicyFactory make;
};

// How many objects a cache of this configuration holds, roughly: presizes
// tables and sizes W-TinyLFU's sketch.  Capped at 4 M so that a wrong hint
// (a byte capacity with mean size 1) cannot allocate gigabytes.
inline std::size_t expected_objects(const PolicyConfig& c) {
  std::uint64_t n = c.capacity / (c.mean_object_size == 0 ? 1 : c.mean_object_size);
  return static_cast<std::size_t>(n < 16 ? 16 : (n > (1u << 22) ? (1u << 22) : n));
}

// Every registered policy, in the order of policy_list.h.
std::span<const PolicyInfo> registered_policies();
// nullptr when unknown.
const PolicyInfo* find_policy(std::string_view name);
// The policy's metadata bytes, or 0 when it does not report them.
std::size_t metadata_bytes(const models::Policy& p);

}  // namespace vmc::sim

#endif  // VMC_SIM_SIM_POLICY_H
