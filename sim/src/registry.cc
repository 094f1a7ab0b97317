// registry.cc -- the table of registered policies, generated from
// policy_list.h, and lookup by name or alias (case-insensitive).
#include <algorithm>
#include <array>
#include <stdexcept>

#include "sim_policy.h"

namespace vmc::sim {
namespace policies {
#define VMC_SIM_POLICY(sym, name, aliases, desc) \
  std::unique_ptr<models::Policy> make_##sym(const PolicyConfig&);
#include "policy_list.h"
#undef VMC_SIM_POLICY
}  // namespace policies

namespace {
constexpr PolicyInfo kPolicies[] = {
#define VMC_SIM_POLICY(sym, name, aliases, desc) \
  PolicyInfo{name, aliases, desc, &policies::make_##sym},
#include "policy_list.h"
#undef VMC_SIM_POLICY
};

bool has_alias(std::string_view aliases, std::string_view n) {
  while (!aliases.empty()) {
    std::size_t sp = aliases.find(' ');
    if (aliases.substr(0, sp) == n) return true;
    if (sp == std::string_view::npos) break;
    aliases.remove_prefix(sp + 1);
  }
  return false;
}
}  // namespace

std::span<const PolicyInfo> registered_policies() { return kPolicies; }

const PolicyInfo* find_policy(std::string_view name) {
  const std::string n = lower(name);
  for (const PolicyInfo& p : kPolicies)
    if (p.name == n || has_alias(p.aliases, n)) return &p;
  return nullptr;
}

std::unique_ptr<models::Policy> make_policy(std::string_view name, const PolicyConfig& c) {
  const PolicyInfo* info = find_policy(name);
  if (info == nullptr)
    throw std::invalid_argument("unknown policy '" + std::string(name) +
                                "' (vmc-sim --list-policies shows them)");
  auto p = info->make(c);
  c.params.check_used(info->name);
  return p;
}

std::size_t metadata_bytes(const models::Policy& p) {
  auto* r = dynamic_cast<const MemoryReport*>(&p);
  return r != nullptr ? r->metadata_bytes() : 0;
}

}  // namespace vmc::sim
