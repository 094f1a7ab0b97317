// cache_model.cc -- the reference model of the C API; see cache_model.h and
// docs/SEMANTICS.md (each step below cites the rule it implements).
#include "vmc/models/cache_model.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>

#include "vmc/models/clock.h"
#include "vmc/models/lru.h"

namespace vmc::models {
namespace {

std::unique_ptr<Replacer> make_replacer(ReplacerKind kind, const Replacer* copy_of) {
  // Capacity 0: the model drives the Replacer interface only, which has none.
  if (kind == ReplacerKind::kClock) {
    if (copy_of != nullptr) return std::make_unique<Clock>(static_cast<const Clock&>(*copy_of));
    return std::make_unique<Clock>(0);
  }
  if (copy_of != nullptr) return std::make_unique<Lru>(static_cast<const Lru&>(*copy_of));
  return std::make_unique<Lru>(0);
}

// SEMANTICS "Get": the number of bytes a get copies.
std::size_t copy_out(const std::string& value, void* vbuf, std::size_t vbufsize,
                     std::size_t offset) {
  if (vbuf == nullptr || offset >= value.size()) return 0;
  std::size_t n = std::min(vbufsize, value.size() - offset);
  std::memcpy(vbuf, value.data() + offset, n);
  return n;
}

}  // namespace

CacheModel::CacheModel(ReplacerKind replacer)
    : replacer_kind_(replacer), replacer_(make_replacer(replacer, nullptr)) {}

CacheModel::CacheModel(const CacheModel& o)
    : replacer_kind_(o.replacer_kind_),
      replacer_(make_replacer(o.replacer_kind_, o.replacer_.get())),
      policy_(o.policy_),
      size_(o.size_),
      extent_size_(o.extent_size_),
      added_(o.added_),
      pool_size_(o.pool_size_),
      index_(o.index_),
      ids_(o.ids_),
      names_(o.names_),
      used_(o.used_),
      free_count_(o.free_count_),
      cursor_(o.cursor_),
      events_(o.events_),
      misses_(o.misses_),
      on_evict_(o.on_evict_),
      on_miss_(o.on_miss_) {
  std::copy(std::begin(o.stats_), std::end(o.stats_), std::begin(stats_));
}

CacheModel& CacheModel::operator=(const CacheModel& o) {
  if (this != &o) {
    CacheModel tmp(o);
    std::swap(replacer_kind_, tmp.replacer_kind_);
    std::swap(replacer_, tmp.replacer_);
    policy_ = tmp.policy_;
    size_ = tmp.size_;
    extent_size_ = tmp.extent_size_;
    added_ = tmp.added_;
    pool_size_ = tmp.pool_size_;
    index_ = std::move(tmp.index_);
    ids_ = std::move(tmp.ids_);
    names_ = std::move(tmp.names_);
    used_ = std::move(tmp.used_);
    free_count_ = tmp.free_count_;
    cursor_ = tmp.cursor_;
    std::copy(std::begin(tmp.stats_), std::end(tmp.stats_), std::begin(stats_));
    events_ = std::move(tmp.events_);
    misses_ = std::move(tmp.misses_);
    on_evict_ = std::move(tmp.on_evict_);
    on_miss_ = std::move(tmp.on_miss_);
  }
  return *this;
}

CacheModel::~CacheModel() = default;

int CacheModel::fail(int err) const {
  errno = err;
  return -1;
}

// --- set-up (SEMANTICS "Life cycle errors") ------------------------------------

int CacheModel::set_eviction_policy(int policy) {
  if (added_) return fail(EALREADY);
  if (policy < 0 || policy >= static_cast<int>(Eviction::kNum)) return fail(EINVAL);
  policy_ = static_cast<Eviction>(policy);
  return 0;
}

int CacheModel::set_size(std::uint64_t size) {
  if (added_) return fail(EALREADY);
  if (size < kMinPool || size >= kMaxPool) return fail(EINVAL);
  size_ = size;
  return 0;
}

int CacheModel::set_extent_size(std::uint64_t extent_size) {
  if (added_) return fail(EALREADY);
  if (extent_size < kMinExtent) return fail(EINVAL);
  extent_size_ = extent_size;
  return 0;
}

int CacheModel::add(const char* path) {
  if (added_) return fail(EBUSY);
  if (path == nullptr) return fail(EINVAL);
  struct stat st;
  if (::stat(path, &st) != 0) return fail(errno);
  if (S_ISREG(st.st_mode)) return fail(ENOTDIR);
  if (S_ISCHR(st.st_mode)) return fail(ENOTSUP);  // no device DAX in the model
  if (!S_ISDIR(st.st_mode)) return fail(ENOTDIR);
  if (::access(path, W_OK) != 0) return fail(errno);  // EACCES, or EROFS on a read-only filesystem
  const std::uint64_t pool = pool_for(size_);
  if (extent_size_ > pool) return fail(EINVAL);
  pool_size_ = pool;
  used_.assign(pool / extent_size_, false);
  free_count_ = used_.size();
  cursor_ = 0;
  added_ = true;
  return 0;
}

// --- extents (SEMANTICS "Extent allocation") -------------------------------------

std::uint64_t CacheModel::extents_for(std::uint64_t v) const {
  return std::max<std::uint64_t>(1, (v + extent_size_ - 1) / extent_size_);
}

bool CacheModel::allocate(std::uint64_t k, std::vector<std::uint32_t>* out) {
  if (free_count_ < k) return false;
  const std::uint64_t n = used_.size();
  // A cursor on a free extent first moves back to the start of its free run.
  while (cursor_ > 0 && !used_[cursor_] && !used_[cursor_ - 1]) --cursor_;
  std::uint64_t last = cursor_;
  for (std::uint64_t i = 0; out->size() < k; ++i) {
    std::uint64_t e = (cursor_ + i) % n;
    if (!used_[e]) {
      used_[e] = true;
      out->push_back(static_cast<std::uint32_t>(e));
      last = e;
    }
  }
  free_count_ -= k;
  cursor_ = (last + 1) % n;
  return true;
}

ObjId CacheModel::intern(const std::string& key) {
  auto [it, fresh] = ids_.emplace(key, names_.size());
  if (fresh) names_.push_back(key);
  return it->second;
}

// on_evict runs while the entry is readable; then its extents become free.
void CacheModel::remove(const std::string& key) {
  auto it = index_.find(key);
  assert(it != index_.end() && !it->second.in_replacer && !it->second.dying);
  it->second.dying = true;
  if (on_evict_) {
    events_.push_back(Event{Event::Kind::kEvict, key});
    const std::string copy = key;  // the callback may not rely on our storage
    on_evict_(*this, copy.data(), copy.size());
  }
  it = index_.find(key);
  for (std::uint32_t e : it->second.extents) used_[e] = false;
  free_count_ += it->second.extents.size();
  index_.erase(it);
  ++stats_[static_cast<int>(Stat::kEvict)];
}

// --- operations --------------------------------------------------------------------

int CacheModel::put(const void* key, std::size_t key_size, const void* value,
                    std::size_t value_size) {
  // SEMANTICS "Put" 1: argument errors, then "not added".
  if (key == nullptr || (value == nullptr && value_size > 0) || key_size > kMaxKeySize)
    return fail(EINVAL);
  if (!added_) return fail(EINVAL);
  std::string k(static_cast<const char*>(key), key_size);
  std::string v =
      value_size == 0 ? std::string() : std::string(static_cast<const char*>(value), value_size);
  // SEMANTICS "Get", miss: the first valid put of the key from on_miss answers it.
  for (auto f = misses_.rbegin(); f != misses_.rend(); ++f) {
    if (f->key == k) {
      if (!f->value) f->value = v;
      break;
    }
  }
  // 2: no overwrite.
  if (index_.count(k) != 0) return fail(EEXIST);
  // 3: can never fit.
  const std::uint64_t need = extents_for(value_size);
  if (need > used_.size()) return fail(ENOSPC);
  // 4: make room.
  while (free_count_ < need) {
    if (policy_ == Eviction::kNone) return fail(ENOSPC);
    std::optional<ObjId> victim = replacer_->victim();
    if (!victim) return fail(ENOSPC);  // only entries being evicted are left
    const std::string name = names_[*victim];
    index_.at(name).in_replacer = false;
    remove(name);
  }
  // 5: take the extents, insert -- unless an on_evict during step 4 put the
  // key meanwhile (EEXIST, the evictions stand).
  if (index_.count(k) != 0) return fail(EEXIST);
  Entry e{std::move(v), {}, intern(k), true, false};
  bool ok = allocate(need, &e.extents);
  assert(ok);
  (void)ok;
  replacer_->insert(e.id);
  index_.emplace(std::move(k), std::move(e));
  ++stats_[static_cast<int>(Stat::kPut)];
  return 0;
}

ssize_t CacheModel::get(const void* key, std::size_t key_size, void* vbuf, std::size_t vbufsize,
                        std::size_t offset, std::size_t* vsize) {
  if (key == nullptr || key_size > kMaxKeySize) return fail(EINVAL);
  if (!added_) return fail(EINVAL);
  ++stats_[static_cast<int>(Stat::kGet)];
  std::string k(static_cast<const char*>(key), key_size);
  auto it = index_.find(k);
  if (it != index_.end()) {
    ++stats_[static_cast<int>(Stat::kHit)];
    if (it->second.in_replacer) replacer_->touch(it->second.id);
    if (vsize != nullptr) *vsize = it->second.value.size();
    return static_cast<ssize_t>(copy_out(it->second.value, vbuf, vbufsize, offset));
  }
  ++stats_[static_cast<int>(Stat::kMiss)];
  if (on_miss_) {
    events_.push_back(Event{Event::Kind::kMiss, k});
    misses_.push_back(MissFrame{k, std::nullopt});
    on_miss_(*this, k.data(), k.size());
    std::optional<std::string> answer = std::move(misses_.back().value);
    misses_.pop_back();
    if (answer) {
      if (vsize != nullptr) *vsize = answer->size();
      return static_cast<ssize_t>(copy_out(*answer, vbuf, vbufsize, offset));
    }
  }
  return fail(ENOENT);
}

int CacheModel::exists(const void* key, std::size_t key_size, std::size_t* vsize) {
  if (key == nullptr || key_size > kMaxKeySize) return fail(EINVAL);
  if (!added_) return fail(EINVAL);
  auto it = index_.find(std::string(static_cast<const char*>(key), key_size));
  if (it == index_.end()) return 0;
  if (vsize != nullptr) *vsize = it->second.value.size();
  return 1;
}

int CacheModel::evict(const void* key, std::size_t key_size) {
  if (key != nullptr && key_size > kMaxKeySize) return fail(EINVAL);
  if (!added_) return fail(EINVAL);
  if (key == nullptr) {
    std::optional<ObjId> victim = replacer_->victim();
    if (!victim) return fail(ESRCH);
    const std::string name = names_[*victim];
    index_.at(name).in_replacer = false;
    remove(name);
    return 0;
  }
  std::string k(static_cast<const char*>(key), key_size);
  auto it = index_.find(k);
  if (it == index_.end() || it->second.dying) return fail(ENOENT);
  if (it->second.in_replacer) {
    replacer_->erase(it->second.id);
    it->second.in_replacer = false;
  }
  remove(k);
  return 0;
}

std::uint64_t CacheModel::stat(Stat s) const {
  if (!added_) return 0;  // SEMANTICS "Statistics": all 0 before add
  switch (s) {
    case Stat::kEntries:
      return index_.size();
    case Stat::kDramSizeUsed: {
      // Not the engine's figure (not predicted): a plausible one with the
      // same invariants, 0 exactly when the cache is empty.
      std::uint64_t bytes = 0;
      for (const auto& [k, e] : index_) bytes += kEntryOverhead + k.size() + 8 * e.extents.size();
      return bytes;
    }
    case Stat::kPoolSizeUsed:
      return (used_.size() - free_count_) * extent_size_;
    case Stat::kHeapEntries: {
      std::uint64_t runs = 0;
      for (std::size_t i = 0; i < used_.size(); ++i)
        if (!used_[i] && (i == 0 || used_[i - 1])) ++runs;
      return runs;
    }
    default:
      return stats_[static_cast<int>(s)];
  }
}

int CacheModel::get_stat(int s, void* value, std::size_t value_size) {
  if (value == nullptr || value_size != sizeof(unsigned long long) || s < 0 ||
      s >= static_cast<int>(Stat::kNum))
    return fail(EINVAL);
  unsigned long long v = stat(static_cast<Stat>(s));
  std::memcpy(value, &v, sizeof v);
  return 0;
}

std::vector<std::string> CacheModel::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, e] : index_) out.push_back(k);
  return out;
}

const std::string* CacheModel::value(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &it->second.value;
}

std::vector<std::uint32_t> CacheModel::extents_of(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? std::vector<std::uint32_t>{} : it->second.extents;
}

}  // namespace vmc::models
