// units.h -- byte counts as the command-line tools accept them: a decimal
// integer and an optional unit B, K/KB/KiB, M/MB/MiB, G/GB/GiB or T/TB/TiB
// (any case; every K is 1024, as in libCacheSim).
#ifndef VMC_COMMON_UNITS_H
#define VMC_COMMON_UNITS_H

#include <cctype>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vmc::common {

// The bytes one `unit` stands for ("" is 1), or nothing for an unknown unit.
inline std::optional<std::uint64_t> unit_bytes(std::string_view unit) {
  std::string u(unit);
  for (char& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u.empty() || u == "b") return 1;
  static constexpr std::string_view kPrefixes = "kmgt";
  if (u.size() > 3 || kPrefixes.find(u[0]) == std::string_view::npos) return std::nullopt;
  if (u.size() > 1 && u.substr(1) != "b" && u.substr(1) != "ib") return std::nullopt;
  return std::uint64_t{1} << (10 * (kPrefixes.find(u[0]) + 1));
}

// "64MiB" -> 67108864.  Throws std::invalid_argument naming the text when
// it is not a count with a known unit, or when the count does not fit in
// 64 bits (never a silently wrapped size).
inline std::uint64_t parse_bytes(std::string_view s) {
  std::size_t i = 0;
  std::uint64_t v = 0;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
    const std::uint64_t d = static_cast<std::uint64_t>(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10)
      throw std::invalid_argument("size does not fit in 64 bits: " + std::string(s));
    v = v * 10 + d;
  }
  if (i == 0)
    throw std::invalid_argument("bad size (a count of bytes, e.g. 4096 or 64MiB): " +
                                std::string(s));
  const std::optional<std::uint64_t> m = unit_bytes(s.substr(i));
  if (!m) throw std::invalid_argument("bad size unit (B, K, KB, KiB, ... T): " + std::string(s));
  if (v > UINT64_MAX / *m)
    throw std::invalid_argument("size does not fit in 64 bits: " + std::string(s));
  return v * *m;
}

}  // namespace vmc::common

#endif  // VMC_COMMON_UNITS_H
