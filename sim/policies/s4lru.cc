// s4lru.cc -- S4LRU: segmented LRU with four equal segments (slru.h).
//
// Definition (Huang et al., "An Analysis of Facebook Photo Caching",
// SOSP'13), as libCacheSim's SLRU.c writes it with its defaults (n-seg=4,
// each segment floor(c / 4)): a miss enters the lowest segment with room
// (so a cold cache fills the upper segments too); a hit moves the object to
// the head of the next segment up (the top segment: to its head), and a
// segment over its size cools its tail down one segment, segment 0 evicting.
// Evictions take the tail of the lowest non-empty segment.  An object larger
// than segment 0 is not admitted.  No deliberate difference.
//
// Parameters: segments (n-seg), 1..16, equal sizes; or seg-size, ratios
// such as 1:1:2 (then segments = their count).
#include <string>

#include "policy_base.h"
#include "slru.h"

namespace vmc::sim::policies {
namespace {

std::vector<std::uint64_t> segment_sizes(const PolicyConfig& c) {
  const std::string ratios = c.params.text({"seg-size", "ratios"}, "");
  const std::int64_t n = c.params.integer({"segments", "n-seg"}, 4, 1, 16);
  if (ratios.empty()) return Slru::equal_sizes(c.capacity, static_cast<std::size_t>(n));
  std::vector<std::int64_t> r;
  std::size_t start = 0;
  while (start <= ratios.size()) {
    std::size_t end = ratios.find(':', start);
    if (end == std::string::npos) end = ratios.size();
    const std::string tok = ratios.substr(start, end - start);
    std::size_t used = 0;
    std::int64_t v = 0;
    try {
      v = std::stoll(tok, &used);
    } catch (const std::exception&) {
    }
    if (used != tok.size() || v <= 0 || r.size() == 16)
      throw std::invalid_argument("s4lru: seg-size '" + ratios +
                                  "' must be up to 16 positive integers separated by "
                                  "':' (e.g. seg-size:1:1:2)");
    r.push_back(v);
    start = end + 1;
  }
  return Slru::ratio_sizes(c.capacity, r);
}

class S4Lru final : public CachePolicy<S4Lru>, private models::EvictionObserver {
 public:
  explicit S4Lru(const PolicyConfig& c)
      : CachePolicy(c), slru_(c.capacity, segment_sizes(c), this, expected_objects(c)) {}
  std::string_view name() const override { return "s4lru"; }

  bool find(const models::Request& r) { return slru_.find(r.id); }
  bool can_insert(const models::Request& r) const { return slru_.can_insert(r.size); }
  void evict(const models::Request&) { slru_.evict(); }
  void insert(const models::Request& r) { slru_.insert(r.id, r.size); }

  std::uint64_t occupied() const { return slru_.occupied(); }
  std::uint64_t count() const override { return slru_.count(); }
  std::size_t metadata_bytes() const override { return slru_.memory_bytes(); }

 private:
  void on_evict(models::ObjId id, std::uint64_t size) override { notify_evict(id, size); }
  Slru slru_;
};

}  // namespace

std::unique_ptr<models::Policy> make_s4lru(const PolicyConfig& c) {
  return std::make_unique<S4Lru>(c);
}

}  // namespace vmc::sim::policies
