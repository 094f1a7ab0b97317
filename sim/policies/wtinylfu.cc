// wtinylfu.cc -- W-TinyLFU: a small LRU window in front of an SLRU main
// cache guarded by a TinyLFU admission filter.
//
// Definition (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache
// Admission Policy", ACM ToS 2017, section 4; the layout of Caffeine):
//   - Window: an LRU holding 1% of the capacity.  Every miss enters it.
//   - Main: a segmented LRU, probation (20% of main) and protected (80%).
//     A hit in probation promotes to protected; protected overflow demotes
//     its LRU back to probation.
//   - Objects leaving the window are candidates for main: admitted if main
//     has room, or if the candidate's estimated frequency is higher than the
//     victim's (probation's LRU, else protected's); otherwise dropped.  An
//     admitted candidate evicts victims in that order until it fits.
//   - Frequency: a count-min sketch (4 rows of 4-bit counters, width about
//     the expected number of cached objects) counting every request; all
//     counters are halved every 10 x (expected objects) requests ("reset").
// Not modelled: the doorkeeper bloom filter, Caffeine's hill-climbing of the
// window size and its random admission of warm candidates.
#include <algorithm>
#include <array>
#include <vector>

#include "node_table.h"
#include "sim_policy.h"

namespace vmc::sim::policies {
namespace {

enum Queue : std::uint8_t { kWindow, kProbation, kProtected };

struct Node : NodeBase {
  Queue q = kWindow;
};

class CountMin {
 public:
  static constexpr int kRows = 4;
  static constexpr std::uint8_t kMax = 15;  // 4-bit counters

  explicit CountMin(std::size_t expected) {
    std::size_t w = 64;
    while (w < expected) w *= 2;
    mask_ = w - 1;
    for (auto& row : rows_) row.assign(w, 0);
    sample_ = 10 * std::max<std::size_t>(expected, 16);
  }

  void add(std::uint64_t id) {
    for (int r = 0; r < kRows; ++r) {
      std::uint8_t& c = rows_[r][slot(id, r)];
      if (c < kMax) ++c;
    }
    if (++added_ == sample_) {
      for (auto& row : rows_)
        for (std::uint8_t& c : row) c >>= 1;
      added_ = 0;
    }
  }

  std::uint8_t estimate(std::uint64_t id) const {
    std::uint8_t m = kMax;
    for (int r = 0; r < kRows; ++r) m = std::min(m, rows_[r][slot(id, r)]);
    return m;
  }

  std::size_t memory_bytes() const { return kRows * (mask_ + 1); }

 private:
  std::size_t slot(std::uint64_t id, int r) const {
    return mix64(id + 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(r + 1)) & mask_;
  }
  std::array<std::vector<std::uint8_t>, kRows> rows_;
  std::size_t mask_ = 0;
  std::size_t sample_ = 0, added_ = 0;
};

class WTinyLfu final : public models::Policy, public MemoryReport {
 public:
  static constexpr double kWindowRatio = 0.01;
  static constexpr double kProtectedRatio = 0.80;

  explicit WTinyLfu(const PolicyConfig& c)
      : Policy(c.capacity),
        window_cap_(std::max<std::uint64_t>(1, static_cast<std::uint64_t>(double(c.capacity) * kWindowRatio))),
        main_cap_(c.capacity - std::min(c.capacity, window_cap_)),
        protected_cap_(static_cast<std::uint64_t>(double(main_cap_) * kProtectedRatio)),
        t_(expected_objects(c)),
        sketch_(expected_objects(c)) {}
  std::string_view name() const override { return "wtinylfu"; }

  bool access(const models::Request& r) override {
    sketch_.add(r.id);
    std::uint32_t i = t_.find(r.id);
    if (i != kNil) {
      switch (t_[i].q) {
        case kWindow: window_.move_to_front(t_, i); break;
        case kProtected: prot_.move_to_front(t_, i); break;
        case kProbation:
          prob_.unlink(t_, i);
          t_[i].q = kProtected;
          prot_.push_front(t_, i);
          while (prot_.bytes > protected_cap_) {
            std::uint32_t d = prot_.tail;
            prot_.unlink(t_, d);
            t_[d].q = kProbation;
            prob_.push_front(t_, d);
          }
          break;
      }
      return true;
    }
    if (r.size > capacity()) return false;
    std::uint32_t n = t_.add(r.id, r.size);
    window_.push_front(t_, n);
    while (window_.bytes > window_cap_) admit_or_drop(window_.tail);
    return false;
  }

  std::uint64_t used() const override { return window_.bytes + prob_.bytes + prot_.bytes; }
  std::uint64_t count() const override { return window_.count + prob_.count + prot_.count; }
  std::size_t metadata_bytes() const override { return t_.memory_bytes() + sketch_.memory_bytes(); }

 private:
  void evict(List<Node>& l, std::uint32_t v) {
    l.unlink(t_, v);
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }

  // The window's LRU leaves the window: into probation, or out.
  void admit_or_drop(std::uint32_t cand) {
    window_.unlink(t_, cand);
    const std::uint64_t size = t_[cand].size;
    bool admit = size <= main_cap_;
    if (admit && prob_.bytes + prot_.bytes + size > main_cap_) {
      std::uint32_t victim = !prob_.empty() ? prob_.tail : prot_.tail;
      admit = sketch_.estimate(t_[cand].id) > sketch_.estimate(t_[victim].id);
      while (admit && prob_.bytes + prot_.bytes + size > main_cap_)
        !prob_.empty() ? evict(prob_, prob_.tail) : evict(prot_, prot_.tail);
    }
    if (!admit) {
      notify_evict(t_[cand].id, size);
      t_.remove(cand);
      return;
    }
    t_[cand].q = kProbation;
    prob_.push_front(t_, cand);
  }

  std::uint64_t window_cap_, main_cap_, protected_cap_;
  NodeTable<Node> t_;
  CountMin sketch_;
  List<Node> window_, prob_, prot_;  // head: most recent
};

}  // namespace

std::unique_ptr<models::Policy> make_wtinylfu(const PolicyConfig& c) { return std::make_unique<WTinyLfu>(c); }

}  // namespace vmc::sim::policies
