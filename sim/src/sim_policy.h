// sim_policy.h -- how the simulator builds policies: the configuration every
// factory receives, the optional memory report, and the registry of names.
//
// A policy is a vmc::models::Policy (models/include/vmc/models/policy.h),
// normally built on the shared request loop of policy_base.h.  Adding one
// is one file under sim/policies/ defining
//   std::unique_ptr<models::Policy> make_<symbol>(const PolicyConfig&);
// (reading its parameters from PolicyConfig::params) and one VMC_SIM_POLICY
// line in sim/src/policy_list.h.
#ifndef VMC_SIM_SIM_POLICY_H
#define VMC_SIM_SIM_POLICY_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "params.h"
#include "vmc/models/policy.h"

namespace vmc::sim {

// What a policy is built from.  Nothing here depends on how the user wrote
// the cache size: `-s 489` and `-s 0.01` resolving to the same capacity build
// the same policy (sim/README.md, "What a run computes").
struct PolicyConfig {
  std::uint64_t capacity = 0;  // in the trace's units (bytes, or objects)
  bool ignore_size = false;    // every object has size 1
  std::uint64_t seed = 42;     // randomised policies only (--seed)
  PolicyParams params;         // this policy's --params / -e values
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
  std::string_view name;     // canonical, lower case
  std::string_view aliases;  // space-separated other names (libCacheSim's), lower case
  std::string_view description;
  PolicyFactory make;
};

// How many objects to presize tables for: a pure function of the capacity
// and the size mode, so it can never change a result, only allocation.
inline std::size_t expected_objects(const PolicyConfig& c) {
  std::uint64_t n = c.ignore_size ? c.capacity : c.capacity / 4096;
  return static_cast<std::size_t>(n < 16 ? 16 : (n > (1u << 16) ? (1u << 16) : n));
}

// Every registered policy, in the order of policy_list.h.
std::span<const PolicyInfo> registered_policies();
// By name or alias, case-insensitively ("S3FIFO", "TwoQ"); nullptr when unknown.
const PolicyInfo* find_policy(std::string_view name);
// Builds a policy and rejects parameters it does not take.  Throws
// std::invalid_argument (unknown policy, bad parameter).
std::unique_ptr<models::Policy> make_policy(std::string_view name, const PolicyConfig& c);
// The policy's metadata bytes, or 0 when it does not report them.
std::size_t metadata_bytes(const models::Policy& p);

}  // namespace vmc::sim

#endif  // VMC_SIM_SIM_POLICY_H
