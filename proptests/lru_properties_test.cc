// lru_properties_test.cc -- property 3 of proptests/README.md: what any LRU
// approximation must keep, checked on the engine without its exact trace
// (and, as a check of the properties themselves, on the exact-LRU model).
//
// a. While some other entry has not been hit since it was put, the next
//    victim is not the entry accessed (put or hit) most recently.  (CLOCK:
//    a just-hit entry is referenced, a just-put one is at the tail, and an
//    unreferenced entry is met first.)
// b. With no hits at all, victims leave in insertion order (FIFO).
// c. A scan -- puts of fresh keys totalling more than twice the pool's
//    extents -- evicts every entry not touched during it.  (Twice: CLOCK may
//    give an entry referenced before the scan one second chance, and the
//    pool may not have been full when the scan began.)
//
// Each case: a 1 MiB pool of 8 or 16 extents, values of 1 to 3 extents, and
// on_evict recording the victims.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api.h"
#include "values.h"

namespace vmc::proptests {
namespace {

struct Op {
  enum Kind { kPut, kGet, kEvictVictim } kind;
  int key;      // index into a per-test key space
  int extents;  // value size in extents, for puts
};

std::ostream& operator<<(std::ostream& os, const Op& op) {
  static const char* names[] = {"put", "get", "evict(NULL)"};
  os << names[op.kind];
  if (op.kind != Op::kEvictVictim) os << "(k" << op.key;
  if (op.kind == Op::kPut) os << ", " << op.extents << " ext";
  return os << (op.kind != Op::kEvictVictim ? ")" : "");
}

rc::Gen<Op> gen_op(int keys, bool with_gets) {
  return rc::gen::build<Op>(
      rc::gen::set(&Op::kind, with_gets ? rc::gen::weightedElement<Op::Kind>(
                                              {{5, Op::kPut}, {4, Op::kGet}, {1, Op::kEvictVictim}})
                                        : rc::gen::weightedElement<Op::Kind>(
                                              {{9, Op::kPut}, {1, Op::kEvictVictim}})),
      rc::gen::set(&Op::key, rc::gen::inRange(0, keys)),
      rc::gen::set(&Op::extents, rc::gen::inRange(1, 4)));
}

rc::Gen<Config> gen_small_config() {
  return rc::gen::build<Config>(
      rc::gen::set(&Config::size, rc::gen::just<std::uint64_t>(1 << 20)),
      rc::gen::set(&Config::extent_size, rc::gen::element<std::uint64_t>(65536, 131072)),
      rc::gen::set(&Config::policy, rc::gen::just(1)));
}

std::string key_name(int k) { return "k" + std::to_string(k); }

// Tracks what the harness knows of a cache: the entries present, when each
// was last accessed, whether it was hit since its put; checks property (a)
// or (b) at every on_evict.
class Tracker {
 public:
  Tracker(CacheApi& c, bool fifo) : c_(c), fifo_(fifo) {
    c_.on_evict([this](CacheApi&, const void* k, std::size_t n) {
      on_evict(std::string(static_cast<const char*>(k), n));
    });
  }
  ~Tracker() { c_.on_evict(nullptr); }

  // Returns whether a put stored or a get hit.
  bool apply(const Op& op, const Config& cfg) {
    const std::string k = key_name(op.key);
    switch (op.kind) {
      case Op::kPut: {
        std::string v = value_bytes(op.extents * cfg.extent_size - 1, op.key);
        if (c_.put(k.data(), k.size(), v.data(), v.size()) != 0) return false;
        last_[k] = ++clock_;
        hit_[k] = false;
        inserted_[k] = clock_;
        return true;
      }
      case Op::kGet:
        if (c_.get(k.data(), k.size(), nullptr, 0, 0, nullptr) < 0) return false;
        RC_ASSERT(last_.count(k) == 1u);
        last_[k] = ++clock_;
        hit_[k] = true;
        return true;
      case Op::kEvictVictim:
        c_.evict(nullptr, 0);
        return false;
    }
    return false;
  }
  const std::vector<std::string>& victims() const { return victims_; }
  bool present(const std::string& k) const { return last_.count(k) != 0; }

 private:
  void on_evict(const std::string& v) {
    victims_.push_back(v);
    RC_ASSERT(last_.count(v) == 1u);
    if (fifo_) {
      // (b): the oldest insertion still present.
      auto first =
          std::min_element(inserted_.begin(), inserted_.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      if (v != first->first)
        RC_FAIL("[lru-approx fifo without hits] victim " + v + ", oldest entry " + first->first);
    } else {
      // (a): not the most recently accessed while an unhit other entry exists.
      auto m = std::max_element(last_.begin(), last_.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
      bool unhit_other = false;
      for (const auto& [k, h] : hit_)
        if (!h && k != m->first) unhit_other = true;
      if (unhit_other && v == m->first)
        RC_FAIL(
            "[lru-approx recent not victim] victim " + v +
            " was the most recently accessed entry while an entry not hit since its put exists");
    }
    last_.erase(v);
    hit_.erase(v);
    inserted_.erase(v);
  }

  CacheApi& c_;
  bool fifo_;
  std::uint64_t clock_ = 0;
  std::map<std::string, std::uint64_t> last_;      // present entry -> time of its last access
  std::map<std::string, bool> hit_;                // present entry -> hit since its put
  std::map<std::string, std::uint64_t> inserted_;  // present entry -> time of its put
  std::vector<std::string> victims_;
};

using Factory = std::unique_ptr<CacheApi> (*)(const Config&);
std::unique_ptr<CacheApi> engine(const Config& c) { return make_engine(c); }
std::unique_ptr<CacheApi> lru_model(const Config& c) {
  return make_model(c, models::ReplacerKind::kLru);
}

void recent_is_not_victim(Factory make) {
  const Config cfg = *gen_small_config();
  const auto ops = *rc::gen::container<std::vector<Op>>(gen_op(12, true));
  auto c = make(cfg);
  RC_ASSERT(c != nullptr);
  Tracker t(*c, /*fifo=*/false);
  for (const Op& op : ops) t.apply(op, cfg);
  RC_CLASSIFY(t.victims().size() >= 5, "5+ victims");
}

void fifo_without_hits(Factory make) {
  const Config cfg = *gen_small_config();
  const auto ops = *rc::gen::container<std::vector<Op>>(gen_op(40, false));
  auto c = make(cfg);
  RC_ASSERT(c != nullptr);
  Tracker t(*c, /*fifo=*/true);
  for (const Op& op : ops) t.apply(op, cfg);
  RC_CLASSIFY(t.victims().size() >= 5, "5+ victims");
}

void scan_evicts_untouched(Factory make) {
  const Config cfg = *gen_small_config();
  const int n = static_cast<int>(cfg.extents());
  // Before the scan: any mix of puts, gets and evictions over keys k0..k11.
  const auto before = *rc::gen::container<std::vector<Op>>(gen_op(12, true));
  // The scan: fresh keys k100.. of 1-3 extents, more than 2N in all, with
  // gets of some old keys (touched) between them.
  const auto scan_sizes = *rc::gen::container<std::vector<int>>(2 * n + 1, rc::gen::inRange(1, 4));
  const auto touches = *rc::gen::container<std::vector<std::pair<int, int>>>(
      rc::gen::pair(rc::gen::inRange(0, 2 * n + 1), rc::gen::inRange(0, 12)));
  auto c = make(cfg);
  RC_ASSERT(c != nullptr);
  Tracker t(*c, /*fifo=*/false);
  for (const Op& op : before) t.apply(op, cfg);
  std::set<int> touched;
  for (int i = 0; i < static_cast<int>(scan_sizes.size()); ++i) {
    for (const auto& [at, key] : touches) {
      if (at != i) continue;
      if (t.apply(Op{Op::kGet, key, 0}, cfg)) touched.insert(key);
    }
    t.apply(Op{Op::kPut, 100 + i, scan_sizes[i]}, cfg);
  }
  for (int key = 0; key < 12; ++key) {
    if (touched.count(key)) continue;
    const std::string k = key_name(key);
    if (c->exists(k.data(), k.size(), nullptr) != 0)
      RC_FAIL("[lru-approx scan] " + k + " survived a scan of more than 2N extents untouched");
  }
}

RC_GTEST_PROP(LruApproximation, RecentlyAccessedEntryIsNotNextVictimWhileAnUnhitEntryExists, ()) {
  recent_is_not_victim(engine);
}
RC_GTEST_PROP(LruApproximation, WithoutHitsVictimsLeaveInInsertionOrder, ()) {
  fifo_without_hits(engine);
}
RC_GTEST_PROP(LruApproximation, ScanOfTwiceThePoolEvictsEverythingUntouched, ()) {
  scan_evicts_untouched(engine);
}

// The same properties hold for exact LRU: they describe LRU, not CLOCK.
RC_GTEST_PROP(LruApproximationOfExactLru, AllThreePropertiesHold, ()) {
  recent_is_not_victim(lru_model);
  fifo_without_hits(lru_model);
  scan_evicts_untouched(lru_model);
}

}  // namespace
}  // namespace vmc::proptests
