// params.cc -- parsing and typed reads of per-policy parameters.
#include "params.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace vmc::sim {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// libCacheSim writes keys with '-' and accepts '_' for it.
std::string canonical_key(std::string_view k) {
  std::string s = lower(trim(k));
  std::replace(s.begin(), s.end(), '_', '-');
  return s;
}

std::string names(std::initializer_list<std::string_view> keys) {
  std::string s;
  for (std::string_view k : keys) s += (s.empty() ? "" : " or ") + std::string(k);
  return s;
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

PolicyParams PolicyParams::parse(std::string_view text, std::string_view context) {
  PolicyParams p;
  p.context_ = std::string(context);
  std::string t(text);
  std::replace(t.begin(), t.end(), ';', ',');
  std::size_t start = 0;
  while (start <= t.size()) {
    std::size_t end = t.find(',', start);
    if (end == std::string::npos) end = t.size();
    std::string_view item = std::string_view(t).substr(start, end - start);
    start = end + 1;
    if (trim(item).empty()) continue;
    std::size_t sep = item.find_first_of(":=");
    if (sep == std::string_view::npos || trim(item.substr(0, sep)).empty() ||
        trim(item.substr(sep + 1)).empty())
      throw std::invalid_argument(std::string(context) + ": '" + std::string(item) +
                                  "' is not key:value (write e.g. small:0.1 or small=0.1)");
    std::string key = canonical_key(item.substr(0, sep));
    std::string value = trim(item.substr(sep + 1));
    auto it = std::find_if(p.kv_.begin(), p.kv_.end(), [&](auto& kv) { return kv.first == key; });
    if (it != p.kv_.end())
      it->second = value;
    else
      p.kv_.emplace_back(key, value);
  }
  p.used_.assign(p.kv_.size(), false);
  return p;
}

void PolicyParams::merge(const PolicyParams& more) {
  for (const auto& pair : more.kv_) {
    auto it =
        std::find_if(kv_.begin(), kv_.end(), [&](auto& kv) { return kv.first == pair.first; });
    if (it != kv_.end())
      it->second = pair.second;
    else
      kv_.push_back(pair);
  }
  if (context_.empty()) context_ = more.context_;
  used_.assign(kv_.size(), false);
}

const std::pair<std::string, std::string>* PolicyParams::find(
    std::initializer_list<std::string_view> keys) const {
  if (keys.size() > 0 &&
      std::find(offered_.begin(), offered_.end(), *keys.begin()) == offered_.end())
    offered_.emplace_back(*keys.begin());
  if (used_.size() != kv_.size()) used_.assign(kv_.size(), false);
  for (std::size_t i = 0; i < kv_.size(); ++i)
    for (std::string_view k : keys)
      if (kv_[i].first == k) {
        used_[i] = true;
        return &kv_[i];
      }
  return nullptr;
}

double PolicyParams::number(std::initializer_list<std::string_view> keys, double def, double lo,
                            double hi) const {
  const auto* kv = find(keys);
  if (kv == nullptr) return def;
  double v = 0;
  auto [p, ec] = std::from_chars(kv->second.data(), kv->second.data() + kv->second.size(), v);
  if (ec != std::errc() || p != kv->second.data() + kv->second.size())
    throw std::invalid_argument(context_ + ": " + kv->first + " = '" + kv->second +
                                "' is not a number (write e.g. " + std::string(*keys.begin()) +
                                ":" + std::to_string(def).substr(0, 4) + ")");
  if (!(v >= lo && v <= hi))
    throw std::invalid_argument(context_ + ": " + kv->first + " = " + kv->second +
                                " is out of range; give a value in [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "]");
  return v;
}

std::int64_t PolicyParams::integer(std::initializer_list<std::string_view> keys, std::int64_t def,
                                   std::int64_t lo, std::int64_t hi) const {
  const auto* kv = find(keys);
  if (kv == nullptr) return def;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(kv->second.data(), kv->second.data() + kv->second.size(), v);
  if (ec != std::errc() || p != kv->second.data() + kv->second.size())
    throw std::invalid_argument(context_ + ": " + kv->first + " = '" + kv->second +
                                "' is not an integer (write e.g. " + std::string(*keys.begin()) +
                                ":" + std::to_string(def) + ")");
  if (v < lo || v > hi)
    throw std::invalid_argument(context_ + ": " + kv->first + " = " + kv->second +
                                " is out of range; give an integer in [" + std::to_string(lo) +
                                ", " + std::to_string(hi) + "]");
  return v;
}

bool PolicyParams::flag(std::initializer_list<std::string_view> keys, bool def) const {
  const auto* kv = find(keys);
  if (kv == nullptr) return def;
  std::string v = lower(kv->second);
  if (v == "1" || v == "true" || v == "yes" || v == "y") return true;
  if (v == "0" || v == "false" || v == "no" || v == "n") return false;
  throw std::invalid_argument(context_ + ": " + kv->first + " = '" + kv->second +
                              "' is not a boolean (write " + names(keys) + ":1 or :0)");
}

std::string PolicyParams::text(std::initializer_list<std::string_view> keys,
                               std::string_view def) const {
  const auto* kv = find(keys);
  return kv == nullptr ? std::string(def) : kv->second;
}

void PolicyParams::check_used(std::string_view policy) const {
  if (used_.size() != kv_.size()) used_.assign(kv_.size(), false);
  for (std::size_t i = 0; i < kv_.size(); ++i) {
    if (used_[i]) continue;
    std::string valid;
    for (const std::string& o : offered_) valid += (valid.empty() ? "" : ", ") + o;
    throw std::invalid_argument(
        context_ + ": " + std::string(policy) + " has no parameter '" + kv_[i].first + "'" +
        (valid.empty() ? std::string(" (it takes none)") : " (valid: " + valid + ")"));
  }
}

std::string PolicyParams::to_string() const {
  std::string s;
  for (const auto& [k, v] : kv_) s += (s.empty() ? "" : ",") + k + "=" + v;
  return s;
}

std::pair<std::string, PolicyParams> parse_policy_params(std::string_view arg) {
  std::size_t eq = arg.find('=');
  std::size_t colon = arg.find(':');
  if (eq == std::string_view::npos || (colon != std::string_view::npos && colon < eq) || eq == 0)
    throw std::invalid_argument("--params '" + std::string(arg) +
                                "': name the policy first, e.g. --params s3fifo=small:0.1,move:2");
  std::string policy = lower(trim(arg.substr(0, eq)));
  return {policy, PolicyParams::parse(arg.substr(eq + 1), "--params " + policy)};
}

}  // namespace vmc::sim
