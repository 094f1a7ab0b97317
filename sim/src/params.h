// params.h -- per-policy parameters: `--params s3fifo=small:0.1,move:2` and
// libCacheSim's `-e "small-size-ratio=0.1"`, parsed once, read by the
// policies' constructors, and every mistake reported with its fix.
//
// Syntax of one list: `key:value` or `key=value` pairs separated by commas
// (libCacheSim also accepts ';' and '_' inside keys: `n_seg=4;seg-size=1:4`
// is read as `n-seg=4,seg-size=1:4`).  A value may itself contain ':' (SLRU's
// `seg-size:1:4`): only the first separator splits key from value.
//
// A policy names the keys it accepts when it reads them (a canonical name
// and aliases, e.g. {"small", "small-size-ratio", "fifo-size-ratio"}); after
// construction `check_used` rejects any key no read accepted, listing the
// valid ones.  Errors are std::invalid_argument whose message is ready for
// the user.
//
// Thread-compatible: a PolicyParams is copied into each job's config.
#ifndef VMC_SIM_PARAMS_H
#define VMC_SIM_PARAMS_H

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vmc::sim {

class PolicyParams {
 public:
  // Parses one list.  `context` names where it came from in errors
  // ("--params s3fifo").  Throws std::invalid_argument.
  static PolicyParams parse(std::string_view text, std::string_view context);

  // Adds `more`'s pairs; a key given twice keeps the later value.
  void merge(const PolicyParams& more);
  bool empty() const { return kv_.empty(); }

  // Typed reads.  `keys` are the accepted names, canonical first; the value
  // must lie in [lo, hi].  Returns `def` when absent.
  double number(std::initializer_list<std::string_view> keys, double def, double lo,
                double hi) const;
  std::int64_t integer(std::initializer_list<std::string_view> keys, std::int64_t def,
                       std::int64_t lo, std::int64_t hi) const;
  bool flag(std::initializer_list<std::string_view> keys, bool def) const;
  // The raw text of a value, or `def`.
  std::string text(std::initializer_list<std::string_view> keys, std::string_view def) const;

  // Throws naming the first key that no read accepted.
  void check_used(std::string_view policy) const;

  // "key=value,..." in canonical order, for output headers.
  std::string to_string() const;

 private:
  const std::pair<std::string, std::string>* find(
      std::initializer_list<std::string_view> keys) const;

  std::vector<std::pair<std::string, std::string>> kv_;
  mutable std::vector<bool> used_;
  mutable std::vector<std::string> offered_;  // canonical names the policy reads, for messages
  std::string context_;
};

// Splits `--params` arguments ("POLICY=key:v,key:v") into (policy, list).
// Throws std::invalid_argument when the policy part is missing.
std::pair<std::string, PolicyParams> parse_policy_params(std::string_view arg);

// Lower-case ASCII copy (policy and format names are case-insensitive).
std::string lower(std::string_view s);

}  // namespace vmc::sim

#endif  // VMC_SIM_PARAMS_H
