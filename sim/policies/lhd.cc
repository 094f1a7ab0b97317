// lhd.cc -- LHD, Least Hit Density.
//
// Definition (Beckmann, Chen, Cidon, "LHD: Improving Cache Hit Rate by
// Maximizing Hit Density", NSDI'18), as libCacheSim's LHD/ (lhd.cpp, the
// authors' simulator code) writes it:
//   - Each object has an age (requests since its last request, shifted
//     right by a coarsening that adapts to the number of cached objects)
//     and a class: log-bucket of its last two hit ages (16 classes).  Each
//     class learns, per age, hits and evictions (decayed by 0.9 every 2^20
//     requests), from which its hit density per age is computed; at first
//     density = (class + 1) / (age + 1) (GDSF-like).
//   - Rank = density(class, age) / size (+1 for "explorer" objects: 1 in 32
//     new objects during the first 50 reconfigurations, within 1% of the
//     cache); an age at the maximum (20000) ranks lowest.
//   - To evict: sample 8 cached objects uniformly (32 after 50
//     reconfigurations) plus the last 8 admitted objects that ranked below
//     the running average victim rank, and evict the lowest rank.
//   - A hit takes the request's size (the only policy here that resizes on
//     a hit, as the reference does).
// Deliberate differences: the random draws are ours (xoshiro256**, --seed);
// only the 16 classes the reference ever uses (application id 1) are
// allocated, so an instance costs 3.8 MB instead of 61 MB.  Tested for its
// defining property (tests/randomized_test.cc).
#include <cfloat>
#include <vector>

#include "dense_set.h"
#include "policy_base.h"
#include "rng.h"

namespace vmc::sim::policies {
namespace {

constexpr std::uint32_t kHitAgeClasses = 16;
constexpr std::uint32_t kApp = 1;  // libCacheSim's DEFAULT_APP_ID % APP_CLASSES
constexpr std::uint64_t kMaxAge = 20000;
constexpr std::uint64_t kReconfigureEvery = 1 << 20;
constexpr float kDecay = 0.9f;
constexpr std::uint32_t kAdmissions = 8;

struct Node : NodeBase {
  std::uint32_t pos = 0;
  std::uint64_t stamp = 0;
  std::uint64_t last_hit_age = 0, last_last_hit_age = kMaxAge;
  bool explorer = false;
};

struct Class {
  std::vector<float> hits = std::vector<float>(kMaxAge, 0.f);
  std::vector<float> evictions = std::vector<float>(kMaxAge, 0.f);
  std::vector<float> density = std::vector<float>(kMaxAge, 0.f);
};

class Lhd final : public CachePolicy<Lhd> {
 public:
  explicit Lhd(const PolicyConfig& c)
      : CachePolicy(c),
        explorer_budget_(static_cast<std::int64_t>(double(c.capacity) * 0.01f)),
        classes_(kHitAgeClasses),
        t_(expected_objects(c)),
        rng_(c.seed) {
    for (std::uint32_t k = 0; k < kHitAgeClasses; ++k)
      for (std::uint64_t a = 0; a < kMaxAge; ++a)
        classes_[k].density[a] =
            static_cast<float>(1. * (kApp * kHitAgeClasses + k + 1) / double(a + 1));
  }
  std::string_view name() const override { return "lhd"; }

  bool find(const models::Request& r) {
    std::uint32_t i = t_.find(r.id);
    if (i == kNil) return false;
    used_ = used_ - t_[i].size + r.size;
    t_[i].size = r.size;
    update(i, false);
    return true;
  }
  void evict(const models::Request&) {
    const std::uint32_t v = rank();
    const std::uint64_t age = age_of(v);
    class_of(v).evictions[age] += 1;
    if (t_[v].explorer) explorer_budget_ += static_cast<std::int64_t>(t_[v].size);
    set_.remove(t_, v);
    used_ -= t_[v].size;
    notify_evict(t_[v].id, t_[v].size);
    t_.remove(v);
  }
  void insert(const models::Request& r) {
    std::uint32_t n = t_.add(r.id, r.size);
    set_.add(t_, n);
    used_ += r.size;
    update(n, true);
  }

  std::uint64_t occupied() const { return used_; }
  std::uint64_t count() const override { return set_.size(); }
  std::size_t metadata_bytes() const override {
    return t_.memory_bytes() + set_.memory_bytes() + kHitAgeClasses * kMaxAge * 3 * sizeof(float);
  }

 private:
  std::uint64_t age_of(std::uint32_t i) {
    const std::uint64_t age = (timestamp_ - t_[i].stamp) >> shift_;
    return age >= kMaxAge ? kMaxAge - 1 : age;
  }
  static std::uint32_t hit_age_class(std::uint64_t age) {
    if (age == 0) return kHitAgeClasses - 1;
    std::uint32_t log = 0;
    for (; age < kMaxAge && log < kHitAgeClasses - 1; ++log) age <<= 1;
    return log;
  }
  Class& class_of(std::uint32_t i) {
    return classes_[hit_age_class(t_[i].last_hit_age + t_[i].last_last_hit_age)];
  }
  float density(std::uint32_t i) {
    const std::uint64_t age = age_of(i);
    if (age == kMaxAge - 1) return -FLT_MAX;
    float d = class_of(i).density[age] / static_cast<float>(t_[i].size);
    return t_[i].explorer ? d + 1.f : d;
  }

  // lhd.cpp's update(): a request to object i (new, or hit).
  void update(std::uint32_t i, bool inserted) {
    if (!inserted) {
      const std::uint64_t age = age_of(i);
      class_of(i).hits[age] += 1;
      if (t_[i].explorer) explorer_budget_ += static_cast<std::int64_t>(t_[i].size);
      t_[i].last_last_hit_age = t_[i].last_hit_age;
      t_[i].last_hit_age = age;
    }
    t_[i].stamp = timestamp_;
    const bool explore = rng_.below(32) == 0;
    t_[i].explorer = explore && explorer_budget_ > 0 && reconfigurations_ < 50;
    if (t_[i].explorer) explorer_budget_ -= static_cast<std::int64_t>(t_[i].size);
    if (inserted && !explore && density(i) < ewma_victim_)
      admitted_[admitted_head_++ % kAdmissions] = t_[i].id;
    ++timestamp_;
    if (--until_reconfigure_ == 0) {
      reconfigure();
      until_reconfigure_ = kReconfigureEvery;
      ++reconfigurations_;
    }
  }

  std::uint32_t rank() {
    std::uint32_t victim = kNil;
    float best = FLT_MAX;
    const std::uint32_t samples = reconfigurations_ > 50 ? 32 : 8;
    for (std::uint32_t k = 0; k < samples; ++k) {
      const std::uint32_t s = set_[rng_.below(set_.size())];
      const float d = density(s);
      if (d < best || victim == kNil) victim = s, best = d;
    }
    for (std::uint64_t id : admitted_) {
      const std::uint32_t s = id == kNoId ? kNil : t_.find(id);
      if (s == kNil) continue;
      const float d = density(s);
      if (d < best) victim = s, best = d;
    }
    ewma_victim_ = kDecay * ewma_victim_ + (1 - kDecay) * best;
    return victim;
  }

  void reconfigure();
  void adapt_age_coarsening();
  void model_hit_density();

  static constexpr std::uint64_t kNoId = ~std::uint64_t{0};
  std::uint64_t timestamp_ = 0, until_reconfigure_ = kReconfigureEvery;
  int reconfigurations_ = 0;
  std::uint64_t shift_ = 10;  // age coarsening
  float ewma_objects_ = 0, ewma_objects_mass_ = 0, ewma_victim_ = 0;
  std::int64_t explorer_budget_;
  std::uint64_t admitted_[kAdmissions] = {kNoId, kNoId, kNoId, kNoId, kNoId, kNoId, kNoId, kNoId};
  std::uint32_t admitted_head_ = 0;
  std::vector<Class> classes_;
  NodeTable<Node> t_;
  DenseSet<Node> set_;
  Rng rng_;
  std::uint64_t used_ = 0;
};

void Lhd::reconfigure() {
  for (Class& cl : classes_)
    for (std::uint64_t a = 0; a < kMaxAge; ++a) {
      cl.hits[a] *= kDecay;
      cl.evictions[a] *= kDecay;
    }
  adapt_age_coarsening();
  model_hit_density();
}

// lhd.cpp's modelHitDensity: density(a) = hits at ages >= a / expected
// remaining lifetime, accumulated from the oldest age down in one pass.
void Lhd::model_hit_density() {
  for (Class& cl : classes_) {
    float events = cl.hits[kMaxAge - 1] + cl.evictions[kMaxAge - 1];
    float hits = cl.hits[kMaxAge - 1];
    float lifetime = events;
    for (std::uint64_t a = kMaxAge - 2; a < kMaxAge; --a) {
      hits += cl.hits[a];
      events += cl.hits[a] + cl.evictions[a];
      lifetime += events;
      cl.density[a] = events > 1e-5f ? hits / lifetime : 0.f;
    }
  }
}

// lhd.cpp's adaptAgeCoarsening: at reconfigurations 5 and 25, pick the
// shift that spreads the cached objects' ages over MAX_AGE, rescaling the
// learnt distributions.
void Lhd::adapt_age_coarsening() {
  ewma_objects_ = ewma_objects_ * kDecay + float(set_.size());
  ewma_objects_mass_ = ewma_objects_mass_ * kDecay + 1.f;
  const float optimal = 1.f * (ewma_objects_ / ewma_objects_mass_) / (0.01f * float(kMaxAge));
  if (reconfigurations_ != 5 && reconfigurations_ != 25) return;
  std::uint64_t log2 = 1;
  while (float(1ULL << log2) < optimal) ++log2;
  const std::int64_t delta = std::int64_t(log2) - std::int64_t(shift_);
  shift_ = log2;
  ewma_objects_ *= 8;
  ewma_objects_mass_ *= 8;
  for (Class& cl : classes_) {
    if (delta < 0) {  // stretch
      for (std::uint64_t a = kMaxAge >> -delta; a < kMaxAge - 1; ++a) {
        cl.hits[kMaxAge - 1] += cl.hits[a];
        cl.evictions[kMaxAge - 1] += cl.evictions[a];
      }
      for (std::uint64_t a = kMaxAge - 2; a < kMaxAge; --a) {
        cl.hits[a] = cl.hits[a >> -delta] / float(1 << -delta);
        cl.evictions[a] = cl.evictions[a >> -delta] / float(1 << -delta);
      }
    } else if (delta > 0) {  // compress
      for (std::uint64_t a = 0; a < (kMaxAge >> delta); ++a) {
        cl.hits[a] = cl.hits[a << delta];
        cl.evictions[a] = cl.evictions[a << delta];
        for (std::int64_t k = 1; k < (1 << delta); ++k) {
          cl.hits[a] += cl.hits[(a << delta) + k];
          cl.evictions[a] += cl.evictions[(a << delta) + k];
        }
      }
      for (std::uint64_t a = kMaxAge >> delta; a < kMaxAge - 1; ++a)
        cl.hits[a] = cl.evictions[a] = 0;
    }
  }
}

}  // namespace

std::unique_ptr<models::Policy> make_lhd(const PolicyConfig& c) { return std::make_unique<Lhd>(c); }

}  // namespace vmc::sim::policies
