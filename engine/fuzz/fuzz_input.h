// fuzz_input.h -- how the C API fuzz target (fuzz_api.cc) reads its input,
// and the immutable bytes its keys and values are cut from.
//
// The input is read front to back, one byte (or a little-endian word) at a
// time; past its end every read returns 0, so any byte string is a valid
// program and a short one simply ends early.  The format (one line per
// field, see Driver::decode_* in fuzz_driver.cc):
//   set-up   size choice, extent choice, policy choice [+ 4 raw bytes],
//            path choice, then the op stream
//   op       opcode byte, then the op's arguments
// Values are (offset, size) slices of one 4 MiB pseudo-random source, so the
// shadow of "the last value put for a key" is two numbers, and a value from
// the wrong offset, torn or from another put differs byte by byte.
#ifndef VMC_FUZZ_INPUT_H
#define VMC_FUZZ_INPUT_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <vmc/common/random.h>

namespace vmc::fuzz {

// Values up to 4 MiB: more than any pool the fuzzer makes (at most 2 MiB),
// so "larger than the pool" is a real buffer the engine may read.
constexpr std::size_t kSourceSize = std::size_t{4} << 20;
// The longest key the fuzzer passes with real bytes: 1 MiB.
constexpr std::size_t kHugeKey = std::size_t{1} << 20;

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : p_(data), left_(size) {}
  bool empty() const { return left_ == 0; }
  std::uint8_t byte() {
    if (left_ == 0) return 0;
    --left_;
    return *p_++;
  }
  // One of n choices (n > 0).
  std::size_t pick(std::size_t n) { return byte() % n; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(byte()) << (8 * i);
    return v;
  }
  std::uint16_t u16() {
    const std::uint16_t lo = byte();
    return static_cast<std::uint16_t>(lo | byte() << 8);
  }
  std::uint64_t u64() {
    const std::uint64_t lo = u32();
    return lo | static_cast<std::uint64_t>(u32()) << 32;
  }
  std::string bytes(std::size_t n) {
    std::string s;
    while (n-- > 0 && left_ > 0) s.push_back(static_cast<char>(byte()));
    return s;
  }

 private:
  const std::uint8_t* p_;
  std::size_t left_;
};

// The value source: kSourceSize bytes of xorshift, made once.
inline const char* source() {
  static const std::vector<char> bytes = [] {
    std::vector<char> b(kSourceSize);
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (std::size_t i = 0; i < b.size(); i += 8) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      std::memcpy(&b[i], &x, 8);
    }
    return b;
  }();
  return bytes.data();
}

// A value: a slice of the source.  REQUIRES: off + size <= kSourceSize.
struct ValueDesc {
  std::size_t off = 0;
  std::size_t size = 0;
  const char* data() const { return source() + off; }
  bool operator==(const ValueDesc&) const = default;
};

// The 1 MiB key's bytes (a pattern distinct from every short key).
inline const char* huge_key() {
  static const std::string k = [] {
    std::string s(kHugeKey, '\0');
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>('a' + i % 23);
    return s;
  }();
  return k.data();
}

using common::fnv1a;  // to name a key in logs and messages

}  // namespace vmc::fuzz

#endif  // VMC_FUZZ_INPUT_H
