// textbook_lru.cc -- the baselines: an exact LRU cache behind one mutex, and
// N of them striped by key hash.
//
// This is the cache a competent engineer writes in an afternoon, and the
// one the engine must beat to be worth its complexity:
//
//   std::list<Entry> lru_        most recently used at the front; each
//                                node owns its key and value bytes (DRAM)
//   std::unordered_map<string_view, list::iterator> index_
//                                the view points into the node's own key,
//                                so a key is stored once
//
// Capacity is counted exactly as the engine counts it: extents of
// extent_size bytes, max(1, ceil(size / extent_size)) per value, so both
// caches hold the same entries under the same key stream.  put never
// overwrites (EEXIST), like the engine.
//
// Threads: every public method takes mu_; nothing is lock-free.
#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "cache_under_test.h"

namespace vmc::bench {
namespace {

class TextbookLru final : public CacheUnderTest {
 public:
  TextbookLru(std::uint64_t capacity_extents, std::uint64_t extent_size, bool policy_lru)
      : capacity_extents_(capacity_extents), extent_size_(extent_size), policy_lru_(policy_lru) {}

  std::string_view name() const override { return "textbook"; }

  bool get(const void* key, std::size_t key_size, void* buf, std::size_t buf_size,
           std::size_t* vsize) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.get;
    auto it = index_.find(as_view(key, key_size));
    if (it == index_.end()) {
      ++stats_.miss;
      return false;
    }
    ++stats_.hit;
    lru_.splice(lru_.begin(), lru_, it->second);
    const std::string& v = it->second->value;
    std::size_t n = v.size() < buf_size ? v.size() : buf_size;
    if (buf != nullptr && n > 0) std::memcpy(buf, v.data(), n);
    if (vsize != nullptr) *vsize = v.size();
    return true;
  }

  bool exists(const void* key, std::size_t key_size) override {
    std::lock_guard<std::mutex> lock(mu_);
    return index_.count(as_view(key, key_size)) != 0;
  }

  int put(const void* key, std::size_t key_size, const void* value,
          std::size_t value_size) override {
    const std::uint64_t need = extents_for(value_size, extent_size_);
    // Built outside the lock: the copy of the value is the caller's cost.
    Entry e{std::string(static_cast<const char*>(key), key_size),
            std::string(static_cast<const char*>(value), value_size), need};
    std::lock_guard<std::mutex> lock(mu_);
    if (index_.count(as_view(key, key_size)) != 0) return EEXIST;
    if (need > capacity_extents_) return ENOSPC;
    while (capacity_extents_ - used_extents_ < need) {
      if (!policy_lru_ || lru_.empty()) return ENOSPC;
      remove_locked(std::prev(lru_.end()));
    }
    lru_.push_front(std::move(e));
    index_.emplace(std::string_view(lru_.front().key), lru_.begin());
    used_extents_ += need;
    ++stats_.put;
    return 0;
  }

  bool erase(const void* key, std::size_t key_size) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(as_view(key, key_size));
    if (it == index_.end()) return false;
    remove_locked(it->second);
    return true;
  }

  bool evict_one() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (lru_.empty()) return false;
    remove_locked(std::prev(lru_.end()));
    return true;
  }

  CacheStats stats() override {
    std::lock_guard<std::mutex> lock(mu_);
    CacheStats s = stats_;
    s.entries = lru_.size();
    s.pool_size_used = used_extents_ * extent_size_;
    return s;
  }

  std::uint64_t capacity() const override { return capacity_extents_ * extent_size_; }
  std::uint64_t extent_size() const override { return extent_size_; }

 private:
  struct Entry {
    std::string key;
    std::string value;
    std::uint64_t extents;
  };
  using List = std::list<Entry>;

  static std::string_view as_view(const void* key, std::size_t key_size) {
    return {static_cast<const char*>(key), key_size};
  }

  // REQUIRES: mu_ held; pos in lru_.
  void remove_locked(List::iterator pos) {
    index_.erase(std::string_view(pos->key));
    used_extents_ -= pos->extents;
    lru_.erase(pos);
    ++stats_.evict;
  }

  const std::uint64_t capacity_extents_;
  const std::uint64_t extent_size_;
  const bool policy_lru_;
  std::mutex mu_;
  List lru_;                                                    // GUARDED_BY(mu_)
  std::unordered_map<std::string_view, List::iterator> index_;  // GUARDED_BY(mu_)
  std::uint64_t used_extents_ = 0;  // GUARDED_BY(mu_); sum of lru_ extents
  CacheStats stats_;                // GUARDED_BY(mu_)
};

// N TextbookLru shards, each with 1/N of the extents, chosen by key hash.
// An entry can be evicted while other shards hold older ones: the sharded
// cache is only approximately LRU, as in memcached and RocksDB.
class ShardedLru final : public CacheUnderTest {
 public:
  ShardedLru(std::uint64_t capacity_extents, std::uint64_t extent_size, bool policy_lru,
             unsigned shards)
      : extent_size_(extent_size), capacity_extents_(capacity_extents) {
    if (shards == 0) throw std::invalid_argument("sharded: 0 shards");
    for (unsigned i = 0; i < shards; ++i) {
      // The first (capacity % shards) shards take one extent more.
      std::uint64_t cap = capacity_extents / shards + (i < capacity_extents % shards ? 1 : 0);
      shards_.push_back(std::make_unique<Shard>(cap, extent_size, policy_lru));
    }
  }

  std::string_view name() const override { return "sharded"; }

  bool get(const void* key, std::size_t key_size, void* buf, std::size_t buf_size,
           std::size_t* vsize) override {
    return shard(key, key_size).lru.get(key, key_size, buf, buf_size, vsize);
  }
  bool exists(const void* key, std::size_t key_size) override {
    return shard(key, key_size).lru.exists(key, key_size);
  }
  int put(const void* key, std::size_t key_size, const void* value,
          std::size_t value_size) override {
    return shard(key, key_size).lru.put(key, key_size, value, value_size);
  }
  bool erase(const void* key, std::size_t key_size) override {
    return shard(key, key_size).lru.erase(key, key_size);
  }
  bool evict_one() override {
    // Round robin over the shards, starting where the last call stopped.
    std::size_t start = next_.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      if (shards_[(start + i) % shards_.size()]->lru.evict_one()) return true;
    }
    return false;
  }
  CacheStats stats() override {
    CacheStats sum;
    for (auto& s : shards_) sum += s->lru.stats();
    return sum;
  }
  std::uint64_t capacity() const override { return capacity_extents_ * extent_size_; }
  std::uint64_t extent_size() const override { return extent_size_; }

 private:
  // One cache line or more per shard, so two shards' mutexes never share one.
  struct alignas(64) Shard {
    Shard(std::uint64_t cap, std::uint64_t extent_size, bool lru_policy)
        : lru(cap, extent_size, lru_policy) {}
    TextbookLru lru;
  };

  Shard& shard(const void* key, std::size_t key_size) {
    std::size_t h = std::hash<std::string_view>{}({static_cast<const char*>(key), key_size});
    return *shards_[h % shards_.size()];
  }

  const std::uint64_t extent_size_;
  const std::uint64_t capacity_extents_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::size_t> next_{0};  // Relaxed: only spreads evictions.
};

}  // namespace

std::unique_ptr<CacheUnderTest> make_textbook_cache(const CacheConfig& cfg) {
  return std::make_unique<TextbookLru>(rounded_pool(cfg.pool_size) / cfg.extent_size,
                                       cfg.extent_size, cfg.policy_lru);
}

std::unique_ptr<CacheUnderTest> make_sharded_cache(const CacheConfig& cfg) {
  return std::make_unique<ShardedLru>(rounded_pool(cfg.pool_size) / cfg.extent_size,
                                      cfg.extent_size, cfg.policy_lru, cfg.shards);
}

}  // namespace vmc::bench
