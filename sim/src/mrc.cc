// mrc.cc -- one-pass exact (or SHARDS-sampled) LRU miss-ratio curves.
#include "mrc.h"

#include <vmc/common/random.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "id_map.h"
#include "progress.h"

namespace vmc::sim {
namespace {

// A Fenwick tree over time slots, one live slot per tracked object: the
// sizes of the objects whose last request is at each slot.  When the time
// axis is full, live slots are renumbered 0..L-1 in order (and the axis
// doubled if more than half of it is live).
class StackDistances {
 public:
  // Returns the stack distance of a request to object `o` of size `s`
  // (UINT64_MAX: first request), and makes it the most recent.
  std::uint64_t access(std::uint32_t o, std::uint64_t s) {
    std::uint64_t d = UINT64_MAX;
    if (o < slot_.size() && slot_[o] != kNil) {
      std::uint32_t p = slot_[o];
      d = total_ - prefix(p) + s;
      add(p, -static_cast<std::int64_t>(s));
      owner_[p] = kNil;
      total_ -= s;
    }
    if (o >= slot_.size()) slot_.resize(o + 1, kNil);
    if (now_ == tree_.size()) compact();
    add(now_, static_cast<std::int64_t>(s));
    owner_[now_] = o;
    sizes_at_[now_] = s;
    slot_[o] = static_cast<std::uint32_t>(now_);
    total_ += s;
    ++now_;
    return d;
  }

 private:
  static constexpr std::uint32_t kNil = UINT32_MAX;

  std::uint64_t prefix(std::size_t i) const {  // sum of slots 0..i
    std::uint64_t s = 0;
    for (std::size_t k = i + 1; k > 0; k -= k & (~k + 1)) s += tree_[k - 1];
    return s;
  }
  void add(std::size_t i, std::int64_t v) {
    for (std::size_t k = i + 1; k <= tree_.size(); k += k & (~k + 1))
      tree_[k - 1] += static_cast<std::uint64_t>(v);
  }

  void compact() {
    std::size_t live = 0;
    for (std::size_t i = 0; i < now_; ++i)
      if (owner_[i] != kNil) {
        owner_[live] = owner_[i];
        sizes_at_[live] = sizes_at_[i];
        slot_[owner_[live]] = static_cast<std::uint32_t>(live);
        ++live;
      }
    std::size_t cap = std::max<std::size_t>(tree_.size(), 1024);
    while (live * 2 > cap) cap *= 2;
    owner_.resize(cap);
    sizes_at_.resize(cap);
    std::fill(owner_.begin() + static_cast<std::ptrdiff_t>(live), owner_.end(), kNil);
    tree_.assign(cap, 0);
    for (std::size_t i = 0; i < cap; ++i) {  // linear-time Fenwick build
      if (i < live) tree_[i] += sizes_at_[i];
      std::size_t parent = (i + 1) + ((i + 1) & (~(i + 1) + 1));
      if (parent <= cap) tree_[parent - 1] += tree_[i];
    }
    now_ = live;
  }

  std::vector<std::uint64_t> tree_;
  std::vector<std::uint32_t> owner_;     // slot -> object, or kNil
  std::vector<std::uint64_t> sizes_at_;  // slot -> size (for compaction)
  std::vector<std::uint32_t> slot_;      // object -> slot, or kNil
  std::size_t now_ = 0;
  std::uint64_t total_ = 0;
};

constexpr std::uint64_t kShardsModulus = 1 << 24;

}  // namespace

MrcResult lru_mrc(const TraceSpec& spec, const FeedOptions& opt, std::vector<std::uint64_t> caps,
                  double rate) {
  auto t0 = std::chrono::steady_clock::now();
  std::sort(caps.begin(), caps.end());
  caps.erase(std::unique(caps.begin(), caps.end()), caps.end());
  const bool sampled = rate < 1.0;
  const std::uint64_t threshold = static_cast<std::uint64_t>(rate * double(kShardsModulus));

  // hits[k], hit_bytes[k]: requests whose distance falls in (caps[k-1], caps[k]].
  std::vector<std::uint64_t> hits(caps.size(), 0), hit_bytes(caps.size(), 0);
  std::uint64_t counted = 0, bytes = 0, max_object = 0;
  std::uint64_t all = 0, all_bytes = 0;  // every counted request, sampled or not
  IdMap ids;
  std::uint32_t objects = 0;
  StackDistances stack;
  std::vector<std::uint64_t> size_of;  // per tracked object: its first size
  bool resized = false;
  Feeder feeder(spec, opt);
  std::vector<SimRequest> buf(1 << 16);
  Progress progress(sampled ? "SHARDS pass" : "LRU MRC pass", opt.progress);
  while (std::size_t n = feeder.fill(buf.data(), buf.size())) {
    progress.update(feeder.index(), feeder.progress());
    for (std::size_t i = 0; i < n; ++i) {
      const SimRequest& r = buf[i];
      if (!r.warm) {
        ++all;
        all_bytes += r.bytes;
      }
      if (sampled && (common::murmur3_mix(r.req.id ^ 0x5bd1e995ULL) % kShardsModulus) >= threshold)
        continue;
      std::uint32_t o = ids.find(r.req.id);
      if (o == IdMap::kNone) {
        ids.insert(r.req.id, o = objects++);
        size_of.push_back(r.req.size);
      } else if (size_of[o] != r.req.size) {
        resized = true;
      }
      max_object = std::max(max_object, r.req.size);
      std::uint64_t d = stack.access(o, r.req.size);
      if (r.warm) continue;
      ++counted;
      bytes += r.bytes;
      if (d == UINT64_MAX) continue;
      if (sampled) d = static_cast<std::uint64_t>(std::ceil(double(d) / rate));
      auto k = std::lower_bound(caps.begin(), caps.end(), d) - caps.begin();
      if (static_cast<std::size_t>(k) < caps.size()) {
        ++hits[k];
        hit_bytes[k] += r.bytes;
      }
    }
  }
  MrcResult res;
  res.resized = resized;
  res.requests = counted;
  res.objects = objects;
  // SHARDS-adj (Waldspurger et al., section 4.3): the sample holds R x all
  // requests in expectation; the shortfall (or excess), mostly from a few
  // hot objects sampled out (or in), counts as hits at distance zero, which
  // amounts to dividing the sampled misses by the expected sample size.
  const double denom = sampled ? rate * double(all) : double(counted);
  const double denom_bytes = sampled ? rate * double(all_bytes) : double(bytes);
  std::uint64_t h = 0, hb = 0;
  for (std::size_t k = 0; k < caps.size(); ++k) {
    h += hits[k];
    hb += hit_bytes[k];
    MrcPoint p;
    p.capacity = caps[k];
    p.miss_ratio = denom > 0 ? std::min(1.0, double(counted - h) / denom) : 0;
    p.byte_miss_ratio = denom_bytes > 0 ? std::min(1.0, double(bytes - hb) / denom_bytes) : 0;
    p.exact = !sampled && !resized && caps[k] >= max_object;
    res.points.push_back(p);
  }
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

MrcError mrc_error(const MrcResult& a, const MrcResult& e) {
  MrcError err;
  std::size_t n = std::min(a.points.size(), e.points.size());
  for (std::size_t i = 0; i < n; ++i) {
    double d = std::fabs(a.points[i].miss_ratio - e.points[i].miss_ratio);
    err.mean_abs += d;
    err.max_abs = std::max(err.max_abs, d);
  }
  if (n > 0) err.mean_abs /= double(n);
  return err;
}

}  // namespace vmc::sim
