// size_spec.cc -- parsing and resolving cache sizes.
#include "size_spec.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include <vmc/common/units.h>
#include "params.h"

namespace vmc::sim {
namespace {

constexpr const char* kHelp =
    "write a fraction of the working set (0.01, 5%), units (4096: bytes, or objects with "
    "--ignore-size), "
    "bytes with a unit (64KB, 1.5GiB; K/M/G/T are powers of 1024, as in libCacheSim), 1000obj, or "
    "auto";

[[noreturn]] void bad(const std::string& token, const std::string& why) {
  throw std::invalid_argument("cache size '" + token + "': " + why + "; " + kHelp);
}

double number(const std::string& token, std::string_view digits) {
  double v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size())
    bad(token, "not a number");
  if (!(v > 0)) bad(token, "must be > 0");
  return v;
}

double unit_bytes(const std::string& token, const std::string& unit) {
  const std::optional<std::uint64_t> m = common::unit_bytes(unit);
  if (!m) bad(token, "unknown unit '" + unit + "'");
  return static_cast<double>(*m);
}

std::string fraction_label(double f) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", f);
  return b;
}

}  // namespace

SizeSpec parse_size(const std::string& token) {
  SizeSpec s{token};
  const std::string t = lower(token);
  if (t == "auto" || t == "0") {
    s.kind = SizeSpec::kAuto;
    return s;
  }
  std::size_t end = t.find_first_not_of("0123456789.eE+-");
  if (end != std::string::npos && end > 0 && (t[end - 1] == 'e' || t[end - 1] == 'E'))
    --end;  // "1e" + unit
  const std::string digits = t.substr(0, end), unit = end == std::string::npos ? "" : t.substr(end);
  const double v = number(token, digits);
  const bool decimal = digits.find_first_of(".eE") != std::string::npos;
  if (unit == "%") {
    if (v > 100) bad(token, "a percentage of the working set must be in (0, 100]");
    s.kind = SizeSpec::kFraction;
    s.value = v / 100;
  } else if (unit == "obj") {
    s.kind = SizeSpec::kObjects;
    s.value = v;
  } else if (unit.empty() && decimal) {
    if (v > 1)
      bad(token, "a number with a '.' is a fraction of the working set and must be in (0, 1] (" +
                     token +
                     " would be larger than the working set; for a capacity write it without '.' "
                     "or with a unit)");
    s.kind = SizeSpec::kFraction;
    s.value = v;
  } else if (unit.empty()) {
    s.kind = SizeSpec::kUnits;
    s.value = v;
  } else {
    s.kind = SizeSpec::kBytes;
    s.value = v * unit_bytes(token, unit);
  }
  return s;
}

std::vector<SizeSpec> parse_sizes(const std::string& list) {
  std::vector<SizeSpec> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string tok = list.substr(start, end - start);
    if (!tok.empty()) out.push_back(parse_size(tok));
    start = end + 1;
  }
  if (out.empty()) throw std::invalid_argument("no cache size given; " + std::string(kHelp));
  return out;
}

bool needs_stats(const std::vector<SizeSpec>& sizes) {
  for (const SizeSpec& s : sizes)
    if (s.kind == SizeSpec::kFraction || s.kind == SizeSpec::kObjects || s.kind == SizeSpec::kAuto)
      return true;
  return false;
}

std::vector<Capacity> resolve(const SizeSpec& s, const TraceStats* st, std::uint64_t unit,
                              bool ignore_size) {
  const double ws = st != nullptr ? double(st->working_set) : 0;
  const double mean = st != nullptr && st->objects > 0 ? ws / double(st->objects) : 1;
  std::vector<Capacity> out;
  if (s.kind == SizeSpec::kAuto) {
    // libCacheSim's set_cache_size: wss x s, kept when the object count
    // (wss_obj x s) is > 4 objects (ignore-size) or >= 100.
    for (double f : {0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.4, 0.8}) {
      const auto objs = static_cast<std::int64_t>(double(st->objects) * f);
      if (ignore_size ? objs > 4 : objs >= 100)
        out.push_back({static_cast<std::uint64_t>(ws * f), fraction_label(f)});
    }
    if (out.empty())
      throw std::invalid_argument(
          "cache size 'auto': the working set (" + std::to_string(st->objects) +
          " objects) is too small for libCacheSim's automatic sizes; give sizes");
    return out;
  }
  double c = 0;
  switch (s.kind) {
    case SizeSpec::kUnits:
      c = ignore_size ? s.value : s.value / double(unit);
      break;
    case SizeSpec::kBytes:
      c = ignore_size ? s.value : s.value / double(unit);
      break;
    case SizeSpec::kFraction:
      c = ws * s.value;
      break;
    case SizeSpec::kObjects:
      c = s.value * mean;
      break;
    case SizeSpec::kAuto:
      break;
  }
  const auto cap = static_cast<std::uint64_t>(std::floor(c));
  const char* units = ignore_size || (st != nullptr && st->max_object <= 1) ? "objects" : "bytes";
  if (cap == 0)
    throw std::invalid_argument("cache size '" + s.text + "' resolves to a cache of 0 " + units +
                                "; give a larger size");
  if (st != nullptr && double(cap) < mean)
    throw std::invalid_argument("cache size '" + s.text + "' resolves to " + std::to_string(cap) +
                                " " + units + ", less than one object of mean size " +
                                std::to_string(static_cast<std::uint64_t>(mean)) +
                                "; give a larger size");
  out.push_back({cap, s.text});
  return out;
}

}  // namespace vmc::sim
