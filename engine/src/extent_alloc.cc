// extent_alloc.cc -- see extent_alloc.h for the design.
#include "extent_alloc.h"

#include <bit>

#include "check.h"
#include "shared_writes.h"

namespace vmc {
namespace {
constexpr std::uint64_t kWordBits = 64;
}  // namespace

// The bitmap scans count bits; without the POPCNT instruction (not in the
// x86-64 baseline) std::popcount is a libgcc call that dominated profiles.
// GCC clones these functions for CPUs with and without it and picks one at
// load time (ifunc).
// Not in sanitizer builds: the ifunc resolver runs during relocation, before
// the sanitizer runtime is up, and its instrumented code crashes there.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
#define VMC_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define VMC_POPCNT_CLONES
#endif

Status ExtentAllocator::init(std::uint64_t n_extents, DramArena* arena) {
  VMC_DCHECK(n_extents > 0 && n_extents <= Run::kMaxExtents);
  n_ = n_extents;
  nwords_ = (n_extents + kWordBits - 1) / kWordBits;
  void* mem = arena->alloc(nwords_ * sizeof(std::atomic<std::uint64_t>));
  if (mem == nullptr)
    return fail(ENOMEM, "cannot allocate the extent bitmap (%llu extents)",
                static_cast<unsigned long long>(n_extents));
  bits_ = static_cast<std::atomic<std::uint64_t>*>(mem);
  for (std::uint64_t w = 0; w < nwords_; ++w) {
    std::uint64_t first = w * kWordBits;
    std::uint64_t nbits = n_ - first < kWordBits ? n_ - first : kWordBits;
    // Bits past the last extent stay 0 (never free), so scans need no bound check.
    new (&bits_[w]) std::atomic<std::uint64_t>(
        nbits == kWordBits ? ~std::uint64_t{0} : (std::uint64_t{1} << nbits) - 1);
  }
  // Relaxed: set-up, published to other threads by the cache's own hand-over.
  global_.store(n_extents, std::memory_order_relaxed);
  return 0;
}

void ExtentAllocator::destroy(DramArena* arena) {
  if (bits_ != nullptr) arena->free(bits_, nwords_ * sizeof(std::atomic<std::uint64_t>));
  bits_ = nullptr;
}

bool ExtentAllocator::reserve(std::uint64_t k) {
  // Relaxed load: only a guess for the CAS, which validates it.
  std::uint64_t c = global_.load(std::memory_order_relaxed);
  while (c >= k) {
    VMC_SW_RMW();
    // Seq_cst: acquires the extents' bits (their count was added with
    // release) and orders the reservation for waiters (cache_write.cc).
    if (global_.compare_exchange_weak(c, c - k, std::memory_order_seq_cst,
                                      std::memory_order_relaxed))
      return true;
  }
  return false;
}

bool ExtentAllocator::reserve(std::uint64_t k, ExtentStash* stash, std::uint64_t refill) {
  if (stash->take(k)) return true;
  // Not enough in both (acquire loads, the guesses the RMWs below validate):
  // fail without emptying and refilling the stash -- two RMWs on every
  // evicting put's first try.
  if (global_.load(std::memory_order_acquire) + stash->count() < k) return false;
  // The stash and the global count together: empty the stash, take the
  // rest (and a refill) from the global count, or put the stash back.
  const std::uint64_t own = stash->steal();
  const std::uint64_t need = k - own;
  std::uint64_t c = global_.load(std::memory_order_relaxed);  // a guess the CAS validates
  while (c >= need) {
    const std::uint64_t grab = c - need < refill ? c : need + refill;
    VMC_SW_RMW();
    // Seq_cst: as in reserve(k).
    if (global_.compare_exchange_weak(c, c - grab, std::memory_order_seq_cst,
                                      std::memory_order_relaxed)) {
      if (grab > need) stash->add(grab - need);
      return true;
    }
  }
  if (own != 0) stash->add(own);
  return false;
}

void ExtentAllocator::unreserve(std::uint64_t k) {
  if (k == 0) return;
  VMC_SW_RMW();
  // Release: the bits of these extents were set before (release_bits).
  global_.fetch_add(k, std::memory_order_release);
}

std::uint64_t ExtentAllocator::free_run_start(std::uint64_t c) const {
  // Relaxed: a starting point only; take() validates every bit it claims.
  std::uint64_t w = c / kWordBits;
  const unsigned b = static_cast<unsigned>(c % kWordBits);
  std::uint64_t word = bits_[w].load(std::memory_order_relaxed);
  if (((word >> b) & 1) == 0) return c;  // on a used extent: plain next fit
  const std::uint64_t used_below = ~word & ((std::uint64_t{1} << b) - 1);
  if (used_below != 0)
    return w * kWordBits + static_cast<std::uint64_t>(64 - std::countl_zero(used_below));
  while (w > 0) {
    word = bits_[--w].load(std::memory_order_relaxed);
    if (word != ~std::uint64_t{0})
      return w * kWordBits + static_cast<std::uint64_t>(64 - std::countl_zero(~word));
  }
  return 0;
}

VMC_POPCNT_CLONES std::uint64_t ExtentAllocator::take(std::uint64_t k, std::uint64_t* cursor,
                                                      Run* out) {
  std::uint64_t nruns = 0;
  std::uint64_t run_start = 0, run_len = 0, last = 0;
  auto emit = [&](std::uint64_t ext) {
    if (run_len != 0 && ext == run_start + run_len && run_len < Run::kMaxLen) {
      ++run_len;
      return;
    }
    if (run_len != 0) out[nruns++] = Run(run_start, run_len);
    run_start = ext;
    run_len = 1;
  };
  VMC_DCHECK(k > 0 && k <= n_ && *cursor < n_);
  const std::uint64_t start = free_run_start(*cursor);
  std::uint64_t w = start / kWordBits;
  unsigned bit = static_cast<unsigned>(start % kWordBits);
  while (k > 0) {
    // Relaxed: the CAS below validates the value and acquires on success.
    std::uint64_t word = bits_[w].load(std::memory_order_relaxed);
    for (;;) {
      std::uint64_t avail = word & (~std::uint64_t{0} << bit);
      if (avail == 0) break;
      std::uint64_t sel = avail;
      if (static_cast<std::uint64_t>(std::popcount(avail)) > k) {
        sel = 0;
        for (std::uint64_t i = 0; i < k; ++i) {
          std::uint64_t low = avail & (~avail + 1);
          sel |= low;
          avail ^= low;
        }
      }
      VMC_SW_RMW();
      // Acquire: the extents' previous owner released them (release_bits());
      // its reads of the old contents happen before our writes.
      if (bits_[w].compare_exchange_weak(word, word & ~sel, std::memory_order_acquire,
                                         std::memory_order_relaxed)) {
        k -= static_cast<std::uint64_t>(std::popcount(sel));
        for (; sel != 0; sel &= sel - 1) {
          last = w * kWordBits + static_cast<std::uint64_t>(std::countr_zero(sel));
          emit(last);
        }
        break;
      }
    }
    bit = 0;
    w = w + 1 == nwords_ ? 0 : w + 1;
  }
  if (run_len != 0) out[nruns++] = Run(run_start, run_len);
  *cursor = last + 1 == n_ ? 0 : last + 1;
  return nruns;
}

void ExtentAllocator::release_bits(const Run* runs, std::uint64_t nruns) {
  for (std::uint64_t r = 0; r < nruns; ++r) {
    std::uint64_t e = runs[r].start(), end = e + runs[r].len();
    while (e < end) {
      std::uint64_t w = e / kWordBits;
      unsigned lo = static_cast<unsigned>(e % kWordBits);
      std::uint64_t n = end - e < kWordBits - lo ? end - e : kWordBits - lo;
      std::uint64_t mask = (n == kWordBits ? ~std::uint64_t{0} : ((std::uint64_t{1} << n) - 1))
                           << lo;
      VMC_SW_RMW();
      // Release: our reads of the extents' contents happen before a later
      // owner's writes (it acquires this word in take()).
      const std::uint64_t was = bits_[w].fetch_or(mask, std::memory_order_release);
      VMC_DCHECK((was & mask) == 0);  // never freed twice
      (void)was;
      e += n;
    }
  }
}

void ExtentAllocator::release(const Run* runs, std::uint64_t nruns) {
  release_bits(runs, nruns);
  std::uint64_t total = 0;
  for (std::uint64_t r = 0; r < nruns; ++r) total += runs[r].len();
  unreserve(total);
}

VMC_POPCNT_CLONES std::uint64_t ExtentAllocator::count_fragments() const {
  std::uint64_t count = 0, carry = 0;
  for (std::uint64_t w = 0; w < nwords_; ++w) {
    // Relaxed: a statistic; exact when no thread is allocating or freeing.
    std::uint64_t x = bits_[w].load(std::memory_order_relaxed);
    count += static_cast<std::uint64_t>(std::popcount(x & ~((x << 1) | carry)));
    carry = x >> 63;
  }
  return count;
}

VMC_POPCNT_CLONES std::uint64_t ExtentAllocator::count_free_bits() const {
  std::uint64_t count = 0;
  for (std::uint64_t w = 0; w < nwords_; ++w)
    count += static_cast<std::uint64_t>(std::popcount(bits_[w].load(std::memory_order_relaxed)));
  return count;
}

bool ExtentAllocator::is_free(std::uint64_t extent) const {
  return (bits_[extent / kWordBits].load(std::memory_order_relaxed) >> (extent % kWordBits)) & 1;
}

}  // namespace vmc
