// counting_bloom.h -- W-TinyLFU's frequency sketch, equal bit for bit to
// libCacheSim's minimalIncrementCBF (dataStructure/minimalIncrementCBF.c),
// so that admission decisions, and therefore miss counts, agree.
//
// Layout (libCacheSim's, for `entries` expected objects, error 0.001):
//   bpe     = -ln(0.001) / ln(2)^2                  (14.38 counters per entry)
//   hashes  = ceil(ln(2) x bpe)                     (10)
//   n       = min(ceil(bpe x entries), INT_MAX), at least 2 x hashes
//   a, b    = low 32 bits of XXH64(id's 8 bytes, seed 0x12345678 / 0x12344321)
//   counter i of an id: (a + i x b) mod n, in 32-bit unsigned arithmetic
// add() increments all `hashes` counters (the "minimal increment" rule is
// not applied in the reference, despite the name); estimate() is their
// minimum; decay() halves every counter.
//
// Deliberate difference, in representation only: libCacheSim allocates n
// 4-byte counters, which for a byte-sized cache is up to 8 GiB (n is capped
// at INT_MAX).  Here the counters live in a flat array when n <= 2^22 and in
// a hash map of the non-zero counters otherwise (decay erases the ones that
// reach zero), which gives the same values in memory proportional to the
// objects seen.
//
// Single-threaded.
#ifndef VMC_SIM_COUNTING_BLOOM_H
#define VMC_SIM_COUNTING_BLOOM_H

#include <xxhash.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace vmc::sim {

class LcsCountingBloom {
 public:
  static constexpr std::uint32_t kDenseLimit = 1u << 22;

  // `entries`: libCacheSim passes the main cache's size (an int).
  explicit LcsCountingBloom(std::int32_t entries) {
    const double bpe = -std::log(0.001) / 0.480453013918201;  // ln(2)^2
    hashes_ = static_cast<std::uint32_t>(std::ceil(0.693147180559945 * bpe));
    double n = std::fmin(std::ceil(bpe * double(entries)), double(INT_MAX));
    std::int32_t counters = static_cast<std::int32_t>(n);
    if (counters < static_cast<std::int32_t>(hashes_)) counters = static_cast<std::int32_t>(hashes_ * 2);
    n_ = static_cast<std::uint32_t>(counters);
    if (n_ <= kDenseLimit) dense_.assign(n_, 0);
  }

  void add(std::uint64_t id) {
    Slots s = slots(id);
    for (std::uint32_t i = 0; i < hashes_; ++i) ++counter(s.at(i, n_));
  }

  std::uint32_t estimate(std::uint64_t id) const {
    Slots s = slots(id);
    std::uint32_t m = UINT_MAX;
    for (std::uint32_t i = 0; i < hashes_; ++i) {
      std::uint32_t c = read(s.at(i, n_));
      if (c < m) m = c;
    }
    return m;
  }

  void decay() {
    if (!dense_.empty()) {
      for (std::uint32_t& c : dense_) c >>= 1;
      return;
    }
    for (auto it = sparse_.begin(); it != sparse_.end();) {
      it->second >>= 1;
      it = it->second == 0 ? sparse_.erase(it) : std::next(it);
    }
  }

  std::uint32_t counters() const { return n_; }
  std::uint32_t hashes() const { return hashes_; }
  std::size_t memory_bytes() const { return dense_.capacity() * 4 + sparse_.size() * 32; }

 private:
  static constexpr std::uint64_t kSeed0 = 0x12345678, kSeed1 = 0x12344321;  // libCacheSim's HASH_SEED0/1

  struct Slots {
    std::uint32_t a, b;
    std::uint32_t at(std::uint32_t i, std::uint32_t n) const { return (a + i * b) % n; }
  };
  static Slots slots(std::uint64_t id) {
    return {static_cast<std::uint32_t>(XXH64(&id, sizeof id, kSeed0)),
            static_cast<std::uint32_t>(XXH64(&id, sizeof id, kSeed1))};
  }
  std::uint32_t& counter(std::uint32_t x) { return dense_.empty() ? sparse_[x] : dense_[x]; }
  std::uint32_t read(std::uint32_t x) const {
    if (!dense_.empty()) return dense_[x];
    auto it = sparse_.find(x);
    return it == sparse_.end() ? 0 : it->second;
  }

  std::uint32_t hashes_ = 0;
  std::uint32_t n_ = 0;
  std::vector<std::uint32_t> dense_;
  std::unordered_map<std::uint32_t, std::uint32_t> sparse_;
};

}  // namespace vmc::sim

#endif  // VMC_SIM_COUNTING_BLOOM_H
