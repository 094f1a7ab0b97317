// values.h -- the key space and the value bytes the property tests use.
//
// Values are not random bytes but a cheap function of (seed, position) in
// which neighbouring bytes differ, so a copy from the wrong offset, a torn
// value or a value of another put is visible byte by byte, and rapidcheck
// only has to generate and shrink (size, seed).
#ifndef VMC_PROPTESTS_VALUES_H
#define VMC_PROPTESTS_VALUES_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <vmc/common/random.h>

namespace vmc::proptests {

// A small key space, so that puts collide and gets hit: the empty key, short
// keys, a key with a NUL byte inside, and a long key.
inline const std::vector<std::string>& key_space() {
  static const std::vector<std::string> keys = {"",
                                                "a",
                                                "k2",
                                                std::string("k\0"
                                                            "3",
                                                            3),
                                                std::string(300, 'L'),
                                                "k5"};
  return keys;
}

// Byte i of the value with this seed.
inline char value_byte(std::uint64_t seed, std::size_t i) {
  return static_cast<char>((seed * 131u) ^ (i * 7u) ^ ((i >> 8) * 13u));
}

inline std::string value_bytes(std::size_t size, std::uint64_t seed) {
  std::string v(size, '\0');
  for (std::size_t i = 0; i < size; ++i) v[i] = value_byte(seed, i);
  return v;
}

using common::fnv1a;  // to name a byte string in messages

// A printable form of a key: escapes, and long runs shortened.
inline std::string show_key(const std::string& k) {
  if (k.size() > 16 && k.find_first_not_of(k[0]) == std::string::npos)
    return std::string(1, k[0]) + "*" + std::to_string(k.size());
  std::string out = "\"";
  for (char c : k) {
    if (c >= 32 && c < 127) {
      out += c;
    } else {
      out += "\\x" + std::string(1, "0123456789abcdef"[(c >> 4) & 15]) +
             std::string(1, "0123456789abcdef"[c & 15]);
    }
  }
  return out + "\"";
}

}  // namespace vmc::proptests

#endif  // VMC_PROPTESTS_VALUES_H
