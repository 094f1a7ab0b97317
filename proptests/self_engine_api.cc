// self_engine_api.cc -- make_engine() returning a second reference model.
//
// Linked instead of engine_api.cc into vmc_proptests_self (built only in a
// tree without the engine), the suite runs against the model itself: every
// property must hold there, which shows the harness raises no false alarms
// whatever the engine does.  The concurrency properties call the "engine"
// from several threads, so the model is wrapped in one recursive lock
// (recursive: callbacks call back in).
#include <mutex>

#include "api.h"

namespace vmc::proptests {
namespace {

class LockedApi final : public CacheApi {
 public:
  explicit LockedApi(std::unique_ptr<CacheApi> inner) : inner_(std::move(inner)) {}
  const char* name() const override { return "locked model"; }
  int put(const void* k, std::size_t ks, const void* v, std::size_t vs) override {
    std::lock_guard<std::recursive_mutex> g(mu_);
    return inner_->put(k, ks, v, vs);
  }
  ssize_t get(const void* k, std::size_t ks, void* b, std::size_t bs, std::size_t off,
              std::size_t* vsize) override {
    std::lock_guard<std::recursive_mutex> g(mu_);
    return inner_->get(k, ks, b, bs, off, vsize);
  }
  int exists(const void* k, std::size_t ks, std::size_t* vsize) override {
    std::lock_guard<std::recursive_mutex> g(mu_);
    return inner_->exists(k, ks, vsize);
  }
  int evict(const void* k, std::size_t ks) override {
    std::lock_guard<std::recursive_mutex> g(mu_);
    return inner_->evict(k, ks);
  }
  int get_stat(int s, void* v, std::size_t vs) override {
    std::lock_guard<std::recursive_mutex> g(mu_);
    return inner_->get_stat(s, v, vs);
  }
  // The callbacks see this wrapper, so their calls back in take the lock too.
  void on_evict(Callback cb) override {
    if (!cb) return inner_->on_evict(nullptr);
    inner_->on_evict([this, cb](CacheApi&, const void* k, std::size_t n) { cb(*this, k, n); });
  }
  void on_miss(Callback cb) override {
    if (!cb) return inner_->on_miss(nullptr);
    inner_->on_miss([this, cb](CacheApi&, const void* k, std::size_t n) { cb(*this, k, n); });
  }

 private:
  std::recursive_mutex mu_;
  std::unique_ptr<CacheApi> inner_;
};

}  // namespace

std::unique_ptr<CacheApi> make_engine(const Config& cfg) {
  auto m = make_model(cfg);
  if (m == nullptr) return nullptr;
  return std::make_unique<LockedApi>(std::move(m));
}

}  // namespace vmc::proptests
