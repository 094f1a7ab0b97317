// model_api.cc -- CacheApi over the reference model (models/cache_model.h).
#include <sys/stat.h>
#include <cerrno>

#include "api.h"

namespace vmc::proptests {
namespace {

class ModelApi final : public CacheApi {
 public:
  explicit ModelApi(models::ReplacerKind r) : m_(r) {}
  const char* name() const override { return "model"; }
  models::CacheModel& model() { return m_; }

  int put(const void* k, std::size_t ks, const void* v, std::size_t vs) override {
    return m_.put(k, ks, v, vs);
  }
  ssize_t get(const void* k, std::size_t ks, void* b, std::size_t bs, std::size_t off,
              std::size_t* vsize) override {
    return m_.get(k, ks, b, bs, off, vsize);
  }
  int exists(const void* k, std::size_t ks, std::size_t* vsize) override {
    return m_.exists(k, ks, vsize);
  }
  int evict(const void* k, std::size_t ks) override { return m_.evict(k, ks); }
  int get_stat(int s, void* v, std::size_t vs) override { return m_.get_stat(s, v, vs); }
  void on_evict(Callback cb) override {
    if (!cb) return m_.callback_on_evict(nullptr);
    m_.callback_on_evict(
        [this, cb](models::CacheModel&, const void* k, std::size_t n) { cb(*this, k, n); });
  }
  void on_miss(Callback cb) override {
    if (!cb) return m_.callback_on_miss(nullptr);
    m_.callback_on_miss(
        [this, cb](models::CacheModel&, const void* k, std::size_t n) { cb(*this, k, n); });
  }

 private:
  models::CacheModel m_;
};

}  // namespace

std::uint64_t Config::pool_size() const { return models::CacheModel::pool_for(size); }

std::ostream& operator<<(std::ostream& os, const Config& c) {
  return os << "{size=" << c.size << " (pool " << c.pool_size()
            << "), extent_size=" << c.extent_size << " (" << c.extents() << " extents), policy="
            << (c.policy == 0   ? "NONE"
                : c.policy == 1 ? "LRU"
                                : "?")
            << "}";
}

std::uint64_t CacheApi::stat(int s) {
  unsigned long long v = 0;
  if (get_stat(s, &v, sizeof v) != 0) return ~std::uint64_t{0};
  return v;
}

const char* pool_dir() {
  struct stat st;
  return ::stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
}

std::unique_ptr<CacheApi> make_model(const Config& cfg, models::ReplacerKind replacer) {
  auto api = std::make_unique<ModelApi>(replacer);
  models::CacheModel& m = api->model();
  if ((cfg.size != 0 && m.set_size(cfg.size) != 0) || m.set_extent_size(cfg.extent_size) != 0 ||
      m.set_eviction_policy(cfg.policy) != 0 || m.add(pool_dir()) != 0)
    return nullptr;
  return api;
}

models::CacheModel make_plain_model(const Config& cfg, models::ReplacerKind replacer) {
  models::CacheModel m(replacer);
  if (cfg.size != 0) m.set_size(cfg.size);
  m.set_extent_size(cfg.extent_size);
  m.set_eviction_policy(cfg.policy);
  m.add(pool_dir());
  return m;
}

std::string errno_name(int err) {
  switch (err) {
    case 0:
      return "0";
    case EINVAL:
      return "EINVAL";
    case ENOENT:
      return "ENOENT";
    case EEXIST:
      return "EEXIST";
    case ENOSPC:
      return "ENOSPC";
    case ESRCH:
      return "ESRCH";
    case EALREADY:
      return "EALREADY";
    case EBUSY:
      return "EBUSY";
    case ENOTDIR:
      return "ENOTDIR";
    case ENOTSUP:
      return "ENOTSUP";
    case EACCES:
      return "EACCES";
    case ENOMEM:
      return "ENOMEM";
    default:
      return "errno " + std::to_string(err);
  }
}

}  // namespace vmc::proptests
