// registry.cc -- the table of registered policies, generated from
// policy_list.h.
#include <algorithm>
#include <array>

#include "sim_policy.h"

namespace vmc::sim {
namespace policies {
#define VMC_SIM_POLICY(sym, name, desc) std::unique_ptr<models::Policy> make_##sym(const PolicyConfig&);
#include "policy_list.h"
#undef VMC_SIM_POLICY
}  // namespace policies

namespace {
constexpr PolicyInfo kPolicies[] = {
#define VMC_SIM_POLICY(sym, name, desc) PolicyInfo{name, desc, &policies::make_##sym},
#include "policy_list.h"
#undef VMC_SIM_POLICY
};
}  // namespace

std::span<const PolicyInfo> registered_policies() { return kPolicies; }

const PolicyInfo* find_policy(std::string_view name) {
  for (const PolicyInfo& p : kPolicies)
    if (p.name == name) return &p;
  return nullptr;
}

std::size_t metadata_bytes(const models::Policy& p) {
  auto* r = dynamic_cast<const MemoryReport*>(&p);
  return r != nullptr ? r->metadata_bytes() : 0;
}

}  // namespace vmc::sim
