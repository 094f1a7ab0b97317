// fuzz_sides.cc -- see fuzz_sides.h.
#include "fuzz_sides.h"

#include <cerrno>
#include <cstdlib>

extern "C" {
// hostile_enums.c: enum arguments passed as the integers a C caller may pass.
int vmc_fuzz_set_policy(VMEMcache* cache, int raw);
int vmc_fuzz_get_stat(VMEMcache* cache, int raw, void* value, size_t value_size);
}

namespace vmc::fuzz {

// --- the engine ------------------------------------------------------------------

EngineApi::EngineApi(Hooks* hooks) : hooks_(hooks), c_(vmemcache_new()) {
  if (c_ == nullptr) std::abort();  // no fault injection here: new cannot fail
}

EngineApi::~EngineApi() {
  for (std::size_t i = 0; i < handles_.size(); ++i) handle_release(i);
  vmemcache_delete(c_);
}

int EngineApi::set_size(std::size_t size) { return vmemcache_set_size(c_, size); }
int EngineApi::set_extent_size(std::size_t size) { return vmemcache_set_extent_size(c_, size); }
int EngineApi::set_policy(int raw) { return vmc_fuzz_set_policy(c_, raw); }
int EngineApi::set_huge_pages(int enable) { return vmemcache_set_huge_pages(c_, enable); }
int EngineApi::add(const char* path) { return vmemcache_add(c_, path); }

void EngineApi::set_callbacks(EvictCb evict, bool miss) {
  if (evict == EvictCb::kSized)
    vmemcache_callback_on_evict_sized(c_, &EngineApi::evict_sized, this);
  else
    vmemcache_callback_on_evict(c_, evict == EvictCb::kPlain ? &EngineApi::evict_plain : nullptr,
                                this);
  vmemcache_callback_on_miss(c_, miss ? &EngineApi::miss : nullptr, this);
}

int EngineApi::put(const void* k, std::size_t ks, const void* v, std::size_t vs) {
  return vmemcache_put(c_, k, ks, v, vs);
}

int EngineApi::insert_or_assign(const void* k, std::size_t ks, const void* v, std::size_t vs) {
  return vmemcache_insert_or_assign(c_, k, ks, v, vs);
}

ssize_t EngineApi::get(const void* k, std::size_t ks, void* buf, std::size_t bufsize,
                       std::size_t offset, std::size_t* vsize) {
  return vmemcache_get(c_, k, ks, buf, bufsize, offset, vsize);
}

int EngineApi::exists(const void* k, std::size_t ks, std::size_t* vsize) {
  return vmemcache_exists(c_, k, ks, vsize);
}

int EngineApi::evict(const void* k, std::size_t ks) { return vmemcache_evict(c_, k, ks); }

int EngineApi::get_stat(int raw, void* value, std::size_t value_size) {
  return vmc_fuzz_get_stat(c_, raw, value, value_size);
}

int EngineApi::get_shared_writes(bool null_out) {
  vmemcache_shared_writes out[VMEMCACHE_OPS_NUM];
  return vmemcache_get_shared_writes(c_, null_out ? nullptr : out);
}

int EngineApi::visit(const void* k, std::size_t ks, bool null_fn) {
  return vmemcache_visit(c_, k, ks, null_fn ? nullptr : &EngineApi::visitor, this);
}

int EngineApi::handle_get(const void* k, std::size_t ks, std::size_t slot) {
  if (handles_.size() <= slot) handles_.resize(slot + 1, nullptr);
  handles_[slot] = vmemcache_handle_get(c_, k, ks);
  return handles_[slot] != nullptr ? 0 : -1;
}

Pieces EngineApi::handle_pieces(std::size_t slot) {
  std::size_t n = 0;
  const vmemcache_piece* p = vmemcache_handle_pieces(handles_[slot], &n);
  Pieces out;
  for (std::size_t i = 0; i < n; ++i)
    out.emplace_back(static_cast<const char*>(p[i].data), p[i].size);
  return out;
}

std::size_t EngineApi::handle_value_size(std::size_t slot) {
  return vmemcache_handle_value_size(handles_[slot]);
}

void EngineApi::handle_release(std::size_t slot) {
  if (!has_handle(slot)) return;
  vmemcache_handle_release(handles_[slot]);
  handles_[slot] = nullptr;
}

void EngineApi::evict_plain(VMEMcache* c, const void* k, size_t ks, void* arg) {
  auto* self = static_cast<EngineApi*>(arg);
  if (c != self->c_) std::abort();  // the callback's cache argument is the cache
  self->hooks_->on_evict(kEngine, k, ks, 0, false);
}

void EngineApi::evict_sized(VMEMcache* c, const void* k, size_t ks, size_t vs, void* arg) {
  auto* self = static_cast<EngineApi*>(arg);
  if (c != self->c_) std::abort();
  self->hooks_->on_evict(kEngine, k, ks, vs, true);
}

void EngineApi::miss(VMEMcache* c, const void* k, size_t ks, void* arg) {
  auto* self = static_cast<EngineApi*>(arg);
  if (c != self->c_) std::abort();
  self->hooks_->on_miss(kEngine, k, ks);
}

void EngineApi::visitor(const vmemcache_piece* p, size_t n, size_t vs, void* arg) {
  Pieces pieces;
  for (std::size_t i = 0; i < n; ++i)
    pieces.emplace_back(static_cast<const char*>(p[i].data), p[i].size);
  static_cast<EngineApi*>(arg)->hooks_->on_visit(kEngine, pieces, vs);
}

// --- the model -------------------------------------------------------------------

int ModelApi::set_huge_pages(int) {
  if (!m_.added()) return 0;
  errno = EALREADY;
  return -1;
}

void ModelApi::set_callbacks(EvictCb evict, bool miss) {
  // The model's on_evict is always set, to see which entries go; only the
  // program's registration reaches the hooks.
  user_evict_ = evict != EvictCb::kNone;
  user_evict_sized_ = evict == EvictCb::kSized;
  m_.callback_on_evict([this](models::CacheModel& m, const void* k, std::size_t ks) {
    const std::string key(static_cast<const char*>(k), ks);
    evicted_.push_back(key);
    if (!user_evict_) return;
    const std::string* v = m.value(key);
    hooks_->on_evict(kModel, k, ks, user_evict_sized_ && v != nullptr ? v->size() : 0,
                     user_evict_sized_);
  });
  miss_cb_ = nullptr;
  if (miss)
    miss_cb_ = [this](models::CacheModel&, const void* k, std::size_t ks) {
      ++misses_running_;
      struct Done {
        int* n;
        ~Done() { --*n; }
      } done{&misses_running_};
      hooks_->on_miss(kModel, k, ks);
    };
  m_.callback_on_miss(miss_cb_);
}

bool ModelApi::bad_put_args(const void* k, std::size_t ks, const void* v, std::size_t vs) const {
  return k == nullptr || ks > models::CacheModel::kMaxKeySize || (v == nullptr && vs != 0) ||
         !m_.added();
}

int ModelApi::put(const void* k, std::size_t ks, const void* v, std::size_t vs) {
  if (visiting_ > 0 && !bad_put_args(k, ks, v, vs)) {
    errno = EDEADLK;
    return -1;
  }
  // A value larger than the pool: the model copies it before its checks (to
  // answer a pending miss), the engine answers without reading it (unless a
  // miss is pending).  So when none is, the model's steps 1-3
  // (docs/SEMANTICS.md, Put) without the copy: the fuzzer lies about the
  // size of some values, and copying megabytes slows it down.
  if (!bad_put_args(k, ks, v, vs) && misses_running_ == 0 && vs > m_.extents() * m_.extent_size()) {
    errno = m_.exists(k, ks, nullptr) == 1 ? EEXIST : ENOSPC;
    return -1;
  }
  return m_.put(k, ks, v, vs);
}

int ModelApi::insert_or_assign(const void* k, std::size_t ks, const void* v, std::size_t vs) {
  if (bad_put_args(k, ks, v, vs) || visiting_ > 0) return put(k, ks, v, vs);
  const bool present = m_.exists(k, ks, nullptr) == 1;
  if (!present) {
    const int r = put(k, ks, v, vs);
    // EEXIST: an on_evict put the key meanwhile, and the engine replaced it.
    if (r == -1 && errno == EEXIST) return errno = 0, kUnpredictable;
    return r;
  }
  if (m_.extents_for(vs) > m_.extents()) {
    (void)put(k, ks, v, vs);  // answers a pending miss, as the engine does; EEXIST
    errno = ENOSPC;
    return -1;
  }
  return errno = 0, kUnpredictable;  // a replacement: the model has none
}

int ModelApi::evict(const void* k, std::size_t ks) {
  if (visiting_ > 0 && !(k != nullptr && ks > models::CacheModel::kMaxKeySize) && m_.added()) {
    errno = EDEADLK;
    return -1;
  }
  return m_.evict(k, ks);
}

int ModelApi::get_shared_writes(bool null_out) {
  errno = null_out ? EINVAL : ENOTSUP;
  return -1;
}

int ModelApi::quiet_get(const void* k, std::size_t ks) {
  m_.callback_on_miss(nullptr);
  const ssize_t r = m_.get(k, ks, nullptr, 0, 0, nullptr);
  const int err = errno;
  m_.callback_on_miss(miss_cb_);
  errno = err;
  return r < 0 ? -1 : 0;
}

int ModelApi::visit(const void* k, std::size_t ks, bool null_fn) {
  if (k == nullptr || ks > models::CacheModel::kMaxKeySize || null_fn || !m_.added()) {
    errno = EINVAL;
    return -1;
  }
  if (quiet_get(k, ks) != 0) return -1;
  const std::string v = *m_.value(std::string(static_cast<const char*>(k), ks));
  ++visiting_;
  hooks_->on_visit(kModel, v.empty() ? Pieces{} : Pieces{{v.data(), v.size()}}, v.size());
  --visiting_;
  return 0;
}

int ModelApi::handle_get(const void* k, std::size_t ks, std::size_t slot) {
  if (handles_.size() <= slot) handles_.resize(slot + 1);
  if (k == nullptr || ks > models::CacheModel::kMaxKeySize || !m_.added()) {
    errno = EINVAL;
    return -1;
  }
  if (quiet_get(k, ks) != 0) return -1;
  const std::string key(static_cast<const char*>(k), ks);
  handles_[slot] = {true, key, *m_.value(key)};
  return 0;
}

Pieces ModelApi::handle_pieces(std::size_t slot) {
  const std::string& v = handles_[slot].value;
  return v.empty() ? Pieces{} : Pieces{{v.data(), v.size()}};
}

std::size_t ModelApi::handle_value_size(std::size_t slot) { return handles_[slot].value.size(); }

void ModelApi::handle_release(std::size_t slot) {
  if (slot < handles_.size()) handles_[slot] = Handle{};
}

bool ModelApi::held_entry_evicted() {
  bool hit = false;
  for (const Handle& h : handles_)
    for (const std::string& k : evicted_) hit = hit || (h.held && h.key == k);
  evicted_.clear();
  m_.clear_events();
  return hit;
}

}  // namespace vmc::fuzz
