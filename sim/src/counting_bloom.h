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
// at INT_MAX).  Here the counters live in a flat array when n <= 2^22 and
// otherwise in an open-addressing table of the non-zero ones (8 bytes each,
// decay dropping those that reach zero), which gives the same values in
// memory proportional to the objects seen.
//
// Single-threaded.
#ifndef VMC_SIM_COUNTING_BLOOM_H
#define VMC_SIM_COUNTING_BLOOM_H

#include <xxhash.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <vector>

namespace vmc::sim {

// Non-zero 32-bit counters by 32-bit index: linear probing over 8-byte
// entries (index << 32 | value), load <= 1/2.
class SparseCounters {
 public:
  SparseCounters() : slots_(1024, kEmpty), mask_(1023) {}

  std::uint32_t get(std::uint32_t key) const {
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      if (slots_[i] == kEmpty) return 0;
      if (static_cast<std::uint32_t>(slots_[i] >> 32) == key)
        return static_cast<std::uint32_t>(slots_[i]);
    }
  }

  void increment(std::uint32_t key) {
    std::size_t i = home(key);
    for (; slots_[i] != kEmpty; i = (i + 1) & mask_)
      if (static_cast<std::uint32_t>(slots_[i] >> 32) == key) {
        ++slots_[i];
        return;
      }
    slots_[i] = (std::uint64_t{key} << 32) | 1;
    if (++size_ * 2 > slots_.size()) rebuild(slots_.size() * 2, false);
  }

  // Halves every counter, dropping the zeros.
  void halve() { rebuild(slots_.size(), true); }
  std::size_t memory_bytes() const { return slots_.capacity() * 8; }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  std::size_t home(std::uint32_t key) const {
    return (std::uint64_t{key} * 0x9e3779b97f4a7c15ULL >> 20) & mask_;
  }

  void rebuild(std::size_t cap, bool halve) {
    std::vector<std::uint64_t> old(cap, kEmpty);
    old.swap(slots_);
    mask_ = cap - 1;
    size_ = 0;
    for (std::uint64_t e : old) {
      if (e == kEmpty) continue;
      const std::uint32_t key = static_cast<std::uint32_t>(e >> 32);
      const std::uint32_t v = static_cast<std::uint32_t>(e) >> (halve ? 1 : 0);
      if (v == 0) continue;
      std::size_t i = home(key);
      while (slots_[i] != kEmpty) i = (i + 1) & mask_;
      slots_[i] = (std::uint64_t{key} << 32) | v;
      ++size_;
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t mask_;
  std::size_t size_ = 0;
};

class LcsCountingBloom {
 public:
  static constexpr std::uint32_t kDenseLimit = 1u << 22;

  // `entries`: libCacheSim passes the main cache's size (an int).
  explicit LcsCountingBloom(std::int32_t entries) {
    const double bpe = -std::log(0.001) / 0.480453013918201;  // ln(2)^2
    hashes_ = static_cast<std::uint32_t>(std::ceil(0.693147180559945 * bpe));
    double n = std::fmin(std::ceil(bpe * double(entries)), double(INT_MAX));
    std::int32_t counters = static_cast<std::int32_t>(n);
    if (counters < static_cast<std::int32_t>(hashes_))
      counters = static_cast<std::int32_t>(hashes_ * 2);
    n_ = static_cast<std::uint32_t>(counters);
    if (n_ <= kDenseLimit) dense_.assign(n_, 0);
  }

  void add(std::uint64_t id) {
    Slots s = slots(id);
    for (std::uint32_t i = 0; i < hashes_; ++i) {
      if (dense_.empty())
        sparse_.increment(s.at(i, n_));
      else
        ++dense_[s.at(i, n_)];
    }
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
    if (dense_.empty()) return sparse_.halve();
    for (std::uint32_t& c : dense_) c >>= 1;
  }

  std::uint32_t counters() const { return n_; }
  std::uint32_t hashes() const { return hashes_; }
  std::size_t memory_bytes() const {
    return dense_.capacity() * 4 + (dense_.empty() ? sparse_.memory_bytes() : 0);
  }

 private:
  static constexpr std::uint64_t kSeed0 = 0x12345678,
                                 kSeed1 = 0x12344321;  // libCacheSim's HASH_SEED0/1

  struct Slots {
    std::uint32_t a, b;
    std::uint32_t at(std::uint32_t i, std::uint32_t n) const { return (a + i * b) % n; }
  };
  static Slots slots(std::uint64_t id) {
    return {static_cast<std::uint32_t>(XXH64(&id, sizeof id, kSeed0)),
            static_cast<std::uint32_t>(XXH64(&id, sizeof id, kSeed1))};
  }
  std::uint32_t read(std::uint32_t x) const { return dense_.empty() ? sparse_.get(x) : dense_[x]; }

  std::uint32_t hashes_ = 0;
  std::uint32_t n_ = 0;
  std::vector<std::uint32_t> dense_;
  SparseCounters sparse_;
};

}  // namespace vmc::sim

#endif  // VMC_SIM_COUNTING_BLOOM_H
